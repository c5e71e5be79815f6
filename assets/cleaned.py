"""The cleaned stage as an asset: display and match text, sentences and tokens per article."""

from marsad.assets.day_stage import day_stage_asset
from marsad.assets.parsed import articles
from marsad.stages.pipeline import CLEANED

sentences = day_stage_asset(
    CLEANED,
    name="sentences",
    deps=[articles.key],
    description=(
        "Arabic normalisation of each article's title and paragraphs: display text (presentation "
        "forms, Persian letters, tatweel, bidi controls, entities and tags folded away) and match "
        "text (tashkeel, alef/ya/ta-marbuta folding, ASCII digits), each with an offset map back "
        "to the raw text; sentences and clitic-split tokens with raw spans."
    ),
    preview_table="sentences",
    preview_columns=["article_id", "sentence_no", "paragraph_no", "text"],
)
