"""Tier 4: every asset that writes the stages or the warehouse is in the one concurrency pool,
and the jobs carry the run-queue tag dagster.yaml limits to one run at a time."""

from __future__ import annotations

from marsad.assets import ALL_ASSETS
from marsad.assets.report import coverage_report
from marsad.assets.resources import POOL
from marsad.assets.tagged import ner_model
from marsad.pipelines.jobs import WRITES_TAG, ingest_job, update_job


def test_writing_assets_share_one_pool():
    # the model trains into its own folder; the report only reads the published file
    writers = [a for a in ALL_ASSETS if a not in (ner_model, coverage_report)]
    for asset in writers:
        assert asset.op.pool == POOL, asset.op.name


def test_writing_jobs_carry_the_queue_tag():
    for job in (ingest_job, update_job):
        assert WRITES_TAG.items() <= dict(job.tags or {}).items()
