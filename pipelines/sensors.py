"""Sensors: new files in the landing folder start an ingest; a changed raw stage starts an update."""

import dagster as dg

from marsad.assets.partitions import range_tags
from marsad.assets.resources import MarsadResource
from marsad.pipelines.jobs import ingest_job, update_job, update_run_config
from marsad.stages.lock import is_locked
from marsad.stages.plan import dirty_window, publish_is_stale
from marsad.stages.raw import RawStage, list_landing
from marsad.stages.state import fingerprint


@dg.sensor(
    job=ingest_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED
)
def landing_sensor(context: dg.SensorEvaluationContext, marsad: MarsadResource):
    """Start an ingest when files appear, change or vanish in the landing folder (stat only)."""
    settings = marsad.settings()
    if not settings.landing.exists():
        return dg.SkipReason(f"no landing folder at {settings.landing}")
    if is_locked(settings.warehouse):
        return dg.SkipReason(f"a run is writing {settings.warehouse}; looking again next tick")
    listing = list_landing(settings.landing)
    manifest = RawStage(marsad.store()).manifest().select(listing.columns)
    if listing.sort("source_file").equals(manifest.sort("source_file")):
        return dg.SkipReason("landing folder unchanged")
    return dg.RunRequest(run_key=fingerprint(listing.rows()))


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[ingest_job],
    request_job=update_job,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def raw_changes_sensor(context: dg.RunStatusSensorContext, marsad: MarsadResource):
    """After an ingest, recompute only the days whose inputs changed, then publish."""
    store = marsad.store()
    window = dirty_window(store)
    if window is None and not publish_is_stale(store, marsad.settings().warehouse):
        return dg.SkipReason("every stage is up to date")
    if window is None:
        window = (min(RawStage(store).state.load(), default=None), None)
    if window[0] is None:
        return dg.SkipReason("nothing ingested yet")
    start, end = window[0], window[1] or window[0]
    return dg.RunRequest(
        run_key=context.dagster_run.run_id,
        tags=range_tags(start, end),
        run_config=update_run_config(only_dirty=True),
    )
