"""How every dated stage becomes a Dagster asset: a window of days in, shards per day out."""

from datetime import date, timedelta

import dagster as dg

from assets.metadata import preview
from marsad.runner import DayStage, run_days, select_days
from pipelines.partitions import publication_months
from pipelines.resources import POOL, MarsadResource


class DayStageConfig(dg.Config):
    """only_dirty: skip days whose inputs and stage version are unchanged (scheduled runs use it);
    a backfill from the UI leaves it off and re-processes every day in its range."""

    only_dirty: bool = False


def window_of(context: dg.AssetExecutionContext) -> tuple[date, date]:
    window = context.partition_time_window
    return window.start.date(), (window.end - timedelta(days=1)).date()


def run_stage(
    context: dg.AssetExecutionContext,
    config: DayStageConfig,
    marsad: MarsadResource,
    stage: DayStage,
    preview_table: str,
    preview_columns: list[str],
) -> dg.MaterializeResult:
    store = marsad.store()
    window = window_of(context)
    with marsad.exclusive(stage.name):
        days = select_days(store, stage, window, config.only_dirty)
        context.log.info(f"{stage.name}: {len(days)} day(s) to compute in {window[0]}..{window[1]}")
        summary = run_days(
            store, stage, days, workers=marsad.worker_count(), reuse=config.only_dirty
        )
    sample_day = next(
        (d for d in reversed(days) if store.table(stage.name, preview_table).path_for(d).exists()),
        None,
    )
    sample = store.table(stage.name, preview_table).read([sample_day]) if sample_day else None
    return dg.MaterializeResult(
        metadata={
            "days_computed": summary.days,
            "window": f"{window[0]}..{window[1]}",
            "stage_version": stage.current_version(),
            **{f"rows_{table}": summary.rows.get(table, 0) for table in stage.tables},
            "preview": preview(sample, preview_columns),
        }
    )


def day_stage_asset(
    stage: DayStage,
    name: str,
    deps: list[dg.AssetKey],
    description: str,
    preview_table: str,
    preview_columns: list[str],
) -> dg.AssetsDefinition:
    @dg.asset(
        name=name,
        key_prefix=stage.name,
        group_name=stage.name,
        deps=deps,
        partitions_def=publication_months,
        backfill_policy=dg.BackfillPolicy.single_run(),
        kinds={"python", "parquet"},
        code_version=stage.current_version(),
        description=description,
        pool=POOL,
    )
    def _asset(
        context: dg.AssetExecutionContext, config: DayStageConfig, marsad: MarsadResource
    ) -> dg.MaterializeResult:
        return run_stage(context, config, marsad, stage, preview_table, preview_columns)

    return _asset
