"""The entity catalogue: sources, ids, merging, filters, and the committed data files."""

from __future__ import annotations

import csv
import gzip
import io
import re
from importlib import resources

import polars as pl
import pytest

from marsad.entities import build_catalog
from marsad.entities.build_places import build
from marsad.entities.catalog import CATALOG_SCHEMA, common_word
from marsad.entities.index import alias_index
from marsad.entities.names import NON_ARABIC_LETTERS, is_arabic_name, match_form, nisba

DATA = resources.files("marsad") / "data"


@pytest.fixture(scope="module")
def cat() -> pl.DataFrame:
    return build_catalog()


def test_schema_and_unique_ids(cat: pl.DataFrame) -> None:
    assert cat.schema == pl.Schema(CATALOG_SCHEMA)
    assert cat["entity_id"].n_unique() == cat.height
    assert set(cat["type"]) == {"person", "organisation", "place"}
    assert set(cat["source"]) == {"curated", "pycountry", "geonames", "gazetteer"}


def test_every_source_contributes(cat: pl.DataFrame) -> None:
    counts = dict(cat.group_by("source").len().iter_rows())
    assert counts["curated"] >= 400
    assert counts["pycountry"] >= 150
    assert counts["geonames"] >= 3000
    assert counts["gazetteer"] >= 500


def test_curated_rows_are_well_formed() -> None:
    text = (DATA / "curated_entities.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) >= 400
    for r in rows:
        assert r["type"] in ("person", "organisation", "place"), r
        assert re.fullmatch(r"(Q\d+|cur:[a-z0-9-]+)", r["entity_id"]), r
        assert not r["qid"] or r["qid"] == r["entity_id"], r  # a QID, when known, is the id
        assert not r["country_code"] or re.fullmatch(r"[A-Z]{2}", r["country_code"]), r
        assert (
            is_arabic_name(r["name_ar"]) or r["name_ar"][:1].isdigit() or " 24" in r["name_ar"]
        ), r


@pytest.mark.parametrize(
    ("entity_id", "name_en", "country"),
    [
        ("Q796", "Iraq", "IQ"),
        ("Q30", "United States", "US"),
        ("Q794", "Iran", "IR"),
        ("Q858", "Syria", "SY"),
    ],
)
def test_countries_merge_library_names_into_curated_rows(
    cat: pl.DataFrame, entity_id: str, name_en: str, country: str
) -> None:
    rows = cat.filter((pl.col("kind") == "country") & (pl.col("country_code") == country))
    assert rows.height == 1
    row = rows.row(0, named=True)
    assert (row["entity_id"], row["name_en"], row["source"]) == (entity_id, name_en, "curated")


def test_curated_city_takes_geonames_names_and_drops_the_duplicate(cat: pl.DataFrame) -> None:
    assert cat.filter(pl.col("entity_id") == "geo:98182").height == 0  # folded into Q1530
    baghdad = cat.filter(pl.col("entity_id") == "Q1530").row(0, named=True)
    assert "بغداد" in baghdad["aliases"] and baghdad["population"] > 1_000_000


def test_geonames_city_with_coordinates(cat: pl.DataFrame) -> None:
    sanaa = cat.filter(pl.col("entity_id") == "geo:71137").row(0, named=True)
    assert (sanaa["source"], sanaa["country_code"], round(sanaa["latitude"])) == (
        "geonames",
        "YE",
        15,
    )
    assert "صنعاء" in sanaa["aliases"]


def test_no_persian_or_kurdish_script_aliases(cat: pl.DataFrame) -> None:
    library = cat.filter(pl.col("source") != "curated").explode("aliases")["aliases"]
    assert not any(NON_ARABIC_LETTERS.intersection(a) for a in library.to_list())


def test_iraqi_provinces_from_the_gazetteer(cat: pl.DataFrame) -> None:
    provinces = cat.filter(
        pl.col("entity_id").str.starts_with("gaz:iq:province:")
        | pl.col("entity_id").str.starts_with("iso:IQ-")
    )
    assert provinces.height >= 15
    assert all(is_arabic_name(n) for n in provinces["name_ar"])


@pytest.mark.parametrize(
    "word", ["الخميس", "جمال", "بشار", "مالي", "صور", "الحريه", "السويديه", "منا"]
)
def test_ambiguous_library_names_are_not_aliases(word: str) -> None:
    row = alias_index().names.get((word,))
    assert row is None or alias_index().source[row] in ("curated", "pycountry")


@pytest.mark.parametrize(
    ("word", "common"), [("صور", True), ("الحريه", True), ("حلب", False), ("بغداد", False)]
)
def test_common_word(word: str, common: bool) -> None:
    assert common_word(word) is common


@pytest.mark.parametrize(
    ("country", "stem"),
    [
        ("العراق", "عراقي"),
        ("سوريا", "سوري"),
        ("امريكا", "امريكي"),
        ("السعوديه", "سعودي"),
        ("الامارات", "اماراتي"),
        ("مالي", None),
    ],
)
def test_nisba(country: str, stem: str | None) -> None:
    assert nisba(country) == stem


def test_aliases_are_in_match_form(cat: pl.DataFrame) -> None:
    sample = cat.explode("aliases")["aliases"].head(5000).to_list()
    assert all(a == match_form(a) for a in sample)


def test_places_file_is_small_and_well_formed() -> None:
    raw = (DATA / "places.tsv.gz").read_bytes()
    assert len(raw) < 3_000_000
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    header = lines[0].split("\t")
    assert header[0] == "entity_id" and header[-1] == "aliases"
    assert all(len(line.split("\t")) == len(header) for line in lines[1:])


def test_places_file_rebuilds_identically_from_shared(shared_dir, tmp_path) -> None:
    out = tmp_path / "places.tsv.gz"
    build(shared_dir, out)
    assert out.read_bytes() == (DATA / "places.tsv.gz").read_bytes()


def test_countries_and_first_level_regions_have_coordinates(cat: pl.DataFrame) -> None:
    """Countries and governorates/provinces/emirates reach the map (issue 14)."""
    countries = cat.filter(pl.col("kind") == "country")
    assert countries["latitude"].is_not_null().mean() > 0.9
    regions = cat.filter(pl.col("entity_id").str.contains(r"^iso:[A-Z]{2}-"))
    assert regions.height >= 300 and regions["latitude"].is_not_null().all()
    by_id = {r["entity_id"]: r for r in regions.iter_rows(named=True)}
    riyadh = by_id["iso:SA-01"]
    assert riyadh["country_code"] == "SA" and 20 < riyadh["latitude"] < 27
    assert "منطقه الرياض" in riyadh["aliases"]
    iraq = countries.filter(pl.col("country_code") == "IQ").row(0, named=True)
    assert 29 < iraq["latitude"] < 37 and 39 < iraq["longitude"] < 48


def test_the_nations_of_the_united_kingdom_are_regions_on_the_map(cat: pl.DataFrame) -> None:
    """England, Scotland and Wales (CLDR's Arabic names, ISO 3166-2 codes and coordinates)
    are catalogue regions a bare name links to, not model-found names (issue 14)."""
    ix = alias_index()
    for code, name, lat in (("ENG", "إنجلترا", 52), ("SCT", "اسكتلندا", 56), ("WLS", "ويلز", 52)):
        row = cat.filter(pl.col("entity_id") == f"iso:GB-{code}").row(0, named=True)
        assert row["kind"] == "admin_region" and row["country_code"] == "GB"
        assert round(row["latitude"]) in (lat, lat + 1) and row["longitude"] < 0
        assert ix.entity_id[ix.names[(match_form(name),)]] == f"iso:GB-{code}"


@pytest.mark.parametrize(("name", "code"), [("الدنمارك", "DK"), ("ميانمار", "MM")])
def test_countries_take_the_arabic_names_of_pycountry(cat: pl.DataFrame, name, code) -> None:
    """Spellings CLDR does not use («الدنمارك» for its «الدانمرك») come from pycountry's
    Arabic translations of the ISO 3166-1 names."""
    ix = alias_index()
    row = ix.names[(match_form(name),)]
    assert cat.filter(pl.col("entity_id") == ix.entity_id[row])["country_code"].item() == code
