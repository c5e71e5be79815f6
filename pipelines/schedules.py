"""Schedules: an hourly ingest (stopped by default; the landing sensor is the usual trigger)."""

import dagster as dg

from marsad.pipelines.jobs import ingest_job

hourly_ingest = dg.ScheduleDefinition(
    name="hourly_ingest",
    job=ingest_job,
    cron_schedule="0 * * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
