"""The ephemeral instance `marsad run` uses without DAGSTER_HOME keeps what Dagster's own does."""

import dagster as dg

from marsad.pipelines.instance import ephemeral_instance


def _record(inst: dg.DagsterInstance) -> tuple:
    for month in ("2018-01", "2018-02", "2018-02"):
        inst.report_runless_asset_event(
            dg.AssetMaterialization(["parsed", "articles"], partition=month, metadata={"m": month})
        )
    key = dg.AssetKey(["parsed", "articles"])
    events = inst.fetch_materializations(key, limit=10).records
    latest = inst.get_latest_materialization_event(key)
    return (
        [(e.event_log_entry.dagster_event.partition) for e in events],
        latest.dagster_event.partition,
        sorted(inst.get_materialized_partitions(key)),
    )


def test_the_settled_event_log_stores_and_answers_as_dagsters_own():
    assert _record(ephemeral_instance()) == _record(dg.DagsterInstance.ephemeral())
    assert _record(ephemeral_instance())[2] == ["2018-01", "2018-02"]


MONTHS = dg.MonthlyPartitionsDefinition(start_date="2018-01-01", end_date="2018-04-01")


@dg.asset(partitions_def=MONTHS)
def monthly(context: dg.AssetExecutionContext) -> None:
    return None


def _planned_and_done(inst: dg.DagsterInstance) -> tuple[int, list[str]]:
    """(planned events, materialised months) of one run over the three months."""
    tags = {
        "dagster/asset_partition_range_start": "2018-01-01",
        "dagster/asset_partition_range_end": "2018-03-01",
    }
    result = dg.materialize([monthly], instance=inst, tags=tags)
    planned = inst.get_records_for_run(
        result.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED
    ).records
    return len(planned), sorted(inst.get_materialized_partitions(monthly.key))


def test_a_run_over_months_plans_each_asset_once_and_records_every_month():
    assert _planned_and_done(dg.DagsterInstance.ephemeral()) == (
        3,
        ["2018-01-01", "2018-02-01", "2018-03-01"],
    )
    assert _planned_and_done(ephemeral_instance()) == (
        1,
        ["2018-01-01", "2018-02-01", "2018-03-01"],
    )
