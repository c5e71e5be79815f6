"""The landing sensor asks for an ingest exactly when the landing folder changed."""

import dagster as dg

from marsad.assets.resources import MarsadResource
from marsad.pipelines.local_run import run_all
from marsad.pipelines.sensors import landing_sensor
from marsad.settings import Settings
from tests.helpers import copy_sample


def evaluate(settings: Settings):
    resource = MarsadResource(
        landing=str(settings.landing),
        warehouse=str(settings.warehouse),
        stages=str(settings.stages),
    )
    with dg.build_sensor_context(resources={"marsad": resource}) as context:
        return landing_sensor(context)


def test_landing_sensor_fires_on_new_files_only(tmp_path):
    settings = Settings(
        copy_sample(tmp_path / "landing"), tmp_path / "w.duckdb", tmp_path / "stages"
    )
    assert isinstance(evaluate(settings), dg.RunRequest)  # nothing ingested yet
    run_all(settings, workers=1)
    assert isinstance(evaluate(settings), dg.SkipReason)  # all ingested
    (settings.landing / "new.jsonl").write_text(
        '{"title": "عنوان", "published_at": "2021-01-02", "body": "نص الخبر."}\n', encoding="utf-8"
    )
    assert isinstance(evaluate(settings), dg.RunRequest)
