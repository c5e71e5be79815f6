"""Benchmark results: the targets judged met or missed, written as results.json and RESULTS.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FULL_TARGET_S = 120.0
FULL_MUST_S = 300.0
PEAK_RSS_MB = 2048.0
RSS_SLACK_MB = 128.0  # allowance for noise and per-process overhead when judging growth
NOOP_S = 5.0
INCREMENTAL_SHARE = 0.05
NER_TOKENS_PER_CORE_S = 30_000.0
NER_STAGE = "tagged"
TOKENS_STAGE = "cleaned"  # its token count is what the tagger reads

REQUIRED_KEYS = (
    "articles",
    "words",
    "seconds",
    "floor_seconds",
    "peak_rss_mb",
    "noop_seconds",
    "incremental_seconds",
    "stages",
    "ratio_to_floor",
    "warehouse_mb",
    "articles_per_s",
    "tokens_per_s",
)


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    measured: str
    status: str  # met | missed | missed target, within must | not measured [yet]


def ner_tokens_per_core_s(stage_counts: dict[str, dict], workers: int) -> float | None:
    """Tokens tagged per second per core (None: not measurable from the stages' counts).

    The tagged stage's own `tokens` count if it reports one; otherwise the tokens the cleaned
    stage produced, when both stages covered the same days (every cleaned token is tagged).
    """
    tagged = stage_counts.get(NER_STAGE) or {}
    cleaned = stage_counts.get(TOKENS_STAGE) or {}
    tokens = tagged.get("tokens")
    if (
        tokens is None
        and tagged.get("days") is not None
        and tagged.get("days") == cleaned.get("days")
    ):
        tokens = cleaned.get("tokens")
    if not tokens or not tagged.get("seconds"):
        return None
    return round(tokens / tagged["seconds"] / max(workers, 1), 1)


def _full(results: Sequence[dict]) -> dict | None:
    return next((r for r in results if r.get("is_full_corpus")), None)


def _largest(results: Sequence[dict]) -> dict | None:
    return max(results, key=lambda r: r["articles"], default=None)


def target_full_run(results: Sequence[dict]) -> Target:
    goal = f"≤ {FULL_TARGET_S:.0f} s (must ≤ {FULL_MUST_S:.0f} s)"
    full = _full(results)
    if full is None:
        return Target(
            "whole corpus, landing → warehouse", goal, "full size not run", "not measured"
        )
    s = full["seconds"]
    status = "met" if s <= FULL_TARGET_S else "missed target, within must"
    if s > FULL_MUST_S:
        status = "missed"
    return Target("whole corpus, landing → warehouse", goal, f"{s:.1f} s", status)


def target_peak_rss(results: Sequence[dict]) -> Target:
    goal = f"≤ {PEAK_RSS_MB / 1024:.0f} GB at every size"
    if not results:
        return Target("peak RSS (process tree)", goal, "-", "not measured")
    worst = max(results, key=lambda r: r["peak_rss_mb"])
    status = "met" if worst["peak_rss_mb"] <= PEAK_RSS_MB else "missed"
    measured = f"max {worst['peak_rss_mb']:,.0f} MB (at {worst['articles']:,} articles)"
    return Target("peak RSS (process tree)", goal, measured, status)


def target_rss_growth(results: Sequence[dict]) -> Target:
    goal = f"growth ≤ warehouse growth + {RSS_SLACK_MB:.0f} MB"
    name = "peak RSS not growing with corpus"
    ordered = sorted(results, key=lambda r: r["articles"])
    if len(ordered) < 2:
        return Target(name, goal, "needs two sizes", "not measured")
    first, last = ordered[0], ordered[-1]
    rss = last["peak_rss_mb"] - first["peak_rss_mb"]
    warehouse = last["warehouse_mb"] - first["warehouse_mb"]
    measured = (
        f"{first['articles']:,} → {last['articles']:,} articles: "
        f"RSS {rss:+,.0f} MB, warehouse {warehouse:+,.0f} MB"
    )
    return Target(name, goal, measured, "met" if rss <= warehouse + RSS_SLACK_MB else "missed")


def target_noop(results: Sequence[dict]) -> Target:
    goal = f"≤ {NOOP_S:.0f} s"
    if not results:
        return Target("no-op re-run", goal, "-", "not measured")
    worst = max(results, key=lambda r: r["noop_seconds"])
    measured = f"max {worst['noop_seconds']:.1f} s (at {worst['articles']:,} articles)"
    return Target(
        "no-op re-run", goal, measured, "met" if worst["noop_seconds"] <= NOOP_S else "missed"
    )


def target_incremental(results: Sequence[dict]) -> Target:
    goal = f"≤ {INCREMENTAL_SHARE:.0%} of the full run"
    name = "1% new files"
    run = _full(results) or _largest(results)
    if run is None:
        return Target(name, goal, "-", "not measured")
    share = run["incremental_seconds"] / run["seconds"]
    measured = (
        f"{run['incremental_seconds']:.1f} s = {share:.1%} of {run['seconds']:.1f} s "
        f"(at {run['articles']:,} articles)"
    )
    return Target(name, goal, measured, "met" if share <= INCREMENTAL_SHARE else "missed")


def target_ner(results: Sequence[dict]) -> Target:
    """Judged at the largest size: small sizes mostly time per-day and model-loading overhead."""
    goal = f"≥ {NER_TOKENS_PER_CORE_S:,.0f} tokens/s per core"
    name = "NER tagging inside the pipeline"
    measured = [r for r in results if r.get("ner_tokens_per_s_per_core")]
    if not measured:
        return Target(name, goal, f"no `{NER_STAGE}` stage token counts", "not measured yet")
    run = max(measured, key=lambda r: r["articles"])
    rate = run["ner_tokens_per_s_per_core"]
    status = "met" if rate >= NER_TOKENS_PER_CORE_S else "missed"
    return Target(
        name, goal, f"{rate:,.0f} tokens/s per core (at {run['articles']:,} articles)", status
    )


def evaluate(results: Sequence[dict]) -> list[Target]:
    return [
        target_full_run(results),
        target_peak_rss(results),
        target_rss_growth(results),
        target_noop(results),
        target_incremental(results),
        target_ner(results),
    ]


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _counts(payload: dict) -> str:
    return ", ".join(
        f"{k} {v:,}" for k, v in payload.items() if k != "seconds" and isinstance(v, int)
    )


def articles_per_day(r: dict) -> float:
    """Articles per publication day: a day is the unit of work, so per-day memory follows it."""
    days = (r.get("stage_counts", {}).get("parsed") or {}).get("days")
    return r["articles"] / days if days else float("nan")


def time_shares(r: dict) -> list[str]:
    """Each stage's share of the wall time of one run, largest first."""
    parts = {**r["stages"], "(startup, Dagster, checks)": r["other_seconds"]}
    rows = [
        [name, f"{seconds:.1f}", f"{seconds / r['seconds']:.0%}"]
        for name, seconds in sorted(parts.items(), key=lambda kv: -kv[1])
    ]
    return [
        f"## Where the time goes ({r['articles']:,} articles)",
        "",
        *_table(["stage", "seconds", "share of wall time"], rows),
    ]


def size_section(r: dict) -> list[str]:
    lines = [
        f"### {r['articles']:,} articles" + (" (whole corpus)" if r.get("is_full_corpus") else "")
    ]
    lines.append("")
    lines += _table(
        ["measure", "value"],
        [
            [
                "landing",
                f"{r['articles']:,} files, {r['words']:,} words, {r['landing_mb']:,.1f} MB",
            ],
            ["pipeline wall time", f"{r['seconds']:.1f} s"],
            [
                "CPU time, process tree (user + system)",
                f"{r.get('cpu_seconds', float('nan')):.0f} s",
            ],
            ["floor (read + split, 1 process)", f"{r['floor_seconds']:.2f} s"],
            ["ratio to floor", f"{r['ratio_to_floor']:.1f}×"],
            ["articles/s", f"{r['articles_per_s']:,.0f}"],
            ["tokens/s", f"{r['tokens_per_s']:,.0f}"],
            [
                "peak RSS, process tree",
                f"{r['peak_rss_mb']:,.0f} MB ({r['peak_processes']} processes; during"
                f" {r.get('peak_stage', '?')}, main process {r.get('peak_main_mb', 0):,.0f} MB)",
            ],
            [
                "warehouse file",
                f"{r['warehouse_mb']:,.1f} MB (stage shards {r['stages_mb']:,.1f} MB)",
            ],
            ["no-op re-run", f"{r['noop_seconds']:.1f} s"],
            [
                f"+{r['incremental_articles']:,} new articles (1%)",
                f"{r['incremental_seconds']:.1f} s ({r['incremental_seconds'] / r['seconds']:.1%} of full)"
                + _samples(r),
            ],
            ["load average before run", f"{r['load_before']:.2f} on {r['workers']} workers"],
        ],
    )
    lines.append("")
    stage_rows = [
        [
            name,
            f"{seconds:.2f}",
            f"{r['incremental_stages'].get(name, float('nan')):.2f}"
            if name in r["incremental_stages"]
            else "-",
            _counts(r["stage_counts"].get(name, {})),
        ]
        for name, seconds in r["stages"].items()
    ]
    stage_rows.append(["(startup, Dagster, checks)", f"{r['other_seconds']:.2f}", "", ""])
    lines += _table(["stage", "full run s", "+1% run s", "counts (full run)"], stage_rows)
    lines.append("")
    if len(r.get("runs", ())) > 1:
        lines += runs_section(r)
    return lines


def _samples(r: dict) -> str:
    """The +1% run's samples, when it was timed several times (their median is reported)."""
    samples = r.get("incremental_samples", [])
    if len(samples) < 2:
        return ""
    return f"; median of {len(samples)}: " + ", ".join(f"{s:.1f}" for s in samples) + " s"


def runs_section(r: dict) -> list[str]:
    """Each repeated run's own times, under the medians the tables above show."""
    names = list(r["stages"])
    lines = [
        f"Times above are medians of {len(r['runs'])} runs (peak RSS: the worst run). Each run:",
        "",
    ]
    lines += _table(
        ["run", "load", "seconds", "CPU s", "no-op s", "+1% s", *names],
        [
            [
                str(turn),
                f"{run.get('load_before') or 0:.2f}",
                f"{run['seconds']:.1f}",
                f"{run.get('cpu_seconds') or 0:.0f}",
                f"{run['noop_seconds']:.1f}",
                f"{run['incremental_seconds']:.1f}",
                *(f"{run['stages'].get(name, float('nan')):.1f}" for name in names),
            ]
            for turn, run in enumerate(r["runs"], start=1)
        ],
    )
    lines.append("")
    return lines


def render_markdown(results: Sequence[dict], machine: dict, profiles: Sequence[str] = ()) -> str:
    ordered = sorted(results, key=lambda r: r["articles"])
    lines = [
        "# marsad benchmark",
        "",
        f"`python -m bench` on {machine['date']}: the whole pipeline (`marsad run`, landing folder"
        " → published DuckDB warehouse) over nested samples of the ANT v2.1 corpus, each size into"
        " a fresh warehouse. Timings on a shared machine are noisy; the load average before each"
        " run is recorded.",
        "",
        "## Machine",
        "",
    ]
    lines += _table(
        ["", ""],
        [
            [
                "CPU",
                f"{machine['cpu_model']}, {machine['cores_logical']} logical cores"
                f" ({machine['cores_physical']} physical)",
            ],
            ["memory", f"{machine['memory_gb']} GB"],
            ["OS", machine["os"]],
            ["Python", machine["python"]],
            [
                "duckdb / polars / dagster / pyarrow",
                f"{machine['duckdb']} / {machine['polars']} / {machine['dagster']} / {machine['pyarrow']}",
            ],
        ],
    )
    lines += ["", "## Targets", ""]
    lines += _table(
        ["target", "goal", "measured", "status"],
        [[t.name, t.goal, t.measured, t.status] for t in evaluate(ordered)],
    )
    lines += ["", "## Across sizes", ""]
    lines += _table(
        [
            "articles",
            "words",
            "seconds",
            "CPU s",
            "load",
            "floor s",
            "× floor",
            "articles/s",
            "tokens/s",
            "peak RSS MB",
            "warehouse MB",
            "no-op s",
            "+1% s",
            "+1% / full",
            "NER tokens/s/core",
            "articles/day",
        ],
        [
            [
                f"{r['articles']:,}",
                f"{r['words']:,}",
                f"{r['seconds']:.1f}",
                f"{r.get('cpu_seconds', float('nan')):.0f}",
                f"{r['load_before']:.1f}",
                f"{r['floor_seconds']:.2f}",
                f"{r['ratio_to_floor']:.1f}",
                f"{r['articles_per_s']:,.0f}",
                f"{r['tokens_per_s']:,.0f}",
                f"{r['peak_rss_mb']:,.0f}",
                f"{r['warehouse_mb']:,.1f}",
                f"{r['noop_seconds']:.1f}",
                f"{r['incremental_seconds']:.1f}",
                f"{r['incremental_seconds'] / r['seconds']:.1%}",
                f"{r['ner_tokens_per_s_per_core'] or 0:,.0f}",
                f"{articles_per_day(r):,.0f}",
            ]
            for r in ordered
        ],
    )
    lines += ["", *time_shares(ordered[-1])] if ordered else []
    lines += ["", "## Per size", ""]
    for r in ordered:
        lines += size_section(r)
    lines += [
        "## How it is measured",
        "",
        "- Sample: `random.Random(0).sample` of the sorted article files (the corpus README"
        " excluded); size n takes the first n, so smaller sizes are subsets of larger ones."
        " Landings are folders of symlinks into the corpus.",
        "- Wall time: the `marsad run` subprocess from start to exit (interpreter and Dagster start"
        " included). Stage times come from each stage's `_last_run.json`.",
        "- Floor: one process reads every landed file, decodes it and splits it on whitespace;"
        " best of two passes (the first warms the page cache the pipeline then reads from)."
        " Words are those whitespace tokens, markup included; tokens/s = words / wall time.",
        "- Peak RSS: the RSS of the `marsad run` process and all its descendants (process pools,"
        " forkserver), summed every 50 ms; the maximum. Shared pages are counted once per process.",
        "- No-op: the same command again with nothing new. +1%: ⌈1%⌉ new articles are added —"
        " corpus files outside the sample, or, for the whole corpus, copies of sample files under"
        " `new/` with a sentence added to their TEXT (new content, so new article ids). The +1%"
        " run is timed `--increments` times (default 3), each from the warehouse and stages as the"
        " no-op left them (copied aside and restored); the median sample is reported, with its"
        " stage times, and the worst peak RSS.",
        "- CPU s: user + system time of the same process tree (per process, at its last poll);"
        " load: the 1-minute load average just before the run. With 2 cores, wall time well above"
        " CPU s / 2 means the run waited (serial parts, or other work on the machine).",
        "- NER rate: tokens tagged / the tagged stage's wall time / workers; the tokens are the"
        " tagged stage's own count, or else the cleaned stage's when both covered the same days.",
        "- `--repeat N`: each size is measured N times from scratch; times are the medians"
        " (per stage, each stage's own median), peak RSS the worst run; each run is listed.",
    ]
    if profiles:
        lines += [
            "",
            "Profiles (`python -m bench --profile SIZE`): "
            + ", ".join(f"[{p}]({p})" for p in profiles),
        ]
    return "\n".join(lines) + "\n"


NOTES_MARKER = "<!-- notes: everything below this line is kept when python -m bench rewrites -->"


def kept_notes(markdown: str) -> str:
    """The hand-written analysis at the end of an existing RESULTS.md (from the marker on)."""
    at = markdown.find(NOTES_MARKER)
    return "" if at < 0 else "\n" + markdown[at:]


def write_results(results: Sequence[dict], machine: dict, out: Path) -> tuple[Path, Path]:
    """Write `results.json` (one object per size) and `RESULTS.md` into `out`."""
    missing = [(r.get("articles"), k) for r in results for k in REQUIRED_KEYS if k not in r]
    if missing:
        raise ValueError(f"results lack required keys: {missing}")
    out.mkdir(parents=True, exist_ok=True)
    ordered = sorted(results, key=lambda r: r["articles"])
    json_path, md_path = out / "results.json", out / "RESULTS.md"
    json_path.write_text(json.dumps(ordered, indent=1, ensure_ascii=False) + "\n", "utf-8")
    profiles = sorted(p.name for p in out.glob("profile-*.txt"))
    notes = kept_notes(md_path.read_text("utf-8")) if md_path.exists() else ""
    md_path.write_text(render_markdown(ordered, machine, profiles) + notes, "utf-8")
    return json_path, md_path
