"""How the dated stages become Dagster assets: a window of days in, shards per day out.

A stage writes several tables per day in one computation (the cleaned stage writes
cleaned_articles, sentences, tokens and quarantine), so each table is one asset under the stage's
key prefix and group, and a stage's tables are one multi-asset. Stages that follow one another
without a barrier between them (cleaned, tagged, entities: only the cleaned stage learns from the
whole upstream first) are one multi-asset together, so each batch of days goes through all of
them in one worker call (`runner.run_chain`) instead of a process pool round per stage. Each
stage keeps its own assets, group, checks and metadata; a subset of the stages can be
materialised alone (selecting one table of a stage computes the whole stage, as before). A
failed blocking check of one of them stops the publish, not the later stages of the same
multi-asset, which were computed batch by batch beside it.
"""

from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, timedelta

import dagster as dg

from marsad.assets.checks import DayCheck, Finding, Scope
from marsad.assets.metadata import preview
from marsad.assets.partitions import backfill_policy, publication_months
from marsad.assets.resources import POOL, MarsadResource
from marsad.stages.layout import TABLE_HOMES, ddl
from marsad.stages.runner import DayRunSummary, DayStage, run_stages
from marsad.stages.store import StageStore


class DayStageConfig(dg.Config):
    """only_dirty: skip days whose inputs and stage version are unchanged (scheduled runs use it);
    a backfill from the UI leaves it off and re-processes every day in its range. `forced`:
    stages of this asset that re-process every day even with only_dirty (marsad backfill
    --stage)."""

    only_dirty: bool = False
    forced: list[str] = []
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


@dataclass(frozen=True)
class StageAssets:
    """What Dagster shows of one dated stage: its tables' assets, what they depend on outside
    the stage, a preview, and the checks run on the shards it writes."""

    stage: DayStage
    deps: list[dg.AssetKey]
    description: str
    tables: dict[str, str]  # descriptions of its tables not published under its name
    preview_table: str
    preview_columns: list[str]
    checks: Sequence[DayCheck] = field(default_factory=tuple)

    def key(self, table: str) -> dg.AssetKey:
        return dg.AssetKey([self.stage.name, table])

    def specs(self) -> list[dg.AssetSpec]:
        return [
            dg.AssetSpec(
                self.key(table),
                deps=self.deps,
                group_name=self.stage.name,
                kinds={"python", "parquet"},
                code_version=self.stage.current_version(),
                description=table_description(self.stage, table, self.tables),
            )
            for table in self.stage.tables
        ]


def stage_names(asset: dg.AssetsDefinition) -> list[str]:
    """The stages a dated stage asset computes, in pipeline order."""
    return list(dict.fromkeys(key.path[0] for key in asset.keys))


def day_stage_asset(name: str, stages: Sequence[StageAssets]) -> dg.AssetsDefinition:
    """One multi-asset computing `stages` (each the upstream of the next) over a window of days;
    each stage's checks run on its shards as soon as a batch is committed."""

    @dg.multi_asset(
        name=name,
        specs=[spec for part in stages for spec in part.specs()],
        check_specs=[check.spec(part.stage.name) for part in stages for check in part.checks],
        partitions_def=publication_months,
        backfill_policy=backfill_policy(),
        can_subset=len(stages) > 1,  # by stage: a stage's tables are computed together
        description="\n\n".join(f"{p.stage.name}: {p.description}" for p in stages),
        pool=POOL,
    )
    def _asset(context: dg.AssetExecutionContext, config: DayStageConfig, marsad: MarsadResource):
        store = marsad.store()
        window = window_of(context, config)
        selected = context.selected_asset_keys
        chosen = [p for p in stages if any(p.key(t) in selected for t in p.stage.tables)]
        checked: dict[str, list[Future[list[Finding]]]] = {p.stage.name: [] for p in chosen}

        def on_batch(part: StageAssets):
            def check(days: list[date], written: dict[str, list[str]]) -> None:
                scope = Scope(days, {(part.stage.name, t): f for t, f in written.items()})
                checked[part.stage.name].append(
                    checking.submit(lambda: [c.evaluate(store, scope) for c in part.checks])
                )

            return check

        # the checks read each batch's shards on threads as soon as the batch is committed,
        # while the workers compute the next batches (they cost an increment 0.5 s after them);
        # on two threads, as the workers commit their batches in pairs
        with ExitStack() as held:
            for part in chosen:
                held.enter_context(marsad.exclusive(part.stage.name))
            checking = held.enter_context(
                ThreadPoolExecutor(2, thread_name_prefix=f"{name}-checks")
            )
            summaries = run_stages(
                store,
                [p.stage for p in chosen],
                window,
                {
                    p.stage.name: config.only_dirty and p.stage.name not in config.forced
                    for p in chosen
                },
                workers=marsad.worker_count(),
                on_batch={p.stage.name: on_batch(p) for p in chosen if p.checks},
                log=context.log.info,
            )
            findings = {n: [future.result() for future in fs] for n, fs in checked.items()}
        for part in chosen:
            yield from _results(context, store, part, summaries[part.stage.name], window, findings)

    return _asset


def _results(
    context: dg.AssetExecutionContext,
    store: StageStore,
    part: StageAssets,
    summary: DayRunSummary,
    window: tuple[date, date],
    findings: dict[str, list[list[Finding]]],
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """A stage's materialisations (with a preview of its last computed day) and check results."""
    stage = part.stage
    shards = store.table(stage.name, part.preview_table)
    sample_day = next((d for d in reversed(summary.computed) if shards.has(d)), None)
    sample = shards.read([sample_day]) if sample_day else None
    for table in stage.tables:
        if part.key(table) not in context.selected_asset_keys:
            continue
        metadata = {
            "days_computed": summary.days,
            "window": f"{window[0]}..{window[1]}",
            "stage_version": stage.current_version(),
            "rows": summary.rows.get(table, 0),
        }
        if table == part.preview_table:
            metadata["preview"] = preview(sample, part.preview_columns)
        yield dg.MaterializeResult(asset_key=part.key(table), metadata=metadata)
    batches = findings.get(stage.name, [])
    for k, day_check in enumerate(part.checks):
        key = dg.AssetCheckKey(part.key(day_check.table), day_check.name)
        if key in context.selected_asset_check_keys:
            yield Finding.merge([batch[k] for batch in batches]).result(
                asset_key=part.key(day_check.table), check_name=day_check.name
            )
