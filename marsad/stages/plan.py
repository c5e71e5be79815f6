"""What an update run must cover: the publication days any dated stage has to recompute, and
whether the warehouse must be published again."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from marsad.stages import storage
from marsad.stages.layout import QUARANTINE_SOURCES, SHARDED_TABLES, STAGE_SPECS, VIEWS
from marsad.stages.raw import RawStage, landing_unchanged
from marsad.stages.runner import select_days
from marsad.stages.state import StageState, fingerprint
from marsad.stages.store import SHARD_SUFFIX, StageStore, catalog_path, read_json

FULL_RANGE = (date(1, 1, 1), date(9999, 12, 31))
PUBLISH_VERSION = "publish-2"  # change it when the warehouse build changes what it publishes


def dirty_window(store: StageStore) -> tuple[date, date] | None:
    """(first, last) dirty day over all dated stages, or None when every stage is up to date."""
    days: set[date] = set()
    for stage in STAGE_SPECS:
        # a downstream stage also recomputes whatever its upstream recomputes: the union covers it
        days.update(select_days(store, stage, FULL_RANGE, only_dirty=True))
    return (min(days), max(days)) if days else None


def known_window(store: StageStore) -> tuple[date, date] | None:
    """(first, last) day any stage holds: the range a full re-run covers."""
    days: set[date] = set()
    for name in ["raw", *(s.name for s in STAGE_SPECS)]:
        days.update(StageState(store.root / name).load())
    return (min(days), max(days)) if days else None


def published_stats(store: StageStore) -> dict[str, list[int] | None]:
    """(size, mtime) of every file the warehouse is loaded from (every stage table's day shards,
    the raw index and rejections, the catalogue), by path under the stages folder (None: absent).
    Kept with each publish, so the next one knows which days' shards changed."""
    raw = RawStage(store)
    tables = [raw.records] + [
        store.table(s.stage, s.shard) for s in QUARANTINE_SOURCES + SHARDED_TABLES
    ]
    stats: dict[str, list[int] | None] = {}
    for table in tables:  # one listing per table, its entries' stats with it
        prefix = store.relative(table.root).rstrip("/")
        for name, stat in storage.stats(table.root, SHARD_SUFFIX).items():
            stats[f"{prefix}/{name}"] = stat
    for single in (raw.index_path, raw.rejections_path, catalog_path(store)):
        stats[store.relative(single)] = storage.stat(single)
    return stats


def shard_day(relative: str) -> date | None:
    """The publication day of a day shard (`parsed/articles/2018-03-01.parquet`), else None."""
    try:
        return date.fromisoformat(Path(relative).name.split(".", 1)[0])
    except ValueError:
        return None


def stages_fingerprint(store: StageStore, stats: dict[str, list[int] | None] | None = None) -> str:
    """What the warehouse is built from: every stage's state, the published tables and views,
    and the identity (size, mtime) of every file it is loaded from, so any rewrite of a shard
    (a `--full` run, a backfill, a touched landing file) republishes and a no-op run does not.
    `stats`: `published_stats(store)`, when the caller has them already."""
    stages = sorted({"raw"} | {t.stage for t in SHARDED_TABLES + QUARANTINE_SOURCES})
    return fingerprint(
        PUBLISH_VERSION,
        [(name, sorted(StageState(store.root / name).load().items())) for name in stages],
        [t.table for t in SHARDED_TABLES],
        VIEWS,
        sorted(
            (k, None if v is None else tuple(v))
            for k, v in (published_stats(store) if stats is None else stats).items()
        ),
    )


def published_marker(store: StageStore) -> Path:
    """`published.json`: the fingerprint, path and row counts of the last published warehouse."""
    return store.root / "published.json"


def publish_is_stale(store: StageStore, warehouse: Path, current: str | None = None) -> bool:
    """Whether `warehouse` is missing or was published from other stage outputs than the current
    ones (`current`: their fingerprint, when the caller has it already)."""
    marker = read_json(published_marker(store), {})
    if current is None:
        current = stages_fingerprint(store)
    return (
        not warehouse.exists()
        or marker.get("fingerprint") != current
        or marker.get("warehouse") != str(warehouse)
    )


def up_to_date(
    landing: Path,
    store: StageStore,
    warehouse: Path,
    seconds: dict[str, float] | None = None,
    hand_on: bool = False,
    pools: bool = False,
) -> bool:
    """Whether `marsad run` would do nothing: no landing file new, changed or gone, no day any
    stage must recompute, and the warehouse published from the current stage outputs. Read only:
    the CLI asks before it starts Dagster, so a run with nothing to do costs a folder scan.
    `seconds` receives the time each question took (the run record keeps them); `hand_on`: a
    changed landing's scan is left for the run's raw stage (`landing_guard.hand_over`), and
    with `pools` a large one starts the stages' worker server (`raw.landing_unchanged`)."""
    checks = (
        ("landing", lambda: landing_unchanged(landing, store, hand_on, pools)),
        ("stages", lambda: dirty_window(store) is None),
        ("warehouse", lambda: not publish_is_stale(store, warehouse)),
    )
    for name, check in checks:
        started = time.perf_counter()
        ok = check()
        if seconds is not None:
            seconds[name] = round(time.perf_counter() - started, 3)
        if not ok:
            return False
    return True
