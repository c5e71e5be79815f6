"""The marts: analyst-facing tables built in the publish step, inside the new warehouse file.

They are extra specs of the `warehouse` multi-asset (one build, one swap), each showing its row
count and a markdown preview, with checks that reconcile each mart with the base tables.
"""

from dataclasses import dataclass

import dagster as dg
import duckdb
import polars as pl

from marsad.assets.metadata import preview
from marsad.assets.resources import MarsadResource
from marsad.sql import sql
from marsad.stages.marts import MARTS, mart_description, mart_name

# The base tables each mart reads (its lineage in the UI).
MART_DEPS: dict[str, list[str]] = {
    "story_articles": ["articles"],
    "stories": ["story_articles", "articles"],
    "actor_day": ["mentions", "entities", "articles", "story_articles"],
    "actor_week": ["mentions", "entities", "articles", "story_articles"],
    "place_day": ["mentions", "entities", "articles"],
    "source_coverage": ["mentions", "entities", "articles"],
    "cooccurrence_week": ["mentions", "entities", "articles"],
    "article_entity": ["mentions", "sentences", "quotes", "articles", "story_articles"],
    "dates_referred": ["date_mentions", "articles"],
    "quoted_about": ["article_entity"],
}
MART_TABLES = ["story_articles", *(mart_name(m) for m in MARTS)]


def _description(table: str) -> str:
    if table == "story_articles":
        return sql("warehouse/story_articles").splitlines()[0].removeprefix("-- ")
    return mart_description(f"marts/{table}")


MART_SPECS = [
    dg.AssetSpec(
        dg.AssetKey(["warehouse", table]),
        deps=[dg.AssetKey(["warehouse", dep]) for dep in MART_DEPS[table]],
        group_name="warehouse",
        kinds={"duckdb"},
        description=_description(table),
    )
    for table in MART_TABLES
]


def _connect(marsad: MarsadResource) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(marsad.settings().warehouse), read_only=True)


def _head(con: duckdb.DuckDBPyConnection, table: str, rows: int = 5) -> pl.DataFrame:
    result = con.execute(f'SELECT * FROM "{table}" LIMIT {int(rows)}')
    columns = [d[0] for d in result.description]
    return pl.DataFrame(result.fetchall(), schema=columns, orient="row", infer_schema_length=None)


def mart_results(marsad: MarsadResource, rows: dict[str, int], rebuilt: bool):
    """One MaterializeResult per mart: row count, a markdown preview, the SQL's first line."""
    con = _connect(marsad)
    try:
        for table in MART_TABLES:
            head = _head(con, table)
            yield dg.MaterializeResult(
                asset_key=dg.AssetKey(["warehouse", table]),
                metadata={
                    "path": str(marsad.settings().warehouse),
                    "rows": rows.get(table, 0),
                    "rebuilt": rebuilt,
                    "preview": preview(head, head.columns),
                },
            )
    finally:
        con.close()


def published_check_spec(table: str, name: str, about: str) -> dg.AssetCheckSpec:
    """A blocking check on a table of the published file (`warehouse.published_checks`)."""
    return dg.AssetCheckSpec(
        name, asset=dg.AssetKey(["warehouse", table]), blocking=True, description=about
    )


@dataclass(frozen=True)
class ReconcileCheck:
    """A mart reconciled with the base tables: a check file counting the rows that disagree.
    Evaluated with the published file's other checks in one step (`warehouse.published_checks`)."""

    table: str
    statement: str
    name: str

    def spec(self) -> dg.AssetCheckSpec:
        about = sql(self.statement).splitlines()[0].removeprefix("-- ")
        return published_check_spec(self.table, self.name, about)

    def __call__(self, con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
        bad = con.execute(sql(self.statement)).fetchall()[0][0]
        return dg.AssetCheckResult(
            passed=bad == 0,
            asset_key=dg.AssetKey(["warehouse", self.table]),
            check_name=self.name,
            metadata={"violations": bad},
        )


MART_CHECKS = [
    ReconcileCheck("actor_week", "checks/actor_week_within_week", "week_articles_within_week"),
    ReconcileCheck(
        "actor_day", "checks/actor_day_mentions_reconcile", "mentions_reconcile_with_base"
    ),
    ReconcileCheck("place_day", "checks/place_day_within_day", "day_articles_within_day"),
    ReconcileCheck("stories", "checks/stories_cover_articles", "every_article_in_one_story"),
    ReconcileCheck(
        "article_entity", "checks/article_entity_reconcile", "mentions_reconcile_with_base"
    ),
    ReconcileCheck(
        "quoted_about", "checks/quoted_about_within_speaker", "pairs_within_speaker_articles"
    ),
]
