"""`marsad run`: the same assets the UI runs, materialised in-process for one landing folder.

Two Dagster runs: the ingest (raw stage), then one ranged run over the days any stage must
recompute (only those days are recomputed, so a re-run with no new files costs next to nothing),
which ends by publishing the warehouse. The whole run holds the warehouse lock (the assets it
materialises in-process re-enter it), so a second `marsad run`, a job or a sensor-launched run on
the same warehouse waits or is refused with the holder's name, never interleaves.
"""

import os
from dataclasses import dataclass

import dagster as dg

from marsad.assets import ALL_ASSETS, ALL_CHECKS, DAY_STAGE_ASSETS
from marsad.assets.entities import entity_catalog
from marsad.assets.partitions import range_tags
from marsad.assets.raw import raw_articles
from marsad.assets.resources import MarsadResource
from marsad.assets.warehouse import warehouse
from marsad.pipelines.jobs import update_run_config
from marsad.settings import Settings, max_removal_share
from marsad.stages.landing_guard import check_landing
from marsad.stages.lock import exclusive_run
from marsad.stages.plan import dirty_window, known_window, publish_is_stale
from marsad.stages.store import StageStore


@dataclass
class RunOutcome:
    window: tuple[str, str] | None
    published: bool


def instance() -> dg.DagsterInstance:
    """The persistent instance when DAGSTER_HOME is set (runs then show in the UI), else ephemeral."""
    return (
        dg.DagsterInstance.get()
        if os.environ.get("DAGSTER_HOME")
        else dg.DagsterInstance.ephemeral()
    )


class WarehouseFolderMissing(RuntimeError):
    """The warehouse's folder does not exist and creating it was not asked for."""


def run_all(
    settings: Settings,
    workers: int = 0,
    full: bool = False,
    allow_removals: bool = False,
    removal_share: float | None = None,
    wait: float = 0,
    create: bool = True,
) -> RunOutcome:
    """One whole run under the warehouse lock. Raises LandingMissing, WarehouseFolderMissing
    (only with create=False, as `marsad run` without --create), WarehouseBusy, MassRemoval or
    ForeignWal; the warehouse is then unchanged."""
    check_landing(settings.landing)
    if not settings.warehouse.parent.is_dir():
        if not create:
            raise WarehouseFolderMissing(
                f"the warehouse folder {settings.warehouse.parent} does not exist; pass --create "
                "to create it (or check --warehouse / MARSAD_WAREHOUSE / MARSAD_HOME)"
            )
        settings.warehouse.parent.mkdir(parents=True)
    resource = MarsadResource(
        landing=str(settings.landing),
        warehouse=str(settings.warehouse),
        stages=str(settings.stages),
        shards=str(settings.shards) if settings.shards is not None else "",
        workers=workers,
        allow_removals=allow_removals,
        max_removal_share=max_removal_share() if removal_share is None else removal_share,
    )
    with exclusive_run(settings.warehouse, settings.stages, "marsad run", wait, settings.shards):
        return _run(settings, resource, full)


def _run(settings: Settings, resource: MarsadResource, full: bool) -> RunOutcome:
    resources = {"marsad": resource}
    with instance() as inst:
        dg.materialize([raw_articles, entity_catalog], resources=resources, instance=inst)
        store = StageStore(settings.stages, settings.shards)
        window = dirty_window(store)
        if full:
            window = known_window(store)
        if window is not None:
            dg.materialize(
                [*DAY_STAGE_ASSETS, warehouse, *ALL_CHECKS],
                selection=[k for a in DAY_STAGE_ASSETS for k in a.keys] + list(warehouse.keys),
                resources=resources,
                instance=inst,
                tags=range_tags(*window),
                run_config=update_run_config(only_dirty=not full),
            )
        elif publish_is_stale(store, settings.warehouse):
            dg.materialize([warehouse, *ALL_CHECKS], resources=resources, instance=inst)
        else:
            return RunOutcome(None, False)
    return RunOutcome((window[0].isoformat(), window[1].isoformat()) if window else None, True)


__all__ = ["ALL_ASSETS", "RunOutcome", "run_all"]
