"""JSON Lines records: fields, body shapes, spans into the JSON source, date handling."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from marsad.records import ParsedArticle, RawRecord, Reason, Rejection
from marsad.sources import parse_record, published_date_hint, read_landing_file

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"

ARTICLE = {
    "title": " رياض سلامة يغادر مصرف لبنان ",
    "published_at": "2023-07-31T22:10:00+03:00",
    "body": "الفقرة الأولى.\n\nالفقرة الثانية.\n  \nالفقرة الثالثة.",
    "url": "https://news.example.org/x",
    "source": "marsad-sample",
    "section": "اقتصاد",
    "author": "بيروت - رويترز",
}


def record(line: str) -> RawRecord:
    return RawRecord("f.jsonl", 0, 1, "utf-8", "jsonl", line)


def parse(obj: dict, ensure_ascii: bool = False) -> tuple[str, ParsedArticle | Rejection]:
    line = json.dumps(obj, ensure_ascii=ensure_ascii)
    return line, parse_record(record(line))


def test_fields_and_exact_spans() -> None:
    line, article = parse(ARTICLE)
    assert isinstance(article, ParsedArticle)
    assert article.title == "رياض سلامة يغادر مصرف لبنان"
    assert article.paragraphs == ["الفقرة الأولى.", "الفقرة الثانية.", "الفقرة الثالثة."]
    assert (article.published_at, article.utc_offset_minutes) == (
        datetime(2023, 7, 31, 22, 10),
        180,
    )
    assert (article.dateline_place, article.author) == ("بيروت", "رويترز")
    assert (article.url, article.source, article.section) == (
        "https://news.example.org/x", "marsad-sample", "اقتصاد",
    )  # fmt: skip
    for name, span in article.spans.items():
        value = article.date_text if name == "date" else getattr(article, name)
        assert line[span.start : span.end] == value
    assert [line[s.start : s.end] for s in article.paragraph_spans] == article.paragraphs
    assert published_date_hint(record(line)) == date(2023, 7, 31)


def test_escaped_source_spans_cover_the_escaped_text() -> None:
    obj = ARTICLE | {"body": 'قال "نعم".\nثم غادر.', "published_at": "2023/07/31"}
    line = json.dumps(obj, ensure_ascii=True).replace("2023/07/31", "2023\\/07\\/31")
    article = parse_record(record(line))
    assert isinstance(article, ParsedArticle)
    assert article.published_date == date(2023, 7, 31) and article.date_text == "2023/07/31"
    assert line[article.spans["date"].start : article.spans["date"].end] == "2023\\/07\\/31"
    assert article.paragraphs == ['قال "نعم".', "ثم غادر."]
    for span, paragraph in zip(article.paragraph_spans, article.paragraphs, strict=True):
        assert json.loads(f'"{line[span.start : span.end]}"') == paragraph
    title = article.spans["title"]
    assert json.loads(f'"{line[title.start : title.end]}"') == article.title


def test_body_as_a_list_of_paragraphs() -> None:
    line, article = parse(ARTICLE | {"body": ["أولى.", "  ", "ثانية.\nثالثة."]})
    assert isinstance(article, ParsedArticle)
    assert article.paragraphs == ["أولى.", "ثانية.", "ثالثة."]
    assert [line[s.start : s.end] for s in article.paragraph_spans] == article.paragraphs


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": ""}, Reason.MISSING_TITLE),
        ({"title": 7}, Reason.MISSING_TITLE),
        ({"body": "\n\n"}, Reason.MISSING_BODY),
        ({"published_at": "غدا"}, Reason.UNPARSEABLE_DATE),
        ({"published_at": 7}, Reason.UNPARSEABLE_DATE),  # 1690830600 now reads as Unix time
    ],
)
def test_rejections(changes: dict, reason: Reason) -> None:
    _, result = parse(ARTICLE | changes)
    assert isinstance(result, Rejection) and result.reason is reason


@pytest.mark.parametrize("value", [None, "", "  "])
def test_missing_date_is_undated_not_rejected(value: str | None) -> None:
    line, article = parse(ARTICLE | {"published_at": value})
    assert isinstance(article, ParsedArticle) and article.published_at is None
    assert published_date_hint(record(line)) is None


def test_sample_file() -> None:
    found, rejected = read_landing_file(SAMPLE / "jsonl" / "levant_three_articles.jsonl", SAMPLE)
    assert rejected == [] and [r.line_no for r in found] == [1, 2, 3]
    articles = [parse_record(r) for r in found]
    assert all(isinstance(a, ParsedArticle) for a in articles)
    assert [a.published_date for a in articles] == [  # type: ignore[union-attr]
        date(2023, 12, 18), date(2023, 10, 9), date(2023, 7, 31),
    ]  # fmt: skip
    assert [len(a.paragraphs) for a in articles] == [3, 4, 3]  # type: ignore[union-attr]
