"""The outlet an article comes from, among the catalogue's media: an outlet naming itself in its
own article («بي بي سي» in a BBC Arabic article, «سكاي نيوز عربية» in Sky News Arabia's) is a
credit, not coverage.

The article's `source` field is free text (`BBC`, `skynews`, `alarabia`, `عكاظ`): it names a
media entity when its Latin consonants equal those of the entity's English name or begin it, or
the other way round (`alarabia` ~ Al Arabiya, `skynews` ~ Sky News Arabia), or when its Arabic
match form is one of the entity's names.
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl

from marsad.entities.catalog import build_catalog
from marsad.entities.names import match_form

# catalogue kinds that are outlets (news agencies, channels and networks, newspapers)
MEDIA_KINDS = ("agency", "newspaper")
MIN_SKELETON = 3
_NOT_CONSONANT = re.compile(r"[^b-df-hj-np-tv-xz0-9]")


def skeleton(name: str) -> str:
    """Latin consonants and digits of a name, lower case: `Al Arabiya` -> `lrb`."""
    return _NOT_CONSONANT.sub("", name.lower())


@cache
def _media() -> list[tuple[str, str, frozenset[str]]]:
    media = build_catalog().filter(pl.col("kind").is_in(MEDIA_KINDS))
    return [
        (eid, skeleton(en or ""), frozenset(aliases))
        for eid, en, aliases in media.select("entity_id", "name_en", "aliases").iter_rows()
    ]


@cache
def outlet_entities(source: str | None) -> frozenset[str]:
    """The catalogue media entities an article's `source` names (usually one, often none)."""
    if not source or not source.strip():
        return frozenset()
    own = skeleton(source)
    arabic = match_form(source)
    found = set()
    for entity_id, name, aliases in _media():
        latin = len(own) >= MIN_SKELETON and len(name) >= MIN_SKELETON
        if (latin and (name.startswith(own) or own.startswith(name))) or arabic in aliases:
            found.add(entity_id)
    return frozenset(found)


__all__ = ["outlet_entities", "skeleton"]
