"""TREC XML records: tolerant tag scan, entities, bylines, dates with zones, exact spans."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from marsad.records import ParsedArticle, RawRecord, Reason, Rejection
from marsad.sources import parse_record, published_date_hint, read_landing_file
from marsad.sources.trec_xml import unescape

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"


def doc(**fields: str) -> str:
    parts = ["<DOC>"]
    for tag in ("DOCNO", "URL", "SRC", "CAT", "TITLE", "TIME", "AUTHOR", "ABSTRACT", "TEXT"):
        if tag in fields:
            parts.append(f"<{tag}>{fields[tag]}</{tag}>")
    parts.append("</DOC>")
    return "\n".join(parts)


def record(text: str) -> RawRecord:
    return RawRecord("f.xml", 0, 1, "utf-8", "trec_xml", text)


BASE = {
    "DOCNO": "MR-middleEast-9-20230614",
    "URL": "https://news.example.org/a?x=1&amp;y=2",
    "SRC": "marsad-sample",
    "CAT": "internationalNews",
    "TITLE": "الأسهم &amp; السندات: شركة AT&T تتراجع < 5%",
    "TIME": "Wed, 14 Jun 2023 15:42:10 +0300",
    "AUTHOR": "القاهرة- أحمد منصور",
    "ABSTRACT": "\nملخص قصير للخبر.\n  ",
    "TEXT": "\nالفقرة الأولى من الخبر.\n\n   \nالفقرة الثانية &quot;مقتبسة&quot;.\n",
}


def test_fields_and_spans() -> None:
    raw = doc(**BASE)
    article = parse_record(record(raw))
    assert isinstance(article, ParsedArticle)
    assert article.title == "الأسهم & السندات: شركة AT&T تتراجع < 5%"
    assert article.url == "https://news.example.org/a?x=1&y=2"
    assert (article.section, article.source) == ("internationalNews", "marsad-sample")
    assert (article.dateline_place, article.author) == ("القاهرة", "أحمد منصور")
    assert article.abstract == "ملخص قصير للخبر."
    assert article.paragraphs == ["الفقرة الأولى من الخبر.", 'الفقرة الثانية "مقتبسة".']
    assert article.published_at == datetime(2023, 6, 14, 15, 42, 10)
    assert article.utc_offset_minutes == 180
    assert article.published_date == date(2023, 6, 14)
    assert published_date_hint(record(raw)) == date(2023, 6, 14)
    unescaped_fields = {"title", "url"}
    for name, span in article.spans.items():
        written = raw[span.start : span.end]
        value = article.date_text if name == "date" else getattr(article, name)
        assert (unescape(written) if name in unescaped_fields else written) == value
    assert [raw[s.start : s.end] for s in article.paragraph_spans] == [
        "الفقرة الأولى من الخبر.",
        "الفقرة الثانية &quot;مقتبسة&quot;.",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("AT&T و S&P", "AT&T و S&P"),
        ("&lt;b&gt; &amp;amp; &#1576; &#x628;", "<b> &amp; ب ب"),
        ("Dolce&Gabbana &copy", "Dolce&Gabbana &copy"),
    ],
)
def test_unescape_only_touches_well_formed_entities(value: str, expected: str) -> None:
    assert unescape(value) == expected


def test_cdata_and_lowercase_tags_are_read() -> None:
    raw = (
        "<doc>\n<title><![CDATA[عنوان <مع> رموز]]></title>\n<time>Mon, 03 Jul 2023 10:00:00 GMT</time>"
        "\n<text>\nنص.\n</text>\n</doc>"
    )
    article = parse_record(record(raw))
    assert isinstance(article, ParsedArticle)
    assert article.title == "عنوان <مع> رموز" and article.utc_offset_minutes == 0


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"TITLE": "  "}, Reason.MISSING_TITLE),
        ({"TEXT": "\n \n"}, Reason.MISSING_BODY),
        ({"TIME": "قبل ساعة"}, Reason.UNPARSEABLE_DATE),
    ],
)
def test_rejections(changes: dict[str, str], reason: Reason) -> None:
    result = parse_record(record(doc(**(BASE | changes))))
    assert isinstance(result, Rejection) and result.reason is reason


def test_empty_time_is_undated_not_rejected() -> None:
    article = parse_record(record(doc(**(BASE | {"TIME": " "}))))
    assert isinstance(article, ParsedArticle)
    assert article.published_at is None and "date" not in article.spans


def test_body_dateline_used_when_author_is_empty() -> None:
    text = "\nالقدس (CNN)— رحبت الحكومة بالقرار.\nفقرة ثانية.\n"
    article = parse_record(record(doc(**(BASE | {"AUTHOR": "", "TEXT": text}))))
    assert isinstance(article, ParsedArticle)
    assert (article.dateline_place, article.author) == ("القدس", "CNN")


def test_sample_two_docs_in_utf16() -> None:
    found, rejected = read_landing_file(SAMPLE / "trec" / "regional_two_docs_utf16le.xml", SAMPLE)
    assert rejected == [] and [r.line_no for r in found] == [1, 19]
    first, second = (parse_record(r) for r in found)
    assert isinstance(first, ParsedArticle) and isinstance(second, ParsedArticle)
    assert first.title == "البرلمان اللبناني يفشل للمرة الثانية عشرة في انتخاب رئيس للجمهورية"
    assert (first.dateline_place, first.author) == ("بيروت", "ريما الحسيني")
    assert "S&P" in first.paragraphs[-1]
    assert (second.dateline_place, second.author, second.utc_offset_minutes) == (
        None,
        "فرح الراوي",
        0,
    )
    assert second.section == "economy" and len(second.paragraphs) == 3
