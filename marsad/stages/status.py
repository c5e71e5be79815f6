"""What `marsad status` and the end of `marsad run` report, read from the stages folder alone.

Per stage: whether it is stale (landing files to read, dirty days, a publish due, from
`marsad.stages.plan`), its last run (each stage's `_last_run.json`: when, how long, rows
written), and the outcome and error of the last recorded command runs (`marsad.stages.runlog`).
Nothing here imports Dagster or writes anything, so it is quick and safe during a run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from marsad.settings import Settings
from marsad.stages.pipeline import DAY_STAGES
from marsad.stages.plan import FULL_RANGE, publish_is_stale
from marsad.stages.raw import RawStage, list_landing
from marsad.stages.runlog import run_records
from marsad.stages.runner import select_days
from marsad.stages.store import StageStore, read_json

STAGES = ["raw", *(s.name for s in DAY_STAGES), "publish"]
# what one stage run's rows are counted in: its main table, then the table of rejects
MAIN_TABLE = {
    "raw": "records",
    "parsed": "articles",
    "cleaned": "cleaned_articles",
    "tagged": "entity_mentions",
    "entities": "mentions",
    "publish": "articles",
}
MAIN_TABLES = ["articles", "raw_articles", "quarantine", "sentences", "entity_mentions"]
MAIN_TABLES += ["mentions", "entities", "stories"]


@dataclass
class StageRun:
    """A stage's last successful run, from its `_last_run.json`."""

    stage: str
    finished: datetime
    seconds: float
    rows: int  # rows of its main table written (raw: records read; publish: articles)
    quarantined: int  # rows it quarantined (raw: rejects among the files it read)
    counts: dict[str, Any] = field(default_factory=dict)


def last_runs(stages: Path) -> dict[str, StageRun]:
    """stage -> its last successful run, for the stages that ever ran."""
    out = {}
    for stage in STAGES:
        path = stages / stage / "_last_run.json"
        if not path.exists():
            continue
        counts = read_json(path, {})
        finished = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        out[stage] = StageRun(
            stage,
            finished,
            float(counts.get("seconds", 0)),
            int(counts.get(MAIN_TABLE[stage], 0)),
            int(counts.get("quarantine", counts.get("quarantined", 0))),
            counts,
        )
    return out


@dataclass
class Staleness:
    stage: str
    stale: bool
    detail: str  # what is stale, in words
    days: int = 0  # dirty days (dated stages)
    first_day: str | None = None
    last_day: str | None = None


def _landing_changes(settings: Settings, store: StageStore) -> Staleness:
    if not settings.landing.is_dir():
        return Staleness("raw", False, f"landing folder {settings.landing} not found")
    listing = list_landing(settings.landing)
    manifest = RawStage(store).manifest().select(listing.columns)
    changed = listing.join(manifest, on=listing.columns, how="anti").height
    removed = manifest.join(listing.select("source_file"), on="source_file", how="anti").height
    if changed or removed:
        return Staleness("raw", True, f"{changed} new or changed file(s), {removed} removed")
    return Staleness("raw", False, f"{listing.height} file(s), all read")


def staleness(settings: Settings) -> list[Staleness]:
    """Per stage: what the next `marsad run` would do."""
    store = StageStore(settings.stages, settings.shards)
    out = [_landing_changes(settings, store)]
    for stage in DAY_STAGES:
        days = select_days(store, stage, FULL_RANGE, only_dirty=True)
        upstream = out[-1]
        if days:
            first, last = days[0].isoformat(), days[-1].isoformat()
            detail = f"{len(days)} dirty day(s), {first}..{last}"
            out.append(Staleness(stage.name, True, detail, len(days), first, last))
        elif upstream.stale:  # recomputes whatever its upstream will
            out.append(Staleness(stage.name, True, f"after {upstream.stage}"))
        else:
            out.append(Staleness(stage.name, False, "up to date"))
    if publish_is_stale(store, settings.warehouse):
        why = "no warehouse yet" if not settings.warehouse.exists() else "stage outputs changed"
        out.append(Staleness("publish", True, why))
    elif out[-1].stale:
        out.append(Staleness("publish", True, f"after {out[-1].stage}"))
    else:
        out.append(Staleness("publish", False, "up to date"))
    return out


def table_counts(warehouse: Path) -> dict[str, int]:
    """Row counts of the main published tables (empty when there is no warehouse yet)."""
    if not warehouse.exists():
        return {}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        present = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        return {
            table: con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
            for table in MAIN_TABLES
            if table in present
        }
    finally:
        con.close()


def step_stage(step: str) -> str:
    """The stage a Dagster step belongs to ("raw__raw_articles" -> raw, "warehouse" -> publish)."""
    head = step.split("__")[0]
    return "publish" if head == "warehouse" else head


def status(settings: Settings) -> dict[str, Any]:
    """Everything `marsad status` shows, as plain data (its `--format json`)."""
    records = run_records(settings.stages)
    runs = last_runs(settings.stages)
    failures = [r for r in records if r.get("outcome") != "ok"]
    last_error = failures[-1] if failures else None
    stages = []
    stale = {s.stage: s for s in staleness(settings)}
    for stage in STAGES:
        run = runs.get(stage)
        entry: dict[str, Any] = {"stage": stage, **asdict(stale[stage])}
        entry["last_run"] = None
        if run is not None:
            entry["last_run"] = {
                "finished": run.finished.isoformat(timespec="seconds"),
                "seconds": run.seconds,
                "rows": run.rows,
                "quarantined": run.quarantined,
                "outcome": "ok",
            }
        if last_error and stage in {step_stage(s) for s in last_error.get("failed_steps", [])}:
            failed_at = datetime.fromisoformat(last_error["started"])
            if run is None or failed_at > run.finished:
                entry["last_run"] = {
                    **(entry["last_run"] or {}),
                    "outcome": "failed",
                    "failed_at": last_error["started"],
                }
        stages.append(entry)
    return {
        "landing": str(settings.landing),
        "warehouse": str(settings.warehouse),
        "stages_folder": str(settings.stages),
        "stages": stages,
        "tables": table_counts(settings.warehouse),
        "last_run": records[-1] if records else None,
        "last_error": last_error,
    }
