"""The dated stages in order, each joined to the code that computes it.

One list to read to know the whole pipeline: Dagster assets, the CLI and the benchmark all take
their stages from here; names, versions and published tables are in `marsad.stages.layout`.
"""

from __future__ import annotations

from marsad.stages.cleaned import clean_day, prepare_boilerplate
from marsad.stages.entities import link_day
from marsad.stages.layout import CLEANED_SPEC, ENTITIES_SPEC, PARSED_SPEC, TAGGED_SPEC, StageSpec
from marsad.stages.parsed import parse_day
from marsad.stages.runner import DayStage
from marsad.stages.tagged import tag_day


def _stage(spec: StageSpec, **code) -> DayStage:
    return DayStage(spec.name, spec.version, spec.upstream, **code)


PARSED = _stage(
    PARSED_SPEC,
    tables=("articles", "line_keys", "quarantine"),
    ledger=("articles", "quarantine"),
    compute=parse_day,
    inputs=("raw", "records"),
)

CLEANED = _stage(
    CLEANED_SPEC,
    tables=("cleaned_articles", "sentences", "tokens", "boilerplate", "quarantine"),
    ledger=("cleaned_articles", "quarantine"),
    compute=clean_day,
    inputs=("parsed", "articles"),
    prepare=prepare_boilerplate,
)

TAGGED = _stage(
    TAGGED_SPEC,
    tables=("entity_mentions", "tagged_articles"),
    ledger=("tagged_articles",),
    compute=tag_day,
    inputs=("cleaned", "cleaned_articles"),
)

ENTITIES = _stage(
    ENTITIES_SPEC,
    tables=("mentions", "date_mentions", "roles", "quotes", "linked_articles"),
    ledger=("linked_articles",),
    compute=link_day,
    inputs=("cleaned", "cleaned_articles"),
)

DAY_STAGES: list[DayStage] = [PARSED, CLEANED, TAGGED, ENTITIES]
