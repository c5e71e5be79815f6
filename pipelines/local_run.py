"""`marsad run`: the same assets the UI runs, materialised in-process for one landing folder.

Two Dagster runs: the ingest (raw stage), then one ranged run over the days any stage must
recompute (only those days are recomputed, so a re-run with no new files costs next to nothing),
which ends by publishing the warehouse.
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
from marsad.settings import Settings
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


def run_all(settings: Settings, workers: int = 0, full: bool = False) -> RunOutcome:
    resource = MarsadResource(
        landing=str(settings.landing),
        warehouse=str(settings.warehouse),
        stages=str(settings.stages),
        workers=workers,
    )
    resources = {"marsad": resource}
    with instance() as inst:
        dg.materialize([raw_articles, entity_catalog], resources=resources, instance=inst)
        store = StageStore(settings.stages)
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
