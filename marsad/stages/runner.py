"""Run a dated stage over a set of publication days, one day per task, on all cores.

A day is the unit of work and of atomicity: its shards are computed from the upstream day's
shards, committed together (`marsad.stages.commit`: all of a day's tables or none, even across a
crash), and only then recorded in the stage's state. Days run in a
process pool (forkserver, so workers never inherit Dagster's threads) when there are several.

Incremental runs reuse work per article: when a day's previous shards were made by the same
stage version, the rows of articles still present upstream are kept (article ids are content
hashes, so same id = same input) and only new articles are computed. A backfill recomputes all.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from marsad.stages.commit import Commit, crash_point
from marsad.stages.progress import report
from marsad.stages.state import StageState, dirty_days, output_fingerprint, version_of
from marsad.stages.store import MAX_PARTS, StageStore, record_last_run


@dataclass
class DayOutput:
    frames: dict[str, pl.DataFrame]  # rows for the articles computed (not the skipped ones)
    article_ids: set[str]  # every article of the day upstream, computed or skipped


DayFunction = Callable[[StageStore, date, frozenset[str]], DayOutput]


def split_todo(upstream: pl.DataFrame, skip: frozenset[str]) -> tuple[set[str], pl.DataFrame]:
    """(every article id of the day upstream, the upstream rows still to compute)."""
    ids = set(upstream["article_id"].to_list())
    return ids, upstream.filter(~pl.col("article_id").is_in(list(skip)))


@dataclass(frozen=True)
class DayStage:
    name: str  # folder under <stages>/ and prefix of its tables
    version: str | Callable[[], str]  # change it to recompute every day (code or model change)
    upstream: str  # the stage whose per-day state this one is computed from
    tables: tuple[str, ...]  # tables it writes, one shard per day each (all have article_id)
    ledger: tuple[str, ...]  # tables whose article_ids together are every article it handled
    compute: DayFunction  # (store, day, article ids to skip) -> DayOutput; a top-level function
    # learns from the whole upstream before the days run (cleaned: boilerplate per source)
    prepare: Callable[[StageStore], None] | None = None

    def current_version(self) -> str:
        return self.version() if callable(self.version) else self.version


@dataclass
class DayRunSummary:
    days: int
    rows: Counter
    # per table, the shards this run wrote (a day's base, or the part it appended): what the
    # stage's checks look at, so an increment checks its own rows, not every touched day again
    written: dict[str, list[str]] = field(default_factory=dict)


def select_days(
    store: StageStore, stage: DayStage, window: tuple[date, date], only_dirty: bool
) -> list[date]:
    upstream = StageState(store.root / stage.upstream).load()
    own = StageState(store.root / stage.name).load()
    if only_dirty:
        return dirty_days(upstream, own, stage.current_version(), window)
    return sorted(d for d in set(upstream) | set(own) if window[0] <= d <= window[1])


def _done(store: StageStore, stage: DayStage, day: date) -> tuple[set[str], int]:
    """The article ids the day's shards hold (its ledger tables) and the number a part appended
    to every table of the day takes."""
    done: set[str] = set()
    for table in stage.ledger:
        frame = store.table(stage.name, table).read([day], columns=["article_id"])
        if frame is not None:
            done.update(frame["article_id"].to_list())
    part = max(store.table(stage.name, t).next_part(day) for t in stage.tables)
    return done, part


def _run_day(
    store: StageStore,
    stage: DayStage,
    day: date,
    upstream_fp: str | None,
    reuse: bool,
    version: str,
) -> tuple[date, str | None, dict[str, int], dict[str, str]]:
    """Compute the day's new articles and commit them: appended as a part of each table when
    every article the day held is still upstream, else the day rewritten whole."""
    done, part = _done(store, stage, day) if reuse and upstream_fp is not None else (set(), 0)
    output = (
        stage.compute(store, day, frozenset(done))
        if upstream_fp is not None
        else DayOutput({}, set())
    )
    kept = list(done & output.article_ids)
    append = bool(done) and len(kept) == len(done) and part <= MAX_PARTS
    counts = {}
    written: dict[str, str] = {}
    commit = Commit(store.root / stage.name, f"day-{day.isoformat()}")
    for table in stage.tables:
        shards = store.table(stage.name, table)
        new = output.frames.get(table)
        if append:
            if new is not None and new.height:
                written[table] = str(shards.part_for(day, part))
                commit.parquet(new, written[table])
                crash_point(f"{stage.name}.shard_written")
            counts[table] = 0 if new is None else new.height
            continue
        parts_now = [new] if new is not None else []
        if kept:
            previous = shards.read([day])
            if previous is not None:
                parts_now.insert(0, previous.filter(pl.col("article_id").is_in(kept)))
        frame = pl.concat(parts_now, how="vertical_relaxed") if parts_now else None
        for old in shards.day_files(day):
            if str(old) != str(shards.path_for(day)):
                commit.delete(old)
        commit.parquet(frame, shards.path_for(day))
        if frame is not None and frame.height:
            written[table] = str(shards.path_for(day))
        crash_point(f"{stage.name}.shard_written")
        counts[table] = 0 if frame is None else frame.height
    commit.apply()
    crash_point(f"{stage.name}.day_committed")
    fp = None if upstream_fp is None else output_fingerprint(upstream_fp, version)
    return day, fp, counts, written


def _results(args: list[tuple], workers: int) -> Iterator[tuple]:
    """Each day's result as it is done (in day order), on a process pool when there are several."""
    if workers > 1 and len(args) > 1:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield from pool.map(_run_day, *zip(*args, strict=True))
    else:
        for a in args:
            yield _run_day(*a)


def run_days(
    store: StageStore, stage: DayStage, days: list[date], workers: int = 1, reuse: bool = False
) -> DayRunSummary:
    """Compute `days` of `stage` (reusing unchanged articles' rows if `reuse`); days no longer
    upstream lose their shards."""
    started = time.perf_counter()
    if stage.prepare is not None and days:
        stage.prepare(store)
    upstream = StageState(store.root / stage.upstream).load()
    state = StageState(store.root / stage.name)
    rows: Counter = Counter()
    written: dict[date, str | None] = {}
    files: dict[str, list[str]] = {table: [] for table in stage.tables}
    own = state.load()
    version = stage.current_version()
    args = [
        (
            store,
            stage,
            day,
            upstream.get(day),
            reuse and version_of(own.get(day)) == version,
            version,
        )
        for day in days
    ]
    report(stage.name, 0, len(days), "days")
    articles = 0
    for day, fp, counts, shards in _results(args, workers):
        written[day] = fp
        for table, path in shards.items():
            files[table].append(path)
        rows.update(counts)
        articles += sum(counts.get(t, 0) for t in stage.ledger)
        report(stage.name, len(written), len(days), "days", articles)
    crash_point(f"{stage.name}.before_state")
    state.update(written)
    record_last_run(store.root / stage.name, time.perf_counter() - started, days=len(days), **rows)
    return DayRunSummary(days=len(days), rows=rows, written=files)
