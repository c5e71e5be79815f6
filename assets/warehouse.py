"""The published warehouse: a DuckDB file built from every stage's shards and swapped in atomically."""

import dagster as dg
import duckdb

from assets.cleaned import sentences
from assets.entities import entity_catalog, mentions
from assets.parsed import articles
from assets.raw import raw_articles
from assets.tagged import entity_mentions
from marsad.publish import publish
from marsad.sql import sql
from pipelines.resources import POOL, MarsadResource

PUBLISHED = {
    "raw_articles": [raw_articles.key],
    "articles": [articles.key],
    "sentences": [sentences.key],
    "entity_mentions": [entity_mentions.key],
    "entities": [entity_catalog.key, mentions.key],
    "mentions": [mentions.key],
    "date_mentions": [mentions.key],
    "roles": [mentions.key],
    "quotes": [mentions.key],
    "quarantine": [raw_articles.key, articles.key, sentences.key],
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            dg.AssetKey(["warehouse", table]),
            deps=deps,
            group_name="warehouse",
            kinds={"duckdb"},
            description=sql(f"ddl/{table}").splitlines()[0].removeprefix("-- "),
        )
        for table, deps in PUBLISHED.items()
    ],
    can_subset=False,
    pool=POOL,
)
def warehouse(context: dg.AssetExecutionContext, marsad: MarsadResource):
    """Build the DuckDB file under a temporary name and rename it over the published one, so an
    analyst's open connection never blocks a run nor sees a half-built warehouse."""
    settings = marsad.settings()
    with marsad.exclusive("warehouse"):
        result = publish(marsad.store(), settings.warehouse)
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
