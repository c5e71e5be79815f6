"""Schedules, both stopped by default (the sensors are the usual trigger): an hourly ingest, and a
daily update that recomputes the days changed since the last one and publishes.

Hourly ingest plus a daily publish suits a warehouse analysts read once a day; the daily time is
a cron string in MARSAD_DAILY_CRON (read when the definitions load; default 03:00 UTC).
"""

import os

import dagster as dg

from marsad.assets.resources import MarsadResource
from marsad.pipelines.jobs import ingest_job, update_job, update_request

DAILY_CRON_DEFAULT = "0 3 * * *"


def daily_cron() -> str:
    return os.environ.get("MARSAD_DAILY_CRON", "").strip() or DAILY_CRON_DEFAULT


hourly_ingest = dg.ScheduleDefinition(
    name="hourly_ingest",
    job=ingest_job,
    cron_schedule="0 * * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)


@dg.schedule(
    name="daily_update",
    job=update_job,
    cron_schedule=daily_cron(),
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
def daily_update(context: dg.ScheduleEvaluationContext, marsad: MarsadResource):
    """Recompute the days whose inputs changed since the last update, then publish."""
    return update_request(marsad, run_key=context.scheduled_execution_time.isoformat())
