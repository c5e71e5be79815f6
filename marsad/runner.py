"""Run a dated stage over a set of publication days, one day per task, on all cores.

A day is the unit of work and of atomicity: its shards are computed from the upstream day's
shards, written with atomic renames, and only then recorded in the stage's state. Days run in a
process pool (forkserver, so workers never inherit Dagster's threads) when there are several.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from marsad.state import StageState, dirty_days, output_fingerprint
from marsad.store import StageStore, record_last_run

DayFunction = Callable[[StageStore, date], dict[str, pl.DataFrame]]


@dataclass(frozen=True)
class DayStage:
    name: str  # folder under <stages>/ and prefix of its tables
    version: str  # bump to recompute every day (parser, normaliser or model change)
    upstream: str  # the stage whose per-day state this one is computed from
    tables: tuple[str, ...]  # tables it writes, one shard per day each
    compute: DayFunction  # (store, day) -> {table: frame}; a top-level function


@dataclass
class DayRunSummary:
    days: int
    rows: Counter


def select_days(
    store: StageStore, stage: DayStage, window: tuple[date, date], only_dirty: bool
) -> list[date]:
    upstream = StageState(store.root / stage.upstream).load()
    own = StageState(store.root / stage.name).load()
    if only_dirty:
        return dirty_days(upstream, own, stage.version, window)
    return sorted(d for d in set(upstream) | set(own) if window[0] <= d <= window[1])


def _run_day(
    store_root: Path, stage: DayStage, day: date, upstream_fp: str | None
) -> tuple[date, str | None, dict[str, int]]:
    store = StageStore(store_root)
    frames = stage.compute(store, day) if upstream_fp is not None else {}
    counts = {}
    for table in stage.tables:
        frame = frames.get(table)
        store.table(stage.name, table).replace_days(
            [day], {day: frame} if frame is not None else {}
        )
        counts[table] = 0 if frame is None else frame.height
    fp = None if upstream_fp is None else output_fingerprint(upstream_fp, stage.version)
    return day, fp, counts


def run_days(
    store: StageStore, stage: DayStage, days: list[date], workers: int = 1
) -> DayRunSummary:
    """Compute `days` of `stage`; days no longer upstream lose their shards."""
    started = time.perf_counter()
    upstream = StageState(store.root / stage.upstream).load()
    state = StageState(store.root / stage.name)
    rows: Counter = Counter()
    written: dict[date, str | None] = {}
    args = [(store.root, stage, day, upstream.get(day)) for day in days]
    if workers > 1 and len(days) > 1:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = list(pool.map(_run_day, *zip(*args, strict=True)))
    else:
        results = [_run_day(*a) for a in args]
    for day, fp, counts in results:
        written[day] = fp
        rows.update(counts)
    state.update(written)
    record_last_run(store.root / stage.name, time.perf_counter() - started, days=len(days), **rows)
    return DayRunSummary(days=len(days), rows=rows)
