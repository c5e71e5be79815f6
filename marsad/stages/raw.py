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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from marsad.partitioning import partition_day
from marsad.schema import table_schema
from marsad.sources import published_date_hint, read_landing_file
from marsad.sources.identity import article_id
from marsad.stages.commit import Commit, crash_point
from marsad.stages.landing_guard import (
    DEFAULT_MAX_REMOVAL_SHARE,
    ENTRY_REASONS,
    LandingScan,
    check_removals,
    scan_landing,
    under,
)
from marsad.stages.progress import report
from marsad.stages.schema import REJECTION_SCHEMA, rejections_frame
from marsad.stages.state import StageState, fingerprint
from marsad.stages.store import StageStore, record_last_run

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
}
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
    rejected_now: int = 0  # rejects among the files and entries read by this run
    days_touched: list[date] = field(default_factory=list)


def list_landing(landing: Path) -> pl.DataFrame:
    """Every regular file below `landing` (hidden files and folders skipped), with size and mtime."""
    return scan_landing(landing).listing


def read_files(landing: Path, files: list[dict]) -> tuple[list[dict], list[dict]]:
    """Read landing files (source_file, file_bytes, mtime_ns) into record rows and rejection rows
    (runs in worker processes)."""
    records: list[dict] = []
    rejected: list[dict] = []
    for file in files:
        mtime_ns = file["mtime_ns"]
        found, rejections = read_landing_file(landing / file["source_file"], landing)
        rejected.extend(r.row(partition_day(None, mtime_ns)) for r in rejections)
        for rec in found:
            records.append(
                {
                    "record_key": f"{rec.source_file}#{rec.record_no}",
                    "article_id": article_id(rec),
                    "source_file": rec.source_file,
                    "record_no": rec.record_no,
                    "line_no": rec.line_no,
                    "file_bytes": file["file_bytes"],
                    "landed_at": datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC),
                    "encoding": rec.encoding,
                    "layout": rec.layout,
                    "partition_date": partition_day(published_date_hint(rec), mtime_ns),
                    "raw_text": rec.raw_text,
                    "field_map": rec.field_map,
                    "decode_errors": rec.decode_errors,
                    "controls_removed": rec.controls_removed,
                }
            )
    return records, rejected


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def read_files_parallel(
    landing: Path, files: list[dict], workers: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    records: list[dict] = []
    rejected: list[dict] = []
    report(STAGE, 0, len(files), "files")
    if workers > 1 and len(files) > 200:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunks = _chunks(files, 250)
            futures = [pool.submit(read_files, landing, chunk) for chunk in chunks]
            done = 0
            for chunk, future in zip(chunks, futures, strict=True):
                recs, rejs = future.result()
                records.extend(recs)
                rejected.extend(rejs)
                done += len(chunk)
                report(STAGE, done, len(files), "files")
    else:
        records, rejected = read_files(landing, files)
        report(STAGE, len(files), len(files), "files")
    return (
        pl.DataFrame(records, schema=RECORD_SCHEMA),
        pl.DataFrame(rejected, schema=REJECTION_SCHEMA),
    )


class RawStage:
    """The raw stage's files under `<stages>/raw/`."""

    def __init__(self, store: StageStore) -> None:
        self.records = store.table(STAGE, "records")
        self.manifest_path = store.file(STAGE, "manifest.parquet")
        self.rejections_path = store.file(STAGE, "rejections.parquet")
        self.index_path = store.file(STAGE, "index.parquet")
        self.state = StageState(store.root / STAGE)

    def manifest(self) -> pl.DataFrame:
        if self.manifest_path.exists():
            return pl.read_parquet(self.manifest_path)
        return pl.DataFrame(schema=MANIFEST_SCHEMA)

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


def day_fingerprints(index: pl.DataFrame) -> dict[date, str]:
    out: dict[date, str] = {}
    for (day,), group in index.sort("record_key").group_by("partition_date", maintain_order=True):
        rows = group.select("record_key", "article_id", "duplicate_of").rows()
        out[day] = fingerprint(RAW_VERSION, rows)
    return out


def ingest(
    landing: Path,
    store: StageStore,
    workers: int = 1,
    max_removal_share: float = DEFAULT_MAX_REMOVAL_SHARE,
    allow_removals: bool = False,
) -> IngestSummary:
    """Bring the raw stage in line with the landing folder; returns what it did.

    Raises LandingMissing (landing folder missing or unreadable) or MassRemoval (more than
    `max_removal_share` of the articles would go) before changing anything. Every file it writes
    is committed at once (`marsad.stages.commit`), so a crash leaves the stage as it was or complete."""
    started = time.perf_counter()
    summary = _ingest(landing, store, workers, max_removal_share, allow_removals)
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


def _ingest(
    landing: Path, store: StageStore, workers: int, max_removal_share: float, allow_removals: bool
) -> IngestSummary:
    stage = RawStage(store)
    summary = IngestSummary()
    scan = scan_landing(landing)
    old = stage.manifest()
    # files under a folder that cannot be listed now keep their earlier records, unchanged
    kept_unseen = old.filter(under(scan.unreadable_dirs)).select(scan.listing.columns)
    listing = pl.concat([scan.listing, kept_unseen]).sort("source_file")
    summary.files_seen = listing.height
    entries = _entry_rows(scan)
    old_rejections = stage.rejections()
    old_entries = old_rejections.filter(
        pl.col("reason").is_in(sorted(str(r) for r in ENTRY_REASONS))
    )
    entries_changed = not entries.sort("source_file").equals(old_entries.sort("source_file"))
    joined = listing.join(old, on="source_file", how="left", suffix="_old")
    to_read = joined.filter(
        pl.col("file_bytes_old").is_null()
        | (pl.col("file_bytes_old") != pl.col("file_bytes"))
        | (pl.col("mtime_ns_old") != pl.col("mtime_ns"))
    )
    removed = old.join(listing, on="source_file", how="anti")
    summary.files_read, summary.files_removed = to_read.height, removed.height
    if (
        to_read.height == 0
        and removed.height == 0
        and not entries_changed
        and stage.index_path.exists()
    ):
        return summary

    gone = set(to_read["source_file"]) | set(removed["source_file"])
    old_days = {
        d
        for days in old.filter(pl.col("source_file").is_in(list(gone)))["days"].to_list()
        for d in days or []
    }
    records, rejected = read_files_parallel(
        landing, to_read.select("source_file", "file_bytes", "mtime_ns").to_dicts(), workers
    )
    summary.records_read = records.height

    new_by_day = {d: g for (d,), g in records.group_by("partition_date")}
    touched = sorted(old_days | set(new_by_day))
    frames: dict[date, pl.DataFrame | None] = {}
    for day in touched:
        kept = stage.records.read([day])
        parts = []
        if kept is not None:
            parts.append(kept.filter(~pl.col("source_file").is_in(list(gone))))
        if day in new_by_day:
            parts.append(new_by_day[day])
        frames[day] = (
            pl.concat(parts, how="diagonal_relaxed").sort(["source_file", "record_no"])
            if parts
            else None
        )
    summary.days_touched = touched

    rejections = pl.concat(
        [
            old_rejections.filter(
                ~pl.col("source_file").is_in(list(gone))
                & ~pl.col("reason").is_in(sorted(str(r) for r in ENTRY_REASONS))
            ),
            rejected,
            entries,
        ]
    ).sort(["source_file", "record_no", "reason"], nulls_last=False)
    summary.rejections = rejections.height
    summary.rejected_now = rejected.height + entries.height

    file_days = records.group_by("source_file").agg(
        pl.col("partition_date").unique().sort().alias("days")
    )
    manifest = pl.concat(
        [
            old.join(removed, on="source_file", how="anti").filter(
                ~pl.col("source_file").is_in(to_read["source_file"].to_list())
            ),
            to_read.select("source_file", "file_bytes", "mtime_ns")
            .join(file_days, on="source_file", how="left")
            .select(list(MANIFEST_SCHEMA)),
        ]
    ).sort("source_file")

    untouched = [d for d in stage.records.days() if d not in set(touched)]
    parts = [f.select(INDEX_COLUMNS) for f in frames.values() if f is not None]
    if untouched:
        parts.append(stage.records.read(untouched, columns=INDEX_COLUMNS))
    all_records = pl.concat(parts) if parts else records.select(INDEX_COLUMNS)
    index = build_index(all_records)
    canonical = stage.index().filter(pl.col("duplicate_of").is_null())
    check_removals(canonical, index, max_removal_share, allow_removals)

    commit = Commit(store.root / STAGE, "ingest")
    for day in touched:
        commit.parquet(frames[day], stage.records.path_for(day))
        crash_point("raw.shard_written")
    commit.parquet(rejections, stage.rejections_path, keep_empty=True)
    commit.parquet(index, stage.index_path, keep_empty=True)
    commit.json(
        {d.isoformat(): fp for d, fp in sorted(day_fingerprints(index).items())},
        stage.state.path,
    )
    commit.parquet(manifest, stage.manifest_path, keep_empty=True)
    commit.apply()
    return summary
