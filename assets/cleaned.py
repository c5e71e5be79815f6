"""The cleaned stage as assets: display and match text, sentences and tokens per article."""

import dagster as dg

from marsad.assets.checks import DayCheck, Finding, Scope, shard_finding
from marsad.assets.day_stage import StageAssets
from marsad.stages.pipeline import CLEANED
from marsad.stages.store import StageStore


def text_not_empty(store: StageStore, scope: Scope) -> Finding:
    """A parsed article always has a title and a body, so its cleaned text cannot be blank."""
    return shard_finding(
        store, scope, "cleaned", "cleaned_articles", "checks/cleaned_text_not_empty"
    )


cleaned = StageAssets(
    CLEANED,
    deps=[dg.AssetKey(["parsed", "articles"])],
    description=(
        "Arabic normalisation of each article's title and paragraphs: display text (presentation "
        "forms, Persian letters, tatweel, bidi controls, entities and tags folded away) and match "
        "text (tashkeel, alef/ya/ta-marbuta folding, ASCII digits), each with an offset map back "
        "to the raw text; sentences and clitic-split tokens with raw spans; boilerplate spans (lines "
        "each source repeats, learned per source, and agency credits)."
    ),
    tables={
        "cleaned_articles": "Per article: display and match text with offset maps to the raw text.",
        "tokens": "Per token: its kind, clitic split and spans in display and raw text.",
        "quarantine": "Articles of the day the cleaner could not handle, with the error.",
    },
    preview_table="sentences",
    preview_columns=["article_id", "sentence_no", "paragraph_no", "text"],
    checks=[
        DayCheck(
            "cleaned_text_not_empty",
            "cleaned_articles",
            "checks/cleaned_text_not_empty",
            text_not_empty,
        )
    ],
)
