"""Linking on small texts: clitic-aware matching, gentilics, merge with model mentions,
coreference and metonymy."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.entities import analyse_text
from marsad.entities.link import ModelMention
from marsad.entities.names import name_id

DAY = date(2020, 11, 19)


def links(text: str, model: list[ModelMention] | None = None) -> list[tuple]:
    display, result = analyse_text(text, DAY, model)
    return [
        (display[m.start : m.end], m.entity_id, m.link_source, m.gentilic, m.metonymy, m.from_model)
        for m in result.mentions
    ]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("زار الوزير العراق أمس", "العراق"),
        ("وصل الوفد والعراق يستعد", "العراق"),
        ("التقى بالعراق وفد", "العراق"),
        ("قدم دعما للعراق أمس", "للعراق"),  # ل + العراق is written لل: the ل stays
        ("مساعدات لإيران ومعونات", "إيران"),
        ("فصائل مرتبطة بإيران", "إيران"),
    ],
)
def test_clitic_aware_matching(text: str, surface: str) -> None:
    found = links(text)
    assert [(s, e) for s, e, *_ in found if e in ("Q796", "Q794")] == [
        (surface, "Q796" if "عراق" in surface else "Q794")
    ]


@pytest.mark.parametrize(
    ("text", "surface", "entity"),
    [
        ("أعلنت الشرطة العراقية", "العراقية", "Q796"),
        ("قتل الصحفي السعودي في إسطنبول", "السعودي", "Q851"),
        ("قال مسؤولون عراقيون", "عراقيون", "Q796"),
        ("انسحاب القوات والخبراء الأمريكيين", "الأمريكيين", "Q30"),
        ("بيان للخارجية الإيرانية والشركات الإيرانية", "الإيرانية", "Q794"),
        ("وقعت الحكومة السعودية اتفاقا", "السعودية", "Q851"),
    ],
)
def test_gentilic_adjectives_link_to_their_country(text: str, surface: str, entity: str) -> None:
    found = [f for f in links(text) if f[0] == surface]
    assert found and all(f[1] == entity and f[3] for f in found)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("زار الرئيس السعودية أمس", "السعودية"),  # after a masculine noun: the country
        ("في القواعد العسكرية بالسعودية", "السعودية"),  # with a preposition: the place
    ],
)
def test_country_name_is_no_gentilic(text: str, surface: str) -> None:
    assert links(text)[-1][:4] == (surface, "Q851", "curated", False)


def test_longest_alias_wins_over_its_parts() -> None:
    found = links("أعلنت وزارة الدفاع العراقية مقتل مسلحين")
    assert [f[:2] for f in found] == [("وزارة الدفاع العراقية", "cur:iraq-mod")]


def test_common_words_are_not_places() -> None:
    # «الخميس» (Khemis Miliana), «جمال» (Djemmal), «بحجة» (Hajjah), «لأول» (Laval)
    assert links("وقال جمال الخميس بحجة أنه لأول مرة") == []


def test_surname_after_full_name_is_coreference() -> None:
    text = "وقال مستشار الأمن القومي قاسم الأعرجي إن الاجتماع مثمر. وأضاف الأعرجي أن الحوار مستمر."
    people = [f for f in links(text) if f[1].startswith("name:person:")]
    assert [(f[0], f[2]) for f in people] == [("قاسم الأعرجي", "name"), ("الأعرجي", "coref")]
    assert people[0][1] == people[1][1] == name_id("person", "قاسم الأعرجي")


def test_surname_before_full_name_is_not_linked() -> None:
    text = "وقال الأعرجي إن الاجتماع مثمر. وأضاف مستشار الأمن القومي قاسم الأعرجي أن الحوار مستمر."
    assert [f[0] for f in links(text) if f[1].startswith("name:person:")] == ["قاسم الأعرجي"]


def test_catalogue_surname_links_directly() -> None:
    assert links("وقال ترامب إن")[0][:3] == ("ترامب", "Q22686", "curated")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("وتتهم واشنطن فصائل عراقية بالوقوف وراء الهجمات", {"واشنطن"}),
        ("تصاعد التوتر بين واشنطن وطهران", {"واشنطن", "طهران"}),
        ("أعلن الوزير توصل بغداد وواشنطن إلى اتفاق", {"بغداد", "واشنطن"}),
        ("سفير واشنطن لدى بغداد", {"واشنطن", "بغداد"}),
        ("عقد اجتماع في بغداد", set()),
        ("تصاعد التوتر بين العراق وإيران", set()),  # countries, not capitals
    ],
)
def test_metonymy(text: str, flagged: set[str]) -> None:
    assert {f[0] for f in links(text) if f[4]} == flagged


def test_model_mention_without_catalogue_entry_gets_a_stable_name_id() -> None:
    text = "وصل خالد الشمري إلى المدينة"
    start = text.index("خالد")
    found = links(text, [ModelMention(start, start + len("خالد الشمري"), "PERS", 0.9)])
    assert found == [("خالد الشمري", name_id("person", "خالد الشمري"), "name", False, False, True)]


def test_model_mention_of_a_catalogue_name_links_to_it() -> None:
    text = "وصل وفد إلى بغداد"
    start = text.index("بغداد")
    found = links(text, [ModelMention(start, start + 5, "LOC", 0.8)])
    assert found == [("بغداد", "Q1530", "curated", False, False, True)]


def test_unlinked_longer_model_span_gives_way_to_the_catalogue_name_inside() -> None:
    text = "أعلن الجيش العراقي الجديد"
    start = text.index("الجيش")
    found = links(text, [ModelMention(start, len(text), "ORG", 0.6)])
    assert [f[:2] for f in found] == [("الجيش العراقي", "cur:iraqi-army")]
    assert found[0][5]  # the model saw it too


def test_longer_linked_model_span_wins() -> None:
    text = "أعلنت وزارة الدفاع العراقية"
    start = text.index("وزارة")
    found = links(text, [ModelMention(start, len(text), "ORG", 0.7)])
    assert [f[:2] for f in found] == [("وزارة الدفاع العراقية", "cur:iraq-mod")]
