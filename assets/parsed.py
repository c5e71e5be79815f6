"""The parsed stage as an asset: title, date, section, source, counters and paragraphs per article."""

import dagster as dg

from marsad.assets.day_stage import day_stage_asset
from marsad.assets.raw import raw_articles
from marsad.stages.pipeline import PARSED

articles = day_stage_asset(
    PARSED,
    name="articles",
    deps=[raw_articles.key],
    description=(
        "One row per unique article of the day: title, publication date and time (with its UTC "
        "offset when the source gives one), section, source, url, author and dateline place, "
        "visits, comments, body paragraphs, and the span of every field in the raw text. Records "
        "that cannot be parsed (no title or body, unparseable or out-of-range date) go to the "
        "day's quarantine shard."
    ),
    preview_table="articles",
    preview_columns=["article_id", "published_at", "source", "section", "title"],
)

__all__ = ["articles", "dg"]
