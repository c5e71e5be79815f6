"""Publish the warehouse: build a complete DuckDB file from the stage shards, then swap it in.

DuckDB allows one writer per file, and an analyst's open connection blocks writers. So runs never
write the file analysts open: the warehouse is built under a temporary name in the same folder
and renamed over the old one with `os.replace`. A reader with the old file open keeps reading
the old, complete snapshot; the next connection sees the new one; a crash leaves the old file.

Whether to publish is decided from what the stages hold: the fingerprint covers every stage's
state and the identity (size, mtime) of every file the warehouse is loaded from, so any rewrite
of a shard (a `--full` run, a backfill, a touched landing file) republishes, and a no-op run
does not. A write-ahead log beside the warehouse means someone wrote into the published file; the
publish then stops (`ForeignWal`) rather than replace the file and lose those writes.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from marsad.sql import sql
from marsad.stages.catalog import catalog_path
from marsad.stages.commit import crash_point
from marsad.stages.marts import build_marts
from marsad.stages.pipeline import QUARANTINE_SOURCES, SHARDED_TABLES, VIEWS, ddl
from marsad.stages.plan import publish_is_stale, published_marker, stages_fingerprint
from marsad.stages.raw import RawStage
from marsad.stages.store import StageStore, read_json, record_last_run, write_json_atomic


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


def remove_build_leftovers(warehouse: Path) -> int:
    """Delete half-built warehouses a crashed publish left (`.<name>.*.building` and WALs).
    Call only while holding the warehouse lock."""
    removed = 0
    if warehouse.parent.is_dir():
        for leftover in warehouse.parent.glob(f".{warehouse.name}.*.building*"):
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed


@dataclass
class PublishResult:
    published: bool
    fingerprint: str
    rows: dict[str, int] = field(default_factory=dict)


def _load(con: duckdb.DuckDBPyConnection, table: str, files: list[Path]) -> None:
    if files:
        statement = sql("warehouse/load_table").replace("{table}", table)
        con.execute(statement, {"files": [str(f) for f in files]})


def build(store: StageStore, target: Path) -> dict[str, int]:
    """Create every published table in a new DuckDB file at `target`; returns row counts."""
    raw = RawStage(store)
    con = duckdb.connect(str(target))
    try:
        for name in ["raw_articles", "quarantine", "entities"] + [t.table for t in SHARDED_TABLES]:
            con.execute(ddl(name))
        raw_files = raw.records.files()
        if raw_files and raw.index_path.exists():
            con.execute(
                sql("warehouse/load_raw_articles"),
                {"files": [str(f) for f in raw_files], "index": str(raw.index_path)},
            )
        if raw.rejections_path.exists():
            _load(con, "quarantine", [raw.rejections_path])
        for source in QUARANTINE_SOURCES:
            _load(con, "quarantine", store.table(source.stage, source.shard).files())
        for source in SHARDED_TABLES:
            _load(con, source.table, store.table(source.stage, source.shard).files())
            crash_point("publish.table_loaded")
        catalog = catalog_path(store)
        if catalog.exists():
            con.execute(sql("warehouse/load_entities"), {"catalog": str(catalog)})
        con.execute(sql("warehouse/load_model_entities"))
        for view in VIEWS:
            con.execute(sql(view))
        build_marts(con, store)
        con.execute(ddl("marsad_meta"))
        con.execute(
            sql("warehouse/insert_meta"),
            {"published_at": datetime.now(UTC), "fingerprint": stages_fingerprint(store)},
        )
        tables = [r[0] for r in con.execute(sql("queries/base_tables")).fetchall()]
        rows = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return rows


def publish(store: StageStore, warehouse: Path, force: bool = False) -> PublishResult:
    """Rebuild and swap in the warehouse unless it already reflects the current stage outputs."""
    marker = published_marker(store)
    current = stages_fingerprint(store)
    if not force and not publish_is_stale(store, warehouse, current):
        return PublishResult(False, current, read_json(marker, {}).get("rows", {}))
    check_no_foreign_wal(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{warehouse.name}.", suffix=".building", dir=warehouse.parent
    )
    os.close(fd)
    os.unlink(tmp)  # DuckDB must create the file itself
    started = time.perf_counter()
    try:
        rows = build(store, Path(tmp))
        crash_point("publish.built")
        check_no_foreign_wal(warehouse)
        os.replace(tmp, warehouse)
        crash_point("publish.swapped")
        record_last_run(store.root / "publish", time.perf_counter() - started, **rows)
    finally:
        for leftover in (Path(tmp), Path(tmp + ".wal")):
            leftover.unlink(missing_ok=True)
    write_json_atomic({"fingerprint": current, "warehouse": str(warehouse), "rows": rows}, marker)
    return PublishResult(True, current, rows)
