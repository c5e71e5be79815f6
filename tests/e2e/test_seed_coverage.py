"""The seed article through every stage into the warehouse: people, places, dates, roles, quotes."""

from datetime import date

import pytest

from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from tests.helpers import SEED_PEOPLE as PEOPLE
from tests.helpers import copy_sample, query

ORGANISATIONS = [
    "التحالف الدولي",
    "داعش",
    "البرلمان العراقي",
    "فيلق القدس",
    "الحشد الشعبي",
    "وزارة الدفاع العراقية",
]


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    root = tmp_path_factory.mktemp("seed")
    settings = Settings(copy_sample(root / "landing"), root / "w.duckdb", root / "stages")
    run_all(settings, workers=1)
    (article_id,) = query(settings.warehouse, "SELECT article_id FROM articles WHERE visits = 889")[
        0
    ]
    return settings.warehouse, article_id


def rows(seed, statement):
    warehouse, article_id = seed
    return query(warehouse, statement, {"a": article_id})


def test_eight_people_one_entity_each_cut_exactly_from_the_raw_text(seed):
    found = rows(
        seed,
        "SELECT m.surface, m.entity_id, substring(r.raw_text, m.raw_start + 1, m.raw_end - m.raw_start) "
        "FROM mentions m JOIN raw_articles r USING (article_id) "
        "WHERE article_id = $a AND r.duplicate_of IS NULL AND m.type = 'person'",
    )
    ids = {person: {e for s, e, _ in found if s == person} for person in PEOPLE}
    assert all(len(v) == 1 for v in ids.values()), ids
    assert len({next(iter(v)) for v in ids.values()}) == 8
    raw = {s: r for s, _, r in found}
    assert raw["بات وايت"] == "ﺑﺎت واﯾﺖ"  # presentation forms, exactly as in the raw file
    assert all(raw[p] == p for p in PEOPLE if p != "بات وايت")


def test_model_mentions_cut_the_eight_people_from_the_raw_text(seed):
    """The NER model's own mentions (entity_mentions), before any linking."""
    found = rows(
        seed,
        "SELECT m.surface, substring(r.raw_text, m.raw_start + 1, m.raw_end - m.raw_start), "
        "m.confidence, m.model_version "
        "FROM entity_mentions m JOIN raw_articles r USING (article_id) "
        "WHERE article_id = $a AND r.duplicate_of IS NULL AND m.type = 'PERS'",
    )
    raw = {surface: cut for surface, cut, _, _ in found}
    assert set(PEOPLE) <= set(raw), sorted(raw)
    assert raw["بات وايت"] == "ﺑﺎت واﯾﺖ"
    assert all(raw[p] == p for p in PEOPLE if p != "بات وايت")
    assert all(0 < c <= 1 and v.startswith("crf-") for s, _, c, v in found if s in PEOPLE)


def test_eight_roles(seed):
    roles = rows(seed, "SELECT person_name, title FROM roles WHERE article_id = $a")
    assert sorted(p for p, _ in roles) == sorted(PEOPLE)
    titles = dict(roles)
    assert titles["فؤاد حسين"].startswith("وزير الخارجية")
    assert titles["ماثيو تولر"] == "سفير واشنطن لدى بغداد"


def test_places(seed):
    places = rows(
        seed,
        "SELECT e.entity_id, e.name_en, e.country_code, e.kind, e.latitude, e.longitude, "
        "bool_or(m.gentilic), bool_and(m.gentilic), list(m.surface) "
        "FROM mentions m JOIN entities e USING (entity_id) "
        "WHERE article_id = $a AND e.type = 'place' GROUP BY ALL",
    )
    by_name = {p[1]: p for p in places}
    assert by_name["Iraq"][2] == "IQ"
    baghdad = by_name["Baghdad"]
    assert abs(baghdad[4] - 33.3) < 0.2 and abs(baghdad[5] - 44.4) < 0.2
    for name in ["Syria", "Washington D.C.", "Tehran", "Iran"]:
        assert name in by_name
    us = by_name["United States"]
    assert us[6] and not us[7]  # adjectives flagged, and real place mentions too
    assert {"أمريكا", "الولايات المتحدة"} <= set(us[8])
    landmarks = {p[1] for p in places if p[3] == "landmark"}
    assert {"Green Zone (Baghdad)", "Baghdad International Airport"} <= landmarks


def test_organisations(seed):
    names = " | ".join(
        s
        for (s,) in rows(
            seed, "SELECT surface FROM mentions WHERE article_id = $a AND type = 'organisation'"
        )
    )
    for org in ORGANISATIONS:
        assert org in names


def test_date_mentions(seed):
    found = set(rows(seed, "SELECT text, value FROM date_mentions WHERE article_id = $a"))
    assert ("الأربعاء", date(2020, 11, 18)) in found
    assert ("الثلاثاء", date(2020, 11, 17)) in found
    assert date(2020, 1, 5) in {v for _, v in found}
    assert ("2014", date(2014, 1, 1)) in found


def test_quotes_attributed_to_the_security_advisers_office(seed):
    quotes = rows(
        seed,
        "SELECT speaker_entity_id, e.name_en FROM quotes q LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id WHERE article_id = $a",
    )
    assert len(quotes) >= 3
    assert {q[1] for q in quotes} == {"Iraqi National Security Advisory"}
