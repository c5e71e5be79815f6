"""Jobs: `ingest_job` reads the landing folder; `update_job` runs the dated stages and publishes."""

import dagster as dg

from marsad.assets import DAY_STAGE_ASSETS

# Runs that write the warehouse carry this tag; dagster.yaml limits them to one at a time
# (`concurrency: runs: tag_concurrency_limits`, see README), so overlapping requests queue.
WRITES_TAG = {"marsad/writes": "warehouse"}

train_ner_job = dg.define_asset_job(
    "train_ner_job",
    selection=dg.AssetSelection.assets(dg.AssetKey(["tagged", "ner_model"])),
    description="Train the NER model on ../shared/ner and record its dev scores.",
)

ingest_job = dg.define_asset_job(
    "ingest_job",
    selection=dg.AssetSelection.groups("raw")
    | dg.AssetSelection.assets(dg.AssetKey(["entities", "entity_catalog"])),
    description="Read new or changed files from the landing folder into the raw stage.",
    tags=WRITES_TAG,
)

update_job = dg.define_asset_job(
    "update_job",
    selection=dg.AssetSelection.all()
    - dg.AssetSelection.groups("raw", "report")
    - dg.AssetSelection.assets(
        dg.AssetKey(["tagged", "ner_model"]), dg.AssetKey(["entities", "entity_catalog"])
    ),
    description=(
        "Run every dated stage over a range of publication days, then publish the warehouse. "
        "Launched by the raw_changes sensor with only_dirty=True; from the UI, backfill a range."
    ),
    tags=WRITES_TAG,
)


def update_run_config(only_dirty: bool) -> dict:
    """Run config giving every dated stage asset the same `only_dirty` setting."""
    return {"ops": {a.op.name: {"config": {"only_dirty": only_dirty}} for a in DAY_STAGE_ASSETS}}
