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
