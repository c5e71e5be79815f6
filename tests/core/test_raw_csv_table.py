"""CSV/TSV exports: header row, quoted multi-line cells, encodings, bad rows in good files."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.sources import csv_table, published_date_hint
from marsad.sources.csv_table import sniff_delimiter
from tests.core.raw_helpers import assert_spans_exact, load, reasons

HEADER = ["title", "body", "published_at", "url", "section"]
ROWS = [
    ["انتخابات بلدية في بيروت", "الفقرة الأولى.\nالفقرة الثانية.", "2016-05-08T09:00:00+03:00",
     "https://x/1", "لبنان"],
    ["موازنة العراق", "أقر البرلمان الموازنة.", "Sun, 08 May 2016 10:00:00 GMT", "https://x/2",
     "العراق"],
]  # fmt: skip


def csv_text(rows, header=HEADER, delimiter=",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("encoding", "recorded"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1256", "cp1256")],
)
def test_encodings_and_multiline_cells(tmp_path, encoding, recorded) -> None:
    path = tmp_path / "news.csv"
    path.write_bytes(csv_text(ROWS).replace("\n", "\r\n").encode(encoding))
    records, parsed, rejected = load(path)
    assert rejected == []
    assert [(r.layout, r.encoding, r.record_no, r.line_no) for r in records] == [
        ("csv", recorded, 0, 2), ("csv", recorded, 1, 4),
    ]  # fmt: skip
    record, article = parsed[0]
    assert record.raw_text.startswith("title,body,published_at,url,section\n")
    assert article.paragraphs == ["الفقرة الأولى.", "الفقرة الثانية."]
    assert (article.published_at, article.utc_offset_minutes) == (datetime(2016, 5, 8, 9), 180)
    assert article.section == "لبنان"
    for record, article in parsed:
        assert_spans_exact(record, article)
        assert published_date_hint(record) == date(2016, 5, 8)


def test_tsv_and_semicolons(tmp_path) -> None:
    for name, delimiter in [("news.tsv", "\t"), ("news.txt", ";")]:
        path = tmp_path / name
        path.write_text(csv_text(ROWS, delimiter=delimiter), encoding="utf-8")
        records, parsed, rejected = load(path)
        assert rejected == [] and len(parsed) == 2, name
        assert {r.layout for r in records} == {"csv"}


def test_doubled_quotes_keep_their_escaped_span(tmp_path) -> None:
    path = tmp_path / "q.csv"
    path.write_text(csv_text([["عنوان", 'قال "نعم" ثم غادر.', "2016-05-08"]], HEADER[:3]), "utf-8")
    _, parsed, rejected = load(path)
    ((record, article),) = parsed
    assert article.paragraphs == ['قال "نعم" ثم غادر.']
    span = article.paragraph_spans[0]
    assert record.raw_text[span.start : span.end] == 'قال ""نعم"" ثم غادر.'
    assert record.raw_text[article.spans["title"].start : article.spans["title"].end] == "عنوان"


def test_one_bad_row_is_one_quarantine_row(tmp_path) -> None:
    text = csv_text(ROWS[:1]) + "قصير,بلا أعمدة كافية\n\n" + csv_text(ROWS[1:]).split("\n", 1)[1]
    text += ',,"2016-05-08",https://x/3,\n'  # no title, no body
    path = tmp_path / "news.csv"
    path.write_text(text, encoding="utf-8")
    records, parsed, rejected = load(path)
    assert len(parsed) == 2
    assert sorted(reasons(rejected)) == [("malformed_record", 1), ("missing_title", 3)]
    bad = next(r for r in rejected if r.record_no == 1)
    assert bad.line_no == 4 and "2 cells where the header has 5" in bad.message


def test_header_names_are_mapped_case_insensitively(tmp_path) -> None:
    path = tmp_path / "x.csv"
    header = ["Headline", "Story", "pubDate", "Link", "Category", "Byline"]
    path.write_text(
        csv_text([["عنوان", "نص.", "1462665600", "u", "s", "بغداد - رويترز"]], header), "utf-8"
    )
    _, parsed, rejected = load(path)
    ((record, article),) = parsed
    assert (article.title, article.url, article.section) == ("عنوان", "u", "s")
    assert (article.author, article.dateline_place) == ("رويترز", "بغداد")
    assert (article.published_at, article.utc_offset_minutes) == (datetime(2016, 5, 8), 0)
    assert_spans_exact(record, article)


def test_a_header_without_a_body_column(tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,title\n1,عنوان\n", "utf-8")
    _, parsed, rejected = load(path)
    assert parsed == [] and reasons(rejected) == [("missing_body", 0)]
    assert rejected[0].message.endswith("the record has: id, title")


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("a,b,c", ","),
        ("a\tb\tc", "\t"),
        ("a;b;c", ";"),
        ('"x,y";b;c', ";"),
        ("a|b", "|"),
        ("a", ","),
    ],
)
def test_sniff_delimiter(header, delimiter) -> None:
    assert sniff_delimiter(header) == delimiter


_CELL = st.text(alphabet='ابتثجحخ دذرزس،,"\n\t;|صضطظ.', min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(title=_CELL, body=_CELL)
def test_spans_survive_any_quoting(title, body) -> None:
    """Whatever csv.writer quotes, each span cuts the escaped value back out of raw_text."""
    text = csv_text([[title, body]], ["title", "body"])
    (piece,) = csv_table.split(text)
    raw = piece.raw_text
    keys, found = csv_table.cells(raw)
    assert keys == ["title", "body"]
    for key, value in (("title", title), ("body", body)):
        (cell,) = found[key]
        assert cell.text == value
        assert raw[cell.offsets[0] : cell.offsets[-1]] == value.replace('"', '""')
