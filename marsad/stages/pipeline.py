"""The dated stages in order, and which of their tables the warehouse publishes.

One list to read to know the whole pipeline: Dagster assets, the CLI and the benchmark all take
their stages from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.sql import sql
from marsad.stages.cleaned import CLEANED_VERSION, clean_day, prepare_boilerplate
from marsad.stages.entities import LINKED_VERSION, link_day
from marsad.stages.parsed import PARSED_VERSION, parse_day
from marsad.stages.runner import DayStage
from marsad.stages.tagged import stage_version as tagged_version
from marsad.stages.tagged import tag_day

PARSED = DayStage(
    "parsed",
    PARSED_VERSION,
    upstream="raw",
    tables=("articles", "line_keys", "quarantine"),
    ledger=("articles", "quarantine"),
    compute=parse_day,
    inputs=("raw", "records"),
)

CLEANED = DayStage(
    "cleaned",
    CLEANED_VERSION,
    upstream="parsed",
    tables=("cleaned_articles", "sentences", "tokens", "boilerplate", "quarantine"),
    ledger=("cleaned_articles", "quarantine"),
    compute=clean_day,
    inputs=("parsed", "articles"),
    prepare=prepare_boilerplate,
)

TAGGED = DayStage(
    "tagged",
    tagged_version,
    upstream="cleaned",
    tables=("entity_mentions", "tagged_articles"),
    ledger=("tagged_articles",),
    compute=tag_day,
    inputs=("cleaned", "cleaned_articles"),
)

ENTITIES = DayStage(
    "entities",
    LINKED_VERSION,
    upstream="tagged",
    tables=("mentions", "date_mentions", "roles", "quotes", "linked_articles"),
    ledger=("linked_articles",),
    compute=link_day,
    inputs=("cleaned", "cleaned_articles"),
)

DAY_STAGES: list[DayStage] = [PARSED, CLEANED, TAGGED, ENTITIES]


@dataclass(frozen=True)
class TableSource:
    """A published table and the stage shards it is loaded from."""

    table: str
    stage: str
    shard: str  # sharded table name under <stages>/<stage>/


SHARDED_TABLES: list[TableSource] = [
    TableSource("articles", "parsed", "articles"),
    TableSource("sentences", "cleaned", "sentences"),
    TableSource("boilerplate", "cleaned", "boilerplate"),
    TableSource("entity_mentions", "tagged", "entity_mentions"),
    TableSource("mentions", "entities", "mentions"),
    TableSource("date_mentions", "entities", "date_mentions"),
    TableSource("roles", "entities", "roles"),
    TableSource("quotes", "entities", "quotes"),
]
QUARANTINE_SOURCES: list[TableSource] = [
    TableSource("quarantine", "parsed", "quarantine"),
    TableSource("quarantine", "cleaned", "quarantine"),
]
# Where each published table's DDL lives: sql/<stage>/<table>.sql, the stage that writes it.
TABLE_HOMES: dict[str, str] = {
    "raw_articles": "raw",
    "quarantine": "warehouse",
    "entities": "entities",
    "marsad_meta": "warehouse",
    **{t.table: t.stage for t in SHARDED_TABLES},
}


def ddl(table: str) -> str:
    """The CREATE TABLE statement (with column comments) of a published table."""
    return sql(f"{TABLE_HOMES[table]}/{table}")


VIEWS: list[str] = ["views/coverage_daily", "views/place_coverage", "views/office_holders"]
