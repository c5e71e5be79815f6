"""`marsad run` and `marsad backfill`: the jobs the UI runs, executed in-process for one landing folder.

`marsad run` is two Dagster runs: `ingest_job` (raw stage), then one ranged `update_job` run over
the days any stage must recompute (only those days are recomputed, so a re-run with no new files
costs next to nothing), which ends by publishing the warehouse. `marsad backfill` is one
`update_job` run over a range of days that recomputes them whether or not they changed. Both
execute the jobs of the Definitions with the command's paths as the resource, so with
DAGSTER_HOME set they show in the UI under their job names. The whole command holds the
warehouse lock (the assets re-enter it), so a second run, a job or a sensor-launched run on the
same warehouse waits or is refused with the holder's name, never interleaves.

Dagster's own event log goes to a file (`marsad.stages.runlog`), not to the console: the console
logger's level is a parameter (`console_level`), DEBUG for `--verbose`.
"""

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg

from marsad.assets import ALL_ASSETS, ALL_CHECKS, DAY_STAGE_ASSETS
from marsad.assets.partitions import range_tags
from marsad.assets.resources import MarsadResource
from marsad.assets.warehouse import warehouse
from marsad.pipelines.instance import instance
from marsad.pipelines.jobs import ingest_job, update_job, update_run_config
from marsad.settings import Settings, max_removal_share
from marsad.stages.landing_guard import check_landing
from marsad.stages.lock import exclusive_run
from marsad.stages.plan import dirty_window, known_window, publish_is_stale
from marsad.stages.runlog import new_log_path, now, record_run
from marsad.stages.store import StageStore
from marsad.stages.warehouse import copy_ahead, drop_ahead


@dataclass
class RunOutcome:
    window: tuple[str, str] | None
    published: bool
    runs: list[tuple[str, str]] = field(default_factory=list)  # (job name, Dagster run id)
    log: Path | None = None  # Dagster's event log of these runs


class WarehouseFolderMissing(RuntimeError):
    """The warehouse's folder does not exist and creating it was not asked for."""


def _resource(
    settings: Settings, workers: int, allow_removals: bool, removal_share: float | None
) -> MarsadResource:
    return MarsadResource(
        landing=str(settings.landing),
        warehouse=str(settings.warehouse),
        stages=str(settings.stages),
        shards=str(settings.shards) if settings.shards is not None else "",
        workers=workers,
        allow_removals=allow_removals,
        max_removal_share=max_removal_share() if removal_share is None else removal_share,
    )


def _check_folders(settings: Settings, create: bool) -> None:
    if not settings.warehouse.parent.is_dir():
        if not create:
            raise WarehouseFolderMissing(
                f"the warehouse folder {settings.warehouse.parent} does not exist; pass --create "
                "to create it (or check --warehouse / MARSAD_WAREHOUSE / MARSAD_HOME)"
            )
        settings.warehouse.parent.mkdir(parents=True)


class _Jobs:
    """Executes jobs of the Definitions in-process on one instance, logging their events to a file."""

    def __init__(
        self, inst: dg.DagsterInstance, resource: MarsadResource, log: Path, console_level: str
    ):
        self.inst, self.log, self.level = inst, log, console_level
        # The Definitions' jobs with this command's paths bound as the resource (passing it to
        # execute_in_process instead conflicts with the assets' binding once a subset is run).
        self.defs = dg.Definitions(
            assets=ALL_ASSETS,
            asset_checks=ALL_CHECKS,
            jobs=[ingest_job, update_job],
            resources={"marsad": resource},
        )
        self.runs: list[tuple[str, str]] = []
        self.failed_steps: list[str] = []  # e.g. "tagged", "warehouse", "raw__raw_articles"

    def execute(
        self,
        job: str,
        run_config: dict | None = None,
        tags: dict[str, str] | None = None,
        asset_selection: list[dg.AssetKey] | None = None,
    ) -> None:
        run_id = str(uuid.uuid4())  # known before the run, to find its events if it fails
        self.runs.append((job, run_id))
        config = {
            **(run_config or {}),
            "loggers": {"console": {"config": {"log_level": self.level}}},
        }
        try:
            self.defs.resolve_job_def(job).execute_in_process(
                run_config=config,
                instance=self.inst,
                run_id=run_id,
                tags={"marsad/command": "marsad", **(tags or {})},
                asset_selection=asset_selection,
            )
        finally:
            self.failed_steps.extend(write_event_log(self.inst, run_id, self.log))


def write_event_log(inst: dg.DagsterInstance, run_id: str, path: Path) -> list[str]:
    """Append a run's Dagster event log (every level, as the UI shows it) to `path`; returns the
    keys of the steps that failed."""
    failed = []
    with open(path, "a", encoding="utf-8") as handle:
        for entry in inst.all_logs(run_id):
            if entry.is_dagster_event and entry.dagster_event.is_step_failure:
                failed.append(entry.step_key)
            stamp = datetime.fromtimestamp(entry.timestamp, UTC).isoformat(timespec="milliseconds")
            event = entry.dagster_event.event_type.name if entry.dagster_event else "LOG"
            step = entry.step_key or "-"
            message = entry.user_message.replace("\n", "\n    ")
            level = (
                entry.level if isinstance(entry.level, str) else logging.getLevelName(entry.level)
            )
            handle.write(
                f"{stamp} {level:<7} {entry.job_name} {run_id[:8]} {step} {event} - {message}\n"
            )
            if entry.is_dagster_event and entry.dagster_event.is_step_failure:
                error = entry.dagster_event.step_failure_data.error
                if error is not None:  # the step's exception and its traceback
                    handle.write(error.to_string())
    return failed


@contextmanager
def _recorded(settings: Settings, command: str, log: Path | None) -> Iterator[dict]:
    """Record the command's run (outcome, error, Dagster runs, log) when it ends, however it ends."""
    started = now()
    record: dict = {
        "command": command,
        "started": started.isoformat(),
        "log": str(log),
        "landing": str(settings.landing),
    }
    try:
        yield record
        record["outcome"] = "ok"
    except BaseException as error:
        cause = getattr(error, "user_exception", None) or error
        record["outcome"] = "error"
        record["error"] = f"{type(cause).__name__}: {cause}"
        raise
    finally:
        record["seconds"] = round((now() - started).total_seconds(), 3)
        if settings.stages.parent.is_dir():
            record_run(settings.stages, record)


def run_all(
    settings: Settings,
    workers: int = 0,
    full: bool = False,
    allow_removals: bool = False,
    removal_share: float | None = None,
    wait: float = 0,
    create: bool = True,
    console_level: str = "ERROR",
) -> RunOutcome:
    """One whole run under the warehouse lock. Raises LandingMissing, WarehouseFolderMissing
    (only with create=False, as `marsad run` without --create), WarehouseBusy, MassRemoval or
    ForeignWal; the warehouse is then unchanged."""
    check_landing(settings.landing)
    _check_folders(settings, create)
    resource = _resource(settings, workers, allow_removals, removal_share)
    log = new_log_path(settings.stages, now())
    with _recorded(settings, "run", log) as record:
        with exclusive_run(
            settings.warehouse, settings.stages, "marsad run", wait, settings.shards
        ):
            try:
                with instance() as inst:
                    jobs = _Jobs(inst, resource, log, console_level)
                    record.update(dagster_runs=jobs.runs, failed_steps=jobs.failed_steps)
                    outcome = _run(settings, jobs, full)
            finally:
                drop_ahead(settings.warehouse)
        outcome.log = log
        record.update(window=outcome.window, published=outcome.published)
        return outcome


def _run(settings: Settings, jobs: _Jobs, full: bool) -> RunOutcome:
    jobs.execute("ingest_job")
    store = StageStore(settings.stages, settings.shards)
    window = dirty_window(store)
    if full:
        window = known_window(store)
    stale = window is None and publish_is_stale(store, settings.warehouse)
    if window is not None or stale:
        copy_ahead(store, settings.warehouse)  # the publish's copy, while the stages compute
    if window is not None:
        jobs.execute(
            "update_job",
            run_config=update_run_config(only_dirty=not full),
            tags=range_tags(*window),
        )
    elif stale:
        jobs.execute("update_job", asset_selection=list(warehouse.keys))
    else:
        return RunOutcome(None, False, jobs.runs)
    return RunOutcome(
        (window[0].isoformat(), window[1].isoformat()) if window else None, True, jobs.runs
    )


def backfill(
    settings: Settings,
    start: date,
    end: date,
    stages: list[str] | None = None,
    workers: int = 0,
    wait: float = 0,
    console_level: str = "ERROR",
) -> RunOutcome:
    """One `update_job` run recomputing the days `start`..`end` of `stages` (default: every dated
    stage; the others recompute only what that changes), then publishing. The landing folder is
    not read: run `marsad run` for new files."""
    resource = _resource(settings, workers, False, None)
    log = new_log_path(settings.stages, now())
    with _recorded(settings, "backfill", log) as record:
        record["window"] = (start.isoformat(), end.isoformat())
        with exclusive_run(
            settings.warehouse, settings.stages, "marsad backfill", wait, settings.shards
        ):
            copy_ahead(StageStore(settings.stages, settings.shards), settings.warehouse)
            try:
                with instance() as inst:
                    jobs = _Jobs(inst, resource, log, console_level)
                    record.update(dagster_runs=jobs.runs, failed_steps=jobs.failed_steps)
                    jobs.execute(
                        "update_job",
                        run_config=update_run_config(
                            only_dirty=False, stages=stages, days=(start, end)
                        ),
                        tags={**range_tags(start, end), "marsad/command": "backfill"},
                    )
            finally:
                drop_ahead(settings.warehouse)
        return RunOutcome((start.isoformat(), end.isoformat()), True, jobs.runs, log)


__all__ = ["ALL_ASSETS", "DAY_STAGE_ASSETS", "RunOutcome", "backfill", "run_all"]
