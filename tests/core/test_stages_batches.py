"""Days computed together in one batch give exactly the rows of days computed one by one, and
an increment that adds a few articles to many days packs them into a few batches."""

from __future__ import annotations

import dataclasses
import importlib
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from marsad.stages import runner
from marsad.stages.pipeline import DAY_STAGES
from marsad.stages.raw import ingest
from marsad.stages.runner import DayTask, batches, plan_tasks, run_days, select_days
from marsad.stages.state import StageState
from marsad.stages.store import StageStore
from tests.core.test_cleaned_boilerplate import parse_and_clean


def _task(day: int, todo: int) -> DayTask:
    return DayTask(date(2018, 1, 1) + timedelta(days=day), "fp", frozenset(), 0, todo)


def test_the_worker_preload_imports_and_warms_from_packaged_data_alone(monkeypatch):
    """The forkserver drops a preload module that fails to import without a word: the stage
    workers would silently start cold again."""
    monkeypatch.setenv("MARSAD_NER_MODEL", "/nonexistent/model.json")  # warm loads no model
    for name in runner.WORKER_PRELOAD:
        module = importlib.import_module(name)
    module.warm()


def _modules_after(statement: str, **env: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `statement`."""
    shown = "import sys; print('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", f"{statement}; {shown}"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    ).stdout
    return set(out.split())


def test_the_stage_code_loads_in_the_workers_not_before_every_run():
    """`marsad run` imports the stage code only when it computes days itself (the workers'
    server imports it ahead): loading it with the Dagster definitions cost every run 0.2 s."""
    code = {c.module for s in DAY_STAGES for c in (s.compute, s.prepare) if c is not None}
    heavy = code | {"marsad.entities.batch", "marsad.ner.train", "marsad.stages.catalog"}
    assert not heavy & _modules_after("import marsad.pipelines.local_run")
    assert code <= _modules_after(f"import {runner.WORKER_PRELOAD[0]}")
    # and without a usable model, the workers' server still imports every stage's code
    assert code <= _modules_after(
        f"import {runner.WORKER_PRELOAD[0]}", MARSAD_NER_MODEL="/nonexistent/model.json"
    )


def test_scattered_new_articles_share_a_few_batches():
    tasks = [_task(d, 2) for d in range(150)]  # 300 new articles, 2 on each of 150 days
    packed = batches(tasks, workers=2)
    assert 2 <= len(packed) <= 6
    assert [t for b in packed for t in b] == tasks  # every day once, in day order


def test_a_full_day_goes_alone_and_small_days_are_packed():
    tasks = [_task(0, 300), _task(1, 5), _task(2, 5), _task(3, 120), _task(4, 1)]
    packed = batches(tasks, workers=2)
    assert [[t.day.day for t in b] for b in packed] == [[1], [2, 3], [4], [5]]


def test_a_small_run_keeps_every_worker_busy():
    packed = batches([_task(d, 3) for d in range(10)], workers=2)
    assert len(packed) == 2


def _stage_rows(store: StageStore) -> dict[str, list[tuple]]:
    """Every table of every day stage, as sorted rows with the day they are stored under."""
    out = {}
    for stage in DAY_STAGES:
        for table in stage.tables:
            frame = store.table(stage.name, table).read_days(
                sorted(StageState(store.root / stage.name).load())
            )
            if frame is not None:
                out[f"{stage.name}/{table}"] = sorted(
                    frame.select(sorted(frame.columns)).rows(), key=repr
                )
    return out


def _landing(tmp_path: Path, files: list[Path]) -> Path:
    landing = tmp_path / "landing"
    landing.mkdir()
    for f in files:
        os.symlink(f, landing / f.name)
    return landing


def _run_all(landing: Path, stages: Path) -> StageStore:
    store = StageStore(stages)
    ingest(landing, store)
    days = sorted(StageState(store.root / "raw").load())
    for stage in DAY_STAGES:
        run_days(store, stage, days)
    return store


@pytest.mark.corpus
def test_batching_never_changes_what_a_day_holds(corpus_dir, tmp_path, monkeypatch):
    files = sorted((corpus_dir / "SkyNews").rglob("*.txt"))[:40]
    landing = _landing(tmp_path, files)
    monkeypatch.setattr(runner, "BATCH_ARTICLES", 1)  # every day alone
    alone = _run_all(landing, tmp_path / "alone")
    monkeypatch.setattr(runner, "BATCH_ARTICLES", 10_000)  # every day in one call
    together = _run_all(landing, tmp_path / "together")
    days = sorted(StageState(together.root / "raw").load())
    assert len(days) > 3
    assert [len(b) for b in batches(plan_tasks(together, DAY_STAGES[0], days, reuse=False), 1)] == [
        len(days)
    ]
    rows_alone, rows_together = _stage_rows(alone), _stage_rows(together)
    assert rows_alone.keys() == rows_together.keys()
    assert "entities/mentions" in rows_alone
    for table, rows in rows_alone.items():
        assert rows == rows_together[table], table


@pytest.mark.corpus
def test_an_increment_appends_each_days_new_articles_as_a_part(corpus_dir, tmp_path):
    files = sorted((corpus_dir / "SkyNews").rglob("*.txt"))[:60]
    landing = _landing(tmp_path, files[::2])
    store = _run_all(landing, tmp_path / "stages")
    for f in files[1::2]:
        os.symlink(f, landing / f.name)
    ingest(landing, store)
    days = sorted(StageState(store.root / "raw").load())
    tasks = plan_tasks(store, DAY_STAGES[0], days, reuse=True)
    assert sum(t.todo for t in tasks) == 30
    assert all(t.done for t in tasks if t.part)  # a day with shards keeps its articles
    for stage in DAY_STAGES:
        run_days(store, stage, days, reuse=True)
    parsed = store.table("parsed", "articles")
    parts = [f for f in parsed.files(days) if ".p0" in os.path.basename(str(f))]
    assert parts  # old days gained their new articles as parts
    assert pl.read_parquet([str(p) for p in parts]).height <= 30
    assert parsed.read(days).height == len({f.name for f in files}) - _quarantined(store)


def _quarantined(store: StageStore) -> int:
    frame = store.table("parsed", "quarantine").read()
    return 0 if frame is None else frame.height


@pytest.mark.corpus
def test_a_new_version_upstream_recomputes_the_articles_downstream(corpus_dir, tmp_path):
    files = sorted((corpus_dir / "BBC").rglob("*.txt"))[:20]
    store, days = parse_and_clean(_landing(tmp_path, files), tmp_path / "stages")
    parsed, cleaned = DAY_STAGES[0], DAY_STAGES[1]
    articles = store.table("cleaned", "cleaned_articles").read(days).height

    newer = dataclasses.replace(parsed, version="parsed-next")
    run_days(store, newer, select_days(store, newer, (days[0], days[-1]), True), reuse=True)
    dirty = select_days(store, cleaned, (days[0], days[-1]), True)
    assert dirty == days
    again = run_days(store, cleaned, dirty, reuse=True)
    # the same article ids, but every cleaned row is computed again, none kept from before
    assert again.rows["cleaned_articles"] == articles
    assert store.table("cleaned", "cleaned_articles").read(days).height == articles
    assert all("<parsed-next:" in fp for fp in StageState(store.root / "cleaned").load().values())


@pytest.mark.corpus
@pytest.mark.parametrize(("threshold", "pooled"), [("", False), ("0", True)])
def test_a_small_change_is_computed_without_a_pool(
    corpus_dir, tmp_path, monkeypatch, threshold, pooled
):
    """A few new articles are cheaper in the calling process than a pool's start; a large change
    (or MARSAD_POOL_MIN_ARTICLES=0) goes to the workers."""
    monkeypatch.setenv("MARSAD_POOL_MIN_ARTICLES", threshold)
    used: list[int] = []
    real = runner._results

    def results(args, workers):
        used.append(workers if len(args) > 1 else 1)
        return real(args, workers)

    monkeypatch.setattr(runner, "_results", results)
    monkeypatch.setattr(runner, "BATCH_ARTICLES", 1)  # several batches even for a few articles
    landing = _landing(tmp_path, sorted((corpus_dir / "SkyNews").rglob("*.txt"))[:12])
    store = StageStore(tmp_path / "stages")
    ingest(landing, store)
    days = sorted(StageState(store.root / "raw").load())
    run_days(store, DAY_STAGES[0], days, workers=2)
    assert used == [2 if pooled else 1]


@pytest.mark.corpus
def test_appended_parts_are_read_and_compacted_into_the_days_shard(
    corpus_dir, tmp_path, monkeypatch
):
    """A day gains a part per increment; past MAX_PARTS its next change rewrites it into one
    base shard. Readers see every part, and the tables equal a run over everything at once."""
    files = sorted((corpus_dir / "SkyNews").rglob("*.txt"))[:60]
    probe = StageStore(tmp_path / "probe")
    (tmp_path / "p").mkdir()
    ingest(_landing(tmp_path / "p", files), probe)
    where = probe.table("raw", "records").read_days(
        sorted(StageState(probe.root / "raw").load()), ["source_file"]
    )
    per_day = where.group_by("shard_day").agg("source_file").sort("shard_day")
    busy = per_day.filter(pl.col("source_file").list.len() >= 4).row(0, named=True)
    later = set(busy["source_file"][1:4])  # three of the day's articles, one per increment
    first = [f for f in files if f.name not in later]
    monkeypatch.setattr(runner, "MAX_PARTS", 1)
    landing = _landing(tmp_path, first)
    store = _run_all(landing, tmp_path / "stages")
    day = busy["shard_day"]
    table = store.table("cleaned", "cleaned_articles")
    shapes, heights = [], [table.read([day]).height]
    for name in sorted(later):
        os.symlink(next(f for f in files if f.name == name), landing / name)
        ingest(landing, store)
        days = sorted(StageState(store.root / "raw").load())
        for stage in DAY_STAGES:
            run_days(store, stage, select_days(store, stage, (days[0], days[-1]), True), reuse=True)
        shapes.append([os.path.basename(str(f)) for f in table.day_files(day)])
        heights.append(table.read([day]).height)
    assert [b - a for a, b in zip(heights, heights[1:], strict=False)] == [1, 1, 1]
    iso = day.isoformat()
    # appended, then compacted (over MAX_PARTS), then appended again
    assert shapes == [
        [f"{iso}.parquet", f"{iso}.p001.parquet"],
        [f"{iso}.parquet"],
        [f"{iso}.parquet", f"{iso}.p001.parquet"],
    ]
    (tmp_path / "all").mkdir()
    scratch = _run_all(_landing(tmp_path / "all", files), tmp_path / "scratch")
    assert _stage_rows(store) == _stage_rows(scratch)


def test_stage_workers_run_numpy_on_one_blas_thread(monkeypatch) -> None:
    """The forkserver the workers fork from reads OPENBLAS_NUM_THREADS=1 when it imports numpy
    (one worker per core already: per-worker BLAS threads spun against each other, 3.7k instead
    of 20.7k tokens/s per core for the neural tagger); a value the user set is kept."""
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "unset")  # so teardown restores the original
    monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    runner._worker_context()
    child = "import os, numpy; print(os.environ['OPENBLAS_NUM_THREADS'])"
    assert (
        subprocess.run(
            [sys.executable, "-c", child], capture_output=True, text=True, check=True
        ).stdout.strip()
        == "1"
    )
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    runner._worker_context()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"


def _states(store: StageStore) -> dict[str, dict]:
    return {s.name: StageState(store.root / s.name).load() for s in DAY_STAGES}


@pytest.mark.corpus
def test_chained_stages_write_what_stages_run_one_by_one_write(corpus_dir, tmp_path, monkeypatch):
    """cleaned → tagged → entities computed batch by batch in one worker call (`run_stages`)
    leave the same rows and day fingerprints as each stage over every day in turn: for a first
    run, an increment that appends to old days, and an increment under a new tagged version
    (whose other days the tagged and entities stages then recompute after the chain)."""
    monkeypatch.setattr(runner, "BATCH_ARTICLES", 4)  # several batches on the two workers
    monkeypatch.setenv("MARSAD_POOL_MIN_ARTICLES", "0")
    files = sorted((corpus_dir / "SkyNews").rglob("*.txt"))[:44]
    landing = _landing(tmp_path, files[:24])
    one_by_one, chained = StageStore(tmp_path / "one"), StageStore(tmp_path / "chained")
    ran: list[list[str]] = []  # the stages each run_chain of the chained store computed

    def chain(store, stages, *args, **kwargs):
        done = real_chain(store, stages, *args, **kwargs)
        if store is chained and len(stages) > 1:
            ran.append(list(done))
        return done

    real_chain = runner.run_chain
    monkeypatch.setattr(runner, "run_chain", chain)
    tagged = DAY_STAGES[2]

    def run(stages: list) -> None:
        for store in (one_by_one, chained):
            ingest(landing, store)
        window = (date(2000, 1, 1), date(2100, 1, 1))
        for stage in stages:
            days = select_days(one_by_one, stage, window, True)
            run_days(one_by_one, stage, days, workers=2, reuse=True)
        runner.run_stages(chained, stages, window, dict.fromkeys((s.name for s in stages), True), 2)
        assert _stage_rows(chained) == _stage_rows(one_by_one)
        assert _states(chained) == _states(one_by_one)

    run(DAY_STAGES)
    for f in files[24:30]:  # a few new articles on old and new days
        os.symlink(f, landing / f.name)
    run(DAY_STAGES)
    for f in files[30:36]:
        os.symlink(f, landing / f.name)
    newer = dataclasses.replace(tagged, version="tagged-next")
    run([DAY_STAGES[0], DAY_STAGES[1], newer, DAY_STAGES[3]])
    assert all("tagged-next<" in fp for fp in _states(chained)["entities"].values())
    assert ran == [["cleaned", "tagged", "entities"]] * 3
    # a run too large to chain: the stages one after the other, the same rows again
    monkeypatch.setattr(runner, "CHAIN_MAX_ARTICLES", 2)
    for f in files[36:]:
        os.symlink(f, landing / f.name)
    run(DAY_STAGES)
    assert ran[3:] == [["cleaned"]]  # the chain computed only its first stage
