"""The published warehouse: a DuckDB file built from every stage's shards and swapped in atomically."""

import dagster as dg
import duckdb

from marsad.assets.entities import entity_catalog
from marsad.assets.marts import MART_SPECS, mart_results
from marsad.assets.raw import raw_articles
from marsad.assets.resources import POOL, MarsadResource
from marsad.sql import sql
from marsad.stages.pipeline import QUARANTINE_SOURCES, SHARDED_TABLES, TableSource, ddl
from marsad.stages.progress import report
from marsad.stages.warehouse import publish


def _shards(sources: list[TableSource]) -> list[dg.AssetKey]:
    return [dg.AssetKey([s.stage, s.shard]) for s in sources]


# Each published table and the stage assets it is loaded from (the lineage in the UI).
PUBLISHED = {
    "raw_articles": [raw_articles.key],
    **{t.table: _shards([t]) for t in SHARDED_TABLES},
    "entities": [entity_catalog.key, dg.AssetKey(["entities", "mentions"])],
    "quarantine": [raw_articles.key, *_shards(QUARANTINE_SOURCES)],
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            dg.AssetKey(["warehouse", table]),
            deps=deps,
            group_name="warehouse",
            kinds={"duckdb"},
            description=ddl(table).splitlines()[0].removeprefix("-- "),
        )
        for table, deps in PUBLISHED.items()
    ]
    + MART_SPECS,
    can_subset=False,
    pool=POOL,
)
def warehouse(context: dg.AssetExecutionContext, marsad: MarsadResource):
    """Build the DuckDB file under a temporary name and rename it over the published one, so an
    analyst's open connection never blocks a run nor sees a half-built warehouse."""
    settings = marsad.settings()
    report("publish", 0, 1, "build")
    with marsad.exclusive("warehouse"):
        result = publish(marsad.store(), settings.warehouse)
    report("publish", 1, 1, "build")
    context.log.info(
        f"{'published' if result.published else 'unchanged'} {settings.warehouse}: {result.rows}"
    )
    for table in PUBLISHED:
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey(["warehouse", table]),
            metadata={
                "path": str(settings.warehouse),
                "rows": result.rows.get(table, 0),
                "rebuilt": result.published,
            },
        )
    yield from mart_results(marsad, result.rows, result.published)


def _scalar(marsad: MarsadResource, statement: str) -> int:
    con = duckdb.connect(str(marsad.settings().warehouse), read_only=True)
    try:
        return con.execute(sql(statement)).fetchall()[0][0]
    finally:
        con.close()


@dg.asset_check(asset=dg.AssetKey(["warehouse", "articles"]), blocking=True)
def article_ids_unique(marsad: MarsadResource) -> dg.AssetCheckResult:
    """Each published article appears once."""
    extra = _scalar(marsad, "checks/duplicate_article_ids")
    return dg.AssetCheckResult(passed=extra == 0, metadata={"duplicate_ids": extra})


@dg.asset_check(asset=dg.AssetKey(["warehouse", "quarantine"]), blocking=True)
def every_record_accounted_for(marsad: MarsadResource) -> dg.AssetCheckResult:
    """Every raw record is loaded, quarantined, or a duplicate of another: nothing vanishes."""
    missing = _scalar(marsad, "checks/unaccounted_records")
    return dg.AssetCheckResult(passed=missing == 0, metadata={"unaccounted_records": missing})
