"""The seed article through the whole entity stage: people with their roles, places, the
organisations, dates and quotes the issue lists (with model mentions when a model is
committed, with the rules alone otherwise)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from marsad.entities import build_catalog, link_many
from marsad.ner.tagger import DEFAULT_MODEL
from marsad.sources import parse_record, read_landing_file
from marsad.stages.tagged import tag_tokens, tagger
from marsad.text.clean import clean_many

PEOPLE = {
    "قاسم الأعرجي": "مستشار الأمن القومي",
    "فؤاد حسين": "وزير الخارجية",
    "عبد الأمير يارالله": "رئيس أركان الجيش الفريق أول",
    "عبد الأمير الشمري": "نائب قائد العمليات المشتركة الفريق الركن",
    "ماثيو تولر": "سفير واشنطن لدى بغداد",
    "بات وايت": "قائد التحالف الدولي في العراق وسوريا",
    "قاسم سليماني": 'قائد "فيلق القدس" الإيراني',
    "أبو مهدي المهندس": 'نائب رئيس هيئة "الحشد الشعبي"',
}


@pytest.fixture(scope="module")
def seed(seed_file: Path) -> dict:
    records, _ = read_landing_file(seed_file, seed_file.parent)
    article = parse_record(records[0])
    spans = [(article.spans["title"].start, article.spans["title"].end)]
    spans += [(s.start, s.end) for s in article.paragraph_spans]
    cleaned = clean_many([("seed", records[0].raw_text, spans)])
    mentions = None
    if DEFAULT_MODEL.exists():
        display = dict(cleaned["cleaned_articles"].select("article_id", "display_text").iter_rows())
        mentions = tag_tokens(cleaned["tokens"], display, tagger().version)
    articles = cleaned["cleaned_articles"].select(
        "article_id", "display_text", pl.lit(article.published_date).alias("published_date")
    )
    out = link_many(articles, mentions, cleaned["tokens"])
    out["text"] = articles["display_text"][0]
    return out


def _entities(seed: dict, surface: str) -> set[str]:
    linked = seed["linked_mentions"]
    return set(linked.filter(pl.col("surface") == surface)["entity_id"])


def test_publication_date_is_the_seed_thursday(seed: dict) -> None:
    assert seed["roles"]["published_date"].unique().to_list() == [date(2020, 11, 19)]


@pytest.mark.parametrize("name", list(PEOPLE))
def test_each_person_is_one_entity(seed: dict, name: str) -> None:
    people = seed["linked_mentions"].filter(pl.col("type") == "person")
    ids = set(people.filter(pl.col("surface") == name)["entity_id"])
    assert len(ids) == 1, (name, people.select("surface", "entity_id").to_dicts())


def test_eight_role_rows_one_per_person(seed: dict) -> None:
    roles = seed["roles"]
    assert roles.height == 8
    assert dict(zip(roles["person_name"], roles["title"], strict=True)) == PEOPLE | {
        "فؤاد حسين": "وزير الخارجية العراقي"  # the fuller of his two titles
    }
    assert roles["person_entity_id"].n_unique() == 8


def test_role_people_are_linked_mentions(seed: dict) -> None:
    people = set(seed["linked_mentions"].filter(pl.col("type") == "person")["entity_id"])
    assert set(seed["roles"]["person_entity_id"]) <= people


@pytest.mark.parametrize(
    ("person", "org", "country"),
    [
        ("ماثيو تولر", "Q61", "US"),
        ("بات وايت", "cur:global-coalition", None),
        ("قاسم سليماني", "cur:quds-force", "IR"),
        ("أبو مهدي المهندس", "cur:pmf", "IQ"),
        ("عبد الأمير الشمري", "cur:iraq-joc", "IQ"),
        ("فؤاد حسين", None, "IQ"),
    ],
)
def test_role_organisation_and_country(
    seed: dict, person: str, org: str | None, country: str | None
) -> None:
    row = seed["roles"].filter(pl.col("person_name") == person).row(0, named=True)
    assert (row["org_entity_id"], row["country_code"]) == (org, country)


@pytest.mark.parametrize(
    ("surface", "entity_id"),
    [
        ("العراق", "Q796"),
        ("بغداد", "Q1530"),
        ("سوريا", "Q858"),
        ("واشنطن", "Q61"),
        ("طهران", "Q3616"),
        ("إيران", "Q794"),  # from «لإيران» and «بإيران»
        ("أمريكا", "Q30"),
        ("الولايات المتحدة", "Q30"),
        ("المنطقة الخضراء", "cur:green-zone"),
        ("مطار بغداد", "cur:baghdad-airport"),
        ("التحالف الدولي", "cur:global-coalition"),
        ("البرلمان العراقي", "cur:iraq-parliament"),
        ("وزارة الدفاع العراقية", "cur:iraq-mod"),
    ],
)
def test_places_and_organisations(seed: dict, surface: str, entity_id: str) -> None:
    assert _entities(seed, surface) == {entity_id}


def test_iran_found_through_its_proclitics(seed: dict) -> None:
    linked = seed["linked_mentions"]
    iran = linked.filter(pl.col("entity_id") == "Q794")
    assert iran.height == 2
    before = [seed["text"][s - 1] for s in iran["start"]]
    assert sorted(before) == ["ب", "ل"]


@pytest.mark.parametrize(
    ("entity_id", "surfaces"),
    [
        ("Q2429253", {'تنظيم "داعش" الإرهابي', "تنظيم داعش الإرهابي"}),
        ("cur:quds-force", {'"فيلق القدس" الإيراني'}),
        ("cur:pmf", {'هيئة "الحشد الشعبي"'}),
    ],
)
def test_organisations_across_quote_marks(seed: dict, entity_id: str, surfaces: set[str]) -> None:
    linked = seed["linked_mentions"]
    assert set(linked.filter(pl.col("entity_id") == entity_id)["surface"]) == surfaces


def test_american_adjective_is_a_gentilic_of_the_united_states(seed: dict) -> None:
    linked = seed["linked_mentions"]
    us = linked.filter(pl.col("entity_id") == "Q30")
    adjectives = us.filter(pl.col("gentilic"))
    assert {"الأمريكية", "الأمريكي", "أمريكي"} & set(adjectives["surface"])
    assert not adjectives.filter(pl.col("surface").is_in(["أمريكا", "الولايات المتحدة"])).height
    assert us.filter(~pl.col("gentilic")).height >= 2


def test_baghdad_coordinates_and_landmarks() -> None:
    cat = build_catalog()
    baghdad = cat.filter(pl.col("entity_id") == "Q1530").row(0, named=True)
    assert baghdad["latitude"] == pytest.approx(33.3, abs=0.1)
    assert baghdad["longitude"] == pytest.approx(44.4, abs=0.1)
    kinds = dict(
        cat.filter(pl.col("entity_id").is_in(["cur:green-zone", "cur:baghdad-airport"]))
        .select("entity_id", "kind")
        .iter_rows()
    )
    assert kinds == {"cur:green-zone": "landmark", "cur:baghdad-airport": "landmark"}


def test_capitals_standing_for_governments_are_metonymy(seed: dict) -> None:
    linked = seed["linked_mentions"]
    text = seed["text"]
    flagged = set(linked.filter(pl.col("metonymy")).select("surface", "start").iter_rows())

    def at(phrase: str, word: str) -> tuple[str, int]:
        return word, text.index(phrase) + phrase.index(word)

    assert at("وتتهم واشنطن", "واشنطن") in flagged
    assert {at("بين واشنطن وطهران", "واشنطن"), at("بين واشنطن وطهران", "طهران")} <= flagged
    assert {at("توصل بغداد وواشنطن", "بغداد"), at("توصل بغداد وواشنطن", "واشنطن")} <= flagged
    assert at("اجتماعا في بغداد", "بغداد") not in flagged  # a place where people met


def test_date_mentions(seed: dict) -> None:
    dates = seed["date_mentions"]
    got = {(t, v, k) for t, v, k in dates.select("text", "value", "kind").iter_rows()}
    assert got == {
        ("الأربعاء", date(2020, 11, 18), "relative"),
        ("الثلاثاء", date(2020, 11, 17), "relative"),
        ("5 يناير/كانون الثاني الماضي", date(2020, 1, 5), "absolute"),
        ("2014", date(2014, 1, 1), "year"),
    }
    assert dates.filter(pl.col("text") == "2014")["resolution"].to_list() == ["year"]


def test_quotes_attributed_to_the_national_security_media_office(seed: dict) -> None:
    quotes = seed["quotes"]
    assert quotes.height == 5
    assert quotes["speaker_entity_id"].unique().to_list() == ["cur:iraq-nsa"]
    first = quotes.row(0, named=True)
    assert first["speaker_text"] == "المكتب الإعلامي لمستشارية الأمن القومي العراقي"
    assert first["verb"] == "أفاد"
    assert first["text"].startswith("تم عقد اجتماع مشترك")
    assert quotes["verb"].to_list() == ["أفاد", "أوضح", "أشار", "شدد", "أكد"]
    statement = quotes.filter(pl.col("verb") == "أشار").row(0, named=True)
    assert statement["speaker_text"] == "البيان"
    assert statement["text"].startswith("الاجتماع تطرق")


def test_spans_point_at_their_surface(seed: dict) -> None:
    text = seed["text"]
    for r in seed["linked_mentions"].iter_rows(named=True):
        assert text[r["start"] : r["end"]] == r["surface"]
    for frame in ("date_mentions", "quotes"):
        for r in seed[frame].iter_rows(named=True):
            assert text[r["start"] : r["end"]] == r["text"]
