"""The entities stage's logic: who, where and when an article names — mentions linked to a
catalogue, dates resolved against publication, people's roles and what they said.  It runs
after the NER tagger, on the cleaned stage's tokens and the tagger's mentions.

Per article: catalogue names (`link`), organisation phrases (`orgs`), the NER model's
mentions, merged; then context picks between homonyms (`context`) and each person gets one id
(`persons`, with the corpus prior of `build_priors` for bare names).

`build_catalog()` lists the entities; `link_many(articles, mentions, tokens)` runs the whole
stage over a batch and returns the linked_mentions, date_mentions, roles and quotes frames.
"""

from marsad.entities.batch import analyse_article, analyse_text, link_many
from marsad.entities.catalog import build_catalog
from marsad.entities.date_mentions import find_date_mentions
from marsad.entities.tokens import from_cleaned

__all__ = [
    "analyse_article",
    "analyse_text",
    "build_catalog",
    "find_date_mentions",
    "from_cleaned",
    "link_many",
]
