"""Publish the warehouse: build a complete DuckDB file from the stage shards, then swap it in.

DuckDB allows one writer per file, and an analyst's open connection blocks writers. So runs never
write the file analysts open: the warehouse is built under a temporary name in the same folder
and renamed over the old one with `os.replace`. A reader with the old file open keeps reading
the old, complete snapshot; the next connection sees the new one; a crash leaves the old file.

A small update does not rebuild the file: the published file is copied under the temporary name
(`marsad run` starts that copy in a thread while the stages compute, `copy_ahead`),
the rows of the publication days whose shards changed are replaced inside one transaction (every
table's rows of the articles of those days, and their raw records), quarantine, entities and the
marts are rebuilt in the copy, and the copy is swapped in the same way (`patch`). The marker of
the last publish keeps the size and mtime of every shard it loaded and of the file it wrote, so
the changed days are known and a file someone replaced is never patched. A change to the SQL of
any table, view or mart, or to more than a quarter of the shards' bytes, builds a new file.

Whether to publish is decided from what the stages hold: the fingerprint covers every stage's
state and the identity (size, mtime) of every file the warehouse is loaded from, so any rewrite
of a shard (a `--full` run, a backfill, a touched landing file) republishes, and a no-op run
does not. A write-ahead log beside the warehouse means someone wrote into the published file; the
publish then stops (`ForeignWal`) rather than replace the file and lose those writes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from marsad.sql import sql
from marsad.stages import storage
from marsad.stages.commit import crash_point
from marsad.stages.feed import clear_feeds, fed
from marsad.stages.layout import QUARANTINE_SOURCES, SHARDED_TABLES, TABLE_HOMES, VIEWS, ddl
from marsad.stages.marts import MARTS, build_marts
from marsad.stages.plan import (
    PUBLISH_VERSION,
    publish_is_stale,
    published_marker,
    published_stats,
    shard_day,
    stages_fingerprint,
)
from marsad.stages.raw import RawStage
from marsad.stages.state import fingerprint
from marsad.stages.storage import Location
from marsad.stages.store import (
    ShardedTable,
    StageStore,
    catalog_path,
    part_number,
    read_json,
    record_last_run,
    write_json_atomic,
)
from marsad.stages.story_index import StoryIndex, refresh


class ForeignWal(RuntimeError):
    """Someone wrote into the published warehouse: its WAL must not be discarded silently."""


def wal_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".wal")


def check_no_foreign_wal(warehouse: Path) -> None:
    wal = wal_path(warehouse)
    if wal.exists():
        raise ForeignWal(
            f"{wal} exists: someone wrote into the published warehouse through a writable "
            "connection. marsad will not replace the file and lose those writes. Open the "
            "warehouse read-write once to checkpoint them, copy what you need into your own "
            "database (see README, 'Working on top of the warehouse'), then delete the "
            f"warehouse's WAL or move {warehouse.name} aside; the next run publishes again."
        )


@dataclass
class PublishResult:
    published: bool
    fingerprint: str
    rows: dict[str, int] = field(default_factory=dict)
    drift: dict[str, int] = field(default_factory=dict)  # DRIFT_COUNTS (empty: not known)
    mode: str = "unchanged"  # "full" (built from every shard), "incremental" (a patched copy)
    days: int = 0  # publication days whose rows an incremental publish replaced


@dataclass
class Built:
    rows: dict[str, int]  # rows per base table
    mart_seconds: dict[str, float]  # seconds per mart step (stories' grouping included)
    drift: dict[str, int] = field(default_factory=dict)  # the drift measures' counts (DRIFT_COUNTS)


# What the drift checks are computed from (sql/checks/drift_metrics), kept in the publish marker:
# a patch counts the words of the sentences it replaced and added, not every sentence again.
DRIFT_COUNTS = ["mentions", "words", "quarantined", "articles", "unlinked"]


def drift_counts(con: duckdb.DuckDBPyConnection, words: int | None = None) -> dict[str, int]:
    """The drift measures' counts of the warehouse open in `con` (`words`: the sentences' word
    total when the caller kept it, else counted)."""
    if words is None:
        return dict(
            zip(DRIFT_COUNTS, con.execute(sql("checks/drift_metrics")).fetchall()[0], strict=True)
        )
    mentions, quarantined, articles, unlinked = con.execute(sql("checks/drift_counts")).fetchall()[
        0
    ]
    return {
        "mentions": mentions,
        "words": words,
        "quarantined": quarantined,
        "articles": articles,
        "unlinked": unlinked,
    }


def build_shape() -> str:
    """What the published file's tables, views and marts are made of: any change to their SQL
    means the next publish builds a new file instead of patching a copy of the old one."""
    return fingerprint(
        PUBLISH_VERSION,
        [(name, ddl(name)) for name in sorted(TABLE_HOMES)],
        [sql(v) for v in VIEWS],
        [sql(m) for m in MARTS],
        [sql(f"warehouse/{t}") for t in ("countries", "story_articles")],
    )


def _load(con: duckdb.DuckDBPyConnection, table: str, files: list[Location]) -> None:
    if files:
        statement = sql("warehouse/load_table").replace("{table}", table)
        con.execute(statement, {"files": [str(f) for f in files]})


def _load_raw_articles(
    con: duckdb.DuckDBPyConnection, raw: RawStage, files: list[Location]
) -> None:
    if files and raw.index_path.exists():
        con.execute(
            sql("warehouse/load_raw_articles"),
            {"files": [str(f) for f in files], "index": str(raw.index_path)},
        )


def _load_quarantine(con: duckdb.DuckDBPyConnection, store: StageStore, raw: RawStage) -> None:
    if raw.rejections_path.exists():
        _load(con, "quarantine", [raw.rejections_path])
    for source in QUARANTINE_SOURCES:
        _load(con, "quarantine", store.table(source.stage, source.shard).files())


def _load_entities(con: duckdb.DuckDBPyConnection, store: StageStore) -> None:
    catalog = catalog_path(store)
    if catalog.exists():
        con.execute(sql("warehouse/load_entities"), {"catalog": str(catalog)})
    con.execute(sql("warehouse/load_model_entities"))


def _finish(
    con: duckdb.DuckDBPyConnection,
    store: StageStore,
    current: str,
    patch: bool = False,
    words: int | None = None,
    stories: Future[StoryIndex] | None = None,
) -> Built:
    """Marts (patched in a copy, see `build_marts`; `stories`: the story index refreshed
    ahead), the publish record (`current`: the stages' fingerprint), row counts and drift
    counts (`words`: see `drift_counts`): the same last steps for a new file or a copy."""
    seconds = build_marts(con, store, patch, stories)
    con.execute(
        sql("warehouse/insert_meta"),
        {"published_at": datetime.now(UTC), "fingerprint": current},
    )
    tables = [r[0] for r in con.execute(sql("queries/base_tables")).fetchall()]
    rows = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}
    return Built(rows, {k: round(v, 3) for k, v in seconds.items()}, drift_counts(con, words))


def load_base_tables(con: duckdb.DuckDBPyConnection, store: StageStore, raw: RawStage) -> None:
    """Load raw_articles, quarantine and every sharded table from all their shards, on one
    thread: a parallel insert leaves a partial row group per thread, and DuckDB merges those
    (rewriting the whole table) at the first checkpoint after any change, so the first patch
    after a build rewrote all of `sentences` (commit 1.3-1.5 s, file +78 MB). One thread fills
    each row group before starting the next (a whole-corpus build took as long)."""
    con.execute("SET threads = 1")
    try:
        _load_raw_articles(con, raw, raw.records.files())
        _load_quarantine(con, store, raw)
        for source in SHARDED_TABLES:
            _load(con, source.table, store.table(source.stage, source.shard).files())
            crash_point("publish.table_loaded")
    finally:
        con.execute("RESET threads")


def build(store: StageStore, target: Path, current: str | None = None) -> Built:
    """Create every published table in a new DuckDB file at `target`."""
    raw = RawStage(store)
    con = duckdb.connect(str(target))
    storage.register(con, [store.shards])
    try:
        for name in ["raw_articles", "quarantine", "entities"] + [t.table for t in SHARDED_TABLES]:
            con.execute(ddl(name))
        load_base_tables(con, store, raw)
        _load_entities(con, store)
        for view in VIEWS:
            con.execute(sql(view))
        con.execute(ddl("marsad_meta"))
        built = _finish(con, store, current or stages_fingerprint(store))
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return built


@dataclass(frozen=True)
class PatchPlan:
    """What changed since the last publish: days whose shards were rewritten or removed (their
    articles' rows are replaced) and parts appended to other days (their rows are only added)."""

    days: set[date]
    appended: set[str]  # shard names under the stages folder
    catalogue: bool = False  # the entity catalogue changed: every entity row is reloaded

    def touched_days(self) -> int:
        return len(self.days | {d for name in self.appended if (d := shard_day(name))})


def patch(
    store: StageStore,
    target: Path,
    plan: PatchPlan,
    current: str | None = None,
    words: int | None = None,
    stories: Future[StoryIndex] | None = None,
) -> Built:
    """Bring `target`, a copy of the published file, in line with the shards: the rows of the
    articles of the publication days in `plan.days` are replaced (in every table, and their raw
    records), the rows of appended parts added; quarantine and entities are reloaded, and the
    marts patched for the articles whose rows, story or entities changed. One transaction.
    `words`: the published file's sentence word total (drift counts), brought up to date from
    the replaced and added sentences; None: counted over every sentence. `stories`: the story
    index's refresh, started ahead (else refreshed when the marts need it)."""
    raw = RawStage(store)
    wanted = sorted(plan.days)
    con = duckdb.connect(str(target))
    storage.register(con, [store.shards])
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(sql("warehouse/patch_scope"))
        words_before = _replace_days(con, store, raw, wanted) if wanted else 0
        for source in SHARDED_TABLES:
            table = store.table(source.stage, source.shard)
            for statement, params in _appended_rows(table, _appended(store, plan, table)):
                con.execute(sql(statement), params)
                con.execute(sql("warehouse/load_appended").replace("{table}", source.table))
                if source.table == "sentences" and words is not None:
                    words += con.execute(sql("warehouse/patch_words_appended")).fetchall()[0][0]
                if source.table == "articles":
                    con.execute(sql("warehouse/patch_appended_articles"))
        if words is not None and wanted:
            words += _words(con, "warehouse/patch_words") - words_before
        _load_raw_articles(con, raw, _appended(store, plan, raw.records))
        if raw.index_path.exists():
            con.execute(sql("warehouse/update_duplicates"), {"index": str(raw.index_path)})
        for table in ("quarantine", "marsad_meta"):
            con.execute(f"DELETE FROM {table}")
        _load_quarantine(con, store, raw)
        _patch_entities(con, store, plan.catalogue)
        built = _finish(con, store, current or stages_fingerprint(store), True, words, stories)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return built


def _patch_entities(con: duckdb.DuckDBPyConnection, store: StageStore, catalogue: bool) -> None:
    """Reload the entities the patched articles name (model-found names are named by their
    most frequent form over the whole corpus, which new articles can change), or all of them
    when the catalogue changed; the articles naming an entity whose row changed join the
    patch."""
    con.execute(sql("warehouse/patch_entities_of_articles"), {"all": catalogue})
    con.execute(sql("warehouse/patch_old_entities"))
    if catalogue:
        con.execute("DELETE FROM entities")
        _load_entities(con, store)
    else:
        con.execute(sql("warehouse/patch_delete_model_entities"))
        con.execute(sql("warehouse/load_model_entities"))
    con.execute(sql("warehouse/patch_changed_entities"))


def _replace_days(
    con: duckdb.DuckDBPyConnection, store: StageStore, raw: RawStage, days: list[date]
) -> int:
    """Delete the rows of the articles of `days` (and of their shards now) and load the days'
    shards again; returns the word total of the sentences deleted (see `drift_counts`)."""
    con.execute(sql("warehouse/changed_articles"), {"days": days})
    for source in SHARDED_TABLES:
        files = store.table(source.stage, source.shard).files(days)
        if files:
            con.execute(sql("warehouse/add_changed_articles"), {"files": [str(f) for f in files]})
    con.execute(sql("warehouse/patch_changed_articles"))
    con.execute(sql("warehouse/patch_days"))  # the days the replaced articles had
    words = _words(con, "warehouse/patch_words")
    for source in SHARDED_TABLES:
        con.execute(sql("warehouse/delete_changed_articles").replace("{table}", source.table))
        _load(con, source.table, store.table(source.stage, source.shard).files(days))
        crash_point("publish.table_loaded")
    con.execute(sql("warehouse/delete_raw_days"), {"days": days})
    _load_raw_articles(con, raw, raw.records.files(days))
    return words


def _words(con: duckdb.DuckDBPyConnection, statement: str) -> int:
    """A word count of `statement` (warehouse/patch_words: see `drift_counts`)."""
    return con.execute(sql(statement)).fetchall()[0][0]


def _appended_rows(table: ShardedTable, parts: list[Location]) -> list[tuple[str, dict]]:
    """The statements (and their parameters) that each fill `appended_rows` with some of the
    rows of `parts`, appended parts of `table`: from the feeds that hold them, then from the
    parts no feed holds (see `marsad.stages.feed`)."""
    feeds, names, rest = fed(table, parts)
    out = []
    if names:
        params = {"feeds": sorted(set(feeds)), "fed_files": feeds, "fed_parts": names}
        out.append(("warehouse/appended_from_feeds", params))
    if rest:
        out.append(("warehouse/appended_from_parts", {"files": [str(f) for f in rest]}))
    return out


def _appended(store: StageStore, plan: PatchPlan, table: ShardedTable) -> list[Location]:
    """The table's parts in `plan.appended`, by day and part (from the plan's names: listing a
    folder of thousands of shards per table cost more than the rest of a small patch's loads)."""
    prefix = store.relative(table.root).rstrip("/") + "/"
    names = sorted(n.removeprefix(prefix) for n in plan.appended if n.startswith(prefix))
    return [storage.join(table.root, name) for name in names if "/" not in name]


# Above this share of the shards' bytes rewritten, building a new file beats patching a copy:
# a patch deletes and reloads those rows, and the copy keeps the space they held (re-stamping
# every landing file, which changes each day's raw records only, patched all 330 days of the
# corpus in 32 s into a file twice the size; a build takes 16 s).
PATCH_MAX_CHANGED_SHARE = 0.25
# A patched copy keeps the space of the rows it replaced, and its small appends pack worse than
# a build: measured on the whole corpus, each +1% patch grew the file ~10 MB for ~3.5 MB of
# data. Past this multiple of what a build would give (the last build's size, scaled by how the
# shards grew since), the next publish builds a new file instead: the file stays bounded, and
# the build (16 s at 31.5k articles) comes about once every 15-20 such increments. Growth under
# the floor is let be: a patch allocates blocks per table however few its rows, so a small
# warehouse's patches can double it (11 -> 20 MB for 300 articles), and its build costs little.
MAX_PATCHED_GROWTH = 1.5
PATCHED_GROWTH_FLOOR = 64 * 2**20


def patch_plan(
    store: StageStore, warehouse: Path, marker: dict, stats: dict | None = None
) -> PatchPlan | None:
    """What changed since `warehouse` was published, when the file can be patched: it is the very
    file the last publish wrote (same size and mtime), built by the same SQL, and the change is
    small. None: build a new file."""
    stat = _file_stat(warehouse)
    if not _last_published(marker, warehouse, stat) or not isinstance(marker.get("files"), dict):
        return None
    before, now = marker["files"], published_stats(store) if stats is None else stats
    changed = {name for name in before.keys() | now.keys() if before.get(name) != now.get(name)}
    if any(shard_day(name) is None and not _whole_reload(name, store) for name in changed):
        return None
    # a part that was not there before only adds rows; any other change replaces its day
    added = {n for n in changed if before.get(n) is None and now.get(n) and part_number(n) > 0}
    days = {day for name in changed - added if (day := shard_day(name)) is not None}
    # what the patch deletes and loads again: every file of a replaced day (in all the stages,
    # not only the changed one), the added parts and the changed whole files
    rewritten = {n for n in now if shard_day(n) in days} | changed
    total = _shard_bytes(now) or 1
    if sum(now[n][0] for n in rewritten if now.get(n)) > PATCH_MAX_CHANGED_SHARE * total:
        return None
    build_size = _build_size(marker, total)
    if stat[0] > max(MAX_PATCHED_GROWTH * build_size, build_size + PATCHED_GROWTH_FLOOR):
        return None
    catalogue = store.relative(catalog_path(store)) in changed
    return PatchPlan(days, {n for n in added if shard_day(n) not in days}, catalogue)


def _last_published(marker: dict, warehouse: Path, stat: list[int] | None) -> bool:
    """Whether `warehouse` (its `stat`) is the very file the publish of `marker` wrote, built
    by the same SQL: the only file a patch may start from."""
    return (
        stat is not None
        and marker.get("warehouse") == str(warehouse)
        and marker.get("warehouse_stat") == stat
        and marker.get("shape") == build_shape()
    )


def _last_build(marker: dict) -> list[int]:
    """(file bytes, shard bytes) of the last build; for a marker from before they were kept, of
    the file it describes."""
    return marker.get("built") or [marker["warehouse_stat"][0], _shard_bytes(marker["files"])]


def _shard_bytes(stats: dict[str, list[int] | None]) -> int:
    """The bytes of the files `published_stats` lists."""
    return sum(v[0] for v in stats.values() if v)


def _build_size(marker: dict, shard_bytes: int) -> float:
    """What a build from shards of `shard_bytes` would weigh, scaled from the last build."""
    file_bytes, built_from = _last_build(marker)
    return file_bytes * max(1.0, shard_bytes / max(built_from, 1))


def _whole_reload(name: str, store: StageStore) -> bool:
    """Single files a patch reloads whole: the raw index and rejections, the entity catalogue."""
    raw = RawStage(store)
    whole = {raw.index_path, raw.rejections_path, catalog_path(store)}
    return name in {store.relative(p) for p in whole}


def _file_stat(path: Path) -> list[int] | None:
    if not path.exists():
        return None
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


@dataclass
class _Ahead:
    """A copy of the published file made while the stages compute (`copy_ahead`)."""

    target: Path  # the copy: a `.building` file beside the warehouse
    source: list[int]  # (size, mtime) of the published file it copies
    thread: threading.Thread
    failed: list[BaseException]  # what stopped the copy (publish then copies again)


def _copy(warehouse: Path, target: Path, failed: list[BaseException]) -> None:
    try:
        shutil.copyfile(warehouse, target)
        # on the disk now, on this thread: else the patch's checkpoint, which syncs the file,
        # waits for the whole copy to be written with its own few blocks (0.15-0.19 s against
        # 0.02 s after a small insert into a whole-corpus copy, measured on this VM)
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException as error:  # noqa: BLE001 - publish copies again
        failed.append(error)


_ahead: dict[str, _Ahead] = {}


def _building(warehouse: Path) -> Path:
    """A new temporary name beside `warehouse` for a file being built or patched (a crash's
    leftovers are deleted by the next run: `lock.remove_build_leftovers`)."""
    fd, tmp = tempfile.mkstemp(
        prefix=f".{warehouse.name}.", suffix=".building", dir=warehouse.parent
    )
    os.close(fd)
    return Path(tmp)


def copy_ahead(store: StageStore, warehouse: Path) -> None:
    """Start copying the published file in a thread when the coming publish will likely patch
    it: the copy (1.6-1.9 s of a +1% run on the whole corpus) then overlaps the stages instead
    of following them. `publish` takes it if the file is still the one copied, else copies
    again; `drop_ahead` deletes an unused one. Only for runs whose stages and publish share this
    process (`marsad run`, `marsad backfill`). Call while holding the warehouse lock."""
    stat = _file_stat(warehouse)
    marker = read_json(published_marker(store), {})
    if str(warehouse) in _ahead or not _last_published(marker, warehouse, stat):
        return
    target, failed = _building(warehouse), []
    thread = threading.Thread(
        target=_copy, args=(warehouse, target, failed), name="warehouse-copy", daemon=True
    )
    _ahead[str(warehouse)] = _Ahead(target, stat, thread, failed)
    thread.start()


def _take_ahead(warehouse: Path) -> Path | None:
    """The copy `copy_ahead` made of `warehouse`, if it finished and the file is unchanged."""
    ahead = _ahead.pop(str(warehouse), None)
    if ahead is None:
        return None
    ahead.thread.join()
    if ahead.failed or _file_stat(warehouse) != ahead.source:
        ahead.target.unlink(missing_ok=True)
        return None
    return ahead.target


def drop_ahead(warehouse: Path) -> None:
    """Delete the copy `copy_ahead` made of `warehouse` if no publish took it."""
    target = _take_ahead(warehouse)
    if target is not None:
        target.unlink(missing_ok=True)


def _swap(built: Path, warehouse: Path) -> threading.Thread | None:
    """Rename `built` over `warehouse`. The old file keeps a second name, deleted by the thread
    returned (join it): renaming over its last name freed its blocks inside the rename, 0.1 s
    of a +1% publish at 350 MB, now spent while the publish writes its marker. A crash leaves
    that name to `lock.remove_build_leftovers`."""
    retired = _building(warehouse)
    try:
        retired.unlink()
        os.link(warehouse, retired)
    except OSError:  # no published file yet, or no hard links here: a plain rename
        retired.unlink(missing_ok=True)
        os.replace(built, warehouse)
        return None
    os.replace(built, warehouse)
    retiring = threading.Thread(target=retired.unlink, name="warehouse-retire")
    retiring.start()
    return retiring


def publish(store: StageStore, warehouse: Path, force: bool = False) -> PublishResult:
    """Publish the warehouse unless it already reflects the current stage outputs: patch a copy of
    the published file when only some days changed (`patch_plan`), else build a new one; then
    swap it in. `force` always builds a new file."""
    marker_path = published_marker(store)
    marker = read_json(marker_path, {})
    stats = published_stats(store)  # once: every step below compares against the same files
    current = stages_fingerprint(store, stats)
    if not force and not publish_is_stale(store, warehouse, current):
        drop_ahead(warehouse)
        return PublishResult(False, current, marker.get("rows", {}), marker.get("drift", {}))
    check_no_foreign_wal(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    days = None if force else patch_plan(store, warehouse, marker, stats)
    started = time.perf_counter()
    if days is None:
        drop_ahead(warehouse)  # a build starts from nothing
        copied = None
    else:
        copied = _take_ahead(warehouse)
    tmp = str(copied or _building(warehouse))
    # a patch refreshes the story index on a thread while it loads the changed rows (polars
    # and DuckDB both let go of the interpreter): 0.9 s of a +1% run's 3.2 s publish ran after
    # the loads; a build keeps them in turn, its loads and a whole-corpus signing both large
    ahead = ThreadPoolExecutor(1, thread_name_prefix="story-index")
    try:
        if days is None:
            os.unlink(tmp)  # DuckDB must create the file itself
            built = build(store, Path(tmp), current)
        else:
            stories = ahead.submit(refresh, store)
            if copied is None:
                shutil.copyfile(warehouse, tmp)
            words = marker.get("drift", {}).get("words")
            built = patch(store, Path(tmp), days, current, words, stories)
        rows = built.rows
        crash_point("publish.built")
        check_no_foreign_wal(warehouse)
        retiring = _swap(Path(tmp), warehouse)
        crash_point("publish.swapped")
        mode = "full" if days is None else "incremental"
        record_last_run(
            store.root / "publish",
            time.perf_counter() - started,
            mode=mode,
            copied_ahead=copied is not None,
            days_patched=0 if days is None else days.touched_days(),
            marts_seconds=built.mart_seconds,
            **rows,
        )
    finally:
        ahead.shutdown()  # a failed patch still lets the refresh finish its own commit
        for leftover in (Path(tmp), Path(tmp + ".wal")):
            leftover.unlink(missing_ok=True)
    published = _file_stat(warehouse)
    write_json_atomic(
        {
            "fingerprint": current,
            "warehouse": str(warehouse),
            "warehouse_stat": published,
            "shape": build_shape(),
            # (file bytes, shard bytes) of the last build: how far patches grew the file since
            "built": [published[0], _shard_bytes(stats)] if days is None else _last_build(marker),
            "files": stats,
            "rows": rows,
            "drift": built.drift,
        },
        marker_path,
    )
    clear_feeds(store.table(s.stage, s.shard) for s in SHARDED_TABLES)  # all taken now
    if retiring is not None:
        retiring.join()
    touched = 0 if days is None else days.touched_days()
    return PublishResult(True, current, rows, built.drift, mode, touched)
