"""The daily update: its cron comes from MARSAD_DAILY_CRON, and it asks for an update of the
changed days only after something was ingested."""

from datetime import UTC, datetime

import dagster as dg

from marsad.assets.partitions import RANGE_END, RANGE_START
from marsad.assets.raw import raw_articles
from marsad.assets.resources import MarsadResource
from marsad.pipelines.definitions import defs
from marsad.pipelines.schedules import DAILY_CRON_DEFAULT, daily_cron, daily_update
from tests.helpers import copy_sample


def test_daily_cron_is_a_setting(monkeypatch):
    monkeypatch.delenv("MARSAD_DAILY_CRON", raising=False)
    assert daily_cron() == DAILY_CRON_DEFAULT == daily_update.cron_schedule
    monkeypatch.setenv("MARSAD_DAILY_CRON", "30 5 * * 1-5")
    assert daily_cron() == "30 5 * * 1-5"
    schedules = {s.name: s for s in defs.get_repository_def().schedule_defs}
    assert schedules["daily_update"].job_name == "update_job"
    assert schedules["hourly_ingest"].job_name == "ingest_job"


def test_daily_update_runs_the_changed_days_after_an_ingest(tmp_path):
    resource = MarsadResource(
        landing=str(copy_sample(tmp_path / "landing")),
        warehouse=str(tmp_path / "w.duckdb"),
        stages=str(tmp_path / "stages"),
        workers=1,
    )

    def tick():
        with dg.build_schedule_context(
            resources={"marsad": resource},
            scheduled_execution_time=datetime(2026, 1, 2, 3, tzinfo=UTC),
        ) as context:
            return daily_update(context)

    assert isinstance(tick(), dg.SkipReason)  # nothing ingested yet
    assert dg.materialize([raw_articles], resources={"marsad": resource}).success
    request = tick()
    assert isinstance(request, dg.RunRequest)
    assert request.tags[RANGE_START] <= "2020-11-01" <= request.tags[RANGE_END]
    configs = request.run_config["ops"].values()
    assert configs and all(c["config"]["only_dirty"] for c in configs)
