"""The parsed stage as assets: title, date, section, source, counters and paragraphs per article."""

from marsad.assets.checks import DayCheck, Finding, Scope, shard_finding
from marsad.assets.day_stage import StageAssets, day_stage_asset
from marsad.assets.raw import raw_articles
from marsad.partitioning import PARTITION_START, partition_end
from marsad.stages.pipeline import PARSED
from marsad.stages.store import StageStore


def dates_in_range(store: StageStore, scope: Scope) -> Finding:
    """The parser quarantines dates outside the accepted range; none may reach the articles."""
    return shard_finding(
        store,
        scope,
        "parsed",
        "articles",
        "checks/published_dates_in_range",
        first=PARTITION_START,
        last=partition_end(),
    )


parsed = day_stage_asset(
    "parsed",
    [
        StageAssets(
            PARSED,
            deps=[raw_articles.key],
            description=(
                "One row per unique article of the day: title, publication date and time (with its UTC "
                "offset when the source gives one), section, source, url, author and dateline place, "
                "visits, comments, body paragraphs, and the span of every field in the raw text. Records "
                "that cannot be parsed (no title or body, unparseable or out-of-range date) go to the "
                "day's quarantine shard."
            ),
            tables={
                "quarantine": "Records of the day the parser could not use, with a reason and location.",
                "line_keys": "Hash keys of the body lines, counted per source to find boilerplate.",
            },
            preview_table="articles",
            preview_columns=["article_id", "published_at", "source", "section", "title"],
            checks=[
                DayCheck(
                    "published_dates_in_range",
                    "articles",
                    "checks/published_dates_in_range",
                    dates_in_range,
                )
            ],
        )
    ],
)
