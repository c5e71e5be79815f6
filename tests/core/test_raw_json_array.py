"""JSON exports: top-level arrays, container objects, bad elements inside good files."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.records import Reason
from marsad.sources import fielded, jsonl, published_date_hint
from marsad.sources.identity import article_id
from tests.core.raw_helpers import assert_spans_exact, load, reasons

# the issue's shape: a scraped Arabic news dataset, one file per day
ITEM = {
    "source": "alyaum",
    "url": "https://www.alyaum.com/articles/1",
    "date_extracted": "2015-07-21 02:51:32",
    "title": "أمطار غزيرة على المنطقة الشرقية",
    "author": "الدمام - واس",
    "content": "هطلت أمطار غزيرة على الدمام.\nوأعلن الدفاع المدني حالة التأهب.",
}


def write(tmp_path, name, value, indent=2):
    path = tmp_path / name
    path.write_text(json.dumps(value, ensure_ascii=False, indent=indent), encoding="utf-8")
    return path


def test_the_issues_dataset_shape_parses_with_exact_spans(tmp_path) -> None:
    second = ITEM | {"title": "افتتاح معرض الكتاب", "content": "افتتح المعرض اليوم."}
    records, parsed, rejected = load(write(tmp_path, "2015-07-21.json", [ITEM, second]))
    assert rejected == []
    assert [r.layout for r in records] == ["json_array", "json_array"]
    assert [r.line_no for r in records] == [2, 10]
    record, article = parsed[0]
    assert record.raw_text.startswith("{") and record.raw_text.endswith("}")
    assert article.title == ITEM["title"]
    assert article.paragraphs == ITEM["content"].split("\n")
    assert article.published_at == datetime(2015, 7, 21, 2, 51, 32)
    assert (article.dateline_place, article.author) == ("الدمام", "واس")
    assert (article.source, article.url) == ("alyaum", ITEM["url"])
    assert_spans_exact(record, article)
    assert published_date_hint(record) == date(2015, 7, 21)
    mapping = json.loads(record.field_map)
    assert mapping["from"] == "default"
    assert mapping["fields"]["body"] == "content"
    assert mapping["fields"]["published_at"] == "date_extracted"


@pytest.mark.parametrize("key", ["articles", "data", "items", "Results"])
def test_an_object_holding_the_array(tmp_path, key) -> None:
    records, parsed, rejected = load(write(tmp_path, "export.json", {"count": 2, key: [ITEM]}))
    assert rejected == [] and len(parsed) == 1
    assert_spans_exact(*parsed[0])


def test_one_pretty_printed_article_object(tmp_path) -> None:
    _, parsed, rejected = load(write(tmp_path, "one.json", ITEM))
    assert rejected == [] and len(parsed) == 1


def test_keys_are_case_insensitive_and_other_names_work(tmp_path) -> None:
    item = {"Headline": "عنوان", "TEXT": "نص الخبر.", "pubDate": "Tue, 21 Jul 2015 02:51:32 GMT"}
    _, parsed, rejected = load(write(tmp_path, "x.json", [item], indent=None))
    assert rejected == []
    ((record, article),) = parsed
    assert (article.title, article.paragraphs) == ("عنوان", ["نص الخبر."])
    assert (article.published_at, article.utc_offset_minutes) == (
        datetime(2015, 7, 21, 2, 51, 32),
        0,
    )
    assert_spans_exact(record, article)


def test_each_bad_element_is_one_quarantine_row_and_the_rest_load(tmp_path) -> None:
    good = json.dumps(ITEM, ensure_ascii=False)
    broken = '{"title": "مكسور", "content": "نص" "url": "x"}'  # a missing comma
    text = "[\n" + ",\n".join(
        [good, '"a string"', json.dumps({"title": "بلا نص", "url": "u"}), broken, good.replace("أمطار", "رياح")]
    ) + "\n]\n"  # fmt: skip
    path = tmp_path / "day.json"
    path.write_text(text, encoding="utf-8")
    records, parsed, rejected = load(path)
    assert len(parsed) == 2
    assert sorted(reasons(rejected)) == [
        ("malformed_record", 1), ("malformed_record", 3), ("missing_body", 2),
    ]  # fmt: skip
    by_no = {r.record_no: r for r in rejected}
    assert (
        "line 3" in by_no[1].message and "where an article object was expected" in by_no[1].message
    )
    assert "invalid JSON" in by_no[3].message and by_no[3].line_no == 5
    assert by_no[2].message.endswith("the record has: title, url")
    assert "content" in by_no[2].message  # it lists the keys it looked under


def test_missing_title_lists_the_keys(tmp_path) -> None:
    _, parsed, rejected = load(write(tmp_path, "x.json", [{"content": "نص", "Date": "2020-01-01"}]))
    assert parsed == [] and [r.reason for r in rejected] == [Reason.MISSING_TITLE]
    assert rejected[0].message.endswith("the record has: content, Date")


def test_escaped_json_keeps_the_escaped_span(tmp_path) -> None:
    item = ITEM | {"content": 'قال "نعم".\nثم غادر.'}
    _, parsed, rejected = load(write(tmp_path, "x.json", [item], indent=None))
    ((record, article),) = parsed
    assert article.paragraphs == ['قال "نعم".', "ثم غادر."]
    first = article.paragraph_spans[0]
    assert record.raw_text[first.start : first.end] == 'قال \\"نعم\\".'


def test_the_same_article_as_json_array_and_jsonl_is_one_id(tmp_path) -> None:
    arrays, _, _ = load(write(tmp_path, "a.json", [ITEM]))
    line = tmp_path / "b.jsonl"
    line.write_text(json.dumps(ITEM | {"url": "elsewhere"}, ensure_ascii=False) + "\n", "utf-8")
    lines, parsed, rejected = load(line)
    assert rejected == [] and len(parsed) == 1  # the issue's JSONL with `content` now loads
    assert article_id(arrays[0]) == article_id(lines[0])


def test_an_array_of_nothing_useful_is_accounted_for(tmp_path) -> None:
    records, parsed, rejected = load(write(tmp_path, "empty.json", []))
    assert (records, parsed, reasons(rejected)) == ([], [], [("empty_file", None)])


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=60), ascii_only=st.booleans())
def test_fast_string_offsets_equal_the_jsonl_rule(value, ascii_only) -> None:
    """The range-based offsets agree with jsonl's per-character walk on any string."""
    raw = json.dumps({"body": value}, ensure_ascii=ascii_only)
    member = jsonl.members(raw)["body"]
    offsets = fielded._string_offsets(raw, member)
    assert offsets == jsonl._char_offsets(raw, member)
    assert len(offsets) == len(value) + 1
