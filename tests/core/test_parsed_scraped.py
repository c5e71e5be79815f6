"""Scraped pages: the seed article, metadata in any order, and spans that slice exactly."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from marsad.records import ParsedArticle, RawRecord, Reason, Rejection
from marsad.sources import parse_many, parse_record, published_date_hint, read_landing_file
from marsad.sources.fields import to_count

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
NB = "\u00a0"
SEP = f" {NB}{NB}{NB}"

VALUE_OF = {"date": "date_text"}


def page(text: str) -> RawRecord:
    return RawRecord("page.txt", 0, 1, "utf-8", "scraped_page", text)


def parsed(text: str) -> ParsedArticle:
    result = parse_record(page(text))
    assert isinstance(result, ParsedArticle), result
    return result


def assert_spans_slice_exactly(raw: str, article: ParsedArticle) -> None:
    for name, span in article.spans.items():
        value = getattr(article, VALUE_OF.get(name, name))
        if isinstance(value, int):
            assert to_count(raw[span.start : span.end]) == value
        else:
            assert raw[span.start : span.end] == value
    assert len(article.paragraph_spans) == len(article.paragraphs)
    for span, paragraph in zip(article.paragraph_spans, article.paragraphs, strict=True):
        assert raw[span.start : span.end] == paragraph


@pytest.fixture(scope="module")
def seed() -> tuple[RawRecord, ParsedArticle]:
    (record,), rejected = read_landing_file(SAMPLE / "seed" / "000_1c1f25c93cd78aa3.txt", SAMPLE)
    assert rejected == []
    article = parse_record(record)
    assert isinstance(article, ParsedArticle)
    return record, article


def test_seed_fields(seed: tuple[RawRecord, ParsedArticle]) -> None:
    record, article = seed
    assert article.title == "اجتماعات بين العراق وأمريكا بحث الانسحاب المرتقب"
    assert article.published_at == datetime(2020, 11, 19, 0, 53)
    assert article.published_date == date(2020, 11, 19)
    assert article.utc_offset_minutes is None
    assert article.date_text == "الخميس 19 تشرين الثاني 2020 - 12:53 ص"
    assert article.weekday_conflict is False
    assert (article.visits, article.comments, article.section) == (889, 0, "العراق")
    assert len(article.paragraphs) == 14
    assert article.paragraphs[0].startswith("عقد مسؤولون عراقيون وأمريكيون")
    assert article.paragraphs[-1].endswith('في "المنطقة الخضراء".')
    assert all(p.strip(f" {NB}") == p and p for p in article.paragraphs)
    assert article.url is None and article.author is None
    assert article.source == "seed" and "source" not in article.spans  # seed/_fields.toml [values]
    assert set(article.spans) == {"title", "date", "visits", "comments", "section"}
    assert published_date_hint(record) == date(2020, 11, 19)


def test_seed_spans_slice_exactly(seed: tuple[RawRecord, ParsedArticle]) -> None:
    record, article = seed
    assert_spans_slice_exactly(record.raw_text, article)
    assert record.raw_text[article.spans["visits"].start : article.spans["visits"].end] == "889"


TITLE = "البرلمان العراقي يؤجل التصويت على الموازنة"
BODY = "\n\nأرجأ مجلس النواب العراقي جلسة التصويت على الموازنة.\n\nوقال رئيس البرلمان إن التأجيل مؤقت.\n"
DATE = "الأحد 11 حزيران 2023 - 09:15 م"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            f"تاريخ الإضافة {DATE}{SEP}عدد الزيارات 12{SEP}التعليقات 3{SEP}القسم العراق",
            (datetime(2023, 6, 11, 21, 15), 12, 3, "العراق"),
        ),
        (
            f"القسم الشرق الأوسط{SEP}التعليقات 3{SEP}تاريخ الإضافة {DATE}{SEP}عدد الزيارات 12",
            (datetime(2023, 6, 11, 21, 15), 12, 3, "الشرق الأوسط"),
        ),
        (f"عدد الزيارات ١٬٢٠٤{SEP}القسم العراق", (None, 1204, None, "العراق")),
        (f"التعليقات: ٧   تاريخ الإضافة: {DATE}", (datetime(2023, 6, 11, 21, 15), None, 7, None)),
        (f"القسم{SEP}عدد الزيارات 5", (None, 5, None, None)),
    ],
    ids=["canonical", "reordered", "indic-digits-no-date", "colons", "empty-section"],
)
def test_metadata_fields_in_any_order_or_missing(meta: str, expected: tuple) -> None:
    raw = f"{TITLE}\n\n{meta}{BODY}"
    article = parsed(raw)
    assert (article.published_at, article.visits, article.comments, article.section) == expected
    assert article.title == TITLE
    assert len(article.paragraphs) == 2
    assert_spans_slice_exactly(raw, article)
    assert published_date_hint(page(raw)) == article.published_date


def test_page_without_metadata_line_is_title_and_body() -> None:
    raw = f"{TITLE}{BODY}"
    article = parsed(raw)
    assert article.title == TITLE and len(article.paragraphs) == 2
    assert article.published_at is None and article.spans.keys() == {"title"}


def test_nbsp_only_lines_are_not_paragraphs() -> None:
    raw = f"{TITLE}\n\nالقسم العراق\n\n{NB * 8}\n\u200f\n\nفقرة وحيدة.\n{NB}\n"
    assert parsed(raw).paragraphs == ["فقرة وحيدة."]


def test_body_dateline_fills_place_and_agency() -> None:
    raw = f"{TITLE}\n\nالقسم العراق\n\nبغداد (رويترز) - أرجأ مجلس النواب الجلسة.\n"
    article = parsed(raw)
    assert (article.dateline_place, article.author) == ("بغداد", "رويترز")
    assert_spans_slice_exactly(raw, article)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (f"القسم العراق{SEP}تاريخ الإضافة {DATE}{BODY}", Reason.MISSING_TITLE),
        (f"{TITLE}\n\nالقسم العراق\n\n{NB * 4}\n", Reason.MISSING_BODY),
        (f"{TITLE}\n\nتاريخ الإضافة أمس مساء{SEP}القسم العراق{BODY}", Reason.UNPARSEABLE_DATE),
        (f"{TITLE}\n\nتاريخ الإضافة 5 حزيران{SEP}القسم العراق{BODY}", Reason.UNPARSEABLE_DATE),
    ],
    ids=["no-title", "no-body", "bad-date", "date-without-year"],
)
def test_rejections(raw: str, reason: Reason) -> None:
    result = parse_record(page(raw))
    assert isinstance(result, Rejection)
    assert (result.stage, result.reason, result.record_no, result.line_no) == (
        "parsed",
        reason,
        0,
        1,
    )
    if reason is Reason.UNPARSEABLE_DATE:
        assert published_date_hint(page(raw)) is None


def test_parse_many_keeps_going_after_rejections_and_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = page(f"{TITLE}{BODY}")
    bad = page(f"{TITLE}\n")
    unknown = RawRecord("x.txt", 0, 1, "utf-8", "rss", "...")
    parsed_ok, rejected = parse_many([bad, good, unknown])
    assert [rec for rec, _ in parsed_ok] == [good]
    assert [r.reason for r in rejected] == [Reason.MISSING_BODY, Reason.UNKNOWN_LAYOUT]

    import marsad.sources.parse as parse_module

    def boom(text: str) -> ParsedArticle:
        raise RuntimeError("parser bug")

    monkeypatch.setitem(parse_module._PARSERS, "scraped_page", boom)
    parsed_ok, rejected = parse_many([good])
    assert parsed_ok == [] and rejected[0].reason is Reason.STAGE_ERROR
    assert "parser bug" in rejected[0].message


@pytest.mark.parametrize(
    ("name", "title", "published", "visits", "comments", "section", "place", "author"),
    [
        (
            "scraped/lebanon_electricity_cp1256.txt",
            "الحكومة اللبنانية تقر خطة طارئة للكهرباء وسط خلاف على التمويل",
            datetime(2023, 3, 14, 16, 20),
            1215,
            7,
            "لبنان",
            None,
            None,
        ),
        (
            "scraped/iraq_budget_utf8bom_crlf.txt",
            "البرلمان العراقي يؤجل التصويت على الموازنة إلى الأسبوع المقبل",
            datetime(2023, 6, 11, 9, 15),
            342,
            None,
            "العراق",
            "بغداد",
            "مرصد",
        ),
        (
            "scraped/iraq_marshes_undated.txt",
            "الجفاف يهدد ما تبقى من الأهوار في جنوب العراق",
            None,
            57,
            None,
            "بيئة",
            None,
            None,
        ),
    ],
)
def test_sample_pages(
    name: str, title: str, published: datetime | None, visits: int, comments: int | None,
    section: str, place: str | None, author: str | None,
) -> None:  # fmt: skip
    (record,), _ = read_landing_file(SAMPLE / name, SAMPLE)
    article = parsed(record.raw_text)
    assert (article.title, article.published_at, article.visits, article.comments) == (
        title, published, visits, comments,
    )  # fmt: skip
    assert (article.section, article.dateline_place, article.author) == (section, place, author)
    assert 4 <= len(article.paragraphs) <= 6
    assert_spans_slice_exactly(record.raw_text, article)


@pytest.mark.parametrize(
    ("text", "value"),
    [("889", 889), ("٨٨٩", 889), ("1,204", 1204), ("١٬٢٠٤", 1204), ("۱۲", 12), ("غير متاح", None)],
)
def test_counts_in_any_digits(text: str, value: int | None) -> None:
    assert to_count(text) == value
