"""Layout detection and record splitting."""

from __future__ import annotations

import pytest

from marsad.sources import JSONL, SCRAPED_PAGE, TREC_XML, detect_layout
from marsad.sources.layouts import split_records

NB = "\u00a0"


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("<DOC>\n<DOCNO>X-1</DOCNO>\n<TITLE>عنوان</TITLE>\n</DOC>\n", TREC_XML),
        ('<?xml version="1.0"?>\n<DOCS>\n<DOC>\n<TITLE>t</TITLE>\n</DOC>\n</DOCS>\n', TREC_XML),
        ('{"title": "عنوان", "body": "نص"}\n{"title": "آخر", "body": "نص"}\n', JSONL),
        ('{"title": "عنوان", "body": "نص"}\n{broken\n{"title": "آخر"}\n', JSONL),
        (
            f"عنوان الخبر\n\nتاريخ الإضافة الخميس 19 تشرين الثاني 2020 {NB}{NB}القسم العراق\n\nنص.\n",
            SCRAPED_PAGE,
        ),
        (f"عنوان\n\nالقسم لبنان {NB}{NB}عدد الزيارات 5\n\nنص الخبر.\n", SCRAPED_PAGE),
        (
            "عنوان الخبر من دون سطر بيانات\n\nفقرة أولى من نص الخبر، وفيها فاصلة عربية.\n",
            SCRAPED_PAGE,
        ),
        ("id,title,published\n1,عنوان,2023-06-11\n", None),
        ("Just an English note\nwith two lines\n", None),
        ("\n\n  \n", None),
        ('[\n  {"title": "عنوان الخبر", "body": "نص الخبر الطويل بالعربية"}\n]\n', None),
    ],
    ids=[
        "trec",
        "trec-wrapped",
        "jsonl",
        "jsonl-bad-line",
        "page-meta",
        "page-meta-no-date",
        "page-prose",
        "csv",
        "english",
        "blank",
        "json-array",
    ],
)
def test_detect_layout(text: str, layout: str | None) -> None:
    assert detect_layout(text) == layout


def test_trec_split_locates_each_doc_and_flags_broken_ones() -> None:
    text = (
        "<DOC>\n<TITLE>أ</TITLE>\n<TEXT>\nنص\n</TEXT>\n</DOC>\n"
        "<DOC>\n<TITLE>ب</TITLE>\n<TEXT>\nنص بلا إغلاق\n</DOC>\n"
        "<DOC>\n<TITLE>ج</TITLE>\n"
        "<DOC>\n<TITLE>د</TITLE>\n<TEXT>\nنص\n</TEXT>\n</DOC>\n"
    )
    chunks = split_records(text, TREC_XML)
    assert [(c.record_no, c.line_no) for c in chunks] == [(0, 1), (1, 7), (2, 12), (3, 14)]
    assert [c.problem is None for c in chunks] == [True, False, False, True]
    assert "TEXT" in (chunks[1].problem or "")
    assert "never closed" in (chunks[2].problem or "")
    assert text[chunks[3].start : chunks[3].end].startswith("<DOC>\n<TITLE>د")


def test_jsonl_split_skips_blank_lines_but_counts_records_in_order() -> None:
    text = '{"title": "a"}\n\n[1, 2]\n   \n{"title": "b"}\n'
    chunks = split_records(text, JSONL)
    assert [(c.record_no, c.line_no) for c in chunks] == [(0, 1), (1, 3), (2, 5)]
    assert chunks[0].problem is None and chunks[2].problem is None
    assert "list" in (chunks[1].problem or "")
