"""The one Definitions object: `dagster dev -w workspace.yaml` loads it."""

import dagster as dg

from marsad.assets import ALL_ASSETS, ALL_CHECKS
from marsad.assets.resources import MarsadResource
from marsad.pipelines.jobs import ingest_job, train_ner_job, update_job
from marsad.pipelines.schedules import daily_update, hourly_ingest
from marsad.pipelines.sensors import landing_sensor, raw_changes_sensor

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[ingest_job, update_job, train_ner_job],
    schedules=[hourly_ingest, daily_update],
    sensors=[landing_sensor, raw_changes_sensor],
    resources={"marsad": MarsadResource()},
)
