"""The raw stage: scan the landing folder, read new or changed files, shard records by day.

Incremental by file: a file whose size and modification time are unchanged is not read again.
Records are stored per publication day (`raw/records/<day>.parquet`); a changed or removed
file's old records are dropped from their days before its new ones are added, so re-reading a
file (after a crash, or twice) never duplicates anything. Duplicates (the same article_id landed
more than once) are kept and marked in `raw/index.parquet`: the first landed copy is canonical,
the others point at it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path

import polars as pl

from marsad.partitioning import partition_day
from marsad.records import RawRecord
from marsad.schema import table_schema
from marsad.sources import parquet_table, published_date_hint
from marsad.sources.identity import article_id
from marsad.sources.reader import BATCH_ROWS, iter_landing_file
from marsad.stages.commit import Commit, crash_point
from marsad.stages.landing_guard import (
    DEFAULT_MAX_REMOVAL_SHARE,
    ENTRY_REASONS,
    LandingScan,
    check_removals,
    hand_over,
    scan_landing,
    under,
)
from marsad.stages.progress import report
from marsad.stages.runner import pool_min_articles, start_worker_server
from marsad.stages.schema import REJECTION_SCHEMA, rejections_frame
from marsad.stages.state import StageState, fingerprint
from marsad.stages.storage import Location
from marsad.stages.store import MAX_PARTS, ShardedTable, StageStore, part_number, record_last_run

STAGE = "raw"
RAW_VERSION = "raw-1"

RAW_ARTICLES_SCHEMA = table_schema("raw/raw_articles")
# duplicate_of is decided over all days at once, so it is kept in the index, not in the records
INDEX_ONLY_COLUMNS = ["duplicate_of"]
RECORD_SCHEMA = {
    name: dtype for name, dtype in RAW_ARTICLES_SCHEMA.items() if name not in INDEX_ONLY_COLUMNS
}
MANIFEST_SCHEMA = {
    "source_file": pl.String,
    "file_bytes": pl.Int64,
    "mtime_ns": pl.Int64,
    "days": pl.List(pl.Date),
    "fields_hash": pl.String,  # the applying `_fields.toml`'s hash (see landing_guard.LISTING_SCHEMA)
}
SPILL_DIR = "_spill"
INDEX_COLUMNS = [
    "record_key",
    "article_id",
    "source_file",
    "record_no",
    "landed_at",
    "partition_date",
]


@dataclass
class IngestSummary:
    files_seen: int = 0
    files_read: int = 0
    files_removed: int = 0
    records_read: int = 0
    rejections: int = 0
    batches: int = 0  # record batches read (each at most `batch_rows` records in memory)
    rejected_now: int = 0  # rejects among the files and entries read by this run
    days_touched: list[date] = field(default_factory=list)


def list_landing(landing: Path) -> pl.DataFrame:
    """Every regular file below `landing` (hidden files and folders skipped), with size and mtime."""
    return scan_landing(landing).listing


def _record_row(rec: RawRecord, file: dict) -> dict:
    return {
        "record_key": f"{rec.source_file}#{rec.record_no}",
        "article_id": article_id(rec),
        "source_file": rec.source_file,
        "record_no": rec.record_no,
        "line_no": rec.line_no,
        "file_bytes": file["file_bytes"],
        "landed_at": datetime.fromtimestamp(file["mtime_ns"] / 1e9, tz=UTC),
        "encoding": rec.encoding,
        "layout": rec.layout,
        "partition_date": partition_day(published_date_hint(rec), file["mtime_ns"]),
        "raw_text": rec.raw_text,
        "field_map": rec.field_map,
        "decode_errors": rec.decode_errors,
        "controls_removed": rec.controls_removed,
    }


def read_files(
    landing: Path, files: list[dict], batch_rows: int = BATCH_ROWS
) -> Iterator[tuple[list[dict], list[dict]]]:
    """Record rows and rejection rows of landing files (source_file, file_bytes, mtime_ns), in
    batches of about `batch_rows` records; a Parquet file of any size streams through."""
    records: list[dict] = []
    rejected: list[dict] = []
    for file in files:
        day = partition_day(None, file["mtime_ns"])
        for found, rejections in iter_landing_file(
            landing / file["source_file"], landing, batch_rows
        ):
            rejected.extend(r.row(day) for r in rejections)
            records.extend(_record_row(rec, file) for rec in found)
            if len(records) >= batch_rows:
                yield records, rejected
                records, rejected = [], []
    if records or rejected:
        yield records, rejected


def _read_chunk(landing: Path, files: list[dict], batch_rows: int) -> tuple[list[dict], list[dict]]:
    """All rows of a chunk of small files (runs in a worker process)."""
    records: list[dict] = []
    rejected: list[dict] = []
    for found, rejections in read_files(landing, files, batch_rows):
        records.extend(found)
        rejected.extend(rejections)
    return records, rejected


CHUNK_FILES = 250  # small landing files a reader process takes at a time


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _frames(records: list[dict], rejected: list[dict]) -> tuple[pl.DataFrame, pl.DataFrame]:
    return (
        pl.DataFrame(records, schema=RECORD_SCHEMA),
        pl.DataFrame(rejected, schema=REJECTION_SCHEMA),
    )


def read_batches(
    landing: Path, files: list[dict], workers: int, batch_rows: int = BATCH_ROWS
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """(records, rejections) frames, a batch at a time: chunks of small files read by worker
    processes (at most two chunks per worker in flight), Parquet files streamed here."""
    streamed = [f for f in files if f["source_file"].lower().endswith(parquet_table.SUFFIXES)]
    small = [f for f in files if not f["source_file"].lower().endswith(parquet_table.SUFFIXES)]
    report(STAGE, 0, len(files), "files")
    done = 0
    if workers > 1 and len(small) > 200:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # at most CHUNK_FILES a task; fewer, so a few hundred files are shared out evenly
            # (316 went as 250 + 66: one worker read four files in five)
            size = min(CHUNK_FILES, -(-len(small) // (2 * workers)))
            chunks = iter(_chunks(small, size))
            pending = deque(
                (len(chunk), pool.submit(_read_chunk, landing, chunk, batch_rows))
                for chunk in islice(chunks, 2 * workers)
            )
            records: list[dict] = []
            rejected: list[dict] = []
            while pending:
                size, future = pending.popleft()
                found, rejections = future.result()
                records.extend(found)
                rejected.extend(rejections)
                done += size
                report(STAGE, done, len(files), "files")
                chunk = next(chunks, None)
                if chunk is not None:
                    pending.append(
                        (len(chunk), pool.submit(_read_chunk, landing, chunk, batch_rows))
                    )
                if len(records) >= batch_rows:  # chunks gathered into batches: few parked parts
                    yield _frames(records, rejected)
                    records, rejected = [], []
            if records or rejected:
                yield _frames(records, rejected)
        small = []
    for records, rejected in read_files(landing, small + streamed, batch_rows):
        yield _frames(records, rejected)
    report(STAGE, len(files), len(files), "files")


# New records a run holds in memory per day before it parks further batches on disk: an
# increment's few hundred records (a few MB) never touch the disk (writing and reading back its
# ~170 day parts cost a +1% run ~1 s), while a first ingest of a large landing stays bounded.
SPILL_MEMORY_BYTES = 64 * 2**20


class _Spill:
    """New records parked per day while a run reads: in memory up to `memory_bytes`, then on
    disk, so memory holds one batch at a time beyond that; the files are temporaries (`.*.tmp`),
    removed after the commit or by `recover`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.parts: dict[date, list[Path | pl.DataFrame]] = {}
        self.room = SPILL_MEMORY_BYTES

    def add(self, day: date, frame: pl.DataFrame) -> None:
        size = frame.estimated_size()
        parts = self.parts.setdefault(day, [])
        if size <= self.room:
            self.room -= size
            parts.append(frame)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f".{day.isoformat()}.{len(parts)}.parquet.tmp"
        frame.write_parquet(path, compression="zstd", compression_level=1)
        parts.append(path)

    def read(self, day: date) -> pl.DataFrame | None:
        parts = self.parts.get(day)
        if not parts:
            return None
        return pl.concat([p if isinstance(p, pl.DataFrame) else pl.read_parquet(p) for p in parts])

    def on_disk(self) -> int:
        return sum(isinstance(p, Path) for parts in self.parts.values() for p in parts)

    def remove(self) -> None:
        for parts in self.parts.values():
            for part in parts:
                if isinstance(part, Path):
                    part.unlink(missing_ok=True)
        self.parts.clear()
        if self.folder.exists() and not any(self.folder.iterdir()):
            self.folder.rmdir()


class RawStage:
    """The raw stage's files under `<stages>/raw/`."""

    def __init__(self, store: StageStore) -> None:
        self.records = store.table(STAGE, "records")
        self.manifest_path = store.file(STAGE, "manifest.parquet")
        self.rejections_path = store.file(STAGE, "rejections.parquet")
        self.index_path = store.file(STAGE, "index.parquet")
        self.state = StageState(store.root / STAGE)

    def manifest(self) -> pl.DataFrame:
        if not self.manifest_path.exists():
            return pl.DataFrame(schema=MANIFEST_SCHEMA)
        manifest = pl.read_parquet(self.manifest_path)
        if "fields_hash" not in manifest.columns:  # written before mappings were fingerprinted
            manifest = manifest.with_columns(pl.lit(None, dtype=pl.String).alias("fields_hash"))
        return manifest

    def rejections(self) -> pl.DataFrame:
        if self.rejections_path.exists():
            return pl.read_parquet(self.rejections_path)
        return pl.DataFrame(schema=REJECTION_SCHEMA)

    def index(self) -> pl.DataFrame:
        """record_key, article_id, source_file, record_no, partition_date, duplicate_of."""
        if self.index_path.exists():
            return pl.read_parquet(self.index_path)
        return pl.DataFrame(
            schema={c: RAW_ARTICLES_SCHEMA[c] for c in INDEX_COLUMNS + INDEX_ONLY_COLUMNS}
        )


PART_DAY = "_part_day"
APPEND_BYTES = 64 << 20  # new records held for one grouped write of day parts


class _Parts:
    """New parts of days, written together (one grouped write per `APPEND_BYTES` of records,
    see `storage.write_parquet_groups`) instead of a file write each."""

    def __init__(self, shards: ShardedTable, commit: Commit) -> None:
        self.shards, self.commit = shards, commit
        self.frames: list[pl.DataFrame] = []
        self.targets: dict[date, Location] = {}
        self.size = 0

    def add(self, day: date, part: int, frame: pl.DataFrame) -> None:
        self.frames.append(frame.with_columns(pl.lit(day).alias(PART_DAY)))
        self.targets[day] = self.shards.part_for(day, part)
        self.size += frame.estimated_size()
        if self.size >= APPEND_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.frames:
            frame = pl.concat(self.frames, how="diagonal_relaxed")
            self.commit.parquet_groups(frame, PART_DAY, self.targets, statistics=False)
            crash_point("raw.shard_written")
        self.frames, self.targets, self.size = [], {}, 0


def _write_day(
    shards: ShardedTable,
    day: date,
    new: pl.DataFrame | None,
    gone: list[str],
    commit: Commit,
    parts: _Parts,
    may_lose: bool = True,
) -> None:
    """Add a day's new records: as a new part (to `parts`) when none of its records left with a
    removed or changed file (nothing to take out), else by rewriting the day's shards as one.
    `may_lose` False: the manifest says no removed or changed file had records on the day, so
    its shards are not read to find out."""
    files = shards.day_files(day)
    held = shards.read([day], columns=["source_file"]) if files and may_lose else None
    nothing_gone = held is None or not held["source_file"].is_in(gone).any()
    part = 1 + max((part_number(str(f)) for f in files), default=0)
    if files and nothing_gone and part <= MAX_PARTS:
        if new is not None and new.height:
            parts.add(day, part, new.sort(["source_file", "record_no"]))
        return
    kept = shards.read([day]) if files else None
    day_parts = [] if kept is None else [kept.filter(~pl.col("source_file").is_in(gone))]
    if new is not None:
        day_parts.append(new)
    frame = (
        pl.concat(day_parts, how="diagonal_relaxed").sort(["source_file", "record_no"])
        if day_parts
        else None
    )
    for old in files:
        if str(old) != str(shards.path_for(day)):
            commit.delete(old)
    commit.parquet(frame, shards.path_for(day), statistics=False)  # shards are read whole
    crash_point("raw.shard_written")


def build_index(records: pl.DataFrame) -> pl.DataFrame:
    """Mark duplicates: the first landed record of each article_id is canonical (ties: by file,
    then position), so a later copy never displaces the article analysts already have."""
    ordered = records.select(INDEX_COLUMNS).sort(["landed_at", "source_file", "record_no"])
    first = ordered.group_by("article_id", maintain_order=True).agg(
        pl.col("record_key").first().alias("canonical")
    )
    return (
        ordered.join(first, on="article_id", how="left")
        .with_columns(
            pl.when(pl.col("canonical") == pl.col("record_key"))
            .then(None)
            .otherwise(pl.col("canonical"))
            .alias("duplicate_of")
        )
        .drop("canonical")
    )


def day_fingerprints(
    index: pl.DataFrame, before: pl.DataFrame | None = None, known: dict[date, str] | None = None
) -> dict[date, str]:
    """Each day's fingerprint of its records (key, article, duplicate mark). Given the index
    `before` this change and the fingerprints `known` it had, only the days whose rows differ
    are hashed again (all of them cost a +1% ingest 0.2 s); the others keep theirs if one of
    them, hashed again, still gives its known fingerprint (else every day is hashed)."""
    days, known = set(index["partition_date"].to_list()), known or {}
    changed = days
    if before is not None and known:
        new, old = index.select(_FINGERPRINTED), before.select(_FINGERPRINTED)
        differ = pl.concat(
            [
                new.join(old, on=_FINGERPRINTED, how="anti", nulls_equal=True),
                old.join(new, on=_FINGERPRINTED, how="anti", nulls_equal=True),
            ]
        )
        changed = set(differ["partition_date"].to_list()) | {d for d in days if d not in known}
    kept = sorted(days - changed)
    if kept and _fingerprints(index, [kept[0]]) != {kept[0]: known[kept[0]]}:
        changed, kept = days, []
    return {**{day: known[day] for day in kept}, **_fingerprints(index, sorted(changed))}


_FINGERPRINTED = ["partition_date", "record_key", "article_id", "duplicate_of"]


def _fingerprints(index: pl.DataFrame, days: list[date]) -> dict[date, str]:
    out: dict[date, str] = {}
    rows = index.filter(pl.col("partition_date").is_in(days)).sort("record_key")
    for (day,), group in rows.group_by("partition_date", maintain_order=True):
        out[day] = fingerprint(RAW_VERSION, group.select(_FINGERPRINTED[1:]).rows())
    return out


def ingest(
    landing: Path,
    store: StageStore,
    workers: int = 1,
    max_removal_share: float = DEFAULT_MAX_REMOVAL_SHARE,
    allow_removals: bool = False,
    batch_rows: int = BATCH_ROWS,
) -> IngestSummary:
    """Bring the raw stage in line with the landing folder; returns what it did.

    Files are read `batch_rows` records at a time (a Parquet file row group by row group), each
    batch parked per day on disk, so memory holds one batch or one day, not the whole input.

    Raises LandingMissing (landing folder missing or unreadable) or MassRemoval (more than
    `max_removal_share` of the articles would go) before changing anything. Every file it writes
    is committed at once (`marsad.stages.commit`), so a crash leaves the stage as it was or complete."""
    started = time.perf_counter()
    summary = _ingest(landing, store, workers, max_removal_share, allow_removals, batch_rows)
    record_last_run(
        store.root / STAGE,
        time.perf_counter() - started,
        files_read=summary.files_read,
        records=summary.records_read,
        quarantined=summary.rejected_now,
    )
    return summary


def _entry_rows(scan: LandingScan) -> pl.DataFrame:
    return rejections_frame(scan.rejections, None)


@dataclass
class LandingChanges:
    """The landing folder against the raw stage's manifest: what to read, what went away."""

    stage: RawStage
    old: pl.DataFrame  # the manifest
    listing: pl.DataFrame  # the files there now (and those under folders that cannot be listed)
    entries: pl.DataFrame  # rejections of landing entries (unreadable folders, links out, ...)
    old_rejections: pl.DataFrame
    to_read: pl.DataFrame  # new or changed files
    removed: pl.DataFrame  # files the manifest has and the landing has not

    def none(self) -> bool:
        old_entries = self.old_rejections.filter(
            pl.col("reason").is_in(sorted(str(r) for r in ENTRY_REASONS))
        )
        entries_changed = not self.entries.sort("source_file").equals(
            old_entries.sort("source_file")
        )
        return (
            self.to_read.height == 0
            and self.removed.height == 0
            and not entries_changed
            and self.stage.index_path.exists()
            and self.old["fields_hash"].is_not_null().all()
        )


def landing_changes(landing: Path, stage: RawStage, reuse: bool = False) -> LandingChanges:
    """What the landing holds against the manifest (`reuse`: from a scan handed over)."""
    return _changes(scan_landing(landing, reuse), stage)


def _changes(scan: LandingScan, stage: RawStage) -> LandingChanges:
    old = stage.manifest()
    # files under a folder that cannot be listed now keep their earlier records, unchanged
    kept_unseen = old.filter(under(scan.unreadable_dirs)).select(scan.listing.columns)
    listing = pl.concat([scan.listing, kept_unseen]).sort("source_file")
    joined = listing.join(old, on="source_file", how="left", suffix="_old")
    to_read = joined.filter(
        pl.col("file_bytes_old").is_null()
        | (pl.col("file_bytes_old") != pl.col("file_bytes"))
        | (pl.col("mtime_ns_old") != pl.col("mtime_ns"))
        # an edited `_fields.toml` re-reads its folder (a manifest from before keeps its files)
        | (
            pl.col("fields_hash_old").is_not_null()
            & (pl.col("fields_hash_old") != pl.col("fields_hash"))
        )
    )
    removed = old.join(listing, on="source_file", how="anti")
    return LandingChanges(
        stage, old, listing, _entry_rows(scan), stage.rejections(), to_read, removed
    )


def landing_unchanged(
    landing: Path, store: StageStore, hand_on: bool = False, pools: bool = False
) -> bool:
    """Whether an ingest would find nothing new, changed or removed in `landing`; `hand_on`:
    when there is something, leave the scan for the ingest that follows in this process.
    `pools`: the run will use worker pools; when the change is large enough to need them,
    their server starts now, so its imports overlap Dagster's instead of delaying the first
    stage after raw."""
    scan = scan_landing(landing)
    changes = _changes(scan, RawStage(store))
    unchanged = changes.none()
    if hand_on and not unchanged:
        hand_over(landing, scan)
        if pools and changes.to_read.height >= pool_min_articles():
            start_worker_server(store)
    return unchanged


def _ingest(
    landing: Path,
    store: StageStore,
    workers: int,
    max_removal_share: float,
    allow_removals: bool,
    batch_rows: int,
) -> IngestSummary:
    stage = RawStage(store)
    summary = IngestSummary()
    changes = landing_changes(landing, stage, reuse=True)
    old, listing, entries = changes.old, changes.listing, changes.entries
    to_read, removed, old_rejections = changes.to_read, changes.removed, changes.old_rejections
    summary.files_seen = listing.height
    summary.files_read, summary.files_removed = to_read.height, removed.height
    if changes.none():
        return summary
    if workers > 1 and to_read.height >= pool_min_articles():
        start_worker_server(store)  # the stages after this one will need pools: warm them meanwhile

    gone = set(to_read["source_file"]) | set(removed["source_file"])
    old_days = {
        d
        for days in old.filter(pl.col("source_file").is_in(list(gone)))["days"].to_list()
        for d in days or []
    }
    spill = _Spill(store.root / STAGE / SPILL_DIR)
    try:
        return _ingest_batches(
            landing, stage, summary, workers, batch_rows, spill, gone, old_days, to_read, removed,
            old.drop("fields_hash").join(
                listing.select("source_file", "fields_hash"), on="source_file", how="left"
            ),
            old_rejections, entries, max_removal_share, allow_removals,
        )  # fmt: skip
    finally:
        spill.remove()


def _ingest_batches(
    landing: Path,
    stage: RawStage,
    summary: IngestSummary,
    workers: int,
    batch_rows: int,
    spill: _Spill,
    gone: set[str],
    old_days: set[date],
    to_read: pl.DataFrame,
    removed: pl.DataFrame,
    old: pl.DataFrame,
    old_rejections: pl.DataFrame,
    entries: pl.DataFrame,
    max_removal_share: float,
    allow_removals: bool,
) -> IngestSummary:
    """Read the files batch by batch (each batch's records parked per day in `spill`), then
    write every touched day, one day in memory at a time, under one commit."""
    new_index: list[pl.DataFrame] = []
    file_days: list[pl.DataFrame] = []
    rejected_parts: list[pl.DataFrame] = []
    files = to_read.select("source_file", "file_bytes", "mtime_ns").to_dicts()
    for records, rejected in read_batches(landing, files, workers, batch_rows):
        summary.batches += 1
        summary.records_read += records.height
        new_index.append(records.select(INDEX_COLUMNS))
        file_days.append(records.select("source_file", "partition_date").unique())
        rejected_parts.append(rejected)
        for (day,), group in records.group_by("partition_date"):
            spill.add(day, group)
        del records

    touched = sorted(old_days | set(spill.parts))
    summary.days_touched = touched
    gone_list = sorted(gone)

    rejections = pl.concat(
        [
            old_rejections.filter(
                ~pl.col("source_file").is_in(gone_list)
                & ~pl.col("reason").is_in(sorted(str(r) for r in ENTRY_REASONS))
            ),
            *rejected_parts,
            entries,
        ]
    ).sort(["source_file", "record_no", "reason"], nulls_last=False)
    summary.rejections = rejections.height
    summary.rejected_now = sum(part.height for part in rejected_parts) + entries.height

    read_days = (
        pl.concat(file_days)
        .group_by("source_file")
        .agg(pl.col("partition_date").unique().sort().alias("days"))
        if file_days
        else pl.DataFrame(schema={"source_file": pl.String, "days": pl.List(pl.Date)})
    )
    manifest = pl.concat(
        [
            old.join(removed, on="source_file", how="anti").filter(
                ~pl.col("source_file").is_in(to_read["source_file"].to_list())
            ),
            to_read.select("source_file", "file_bytes", "mtime_ns", "fields_hash")
            .join(read_days, on="source_file", how="left")
            .select(list(MANIFEST_SCHEMA)),
        ]
    ).sort("source_file")

    parts = list(new_index)
    before = stage.index()
    if stage.index_path.exists():  # committed with the shards: their records' index columns
        parts.append(before.select(INDEX_COLUMNS).filter(~pl.col("source_file").is_in(gone_list)))
    else:
        kept_index = stage.records.read(touched, columns=INDEX_COLUMNS)
        if kept_index is not None:
            parts.append(kept_index.filter(~pl.col("source_file").is_in(gone_list)))
        untouched = [d for d in stage.records.days() if d not in set(touched)]
        if untouched:
            parts.append(stage.records.read(untouched, columns=INDEX_COLUMNS))
    all_records = (
        pl.concat(parts)
        if parts
        else pl.DataFrame(schema={c: RECORD_SCHEMA[c] for c in INDEX_COLUMNS})
    )
    index = build_index(all_records)
    canonical = before.filter(pl.col("duplicate_of").is_null())
    check_removals(canonical, index, max_removal_share, allow_removals)

    commit = Commit(stage.state.path.parent, "ingest")
    try:
        parts = _Parts(stage.records, commit)
        for day in touched:
            _write_day(
                stage.records, day, spill.read(day), gone_list, commit, parts, day in old_days
            )
        parts.flush()
        commit.parquet(rejections, stage.rejections_path, keep_empty=True)
        commit.parquet(index, stage.index_path, keep_empty=True)
        commit.json(
            {
                d.isoformat(): fp
                for d, fp in sorted(day_fingerprints(index, before, stage.state.load()).items())
            },
            stage.state.path,
        )
        commit.parquet(manifest, stage.manifest_path, keep_empty=True)
    except BaseException:
        commit.abort()
        raise
    commit.apply()
    return summary
