"""Compressed landing files: .gz and .zip of any layout, read without unpacking by hand."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

from marsad.sources.identity import article_id
from tests.core.raw_helpers import assert_spans_exact, load, reasons

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bad_landing"
ITEM = {"title": "عنوان الخبر", "content": "نص الخبر.", "date": "2021-04-05"}


def test_a_gzipped_json_array(tmp_path) -> None:
    path = tmp_path / "2021-04-05.json.gz"
    items = [ITEM, ITEM | {"title": "آخر"}]
    path.write_bytes(gzip.compress(json.dumps(items, ensure_ascii=False).encode()))
    records, parsed, rejected = load(path)
    assert rejected == [] and len(parsed) == 2
    assert {(r.layout, r.source_file) for r in records} == {("json_array", "2021-04-05.json.gz")}
    for record, article in parsed:
        assert_spans_exact(record, article)


def test_a_zip_of_several_layouts_numbers_records_on(tmp_path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/day1.json", json.dumps([ITEM, "not an object"], ensure_ascii=False))
        archive.writestr("a/day2.csv", "title,body\nعنوان ثان,نص ثان\nمكسور\n")
        archive.writestr("__MACOSX/._day1.json", b"\x00\x01")
        archive.writestr("a/_fields.toml", '[fields]\nbody = "body"\n')
        archive.writestr("notes.bin", (FIXTURES / "garbage.bin").read_bytes())
    records, parsed, rejected = load(path)
    assert [(r.record_no, r.layout) for r in records] == [(0, "json_array"), (2, "csv")]
    assert sorted(reasons(rejected), key=str) == [
        ("malformed_record", 1), ("malformed_record", 3), ("undecodable_text", None),
    ]  # fmt: skip
    messages = sorted(r.message.split(":")[0] for r in rejected)
    assert messages == ["a/day1.json", "a/day2.csv", "notes.bin"]
    assert json.loads(records[1].field_map)["member"] == "a/day2.csv"
    assert len(parsed) == 2


def test_a_parquet_table_inside_a_zip(tmp_path) -> None:
    import io

    import polars as pl

    buffer = io.BytesIO()
    pl.DataFrame([ITEM, ITEM | {"title": "آخر"}]).write_parquet(buffer)
    path = tmp_path / "tables.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("2021/news.parquet", buffer.getvalue())
    records, parsed, rejected = load(path)
    assert rejected == [] and [(r.layout, r.line_no) for r in records] == [
        ("parquet", 1), ("parquet", 2),
    ]  # fmt: skip
    assert len(parsed) == 2


def test_compressed_and_plain_copies_are_one_article(tmp_path) -> None:
    plain = tmp_path / "x.json"
    plain.write_text(json.dumps([ITEM]), encoding="utf-8")
    packed = tmp_path / "x.json.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    (a,), _, _ = load(plain)
    (b,), _, _ = load(packed)
    assert article_id(a) == article_id(b)


def test_a_broken_archive_is_one_rejection(tmp_path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really")
    records, _, rejected = load(path)
    assert records == [] and reasons(rejected) == [("unreadable_file", None)]


def test_an_archive_over_the_byte_limit(tmp_path) -> None:
    from marsad.sources import read_landing_file

    path = tmp_path / "big.json.gz"
    path.write_bytes(gzip.compress(json.dumps([ITEM] * 2000).encode()))
    records, rejected = read_landing_file(path, tmp_path, max_bytes=10_000)
    assert records == [] and reasons(rejected) == [("file_too_large", None)]
