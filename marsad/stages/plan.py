"""What an update run must cover: the span of publication days any dated stage has to recompute."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from marsad.stages.pipeline import DAY_STAGES
from marsad.stages.runner import select_days
from marsad.stages.state import StageState
from marsad.stages.store import StageStore, read_json
from marsad.stages.warehouse import stages_fingerprint

FULL_RANGE = (date(1, 1, 1), date(9999, 12, 31))


def dirty_window(store: StageStore) -> tuple[date, date] | None:
    """(first, last) dirty day over all dated stages, or None when every stage is up to date."""
    days: set[date] = set()
    for stage in DAY_STAGES:
        # a downstream stage also recomputes whatever its upstream recomputes: the union covers it
        days.update(select_days(store, stage, FULL_RANGE, only_dirty=True))
    return (min(days), max(days)) if days else None


def known_window(store: StageStore) -> tuple[date, date] | None:
    """(first, last) day any stage holds: the range a full re-run covers."""
    days: set[date] = set()
    for name in ["raw", *(s.name for s in DAY_STAGES)]:
        days.update(StageState(store.root / name).load())
    return (min(days), max(days)) if days else None


def publish_is_stale(store: StageStore, warehouse: Path) -> bool:
    marker = read_json(store.root / "published.json", {})
    return (
        not warehouse.exists()
        or marker.get("fingerprint") != stages_fingerprint(store)
        or marker.get("warehouse") != str(warehouse)
    )
