"""Jobs: `ingest_job` reads the landing folder; `update_job` runs the dated stages and publishes."""

from datetime import date

import dagster as dg

from marsad.assets import DAY_STAGE_ASSETS
from marsad.assets.day_stage import stage_names
from marsad.assets.partitions import range_tags
from marsad.assets.resources import MarsadResource
from marsad.stages.plan import dirty_window, publish_is_stale
from marsad.stages.raw import RawStage

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
        names = stage_names(asset)
        forced = [n for n in names if not only_dirty and (stages is None or n in stages)]
        config: dict = {"only_dirty": len(forced) < len(names)}
        if 0 < len(forced) < len(names):
            config["forced"] = forced
        if days is not None:
            config.update(first_day=days[0].isoformat(), last_day=days[1].isoformat())
        ops[asset.op.name] = {"config": config}
    return {"ops": ops}


def update_request(marsad: MarsadResource, run_key: str | None) -> dg.RunRequest | dg.SkipReason:
    """An update_job run over the days any stage must recompute (only those), or why none is due."""
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
        run_key=run_key,
        tags=range_tags(start, end),
        run_config=update_run_config(only_dirty=True),
    )
