"""`python -m bench`: the whole pipeline over nested corpus samples, each into a fresh warehouse.

Per size: build a symlink landing, measure the floor, run `marsad run` (timed, memory polled),
run it again with nothing new (no-op), add 1% new articles and run it again (incremental;
`--increments K` times, each on the warehouse as the no-op left it, the median reported: one
sample of a ~10 s run moved by up to 2 s within the hour). `--repeat N` does all of that N times
per size, each in a fresh folder, and reports medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench.corpus import (
    corpus_files,
    land_incremental,
    link_landing,
    parse_sizes,
    plan_incremental,
    shuffled,
    unland_incremental,
)
from bench.measure import RunMeasure, machine_info, measure_floor, run_pipeline, tree_size_mb
from bench.repeat import median_result
from bench.report import evaluate, ner_tokens_per_core_s, write_results

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpora" / "ant-multisource-v2.1"
DEFAULT_SIZES = "1000,4000,16000,all"
DEFAULT_INCREMENTS = 3


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def work_paths(work: Path) -> tuple[Path, Path, Path]:
    """The landing, the warehouse file and its stages folder of a benchmark folder."""
    warehouse = work / "warehouse.duckdb"
    return work / "landing", warehouse, warehouse.with_name(warehouse.stem + ".stages")


def measure_increments(
    corpus: Path,
    order: list[str],
    size: int,
    workers: int,
    work: Path,
    count: int,
) -> tuple[int, list[RunMeasure]]:
    """Land 1% new articles and run the pipeline, `count` times, each from the warehouse and
    stages as they were before the first (copied aside, restored for each later sample).
    Returns how many articles were added and each run."""
    landing, warehouse, stages = work_paths(work)
    saved = work / "before-increment"
    plan = plan_incremental(order, size)
    if count > 1:
        saved.mkdir()
        shutil.copy2(warehouse, saved / warehouse.name)
        shutil.copytree(stages, saved / stages.name, symlinks=True)
    runs, added = [], 0
    for k in range(count):
        if k:
            unland_incremental(plan, landing)
            shutil.rmtree(stages)
            shutil.copy2(saved / warehouse.name, warehouse)
            shutil.copytree(saved / stages.name, stages, symlinks=True)
        added = land_incremental(corpus, plan, landing)
        run = run_pipeline(landing, warehouse, stages, workers, work / f"incremental-{k + 1}.log")
        log(
            f"[{size}] +{added} articles {run.seconds:.1f} s "
            f"(after {run.settle_seconds:.1f} s of sync; sample {k + 1} of {count})"
        )
        runs.append(run)
    shutil.rmtree(saved, ignore_errors=True)
    return added, runs


def bench_size(
    corpus: Path,
    order: list[str],
    size: int,
    workers: int,
    work: Path,
    machine: dict,
    increments: int = DEFAULT_INCREMENTS,
) -> dict:
    """Measure one size in the fresh folder `work`; returns its results object."""
    landing, warehouse, stages = work_paths(work)
    link_landing(corpus, order[:size], landing)
    floor = measure_floor(landing)
    log(f"[{size}] floor {floor.seconds:.2f} s, {floor.words:,} words; running pipeline")
    full = run_pipeline(landing, warehouse, stages, workers, work / "run.log")
    warehouse_mb, stages_mb = tree_size_mb(warehouse), tree_size_mb(stages)
    log(
        f"[{size}] full run {full.seconds:.1f} s ({full.cpu_seconds:.0f} CPU s), "
        f"peak RSS {full.peak_rss_mb:,.0f} MB"
    )
    published = full.stages.get("publish", {})
    if published.get("quarantine", 0) > 0.1 * floor.files:
        log(f"[{size}] WARNING: {published['quarantine']:,} quarantined rows of {floor.files:,}")
    noop = run_pipeline(landing, warehouse, stages, workers, work / "noop.log")
    log(f"[{size}] no-op {noop.seconds:.1f} s (after {noop.settle_seconds:.1f} s of sync)")
    added, samples = measure_increments(corpus, order, size, workers, work, increments)
    # the median sample (by wall time) stands for the +1% run; its stage times go with it
    incremental = sorted(samples, key=lambda r: r.seconds)[(len(samples) - 1) // 2]

    used = workers or os.cpu_count() or 1
    stage_seconds = {name: run["seconds"] for name, run in full.stages.items()}
    return {
        "articles": floor.files,
        "is_full_corpus": size == len(order),
        "words": floor.words,
        "landing_mb": round(floor.bytes / 1024**2, 2),
        "seconds": full.seconds,
        "floor_seconds": floor.seconds,
        "ratio_to_floor": round(full.seconds / floor.seconds, 2),
        "articles_per_s": round(floor.files / full.seconds, 1),
        "tokens_per_s": round(floor.words / full.seconds, 1),
        "stages": stage_seconds,
        "other_seconds": round(full.seconds - sum(stage_seconds.values()), 3),
        "stage_counts": full.stages,
        "cpu_seconds": full.cpu_seconds,
        "peak_rss_mb": full.peak_rss_mb,
        "peak_processes": full.peak_processes,
        "peak_stage": full.peak_stage,
        "peak_main_mb": full.peak_main_mb,
        "warehouse_mb": warehouse_mb,
        "stages_mb": stages_mb,
        "noop_seconds": noop.seconds,
        "noop_cpu_seconds": noop.cpu_seconds,
        "noop_peak_rss_mb": noop.peak_rss_mb,
        "noop_stages": {name: run["seconds"] for name, run in noop.stages.items()},
        "incremental_articles": added,
        "incremental_seconds": incremental.seconds,
        "incremental_samples": [r.seconds for r in samples],
        "incremental_cpu_seconds": incremental.cpu_seconds,
        "incremental_peak_rss_mb": max(r.peak_rss_mb for r in samples),
        "incremental_stages": {name: run["seconds"] for name, run in incremental.stages.items()},
        "incremental_stage_counts": incremental.stages,
        "ner_tokens_per_s_per_core": ner_tokens_per_core_s(full.stages, used),
        "workers": used,
        "load_before": full.load_before,
        # seconds waited for the earlier writes to reach the disk before each run (not timed)
        "settle_seconds": {
            "full": full.settle_seconds,
            "noop": noop.settle_seconds,
            "incremental": incremental.settle_seconds,
        },
        "machine": machine,
    }


def run_benchmark(
    corpus: Path,
    sizes: list[int],
    out: Path,
    workers: int,
    scratch: Path | None,
    keep: bool,
    repeat: int = 1,
    increments: int = DEFAULT_INCREMENTS,
) -> list[dict]:
    order = shuffled(corpus_files(corpus))
    machine = machine_info()
    results = []
    for size in sizes:
        runs = []
        for turn in range(repeat):
            work = Path(tempfile.mkdtemp(prefix=f"marsad-bench-{size}-", dir=scratch))
            try:
                if repeat > 1:
                    log(f"[{size}] run {turn + 1} of {repeat}")
                runs.append(bench_size(corpus, order, size, workers, work, machine, increments))
            finally:
                if keep:
                    log(f"[{size}] kept {work}")
                else:
                    shutil.rmtree(work, ignore_errors=True)
        results.append(median_result(runs))
        write_results(results, machine, out)  # a later size failing keeps the earlier ones
    log(f"wrote {out / 'results.json'} and {out / 'RESULTS.md'}")
    for target in evaluate(results):
        log(f"  {target.status:<28} {target.name}: {target.measured}")
    return results


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"default {DEFAULT_SIZES}")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=REPO / "bench")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="marsad run --workers (default: one per core; 1 with --profile)",
    )
    parser.add_argument("--scratch", type=Path, default=None, help="parent of the temp folders")
    parser.add_argument("--keep", action="store_true", help="keep each size's temp folder")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run each size N times (fresh folders) and report the median times",
    )
    parser.add_argument(
        "--increments",
        type=int,
        default=DEFAULT_INCREMENTS,
        metavar="K",
        help=f"time the +1%% run K times, each from the same warehouse; the median is reported "
        f"(default {DEFAULT_INCREMENTS})",
    )
    parser.add_argument(
        "--profile",
        metavar="SIZE",
        help="run once in-process under pyinstrument; write profile-SIZE.txt",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    corpus = args.corpus.resolve()
    total = len(corpus_files(corpus))
    if total == 0:
        raise SystemExit(f"no article files under {corpus}")
    if args.profile:
        from bench.profile import profile_size

        (size,) = parse_sizes(args.profile, total)
        path = profile_size(
            corpus,
            size,
            args.out,
            1 if args.workers is None else args.workers,
            args.scratch,
            args.keep,
        )
        log(f"wrote {path}")
        return 0
    if args.repeat < 1 or args.increments < 1:
        raise SystemExit("--repeat and --increments must be at least 1")
    run_benchmark(
        corpus,
        parse_sizes(args.sizes, total),
        args.out,
        args.workers or 0,
        args.scratch,
        args.keep,
        args.repeat,
        args.increments,
    )
    return 0
