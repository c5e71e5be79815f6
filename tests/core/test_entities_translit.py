"""Transliterated names of foreign places (marsad.entities.translit) and what build_places
and the catalogue make of them (issue 14: places on the map)."""

from __future__ import annotations

import polars as pl
import pytest

from marsad.entities import build_catalog
from marsad.entities.build_places import transliterated_names
from marsad.entities.catalog import spelling_variants
from marsad.entities.index import alias_index
from marsad.entities.names import match_form
from marsad.entities.translit import sounds_alike


@pytest.mark.parametrize(
    ("latin", "arabic", "alike"),
    [
        ("Texas", "تكساس", True),
        ("Florida", "فلوريدا", True),
        ("Pennsylvania", "بنسلفانيا", True),
        ("Ontario", "أونتاريو", True),
        ("Khartoum", "الخرطوم", True),
        ("Ohio", "أوهايو", True),
        ("Ontario", "انتر", False),  # Inter: the vowels are not written
        ("Arizona", "هارريسون", False),  # an h the Latin lacks
        ("Arizona", "راسين", False),  # a vowel-initial name opens on a vowel in Arabic
        ("Georgia", "كورك", False),  # a final a is written
        ("Delaware", "ديل ريو", False),  # more words than the Latin
        ("Kansas", "كوينز", False),  # a consonant short
    ],
)
def test_sounds_alike(latin: str, arabic: str, alike: bool) -> None:
    assert sounds_alike(latin, arabic) is alike


def _linked(name: str) -> str | None:
    ix = alias_index()
    row = ix.names.get(tuple(match_form(name).split()))
    return None if row is None else ix.entity_id[row]


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("تكساس", "iso:US-TX"),
        ("فلوريدا", "iso:US-FL"),
        ("ولاية نيويورك", "iso:US-NY"),
        ("إنكلترا", "iso:GB-ENG"),  # a g-letter variant of «إنجلترا»
        ("الخرطوم", "geo:379252"),  # GeoNames writes «خرطوم»; world-cities' name now joins
    ],
)
def test_foreign_regions_and_capitals_link_to_coded_places(name: str, entity_id: str) -> None:
    assert _linked(name) == entity_id
    row = build_catalog().filter(pl.col("entity_id") == entity_id).row(0, named=True)
    assert row["latitude"] is not None and row["longitude"] is not None


def test_us_states_are_regions_with_codes_and_coordinates() -> None:
    cat = build_catalog()
    states = cat.filter(pl.col("entity_id").str.starts_with("iso:US-"))
    assert states.height >= 25  # by transliteration: iso3166-2 has no Arabic names for them
    tx = states.filter(pl.col("entity_id") == "iso:US-TX").row(0, named=True)
    assert 25 < tx["latitude"] < 37 and -107 < tx["longitude"] < -93


@pytest.mark.parametrize("name", ["أوروبا", "آسيا", "أفريقيا", "أمريكا الشمالية", "الشرق الأوسط"])
def test_continents_and_regions_have_a_point(name: str) -> None:
    entity_id = _linked(name)
    row = build_catalog().filter(pl.col("entity_id") == entity_id).row(0, named=True)
    assert row["kind"] == "region" and row["latitude"] is not None


@pytest.mark.parametrize(
    ("alias", "variant", "found"),
    [
        ("انجلترا", "انكلترا", True),
        ("جانت", "كانت", False),  # a verb, far more used than the Algerian town
        ("حماه", "حمايه", False),
    ],
)
def test_spelling_variants(alias: str, variant: str, found: bool) -> None:
    assert (variant in spelling_variants(alias)) is found


def test_transliterated_names_prefer_the_country_own_names_and_skip_country_names() -> None:
    unit = {"parentCode": None, "localOtherName": None}
    subdivisions = {
        "US": {
            "US-TX": {**unit, "name": "Texas"},
            "US-GA": {**unit, "name": "Georgia"},  # «جورجيا» is the country's name
            "US-AZ": {**unit, "name": "Arizona"},
        },
        "UY": {"UY-FD": {**unit, "name": "Florida"}},
    }
    local = {"US": ["راسين", "تكساس"], "UY": ["فلوريدا"]}
    found = transliterated_names(
        subdivisions, local, ["جورجيا", "كورك", "أريزونا", "فلوريدا"], {"جورجيا"}
    )
    assert found["US-TX"][0] == "تكساس"
    assert found["US-AZ"][0] == "اريزونا"  # not the town «راسين» (Racine)
    assert found["UY-FD"][0] == "فلوريدا"
    assert "US-GA" not in found
