"""Sensors: new files in the landing folder start an ingest; a changed raw stage starts an update."""

import dagster as dg

from marsad.assets.resources import MarsadResource
from marsad.pipelines.jobs import ingest_job, update_job, update_request
from marsad.stages.lock import is_locked
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
    return update_request(marsad, run_key=context.dagster_run.run_id)
