"""Run a dated stage over a set of publication days, in batches of days, on all cores.

A day is the unit of atomicity: its shards are computed from the upstream day's shards,
committed together (`marsad.stages.commit`: all of a day's tables or none, even across a
crash; the days of one batch share one commit), and only then recorded in the stage's state. The unit of work is a batch of days with
about a full day's worth of new articles between them (`BATCH_ARTICLES`): a full run computes a
day per call, an increment that adds a few articles to many days computes them in a few calls
instead of paying a call's reads and set-up per day. Batches run in a process pool (forkserver,
so workers never inherit Dagster's threads; the server has the stage code imported once) when
there are several. Stages that follow one another without a barrier (cleaned, tagged, entities)
can be chained (`run_stages`): each batch goes through all of them in one worker call.

Incremental runs reuse work per article: when a day's previous shards were made by the same
stage version, the rows of articles still present upstream are kept (article ids are content
hashes, so same id = same input) and only new articles are computed. A backfill recomputes all.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.forkserver
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import polars as pl

from marsad.stages.commit import Commit, crash_point
from marsad.stages.feed import write_feed
from marsad.stages.progress import report
from marsad.stages.state import (
    StageState,
    chained_version,
    dirty_days,
    output_fingerprint,
    output_version,
)
from marsad.stages.store import (
    MAX_PARTS,
    ShardedTable,
    StageStore,
    files_among,
    record_last_run,
    remembered_places,
    with_shard_day,
)

# New articles computed in one call: about a full day's (the corpus averages ~100 a day), so a
# batch costs the memory of one day while an increment's scattered articles share their calls.
BATCH_ARTICLES = 96
# Fewer new articles than this are computed in the calling process: a pool's start (the warm
# forkserver, then each worker's models) costs more than it saves. Measured on the full corpus,
# idle: 50 new articles on 2 days 12.4 s in process against 15.7 s with 2 workers; 316 on 168
# days 28.2 s against 25.5 s. MARSAD_POOL_MIN_ARTICLES overrides it (0: always a pool).
POOL_MIN_ARTICLES = 2 * BATCH_ARTICLES


def pool_min_articles() -> int:
    value = os.environ.get("MARSAD_POOL_MIN_ARTICLES", "").strip()
    return int(value) if value else POOL_MIN_ARTICLES


# Imported once by the forkserver that every pool of the process forks its workers from, so a
# stage's workers start with the stage code and static tables loaded (2-4 s per worker per stage
# otherwise: a small increment's pools cost more than its work).
WORKER_PRELOAD = ["marsad.stages.warm"]


@dataclass
class DayOutput:
    frames: dict[str, pl.DataFrame]  # rows for the articles computed (not the skipped ones)
    article_ids: dict[date, set[str]]  # per day, every article upstream, computed or skipped


# (store, days, article ids to skip) -> DayOutput for those days together
DayFunction = Callable[[StageStore, list[date], frozenset[str]], DayOutput]


def ids_by_day(frame: pl.DataFrame | None) -> dict[date, set[str]]:
    """Per `shard_day`, its article ids (grouped by polars: a row loop cost ~0.1 s a stage)."""
    if frame is None or frame.height == 0:
        return {}
    grouped = frame.group_by("shard_day").agg(pl.col("article_id").unique())
    return dict(
        zip(grouped["shard_day"].to_list(), map(set, grouped["article_id"].to_list()), strict=True)
    )


def split_todo(
    upstream: pl.DataFrame, skip: frozenset[str]
) -> tuple[dict[date, set[str]], pl.DataFrame]:
    """(per day, every article id upstream; the upstream rows still to compute). `upstream`
    carries the `shard_day` column of `ShardedTable.read_days`."""
    return ids_by_day(upstream), upstream.filter(~pl.col("article_id").is_in(list(skip)))


def read_todo(
    table: ShardedTable, days: list[date], skip: frozenset[str], columns: list[str] | None = None
) -> tuple[dict[date, set[str]], pl.DataFrame | None]:
    """`split_todo` of the days' rows of an upstream table (None: the days have no shards),
    reading whole only the files that hold an article still to compute: with articles to skip
    (an increment), the days' ids first, then the parts holding the new ones."""
    found = table.file_ids(days) if skip else None
    if found is not None:
        found = with_shard_day(found)
    else:
        upstream = table.read_days(days, columns)
        return (ids_by_day(upstream), None) if upstream is None else split_todo(upstream, skip)
    skipped = pl.Series(list(skip), dtype=pl.String).implode()
    new = found.filter(~pl.col("article_id").is_in(skipped))
    if new.height == 0:  # nothing to compute: callers return before reading any column
        return ids_by_day(found), new.select("article_id", "shard_day")
    rows = table.read_files(files_among(new), columns)
    wanted = new["article_id"].unique().implode()
    return ids_by_day(found), rows.filter(pl.col("article_id").is_in(wanted))


@dataclass(frozen=True)
class DayStage:
    name: str  # folder under <stages>/ and prefix of its tables
    version: str | Callable[[], str]  # change it to recompute every day (code or model change)
    upstream: str  # the stage whose per-day state this one is computed from
    tables: tuple[str, ...]  # tables it writes, one shard per day each (all have article_id)
    ledger: tuple[str, ...]  # tables whose article_ids together are every article it handled
    compute: DayFunction  # (store, days, article ids to skip) -> DayOutput; a top-level function
    # (stage, table) whose article ids per day are the stage's input: how many articles a day
    # has still to compute, to batch days before any worker reads them
    inputs: tuple[str, str]
    # learns from the whole upstream before the days run (cleaned: boilerplate per source)
    prepare: Callable[[StageStore], None] | None = None
    # published tables whose appended rows each batch also writes as a feed (`marsad.stages.feed`)
    feeds: tuple[str, ...] = ()
    # after the days ran, with the number of articles computed and the workers the run may use
    # (tagged: its word table)
    finish: Callable[[StageStore, int, int], None] | None = None

    def current_version(self) -> str:
        return self.version() if callable(self.version) else self.version


@dataclass
class DayRunSummary:
    rows: Counter
    computed: list[date] = field(default_factory=list)  # the days, in order
    seconds: float = 0.0

    @property
    def days(self) -> int:
        return len(self.computed)

    def then(self, more: DayRunSummary) -> DayRunSummary:
        """This run's summary followed by `more`, a run of the same stage over other days."""
        rows = Counter(self.rows)
        rows.update(more.rows)  # (`+` would drop the zero counts, e.g. 0 quarantined)
        return DayRunSummary(
            rows,
            sorted({*self.computed, *more.computed}),
            self.seconds + more.seconds,
        )


class Versioned(Protocol):
    """What choosing days needs of a stage (a DayStage, or its light StageSpec)."""

    name: str
    upstream: str

    def current_version(self) -> str: ...


def select_days(
    store: StageStore, stage: Versioned, window: tuple[date, date], only_dirty: bool
) -> list[date]:
    upstream = StageState(store.root / stage.upstream).load()
    own = StageState(store.root / stage.name).load()
    if only_dirty:
        return dirty_days(upstream, own, stage.current_version(), window)
    return sorted(d for d in set(upstream) | set(own) if window[0] <= d <= window[1])


@dataclass(frozen=True)
class DayTask:
    day: date
    upstream_fp: str | None  # None: the day is gone upstream, its shards are removed
    done: frozenset[str]  # articles whose rows the day's shards hold and may keep
    part: int  # the number a part appended to every table of the day takes
    todo: int  # articles upstream not done yet (an estimate: duplicates count too)


def plan_tasks(
    store: StageStore,
    stage: DayStage,
    days: list[date],
    reuse: bool,
    upstream: dict[date, str | None] | None = None,
    count: bool = True,
) -> list[DayTask]:
    """Each day's task, from one read of the ids the stage holds and one of its input's ids
    (not a read per day per worker). With `reuse`, a day keeps the rows of the articles it
    holds when neither this stage nor one before it changed version since it was written.
    `upstream`: the upstream stage's fingerprints of `days` (default: its recorded state);
    `count`: count each day's articles still to compute (what batching needs)."""
    if upstream is None:
        upstream = StageState(store.root / stage.upstream).load()
    own = StageState(store.root / stage.name).load()
    version = stage.current_version()
    reused = [
        d
        for d in days
        if reuse
        and upstream.get(d) is not None
        and output_version(own.get(d)) == chained_version(upstream.get(d), version)
    ]
    done: dict[date, set[str]] = {}
    parts: dict[date, int] = {}
    for table in stage.ledger if reused else ():
        for day, ids in ids_by_day(
            store.table(stage.name, table).read_days(reused, ["article_id"])
        ).items():
            done.setdefault(day, set()).update(ids)
    for table in stage.tables if reused else ():
        for day, part in store.table(stage.name, table).next_parts(reused).items():
            parts[day] = max(parts.get(day, 1), part)
    wanted = [d for d in days if upstream.get(d) is not None]
    inputs = (
        ids_by_day(store.table(*stage.inputs).read_days(wanted, ["article_id"])) if count else {}
    )
    return [
        DayTask(
            day,
            upstream.get(day),
            frozenset(done.get(day, ())),
            parts.get(day, 0),
            len(inputs.get(day, set()) - done.get(day, set())),
        )
        for day in days
    ]


def batches(tasks: list[DayTask], workers: int) -> list[list[DayTask]]:
    """Consecutive days packed into batches of at most BATCH_ARTICLES new articles; a day with
    more goes alone. The batches are as many as that needs, rounded up to a multiple of the
    workers, and hold about equal shares, so the workers finish together (316 articles on two
    workers: four batches of ~79, not 96, 96, 96 and 28)."""
    total = sum(t.todo for t in tasks)
    workers = max(workers, 1)
    needed = max(1, -(-total // BATCH_ARTICLES))  # ceil: batches of at most BATCH_ARTICLES
    count = -(-needed // workers) * workers
    share = total / count
    out: list[list[DayTask]] = []
    current: list[DayTask] = []
    held = 0
    for task in tasks:
        over = held + task.todo > BATCH_ARTICLES or held + task.todo - share > share - held
        if current and over:
            out.append(current)
            current, held = [], 0
        current.append(task)
        held += task.todo
    if current:
        out.append(current)
    return out


BATCH_DAY = "_batch_day"  # the day of a computed row's article, while a batch is written


def _placed(output: DayOutput) -> dict[str, pl.DataFrame]:
    """The computed frames, each row with `_batch_day`: the day of its article."""
    computed = {a for frame in output.frames.values() for a in frame["article_id"].unique()}
    # the day of each computed article only: `article_ids` also lists every skipped one
    pairs = [(a, d) for d, ids in output.article_ids.items() for a in ids & computed]
    owner = pl.DataFrame(
        pairs, schema={"article_id": pl.String, BATCH_DAY: pl.Date}, orient="row"
    ).unique("article_id", keep="first")
    out: dict[str, pl.DataFrame] = {}
    for table, frame in output.frames.items():
        placed = frame.join(owner, on="article_id", how="left", maintain_order="left")
        if placed[BATCH_DAY].null_count():
            raise ValueError(f"{table}: rows of articles outside the batch's days")
        out[table] = placed
    return out


def _appends(task: DayTask, article_ids: set[str]) -> bool:
    """Whether the day's new rows are appended as a part: every article the day held is still
    upstream (else the day is rewritten whole, without the gone ones)."""
    return bool(task.done) and task.done <= article_ids and task.part <= MAX_PARTS


def _stage_days(
    store: StageStore,
    stage: DayStage,
    commit: Commit,
    tasks: list[DayTask],
    output: DayOutput,
    version: str,
) -> list[tuple[date, str | None, dict[str, int], dict[str, str]]]:
    """Write the batch's new rows into `commit`: for the days that append, one part per day and
    table, written per table in one call; every other day rewritten whole."""
    placed = _placed(output)
    appending = {t.day: t for t in tasks if _appends(t, output.article_ids.get(t.day, set()))}
    counts: dict[date, dict[str, int]] = {t.day: {} for t in tasks}
    written: dict[date, dict[str, str]] = {t.day: {} for t in tasks}
    rewritten: dict[str, dict[date, pl.DataFrame]] = {}
    for table in stage.tables:
        shards = store.table(stage.name, table)
        frame = placed.get(table)
        if frame is None:
            frame = pl.DataFrame(schema={"article_id": pl.String, BATCH_DAY: pl.Date})
        appended = frame.filter(pl.col(BATCH_DAY).is_in(list(appending)))
        rewritten[table] = {
            day: part.drop(BATCH_DAY)
            for (day,), part in frame.filter(~pl.col(BATCH_DAY).is_in(list(appending)))
            .partition_by(BATCH_DAY, as_dict=True)
            .items()
        }
        rows = dict(appended.group_by(BATCH_DAY).len().iter_rows())
        for day in appending:
            counts[day][table] = rows.get(day, 0)
        if rows:
            targets = {day: shards.part_for(day, appending[day].part) for day in rows}
            temporaries = commit.parquet_groups(appended, BATCH_DAY, targets, statistics=False)
            if table in stage.feeds:
                write_feed(shards, appended, BATCH_DAY, temporaries, targets)
            for day, target in targets.items():
                written[day][table] = str(target)
            crash_point(f"{stage.name}.shard_written")
    for task in tasks:
        if task.day not in appending:
            for table in stage.tables:
                counts[task.day][table], path = _rewrite_day(
                    store.table(stage.name, table),
                    commit,
                    task,
                    rewritten[table].get(task.day),
                    output.article_ids.get(task.day, set()),
                )
                if path is not None:
                    written[task.day][table] = path
                crash_point(f"{stage.name}.shard_written")
    return [
        (
            t.day,
            None if t.upstream_fp is None else output_fingerprint(t.upstream_fp, version),
            counts[t.day],
            written[t.day],
        )
        for t in tasks
    ]


def _rewrite_day(
    shards: ShardedTable,
    commit: Commit,
    task: DayTask,
    new: pl.DataFrame | None,
    article_ids: set[str],
) -> tuple[int, str | None]:
    """Write a day of one table whole into `commit`: the kept rows of the articles it held that
    are still upstream, and the new ones, as its base shard (its parts dropped). Returns the
    row count and the shard written (None: the day has no rows now)."""
    day = task.day
    kept = list(task.done & article_ids)
    frames = [new] if new is not None else []
    if kept:
        previous = shards.read([day])
        if previous is not None:
            frames.insert(0, previous.filter(pl.col("article_id").is_in(kept)))
    frame = pl.concat(frames, how="vertical_relaxed") if frames else None
    for old in shards.day_files(day):
        if str(old) != str(shards.path_for(day)):
            commit.delete(old)
    commit.parquet(frame, shards.path_for(day), statistics=False)
    if frame is None or frame.height == 0:
        return 0, None
    return frame.height, str(shards.path_for(day))


# Allocations between young-generation collections while a batch computes (Python's is 700):
# the stages make many short-lived objects, and each collection walked the live ones again.
YOUNG_COLLECTION = 20_000
_frozen: list[bool] = []  # set once a worker process froze its long-lived objects


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """While a batch computes, collect the young generation less often; in a pool worker, after
    its first batch, take what is still alive (models, catalogue, per-word caches every later
    batch reads) out of the collector's sight (`gc.freeze`). Together ~10% of a stage's CPU.
    The main process never freezes: it lives on after the stage."""
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
    if not _frozen and multiprocessing.parent_process() is not None:
        _frozen.append(True)
        gc.collect()
        gc.freeze()


def _run_batch(
    store: StageStore, stage: DayStage, tasks: list[DayTask], version: str
) -> list[tuple[date, str | None, dict[str, int], dict[str, str]]]:
    """Compute the new articles of a batch of days in one call, then commit the batch's days
    together: one journal for all their shards (a journal per day cost more than the shards of
    an increment's few articles a day), so a crash leaves every day of the batch old or new."""
    present = [t.day for t in tasks if t.upstream_fp is not None]
    skip = frozenset().union(*(t.done for t in tasks))
    with _fewer_collections(), remembered_places():
        output = stage.compute(store, present, skip) if present else DayOutput({}, {})
    commit = Commit(store.root / stage.name, f"days-{tasks[0].day.isoformat()}")
    try:
        results = _stage_days(store, stage, commit, tasks, output, version)
    except BaseException:
        commit.abort()
        raise
    commit.apply()
    crash_point(f"{stage.name}.day_committed")
    return results


Results = list[tuple[date, str | None, dict[str, int], dict[str, str]]]


def _run_chain(
    store: StageStore,
    stages: tuple[DayStage, ...],
    tasks: list[DayTask],
    versions: tuple[str, ...],
    reuse: bool,
) -> list[tuple[Results, float]]:
    """`_run_batch` of the first stage, then of each later stage on the same days as soon as
    the one before committed them (their tasks planned from its new fingerprints): a chain of
    stages in one call per batch, not a process pool round per stage. Returns each stage's
    results and seconds."""
    out: list[tuple[Results, float]] = []
    for k, (stage, version) in enumerate(zip(stages, versions, strict=True)):
        started = time.perf_counter()
        if k:
            upstream = {day: fp for day, fp, *_ in out[-1][0]}
            tasks = plan_tasks(store, stage, list(upstream), reuse, upstream, count=False)
        out.append((_run_batch(store, stage, tasks, version), time.perf_counter() - started))
    return out


# The workers are one process per core already: numpy's BLAS (the neural tagger's matrix
# products) must not start a thread per core in each of them as well. Measured with
# MARSAD_NER_MODEL=crf+cnn on 4,000 articles and 2 workers: 3.7k tokens/s per core with the
# default threads (they spin against each other on small matrices), 20.7k with one.
# (numpy's wheels bundle OpenBLAS; OMP_NUM_THREADS is left alone, Arrow sizes its pool by it)
WORKER_BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1"}


# Names, for the forkserver's preload (`marsad.stages.warm`), the stages folder whose caches it
# may load before the workers fork (the tagged stage's word table: see `tagged.use_word_table`).
WORKER_STAGES_ENV = "MARSAD_WORKER_STAGES"


def _worker_context(store: StageStore | None = None) -> multiprocessing.context.BaseContext:
    # read by the forkserver's fresh interpreter when it imports numpy (a setting of the user's
    # own wins); this process's numpy is already loaded and keeps its threads
    for name, value in WORKER_BLAS_THREADS.items():
        os.environ.setdefault(name, value)
    if store is not None:  # read by a server started from now on
        os.environ[WORKER_STAGES_ENV] = str(store.root)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)  # no effect once the server runs
    return context


def start_worker_server(store: StageStore) -> None:
    """Start the forkserver now: it imports `WORKER_PRELOAD` in the background while the raw
    stage reads a large change, instead of delaying the first stage's pool (a small run, which
    needs no pool, does not pay for it)."""
    _worker_context(store)
    multiprocessing.forkserver.ensure_running()


def stop_worker_server() -> None:
    """Stop the forkserver (and free what it preloaded) when no stage will run in this process
    for a while; the next pool starts it again (after the stop: both hold the server's lock).
    The server is told at once and reaped on a thread: waiting for its exit cost the publish
    that follows 0.27 s. CPython has no public call for it: `_stop` is the one its own tests use
    (3.9+); without it the server simply stays."""
    stop = getattr(multiprocessing.forkserver._forkserver, "_stop", None)
    if stop is not None:
        threading.Thread(target=stop, name="forkserver-stop", daemon=True).start()


def worker_pool(store: StageStore, workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes forked from the warm server (see `WORKER_PRELOAD`)."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(store))


def _results(args: list[tuple], workers: int) -> Iterator[list[tuple[Results, float]]]:
    """Each batch's `_run_chain` results as it is done (in day order), on a process pool when
    there are several."""
    if workers > 1 and len(args) > 1:
        pool = worker_pool(args[0][0], workers)
        try:
            yield from pool.map(_run_chain, *zip(*args, strict=True))
        except BaseException:
            pool.shutdown(wait=True)  # the batches still running finish (and commit) first
            raise
        # every batch is done: the idle workers exit on their own (waiting for them to cost
        # each stage of a +1% run 0.03 s)
        pool.shutdown(wait=False)
    else:
        for a in args:
            yield _run_chain(*a)


# Called with each batch's days and, per stage table, the shards it wrote (a day's base, or the
# part it appended), once they are committed: what the stage's checks look at, so an increment
# checks its own rows, not every touched day again.
BatchDone = Callable[[list[date], dict[str, list[str]]], None]


def run_days(
    store: StageStore,
    stage: DayStage,
    days: list[date],
    workers: int = 1,
    reuse: bool = False,
    on_batch: BatchDone | None = None,
) -> DayRunSummary:
    """Compute `days` of `stage` (reusing unchanged articles' rows if `reuse`); days no longer
    upstream lose their shards. `on_batch`: told of each batch as soon as it is committed (the
    stage's checks start on it while the workers compute the next ones)."""
    told = None if on_batch is None else {stage.name: on_batch}
    return run_chain(store, (stage,), days, workers, reuse, told)[stage.name]


def run_chain(
    store: StageStore,
    stages: tuple[DayStage, ...],
    days: list[date],
    workers: int = 1,
    reuse: bool = False,
    on_batch: dict[str, BatchDone] | None = None,
) -> dict[str, DayRunSummary]:
    """Compute several stages, each the upstream of the next, over the first one's `days`:
    each batch of days goes through every stage in one worker call (`_run_chain`), so the
    stages share one planning, one process pool round and its warm-up, and no stage waits for
    the slowest batch of the one before (a +1% run's day stages ~0.8 s faster than with a pool
    round per stage).
    Each stage's state is recorded once every batch of every stage is committed, in stage
    order: a crash before leaves the days dirty in each stage. Only the first stage may
    `prepare`. Above `CHAIN_MAX_ARTICLES` only the first stage is computed (and summarised)."""
    started = time.perf_counter()
    first = stages[0]
    versions = tuple(stage.current_version() for stage in stages)
    # the first stage's preparation (reading and writing its own files beside the stage's
    # tables) on a thread while the days are planned from the stage's and its input's ids: both
    # are mostly polars reads that let go of the interpreter (up to the planning's 0.1 s of a
    # +1% cleaned stage, whose boilerplate recount takes ~0.4 s)
    with ThreadPoolExecutor(1, thread_name_prefix=f"{first.name}-prepare") as preparing:
        prepared = preparing.submit(first.prepare, store) if first.prepare and days else None
        tasks = plan_tasks(store, first, days, reuse)
        if prepared is not None:
            prepared.result()
    todo = sum(t.todo for t in tasks)
    if todo > CHAIN_MAX_ARTICLES:  # the first stage alone (its caller runs the others after it)
        stages, versions = stages[:1], versions[:1]
    if todo < pool_min_articles():
        workers = 1
    args = [(store, stages, batch, versions, reuse) for batch in batches(tasks, workers)]
    rows: dict[str, Counter] = {stage.name: Counter() for stage in stages}
    written: dict[str, dict[date, str | None]] = {stage.name: {} for stage in stages}
    articles: dict[str, int] = dict.fromkeys(rows, 0)
    work: dict[str, float] = dict.fromkeys(rows, 0.0)
    for stage in stages:
        report(stage.name, 0, len(days), "days")
    for chain in _results(args, workers):
        for stage, (results, seconds) in zip(stages, chain, strict=True):
            work[stage.name] += seconds
            batch: dict[str, list[str]] = {table: [] for table in stage.tables}
            for day, fp, counts, shards in results:
                written[stage.name][day] = fp
                for table, path in shards.items():
                    batch[table].append(path)
                rows[stage.name].update(counts)
                articles[stage.name] += sum(counts.get(t, 0) for t in stage.ledger)
            if on_batch is not None and stage.name in on_batch:
                on_batch[stage.name]([day for day, *_ in results], batch)
            report(stage.name, len(written[stage.name]), len(days), "days", articles[stage.name])
    for stage in stages:
        crash_point(f"{stage.name}.before_state")
        StageState(store.root / stage.name).update(written[stage.name])
    for stage in stages:
        if stage.finish is not None:
            stage.finish(store, articles[stage.name], workers)
    # each stage's share of the chain's time, by the time its batches took
    elapsed, total = time.perf_counter() - started, sum(work.values()) or 1.0
    seconds = {name: elapsed * spent / total for name, spent in work.items()}
    for stage in stages:
        name = stage.name
        record_last_run(store.root / name, seconds[name], days=len(days), **rows[name])
    return {s.name: DayRunSummary(rows[s.name], list(days), seconds[s.name]) for s in stages}


# Articles above which chained stages run one after the other instead: a worker that computes
# every stage keeps every stage's caches (the linker's token types, the cleaner's word splits)
# alive together, which took a full-corpus run's peak RSS from 1.7 to 2.16 GB; a stage's own
# pool frees them when it ends. An increment of a few hundred articles is far below it.
CHAIN_MAX_ARTICLES = 2_000


def chains(stages: list[DayStage], only_dirty: dict[str, bool]) -> list[list[DayStage]]:
    """`stages` cut into runs of stages each the upstream of the next, computed alike (all only
    their dirty days, or all every day), that `run_chain` can compute together."""
    out: list[list[DayStage]] = []
    for stage in stages:
        if (
            out
            and out[-1][-1].name == stage.upstream
            and only_dirty[out[-1][-1].name] == only_dirty[stage.name]
            and stage.prepare is None
        ):
            out[-1].append(stage)
        else:
            out.append([stage])
    return out


def run_stages(
    store: StageStore,
    stages: list[DayStage],
    window: tuple[date, date],
    only_dirty: dict[str, bool],
    workers: int = 1,
    on_batch: dict[str, BatchDone] | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, DayRunSummary]:
    """Compute `stages` (in pipeline order) over the days of `window` they must compute (with
    `only_dirty[name]`, only their dirty days, reusing unchanged articles' rows; else every
    day), chaining those that can be (`chains`). A later stage of a chain then computes the
    days only it had to (its own version changed: a new model re-tags every day)."""
    summaries: dict[str, DayRunSummary] = {}
    for chain in chains(stages, only_dirty):
        head = chain[0]
        dirty = only_dirty[head.name]
        days = select_days(store, head, window, dirty)
        if log is not None:
            log(
                f"{'+'.join(s.name for s in chain)}: {len(days)} day(s) in {window[0]}..{window[1]}"
            )
        summaries.update(run_chain(store, tuple(chain), days, workers, dirty, on_batch))
        for stage in chain[1:]:
            # the days only this stage must compute; every day it must, when the chain was too
            # large and computed its first stage alone
            chained = summaries.get(stage.name)
            left = select_days(store, stage, window, dirty)
            if chained is not None:
                left = [d for d in left if dirty or d not in days]
                if not left:
                    continue
            told = None if on_batch is None else on_batch.get(stage.name)
            more = run_days(store, stage, left, workers, dirty, told)
            if chained is not None:
                more = chained.then(more)
                record_last_run(store.root / stage.name, more.seconds, days=more.days, **more.rows)
            summaries[stage.name] = more
    return summaries
