"""How every dated stage becomes a Dagster asset: a window of days in, shards per day out.

A stage writes several tables per day in one computation (the cleaned stage writes
cleaned_articles, sentences, tokens and quarantine), so each stage is one multi-asset named after
the stage, with one asset per table under the stage's key prefix and group.
"""

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, timedelta

import dagster as dg

from marsad.assets.checks import DayCheck, Finding, Scope
from marsad.assets.metadata import preview
from marsad.assets.partitions import backfill_policy, publication_months
from marsad.assets.resources import POOL, MarsadResource
from marsad.stages.layout import TABLE_HOMES, ddl
from marsad.stages.runner import DayStage, run_days, select_days


class DayStageConfig(dg.Config):
    """only_dirty: skip days whose inputs and stage version are unchanged (scheduled runs use it);
    a backfill from the UI leaves it off and re-processes every day in its range."""

    only_dirty: bool = False
    first_day: str = ""  # YYYY-MM-DD: clip the partitions' months to these days (marsad backfill)
    last_day: str = ""


def window_of(context: dg.AssetExecutionContext, config: DayStageConfig) -> tuple[date, date]:
    window = context.partition_time_window
    start, end = window.start.date(), (window.end - timedelta(days=1)).date()
    if config.first_day:
        start = max(start, date.fromisoformat(config.first_day))
    if config.last_day:
        end = min(end, date.fromisoformat(config.last_day))
    return start, end


def table_description(stage: DayStage, table: str, own: dict[str, str]) -> str:
    """A published table's description is its DDL's first comment line; others are given."""
    if table in own:
        return own[table]
    if TABLE_HOMES.get(table) == stage.name:
        return ddl(table).splitlines()[0].removeprefix("-- ")
    raise ValueError(f"no description for {stage.name}/{table}")


def day_stage_asset(
    stage: DayStage,
    deps: list[dg.AssetKey],
    description: str,
    tables: dict[str, str],
    preview_table: str,
    preview_columns: list[str],
    checks: Sequence[DayCheck] = (),
) -> dg.AssetsDefinition:
    """`tables`: descriptions of the stage's tables that are not published under its name;
    `checks` run on the window's shards once they are written, beside the stage's assets."""

    @dg.multi_asset(
        name=stage.name,
        specs=[
            dg.AssetSpec(
                dg.AssetKey([stage.name, table]),
                deps=deps,
                group_name=stage.name,
                kinds={"python", "parquet"},
                code_version=stage.current_version(),
                description=table_description(stage, table, tables),
            )
            for table in stage.tables
        ],
        check_specs=[check.spec(stage.name) for check in checks],
        partitions_def=publication_months,
        backfill_policy=backfill_policy(),
        can_subset=False,
        description=description,
        pool=POOL,
    )
    def _asset(context: dg.AssetExecutionContext, config: DayStageConfig, marsad: MarsadResource):
        store = marsad.store()
        window = window_of(context, config)
        checked: list[Future[list[Finding]]] = []

        def check(days: list[date], written: dict[str, list[str]]) -> None:
            scope = Scope(days, {(stage.name, t): files for t, files in written.items()})
            checked.append(checking.submit(lambda: [c.evaluate(store, scope) for c in checks]))

        # the checks read each batch's shards on a thread as soon as the batch is committed,
        # while the workers compute the next batches (they cost an increment 0.5 s after them)
        with (
            marsad.exclusive(stage.name),
            ThreadPoolExecutor(1, thread_name_prefix=f"{stage.name}-checks") as checking,
        ):
            days = select_days(store, stage, window, config.only_dirty)
            context.log.info(
                f"{stage.name}: {len(days)} day(s) to compute in {window[0]}..{window[1]}"
            )
            summary = run_days(
                store,
                stage,
                days,
                workers=marsad.worker_count(),
                reuse=config.only_dirty,
                on_batch=check if checks else None,
            )
            findings = [future.result() for future in checked]
        shards = store.table(stage.name, preview_table)
        sample_day = next((d for d in reversed(days) if shards.has(d)), None)
        sample = shards.read([sample_day]) if sample_day else None
        for table in stage.tables:
            metadata = {
                "days_computed": summary.days,
                "window": f"{window[0]}..{window[1]}",
                "stage_version": stage.current_version(),
                "rows": summary.rows.get(table, 0),
            }
            if table == preview_table:
                metadata["preview"] = preview(sample, preview_columns)
            yield dg.MaterializeResult(
                asset_key=dg.AssetKey([stage.name, table]), metadata=metadata
            )
        for k, day_check in enumerate(checks):
            yield Finding.merge([batch[k] for batch in findings]).result(
                asset_key=dg.AssetKey([stage.name, day_check.table]), check_name=day_check.name
            )

    return _asset
