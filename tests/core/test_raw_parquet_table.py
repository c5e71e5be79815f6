"""Parquet tables: typed columns, row groups streamed, bad rows quarantined alone."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from marsad.sources import parquet_table, published_date_hint
from tests.core.raw_helpers import assert_spans_exact, load, reasons


def test_typed_columns_and_row_numbers(tmp_path) -> None:
    path = tmp_path / "news.parquet"
    pl.DataFrame(
        {
            "id": [1, 2, 3],
            "Title": ["عنوان أول", "عنوان ثان", "بلا نص"],
            "content": ["فقرة.\nفقرة ثانية.", "نص.", None],
            "published": [
                datetime(2019, 3, 1, 8, 30, tzinfo=UTC),
                datetime(2019, 3, 2, 9, 0, tzinfo=UTC),
                None,
            ],
            "tags": [["سياسة", "لبنان"], [], None],
        }
    ).write_parquet(path, row_group_size=1)
    records, parsed, rejected = load(path)
    assert [r.line_no for r in records] == [1, 2, 3]
    assert {(r.layout, r.encoding) for r in records} == {("parquet", "utf-8")}
    assert reasons(rejected) == [("missing_body", 2)]
    record, article = parsed[0]
    assert json.loads(record.raw_text)["published"] == "2019-03-01T08:30:00+00:00"
    assert (article.published_at, article.utc_offset_minutes) == (datetime(2019, 3, 1, 8, 30), 0)
    assert article.section == "سياسة"  # the first of a list of tags
    assert article.paragraphs == ["فقرة.", "فقرة ثانية."]
    for record, article in parsed:
        assert_spans_exact(record, article)
    assert published_date_hint(records[1]) == date(2019, 3, 2)


def test_unix_milliseconds_and_row_groups_stream(tmp_path) -> None:
    path = tmp_path / "big.parquet"
    n = 2500
    table = pa.table(
        {
            "headline": [f"خبر رقم {i}" for i in range(n)],
            "text": [f"نص الخبر رقم {i}." for i in range(n)],
            "ts": pa.array([1551429000000 + i * 1000 for i in range(n)], pa.int64()),
        }
    )
    pq.write_table(table, path, row_group_size=1000)
    assert pq.ParquetFile(path).num_row_groups == 3
    pieces = list(parquet_table.pieces(str(path)))
    assert len(pieces) == n and pieces[-1].line_no == n
    records, parsed, rejected = load(path)
    assert rejected == [] and len(parsed) == n
    assert parsed[0][1].published_at == datetime(2019, 3, 1, 8, 30)


def test_a_file_that_is_not_parquet(tmp_path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not a parquet file")
    records, parsed, rejected = load(path)
    assert records == [] and reasons(rejected) == [("unreadable_file", None)]
    assert "not a readable Parquet file" in rejected[0].message
