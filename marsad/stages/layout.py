"""What the pipeline is made of, without the code that computes it: each dated stage's name,
upstream and version, and which stage tables the warehouse publishes (and where their DDL is).

Light to import: `marsad run` tells that nothing changed (`marsad.stages.plan`) from these and
the stages' state files, before any parser, cleaner or entity catalogue is loaded.
`marsad.stages.pipeline` joins each stage here to the code that computes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from marsad.ner.registry import model_version, resolve_model
from marsad.sql import sql

# Change a stage's version to recompute every day of it and of the stages after it.
PARSED_VERSION = "parsed-2"  # 2: line_keys
CLEANED_VERSION = "cleaned-5"  # 5: lines that are another story's title, credits by description
LINKED_VERSION = "entities-15"  # 15: quote verbs in verb position, speaker stops, inner titles;
# transliterated regions, continents, g-variants (14 was each branch alone)
TAGGED_CODE_VERSION = "tagged-3"  # 3: attribute order no longer hash-seeded


def model_path() -> Path:
    """The model JSON MARSAD_NER_MODEL names (`crf`, `cnn`, a model JSON or its folder), else
    the committed default model."""
    return resolve_model(os.environ.get("MARSAD_NER_MODEL"))


def tagged_version() -> str:
    """Code version plus the model's: a new model makes every day dirty (re-tagging = backfill)."""
    return f"{TAGGED_CODE_VERSION}+{model_version(model_path())}"


@dataclass(frozen=True)
class StageSpec:
    name: str  # folder under <stages>/ and prefix of its tables
    version: str | Callable[[], str]  # change it to recompute every day (code or model change)
    upstream: str  # the stage whose per-day state this one is computed from

    def current_version(self) -> str:
        return self.version() if callable(self.version) else self.version


PARSED_SPEC = StageSpec("parsed", PARSED_VERSION, upstream="raw")
CLEANED_SPEC = StageSpec("cleaned", CLEANED_VERSION, upstream="parsed")
TAGGED_SPEC = StageSpec("tagged", tagged_version, upstream="cleaned")
ENTITIES_SPEC = StageSpec("entities", LINKED_VERSION, upstream="tagged")
# In order: each stage after the one it is computed from.
STAGE_SPECS: list[StageSpec] = [PARSED_SPEC, CLEANED_SPEC, TAGGED_SPEC, ENTITIES_SPEC]


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
