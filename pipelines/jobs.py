"""Jobs: `ingest_job` reads the landing folder; `update_job` runs the dated stages and publishes."""

from datetime import date

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


def update_run_config(
    only_dirty: bool, stages: list[str] | None = None, days: tuple[date, date] | None = None
) -> dict:
    """Run config for the dated stage assets. `only_dirty`: recompute only days whose inputs
    changed; otherwise every day, or with `stages` only those stages' days (the others recompute
    what that changes). `days`: clip the partitions' months to these days (`marsad backfill`)."""
    ops = {}
    for asset in DAY_STAGE_ASSETS:
        forced = not only_dirty and (stages is None or asset.op.name in stages)
        config: dict = {"only_dirty": not forced}
        if days is not None:
            config.update(first_day=days[0].isoformat(), last_day=days[1].isoformat())
        ops[asset.op.name] = {"config": config}
    return {"ops": ops}
