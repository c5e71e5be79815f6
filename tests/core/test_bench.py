"""The benchmark harness's own parts: samples, the floor, new-article copies, memory, the report."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import (
    NEW_DIR,
    corpus_files,
    link_landing,
    parse_sizes,
    plan_incremental,
    shuffled,
    write_changed_copies,
)
from bench.harness import measure_increments, work_paths
from bench.measure import TreeUsage, measure_floor, run_pipeline, stage_at
from bench.profile import own_times
from bench.repeat import median_result
from bench.report import NOTES_MARKER, REQUIRED_KEYS, evaluate, ner_tokens_per_core_s, write_results
from marsad.sources import read_landing_file
from marsad.sources.identity import article_id

SLICE = 20


@pytest.fixture(scope="module")
def listing(corpus_dir: Path) -> list[str]:
    return corpus_files(corpus_dir)


@pytest.fixture(scope="module")
def slice_files(listing: list[str]) -> list[str]:
    return shuffled(listing)[:SLICE]


@pytest.fixture
def landing(corpus_dir: Path, slice_files: list[str], tmp_path: Path) -> Path:
    folder = tmp_path / "landing"
    link_landing(corpus_dir, slice_files, folder)
    return folder


def test_corpus_files_are_the_articles_only(listing: list[str]) -> None:
    files = listing
    assert "README.md" not in files
    assert len(files) == 31_525
    assert all(f.endswith(".txt") and "/" in f for f in files)


@pytest.mark.parametrize(("small", "large"), [(1, 10), (10, 40), (40, 100)])
def test_samples_are_nested_and_deterministic(small: int, large: int) -> None:
    files = [f"src/{i:03}.txt" for i in range(100)]
    order = shuffled(files)
    assert order == shuffled(list(reversed(files))[::-1])
    assert set(order[:small]) < set(order[:large])
    assert sorted(order) == files


@pytest.mark.parametrize(
    ("spec", "total", "sizes"),
    [
        ("1000,4k,16000,all", 31_525, [1000, 4000, 16000, 31_525]),
        ("50000", 100, [100]),
        ("4k, 1k,4000", 10**5, [1000, 4000]),
    ],
)
def test_parse_sizes(spec: str, total: int, sizes: list[int]) -> None:
    assert parse_sizes(spec, total) == sizes


@pytest.mark.parametrize(
    ("size", "total", "unused", "changed"),
    [(30, 100, 1, 0), (100, 100, 0, 1), (1000, 1005, 5, 5), (4000, 31_525, 40, 0)],
)
def test_incremental_plan_adds_one_percent_new(
    size: int, total: int, unused: int, changed: int
) -> None:
    order = shuffled([f"f{i}" for i in range(total)])
    plan = plan_incremental(order, size)
    assert (len(plan.unused), len(plan.changed)) == (unused, changed)
    assert not set(plan.unused) & set(order[:size])
    assert set(plan.changed) <= set(order[:size])


def test_floor_reads_and_splits_every_landed_file(landing: Path, slice_files: list[str]) -> None:
    floor = measure_floor(landing)
    texts = [(landing / f).read_bytes() for f in slice_files]
    assert floor.files == SLICE
    assert floor.bytes == sum(len(t) for t in texts)
    assert floor.words == sum(len(re.findall(r"\S+", t.decode("utf-8"))) for t in texts)
    assert floor.seconds > 0


def test_changed_copies_are_new_articles(corpus_dir: Path, slice_files: list[str], tmp_path: Path):
    written = write_changed_copies(corpus_dir, slice_files[:3], tmp_path)
    assert [p.relative_to(tmp_path / NEW_DIR).as_posix() for p in written] == slice_files[:3]
    for rel, copy in zip(slice_files[:3], written, strict=True):
        (original,), _ = read_landing_file(corpus_dir / rel, corpus_dir)
        (changed,), rejections = read_landing_file(copy, tmp_path)
        assert not rejections
        assert article_id(changed) != article_id(original)
        assert copy.read_text("utf-8").count("</TEXT>") == 1


def test_tree_usage_sums_children() -> None:
    child = (
        "import time; b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1)"
    )
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    proc = subprocess.Popen([sys.executable, "-c", parent])
    with TreeUsage(proc.pid, interval=0.02) as usage:
        proc.wait()
    assert usage.peak_processes == 2
    assert usage.peak_bytes > 150 * 2**20
    assert 0 < usage.cpu_seconds < 10
    assert 0 < usage.peak_root_bytes < 100 * 2**20 < usage.peak_bytes - usage.peak_root_bytes
    assert usage.peak_at > 0


def _result(floor, seconds: float, articles: int, full: bool) -> dict:
    return {
        "articles": articles,
        "is_full_corpus": full,
        "words": floor.words,
        "landing_mb": floor.bytes / 2**20,
        "seconds": seconds,
        "floor_seconds": floor.seconds,
        "ratio_to_floor": seconds / floor.seconds,
        "articles_per_s": articles / seconds,
        "tokens_per_s": floor.words / seconds,
        "stages": {"raw": 1.0, "parsed": seconds / 2},
        "other_seconds": seconds / 2 - 1.0,
        "stage_counts": {"raw": {"seconds": 1.0, "records": articles}},
        "peak_rss_mb": 500.0 + articles / 100,
        "peak_processes": 3,
        "warehouse_mb": articles / 100,
        "stages_mb": 1.0,
        "noop_seconds": 3.0,
        "incremental_articles": 1,
        "incremental_seconds": seconds * 0.04,
        "incremental_stages": {"raw": 0.1},
        "ner_tokens_per_s_per_core": None,
        "workers": 2,
        "load_before": 0.5,
    }


MACHINE = {
    "date": "2026-01-01 00:00 UTC",
    "cpu_model": "test cpu",
    "cores_logical": 2,
    "cores_physical": 2,
    "memory_gb": 8,
    "os": "test",
    "python": "3.11",
    "duckdb": "2",
    "polars": "2",
    "dagster": "1",
    "pyarrow": "20",
}


@pytest.mark.parametrize(
    ("full_seconds", "status"),
    [(100.0, "met"), (200.0, "missed target, within must"), (400.0, "missed")],
)
def test_results_writer(landing: Path, tmp_path: Path, full_seconds: float, status: str) -> None:
    floor = measure_floor(landing)
    results = [
        _result(floor, full_seconds, SLICE * 10, True),
        _result(floor, 5.0, SLICE, False),
    ]
    json_path, md_path = write_results(results, MACHINE, tmp_path / "out")

    written = json.loads(json_path.read_text("utf-8"))
    assert [r["articles"] for r in written] == [SLICE, SLICE * 10]
    assert all(key in r for r in written for key in REQUIRED_KEYS)
    markdown = md_path.read_text("utf-8")
    assert (
        f"| whole corpus, landing → warehouse | ≤ 120 s (must ≤ 300 s) | {full_seconds:.1f} s | {status} |"
        in markdown
    )
    assert "| NER tagging inside the pipeline |" in markdown and "not measured yet" in markdown
    assert markdown.count("\n### ") == 2
    assert {t.name: t.status for t in evaluate(results)}["1% new files"] == "met"


def test_results_writer_refuses_incomplete_results(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="noop_seconds"):
        write_results([{"articles": 1}], MACHINE, tmp_path)


@pytest.mark.parametrize(
    ("counts", "workers", "rate"),
    [
        ({"tagged": {"seconds": 2.0, "tokens": 120_000}}, 2, 30_000.0),
        (
            {"tagged": {"seconds": 4.0, "days": 9}, "cleaned": {"days": 9, "tokens": 80_000}},
            2,
            10_000.0,
        ),
        (
            {"tagged": {"seconds": 4.0, "days": 3}, "cleaned": {"days": 9, "tokens": 80_000}},
            2,
            None,
        ),
        ({"cleaned": {"days": 9, "tokens": 80_000, "seconds": 1.0}}, 1, None),
    ],
)
def test_ner_rate_per_core(counts: dict, workers: int, rate: float | None) -> None:
    assert ner_tokens_per_core_s(counts, workers) == rate


def _busy(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def _calls_busy() -> int:
    return _busy(2_000_000) + _busy(1_000_000)


def test_own_times_credit_the_function_doing_the_work() -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    with profiler:
        _calls_busy()
    (top_seconds, top), *_ = own_times(profiler.last_session.root_frame())
    assert top.startswith("_busy  ")
    assert top_seconds > 0.5 * profiler.last_session.duration


@pytest.mark.parametrize(
    ("moment", "stage"), [(100.5, "raw"), (104.0, "parsed"), (101.5, "other"), (99.0, "other")]
)
def test_stage_at_finds_the_running_stage(moment: float, stage: str) -> None:
    ran = {"raw": {"seconds": 1.0}, "parsed": {"seconds": 3.0}}
    finished = {"raw": 101.0, "parsed": 105.0}
    assert stage_at(ran, finished, moment) == stage


def test_own_times_credit_library_calls_to_project_code() -> None:
    from pyinstrument import Profiler

    from marsad.sources.identity import content_key

    text = "كلمة  \u00a0 أخرى\n" * 400_000
    profiler = Profiler(interval=0.001)
    with profiler:
        content_key(text)
    root = profiler.last_session.root_frame()
    (_, top_own), *_ = own_times(root)
    (_, top_credited), *_ = own_times(root, credit_project=True)
    assert "marsad/" not in top_own  # the regex and normalisation builtins do the work
    assert top_credited.startswith("content_key  marsad/sources/identity.py")


def test_results_writer_keeps_hand_written_notes(landing: Path, tmp_path: Path) -> None:
    results = [_result(measure_floor(landing), 100.0, SLICE, True)]
    out = tmp_path / "out"
    _, md_path = write_results(results, MACHINE, out)
    notes = f"{NOTES_MARKER}\n\n## Why\n\nTagging is half the run.\n"
    md_path.write_text(md_path.read_text("utf-8").replace("## Targets", "## Tar"), "utf-8")
    md_path.write_text(md_path.read_text("utf-8") + notes, "utf-8")

    write_results(results, MACHINE, out)
    rewritten = md_path.read_text("utf-8")
    assert rewritten.endswith(notes)
    assert "## Targets" in rewritten and "## Tar\n" not in rewritten
    assert rewritten.count(NOTES_MARKER) == 1


def test_repeated_runs_report_medians_and_the_worst_memory(landing: Path, tmp_path: Path) -> None:
    floor = measure_floor(landing)
    runs = [_result(floor, seconds, SLICE, True) for seconds in (300.0, 400.0, 290.0)]
    for run, rss, entities in zip(runs, (900.0, 1900.0, 800.0), (66.5, 37.0, 50.0), strict=True):
        run["peak_rss_mb"] = rss
        run["stages"] = {**run["stages"], "entities": entities}
    combined = median_result(runs)

    assert combined["seconds"] == 300.0
    assert combined["stages"]["entities"] == 50.0  # each stage's own median, not one run's
    assert combined["stages"]["parsed"] == 150.0
    assert combined["peak_rss_mb"] == 1900.0
    assert combined["incremental_seconds"] == pytest.approx(12.0)
    assert [run["seconds"] for run in combined["runs"]] == [300.0, 400.0, 290.0]
    assert median_result(runs[:1]) is runs[0]

    _, md_path = write_results([combined], MACHINE, tmp_path / "out")
    markdown = md_path.read_text("utf-8")
    assert "medians of 3 runs" in markdown
    assert "| 2 | 0.50 | 400.0 |" in markdown
    assert {t.name: t.status for t in evaluate([combined])}[
        "whole corpus, landing → warehouse"
    ] == ("missed target, within must")


@pytest.mark.corpus
def test_each_increment_sample_starts_from_the_warehouse_before_the_first(
    listing: list[str], corpus_dir: Path, tmp_path: Path
) -> None:
    """The +1% run timed twice: the second sample lands the same new articles on the warehouse
    and stages as they were before the first (restored), so it computes them again instead of
    finding nothing new."""
    size, order = 12, shuffled(listing)
    landing, warehouse, stages = work_paths(tmp_path)
    link_landing(corpus_dir, order[:size], landing)
    run_pipeline(landing, warehouse, stages, 1, tmp_path / "run.log")
    added, samples = measure_increments(corpus_dir, order, size, 1, tmp_path, count=2)
    assert added == 1 and len(samples) == 2
    for sample in samples:
        assert sample.stages["raw"]["records"] == added
        assert sample.stages["publish"]["raw_articles"] == size + added
    assert not (tmp_path / "before-increment").exists()
