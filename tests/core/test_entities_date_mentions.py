"""Date mentions of every kind, resolved against a publication date (Thursday 2020-11-19)."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.entities import find_date_mentions

THURSDAY = date(2020, 11, 19)


def found(text: str, published: date | None = THURSDAY) -> list[tuple[str, date, str, str]]:
    return [(m.text, m.value, m.resolution, m.kind) for m in find_date_mentions(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عقد مسؤولون، الأربعاء، اجتماعا", ("الأربعاء", date(2020, 11, 18), "day", "relative")),
        ("والثلاثاء، أعلنت الوزارة", ("الثلاثاء", date(2020, 11, 17), "day", "relative")),
        ("وصل الخميس إلى بغداد", ("الخميس", THURSDAY, "day", "relative")),
        ("يلتقيان الخميس المقبل", ("الخميس المقبل", date(2020, 11, 26), "day", "relative")),
        ("وفي يوم الجمعة الماضي", ("الجمعة الماضي", date(2020, 11, 13), "day", "relative")),
        ("وصل أمس إلى", ("أمس", date(2020, 11, 18), "day", "relative")),
        ("وصل وأول أمس غادر", ("أول أمس", date(2020, 11, 17), "day", "relative")),
        ("يصل غدا إلى", ("غدا", date(2020, 11, 20), "day", "relative")),
        ("أعلن اليوم أن", ("اليوم", THURSDAY, "day", "relative")),
        ("في الشهر الماضي", ("الشهر الماضي", date(2020, 10, 1), "month", "relative")),
        ("خلال العام المقبل", ("العام المقبل", date(2021, 1, 1), "year", "relative")),
        ("في الأسبوع الماضي", ("الأسبوع الماضي", date(2020, 11, 9), "week", "relative")),
        ("الشهر الجاري", ("الشهر الجاري", date(2020, 11, 1), "month", "relative")),
        (
            "وفي 5 يناير/كانون الثاني الماضي، صوت",
            ("5 يناير/كانون الثاني الماضي", date(2020, 1, 5), "day", "absolute"),
        ),
        ("يوم 12 أبريل المقبل", ("12 أبريل المقبل", date(2021, 4, 12), "day", "absolute")),
        ("في 3 آذار", ("3 آذار", date(2020, 3, 3), "day", "absolute")),
        ("في 19/11/2019 وقع", ("19/11/2019", date(2019, 11, 19), "day", "absolute")),
        ("في مارس 2019 وقع", ("مارس 2019", date(2019, 3, 1), "month", "absolute")),
        ("في 15 رمضان 1441 هـ", ("15 رمضان 1441 هـ", date(2020, 5, 8), "day", "hijri")),
        ("ومنذ 2014، تقود", ("2014", date(2014, 1, 1), "year", "year")),
        ("في عام 1990 غزا", ("1990", date(1990, 1, 1), "year", "year")),
        ("وقع ذلك في 2019.", ("2019", date(2019, 1, 1), "year", "year")),
    ],
)
def test_each_kind(text: str, expected: tuple) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "انسحاب 2000 جندي أمريكي",  # a count, not a year
        "في 2000 مدينة",
        "نسبة 1990.5 نقطة",
        "جاء أحد المسؤولين",  # «أحد» is one, not Sunday, without «يوم»
        "في اليوم التالي",
        "الأمين العام للأمم المتحدة",
    ],
)
def test_not_dates(text: str) -> None:
    assert found(text) == []


def test_weekday_inside_an_absolute_date_is_not_counted_twice() -> None:
    assert [k for *_, k in found("الخميس 19 تشرين الثاني 2020")] == ["absolute"]


def test_without_publication_date_only_absolute_dates_and_years() -> None:
    assert found("الأربعاء 5 يناير الماضي ومنذ 2014", published=None) == [
        ("2014", date(2014, 1, 1), "year", "year")
    ]


def test_spans_index_the_text() -> None:
    text = "وقال أمس إنه في 3 آذار 2019 ومنذ 2014 والأربعاء"
    for m in find_date_mentions(text, THURSDAY):
        assert text[m.start : m.end] == m.text
