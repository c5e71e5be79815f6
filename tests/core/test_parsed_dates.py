"""Arabic date parsing: formats, calendars, digits, 12-hour times, zones, spans, real <TIME>s."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from babel import Locale
from hijridate import Hijri
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.calendars import (
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    WEEKDAYS,
    arabic_locales,
    fold,
)
from marsad.text.dates import YEAR_UNKNOWN, DateMatch, find_dates, parse_date

GOLDEN = "الخميس 19 تشرين الثاني 2020 - 12:53 ص"


def _parsed(text: str) -> DateMatch:
    match = parse_date(text)
    assert match is not None, text
    return match


def test_golden_case() -> None:
    match = _parsed(GOLDEN)
    assert match.value == datetime(2020, 11, 19, 0, 53)
    assert match.resolution == "minute"
    assert not match.weekday_conflict
    assert (match.start, match.end, match.text) == (0, len(GOLDEN), GOLDEN)
    assert match.calendar == "gregorian" and match.utc_offset_minutes is None


@pytest.mark.parametrize(
    ("text", "value", "resolution", "offset"),
    [
        # RFC 822 / 2822
        ("Sun, 18 Feb 2018 17:21:49 GMT", datetime(2018, 2, 18, 17, 21, 49), "second", 0),
        ("Sun, 18 Feb 2018 21:35:43 +0400", datetime(2018, 2, 18, 21, 35, 43), "second", 240),
        ("Sun, 18 Feb 2018 21:35:43 +0300", datetime(2018, 2, 18, 21, 35, 43), "second", 180),
        ("18 Feb 2018 17:21 -0500", datetime(2018, 2, 18, 17, 21), "minute", -300),
        ("18 Feb 2018 17:21 EST", datetime(2018, 2, 18, 17, 21), "minute", -300),
        ("Sun, 18 Feb 2018 17:21:49 -0000", datetime(2018, 2, 18, 17, 21, 49), "second", None),
        ("Sun, 18 Feb 2018 17:21:49", datetime(2018, 2, 18, 17, 21, 49), "second", None),
        ("  Sun, 18 Feb 2018 17:21:49 GMT\n", datetime(2018, 2, 18, 17, 21, 49), "second", 0),
        # ISO 8601
        ("2020-11-19T00:53:00+03:00", datetime(2020, 11, 19, 0, 53), "second", 180),
        ("2020-11-19T00:53:00.000Z", datetime(2020, 11, 19, 0, 53), "second", 0),
        ("2020-11-19T00:53+0300", datetime(2020, 11, 19, 0, 53), "minute", 180),
        ("2020-11-19 00:53:07", datetime(2020, 11, 19, 0, 53, 7), "second", None),
        ("2020-11-19", datetime(2020, 11, 19), "day", None),
        # numeric
        ("19/11/2020", datetime(2020, 11, 19), "day", None),
        ("19-11-2020", datetime(2020, 11, 19), "day", None),
        ("19.11.2020", datetime(2020, 11, 19), "day", None),
        ("5/1/2020", datetime(2020, 1, 5), "day", None),  # dd/mm first
        ("11/19/2020", datetime(2020, 11, 19), "day", None),  # mm/dd only when dd/mm can't be
        ("2020/11/19", datetime(2020, 11, 19), "day", None),
        ("19/11/2020 12:53 ص", datetime(2020, 11, 19, 0, 53), "minute", None),
        ("2020/11/19 - 1:05 م", datetime(2020, 11, 19, 13, 5), "minute", None),
        # 12-hour clock
        ("19 نوفمبر 2020 12:53 ص", datetime(2020, 11, 19, 0, 53), "minute", None),
        ("19 نوفمبر 2020 12:10 م", datetime(2020, 11, 19, 12, 10), "minute", None),
        ("19 نوفمبر 2020 1:05 م", datetime(2020, 11, 19, 13, 5), "minute", None),
        ("19 نوفمبر 2020 11:30 صباحا", datetime(2020, 11, 19, 11, 30), "minute", None),
        ("19 نوفمبر 2020 11:30 صباحاً", datetime(2020, 11, 19, 11, 30), "minute", None),
        ("19 نوفمبر 2020 11:30 مساء", datetime(2020, 11, 19, 23, 30), "minute", None),
        ("19 نوفمبر 2020 11:30 مساءً", datetime(2020, 11, 19, 23, 30), "minute", None),
        ("19 نوفمبر 2020 11:30 PM", datetime(2020, 11, 19, 23, 30), "minute", None),
        ("19 نوفمبر 2020 14:00 م", datetime(2020, 11, 19, 14, 0), "minute", None),  # 24h wins
        ("19 نوفمبر 2020 14:00:09", datetime(2020, 11, 19, 14, 0, 9), "second", None),
        # separators, «الساعة», zones
        ("19 نوفمبر 2020، الساعة 09:15", datetime(2020, 11, 19, 9, 15), "minute", None),
        ("19 نوفمبر 2020 | 09:15", datetime(2020, 11, 19, 9, 15), "minute", None),
        ("19 نوفمبر 2020 09:15 بتوقيت غرينتش", datetime(2020, 11, 19, 9, 15), "minute", 0),
        ("19 نوفمبر 2020 09:15 بتوقيت GMT", datetime(2020, 11, 19, 9, 15), "minute", 0),
        ("19 نوفمبر 2020 09:15 GMT+3", datetime(2020, 11, 19, 9, 15), "minute", 180),
        ("19 نوفمبر 2020 09:15 بتوقيت مكة المكرمة", datetime(2020, 11, 19, 9, 15), "minute", 180),
        ("2020/11/19 الساعة 09:15 (مكة المكرمة)", datetime(2020, 11, 19, 9, 15), "minute", 180),
        ("19 نوفمبر 2020 09:15 بتوقيت القدس", datetime(2020, 11, 19, 9, 15), "minute", None),
        # coarser resolutions
        ("19 نوفمبر 2020", datetime(2020, 11, 19), "day", None),
        ("19 نوفمبر 2020م", datetime(2020, 11, 19), "day", None),
        ("نوفمبر 2020", datetime(2020, 11, 1), "month", None),
        ("2020", datetime(2020, 1, 1), "year", None),
    ],
)
def test_parse_date_formats(
    text: str, value: datetime, resolution: str, offset: int | None
) -> None:
    match = _parsed(text)
    assert (match.value, match.resolution, match.utc_offset_minutes) == (value, resolution, offset)
    assert not match.weekday_conflict


@pytest.mark.parametrize(
    "text",
    [
        "الخميس\u00a019\u00a0تشرين\u00a0الثاني\u00a02020\u00a0-\u00a012:53\u00a0ص",  # NBSP
        "الخميـــس 19 تشريـن الثانـي 2020 - 12:53 ص",  # tatweel
        "الخميس   19    تشرين  الثاني   2020   -   12:53   ص",  # runs of spaces
        "الخميس، 19 تشرين الثاني 2020، الساعة 12:53 صباحاً",  # «،», «الساعة», tanween
        "الخميس ١٩ تشرين الثاني ٢٠٢٠ - ١٢:٥٣ ص",  # Arabic-Indic digits
        "الخميس ۱۹ تشرین الثانی ۲۰۲۰ - ۱۲:۵۳ ص",  # Persian digits (and Farsi yeh)
        "خميس 19 تشرين ثاني 2020 - 12:53 ص",  # day and month without «ال»
        "يوم الخميس الموافق 19 تشرين الثاني 2020 - 12:53 ص",
        "تاريخ الإضافة الخميس 19 تشرين الثاني 2020 - 12:53 ص    عدد الزيارات 889",
    ],
)
def test_golden_date_tolerates_noise(text: str) -> None:
    match = _parsed(text)
    assert match.value == datetime(2020, 11, 19, 0, 53)
    assert not match.weekday_conflict
    assert text[match.start : match.end] == match.text
    assert match.text.rstrip().endswith(("ص", "صباحاً"))


@pytest.mark.parametrize(
    ("text", "conflict"),
    [
        ("الجمعة 19 تشرين الثاني 2020 - 12:53 ص", True),  # 19 Nov 2020 was a Thursday
        ("الأحد 5 يناير 2020", False),
        ("الاثنين 5 يناير 2020", True),
        ("Sun, 18 Feb 2018 17:21:49 GMT", False),
        ("Mon, 18 Feb 2018 17:21:49 GMT", True),
        ("الأربعاء 19/11/2020", True),
        ("الخميس 4 ربيع الآخر 1442 هـ", False),
        ("الجمعة 4 ربيع الآخر 1442 هـ", True),
    ],
)
def test_weekday_conflict_is_flagged_not_rejected(text: str, conflict: bool) -> None:
    match = _parsed(text)
    assert match.weekday_conflict is conflict


@pytest.mark.parametrize(
    ("text", "hijri"),
    [
        ("4 ربيع الآخر 1442 هـ", (1442, 4, 4)),
        ("4 ربيع الثاني 1442هـ", (1442, 4, 4)),
        ("١٤ رمضان ١٤٤١هـ", (1441, 9, 14)),
        ("1 ربيع الاول 1442 هجرية", (1442, 3, 1)),
        ("10 ذي الحجة 1441 ه", (1441, 12, 10)),
        ("3 جمادى الأولى 1440", (1440, 5, 3)),
        ("3 جمادى الثانية 1440", (1440, 6, 3)),
        ("14/9/1441هـ", (1441, 9, 14)),
    ],
)
def test_hijri_dates_convert_with_umm_al_qura(text: str, hijri: tuple[int, int, int]) -> None:
    match = _parsed(text)
    expected = Hijri(*hijri).to_gregorian()
    assert match.calendar == "hijri"
    assert match.value == datetime(expected.year, expected.month, expected.day)


def test_hijri_known_gregorian_equivalents() -> None:
    assert _parsed("4 ربيع الآخر 1442 هـ").value == datetime(2020, 11, 19)
    assert _parsed("١٤ رمضان ١٤٤١هـ").value == datetime(2020, 5, 7)


def test_hijri_beside_gregorian_prefers_gregorian() -> None:
    text = "الخميس 4 ربيع الآخر 1442 هـ الموافق 19 نوفمبر 2020م"
    dates = find_dates(text)
    assert [d.calendar for d in dates] == ["hijri", "gregorian"]
    assert {d.value for d in dates} == {datetime(2020, 11, 19)}
    assert _parsed(text).calendar == "gregorian"


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("يناير", 1),
        ("كانون الثاني", 1),
        ("كانون ثاني", 1),
        ("جانفي", 1),
        ("فبراير", 2),
        ("شباط", 2),
        ("فيفري", 2),
        ("آذار", 3),
        ("مارس", 3),
        ("أبريل", 4),
        ("ابريل", 4),
        ("إبريل", 4),
        ("أفريل", 4),
        ("نيسان", 4),
        ("مايو", 5),
        ("ماي", 5),
        ("أيار", 5),
        ("يونيو", 6),
        ("يونيه", 6),
        ("حزيران", 6),
        ("جوان", 6),
        ("يوليو", 7),
        ("يوليه", 7),
        ("يوليوز", 7),
        ("جويلية", 7),
        ("تموز", 7),
        ("أغسطس", 8),
        ("اغسطس", 8),
        ("أوت", 8),
        ("غشت", 8),
        ("آب", 8),
        ("سبتمبر", 9),
        ("شتنبر", 9),
        ("أيلول", 9),
        ("أكتوبر", 10),
        ("تشرين الأول", 10),
        ("تشرين الاول", 10),
        ("تشرين أول", 10),
        ("نوفمبر", 11),
        ("نونبر", 11),
        ("تشرين الثاني", 11),
        ("ديسمبر", 12),
        ("دجنبر", 12),
        ("كانون الأول", 12),
    ],
)
def test_month_names_parse(name: str, month: int) -> None:
    assert GREGORIAN_MONTHS[fold(name)] == month
    assert _parsed(f"15 {name} 2019").value == datetime(2019, month, 15)


def _babel_month_names() -> set[tuple[str, int]]:
    names = set()
    for loc in arabic_locales():
        months = Locale.parse(loc).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names.update((name, n) for n, name in months[context][width].items())
    return names


@pytest.mark.parametrize(
    ("name", "month"),
    [("جانفي", 1), ("نونبر", 11), ("كانون الثاني", 1), ("تشرين الثاني", 11), ("أوت", 8)],
)
def test_locale_family_month_names_come_from_babel(name: str, month: int) -> None:
    assert (name, month) in _babel_month_names()
    assert GREGORIAN_MONTHS[fold(name)] == month


def test_every_babel_arabic_month_name_is_in_the_table() -> None:
    names = _babel_month_names()
    assert len({name for name, _ in names}) > 35  # Levantine, Egyptian, Maghrebi, Moroccan…
    assert all(GREGORIAN_MONTHS[fold(name)] == n for name, n in names)
    assert {"ar", "ar_EG", "ar_SY", "ar_IQ", "ar_MA", "ar_DZ", "ar_TN"} <= set(arabic_locales())


def test_hijri_months_from_hijridate() -> None:
    assert set(HIJRI_MONTHS.values()) == set(range(1, 13))
    assert HIJRI_MONTHS[fold("ربيع الآخر")] == HIJRI_MONTHS[fold("ربيع الثاني")] == 4
    assert not GREGORIAN_MONTHS.keys() & HIJRI_MONTHS.keys()


@pytest.mark.parametrize(
    ("name", "weekday"),
    [
        ("الخميس", 3),
        ("خميس", 3),
        ("السبت", 5),
        ("سبت", 5),
        ("الأحد", 6),
        ("الإثنين", 0),
        ("الاثنين", 0),
        ("اثنين", 0),
        ("الجمعة", 4),
        ("جمعه", 4),
        ("الأربعاء", 2),
        ("الثلاثاء", 1),
    ],
)
def test_day_names(name: str, weekday: int) -> None:
    assert WEEKDAYS[fold(name)] == weekday


@pytest.mark.parametrize(
    "text",
    [
        "5 يناير/كانون الثاني 2020",
        "5 يناير / كانون الثاني 2020",
        "5 كانون الثاني/يناير 2020",
        "5 يناير (كانون الثاني) 2020",
        "5 يناير شباط 2020",  # a source's slip: the first name decides
    ],
)
def test_combined_month_forms(text: str) -> None:
    match = _parsed(text)
    assert match.value == datetime(2020, 1, 5)
    assert match.text == text


def test_combined_month_without_day() -> None:
    match = _parsed("يناير (كانون الثاني) 2020")
    assert (match.value, match.resolution) == (datetime(2020, 1, 1), "month")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "عدد الزيارات 889",
        "31/02/2020",
        "30 فبراير 2020",
        "قال إن الوضع مستقر",
        "5 رمضان",  # a Hijri day without a year has no Gregorian date
    ],
)
def test_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_impossible_time_keeps_the_date() -> None:
    match = _parsed("19 نوفمبر 2020 - 25:10")
    assert (match.value, match.resolution, match.text) == (
        datetime(2020, 11, 19),
        "day",
        "19 نوفمبر 2020",
    )


def test_find_dates_seed_sentence_year_unknown() -> None:
    text = "وفي 5 يناير/كانون الثاني الماضي، قال المتحدث"
    (match,) = find_dates(text)
    assert (match.value.day, match.value.month) == (5, 1)
    assert not match.year_known and match.value.year == YEAR_UNKNOWN
    assert match.resolution == "day"
    assert match.text == "5 يناير/كانون الثاني" == text[match.start : match.end]


def test_find_dates_in_running_text() -> None:
    text = (
        "ـــ أعلنت الوزارة في 12 تشرين أول 2019 أن الاتفاق الموقّع في 3/4/2018 "
        "سيُنفّذ في أيلول/سبتمبر 2020، وقال إن 3 آب كان يوما عاديا."
    )
    dates = find_dates(text)
    assert [(d.value, d.resolution) for d in dates] == [
        (datetime(2019, 10, 12), "day"),
        (datetime(2018, 4, 3), "day"),
        (datetime(2020, 9, 1), "month"),
    ]
    assert [d.text for d in dates] == ["12 تشرين أول 2019", "3/4/2018", "أيلول/سبتمبر 2020"]
    assert all(text[d.start : d.end] == d.text for d in dates)


def test_span_covers_trailing_harakat_and_tatweel() -> None:
    text = "كتب 4 ربيع الآخر 1442 هـ."
    (match,) = find_dates(text)
    assert match.text == "4 ربيع الآخر 1442 هـ"


_LOCALES = arabic_locales()


@settings(max_examples=300, deadline=None)
@given(
    when=st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2070, 12, 31)),
    locale=st.sampled_from(_LOCALES),
    twelve_hour=st.booleans(),
)
def test_babel_formatted_dates_round_trip(when: datetime, locale: str, twelve_hour: bool) -> None:
    """Whatever an Arabic CLDR locale writes as a long date with time, we read back."""
    loc = Locale.parse(locale)
    day = loc.days["format"]["wide"][when.weekday()]
    month = loc.months["format"]["wide"][when.month]
    if twelve_hour:
        period = loc.day_periods["format"]["abbreviated"]["am" if when.hour < 12 else "pm"]
        clock = f"{(when.hour % 12) or 12}:{when.minute:02d} {period}"
    else:
        clock = f"{when.hour:02d}:{when.minute:02d}"
    match = _parsed(f"{day} {when.day} {month} {when.year} - {clock}")
    assert match.value == when.replace(second=0, microsecond=0)
    assert not match.weekday_conflict


_TIME = re.compile(r"<TIME>([^<]*)</TIME>")


@pytest.mark.corpus
def test_seed_article_dates(seed_file: Path) -> None:
    dates = find_dates(seed_file.read_text(encoding="utf-8"))
    assert dates[0].value == datetime(2020, 11, 19, 0, 53) and not dates[0].weekday_conflict
    assert any(not d.year_known and (d.value.month, d.value.day) == (1, 5) for d in dates)


@pytest.mark.corpus
def test_corpus_times_agree_with_email_utils(corpus_dir: Path) -> None:
    files = sorted(corpus_dir.rglob("*.txt"))[::15][:2000]
    assert len(files) == 2000
    for path in files:
        with path.open(encoding="utf-8") as fh:
            head = fh.read(4096)
        raw = _TIME.search(head)
        assert raw is not None, path
        expected = parsedate_to_datetime(raw[1])
        match = parse_date(raw[1])
        assert match is not None, (path, raw[1])
        assert match.value == expected.replace(tzinfo=None), (path, raw[1])
        assert match.utc_offset_minutes is not None
        assert match.utc_offset_minutes * 60 == expected.utcoffset().total_seconds(), path
        assert not match.weekday_conflict, (path, raw[1])
