"""The dated stages in order, each joined to the code that computes it.

One list to read to know the whole pipeline: Dagster assets, the CLI and the benchmark all take
their stages from here; names, versions and published tables are in `marsad.stages.layout`.

The code is named, not imported (`Code`): the process that runs Dagster hands the days to worker
processes, which have imported it already (`runner.WORKER_PRELOAD`), so it imports a stage's code
only when it computes days itself (a small change) — 0.2 s less before every run starts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marsad.stages.layout import (
    CLEANED_SPEC,
    ENTITIES_SPEC,
    PARSED_SPEC,
    SHARDED_TABLES,
    TAGGED_SPEC,
    StageSpec,
)
from marsad.stages.runner import DayStage


@dataclass(frozen=True)
class Code:
    """A top-level function by its module and name, imported on its first call (and pickled as
    those two names when a stage is sent to a worker)."""

    module: str
    name: str

    def load(self) -> Callable[..., Any]:
        return getattr(importlib.import_module(self.module), self.name)

    def __call__(self, *args: Any) -> Any:
        return self.load()(*args)


def _stage(spec: StageSpec, **code) -> DayStage:
    feeds = tuple(t.shard for t in SHARDED_TABLES if t.stage == spec.name)
    return DayStage(spec.name, spec.version, spec.upstream, feeds=feeds, **code)


PARSED = _stage(
    PARSED_SPEC,
    tables=("articles", "line_keys", "quarantine"),
    ledger=("articles", "quarantine"),
    compute=Code("marsad.stages.parsed", "parse_day"),
    inputs=("raw", "records"),
)

CLEANED = _stage(
    CLEANED_SPEC,
    tables=("cleaned_articles", "sentences", "tokens", "boilerplate", "quarantine"),
    ledger=("cleaned_articles", "quarantine"),
    compute=Code("marsad.stages.cleaned", "clean_day"),
    inputs=("parsed", "articles"),
    prepare=Code("marsad.stages.cleaned", "prepare_boilerplate"),
)

TAGGED = _stage(
    TAGGED_SPEC,
    tables=("entity_mentions", "tagged_articles"),
    ledger=("tagged_articles",),
    compute=Code("marsad.stages.tagged", "tag_day"),
    inputs=("cleaned", "cleaned_articles"),
    finish=Code("marsad.stages.tagged", "build_word_table"),
)

ENTITIES = _stage(
    ENTITIES_SPEC,
    tables=("mentions", "date_mentions", "roles", "quotes", "linked_articles"),
    ledger=("linked_articles",),
    compute=Code("marsad.stages.entities", "link_day"),
    inputs=("cleaned", "cleaned_articles"),
)

DAY_STAGES: list[DayStage] = [PARSED, CLEANED, TAGGED, ENTITIES]
