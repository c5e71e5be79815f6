"""The dated stages in order, and which of their tables the warehouse publishes.

One list to read to know the whole pipeline: Dagster assets, the CLI and the benchmark all take
their stages from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.articles import PARSED_VERSION, parse_day
from marsad.cleaned import CLEANED_VERSION, clean_day
from marsad.runner import DayStage

PARSED = DayStage(
    "parsed",
    PARSED_VERSION,
    upstream="raw",
    tables=("articles", "quarantine"),
    ledger=("articles", "quarantine"),
    compute=parse_day,
)

CLEANED = DayStage(
    "cleaned",
    CLEANED_VERSION,
    upstream="parsed",
    tables=("cleaned_articles", "sentences", "tokens", "quarantine"),
    ledger=("cleaned_articles", "quarantine"),
    compute=clean_day,
)

DAY_STAGES: list[DayStage] = [PARSED, CLEANED]


@dataclass(frozen=True)
class TableSource:
    """A published table and the stage shards it is loaded from."""

    table: str
    stage: str
    shard: str  # sharded table name under <stages>/<stage>/


SHARDED_TABLES: list[TableSource] = [
    TableSource("articles", "parsed", "articles"),
    TableSource("sentences", "cleaned", "sentences"),
]
QUARANTINE_SOURCES: list[TableSource] = [
    TableSource("quarantine", "parsed", "quarantine"),
    TableSource("quarantine", "cleaned", "quarantine"),
]
VIEWS: list[str] = []  # sql/ files creating views, e.g. "views/coverage_by_day"
