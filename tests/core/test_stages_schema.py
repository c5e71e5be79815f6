"""Shard schemas read from the DDL, and the one builder of quarantine rows every stage uses."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.resources import files
from pathlib import Path

import polars as pl
import pytest

from marsad.records import Reason, Rejection
from marsad.stages import cleaned
from marsad.stages.parsed import ARTICLE_SCHEMA, parse_rows
from marsad.stages.raw import RECORD_SCHEMA, RawStage
from marsad.stages.schema import REJECTION_SCHEMA, rejections_frame, table_schema
from marsad.stages.store import StageStore
from marsad.stages.tagged import MENTION_SCHEMA

DAY = date(2023, 7, 31)
DDL = sorted(
    f"{folder.name}/{path.name.removesuffix('.sql')}"
    for folder in files("marsad.sql").iterdir()
    if folder.is_dir()
    for path in folder.iterdir()
    if path.name.endswith(".sql")
    and "CREATE TABLE" in path.read_text(encoding="utf-8")
    and not re.search(r"CREATE TABLE \w+ AS\b", path.read_text(encoding="utf-8"))  # marts
)


@pytest.mark.parametrize("ddl", DDL)
def test_every_table_ddl_maps_to_polars(ddl):
    assert table_schema(ddl)


def test_ddl_types_map_to_the_dtypes_shards_store():
    assert ARTICLE_SCHEMA["published_at"] == pl.Datetime("us")
    assert ARTICLE_SCHEMA["published_at_utc"] == pl.Datetime("us", "UTC")
    assert ARTICLE_SCHEMA["visits"] == pl.Int64
    assert ARTICLE_SCHEMA["paragraphs"] == pl.List(pl.String)
    assert ARTICLE_SCHEMA["field_spans"] == pl.List(
        pl.Struct({"field": pl.String, "start": pl.Int32, "end": pl.Int32})
    )
    assert MENTION_SCHEMA["confidence"] == pl.Float32
    assert REJECTION_SCHEMA["partition_date"] == pl.Date


def test_records_are_raw_articles_without_the_index_column():
    published = table_schema("raw/raw_articles")
    assert published.keys() - RECORD_SCHEMA.keys() == {"duplicate_of"}
    index = RawStage(StageStore(Path("/nonexistent"))).index()
    assert index.schema["duplicate_of"] == published["duplicate_of"]


def test_rejections_frame_names_the_reason_and_the_day():
    frame = rejections_frame(
        [Rejection(stage="raw", reason=Reason.EMPTY_FILE, message="empty", source_file="a.txt")],
        DAY,
    )
    assert frame.schema == pl.Schema(REJECTION_SCHEMA)
    assert frame.row(0, named=True) == {
        "stage": "raw",
        "reason": "empty_file",
        "message": "empty",
        "source_file": "a.txt",
        "record_no": None,
        "line_no": None,
        "article_id": None,
        "partition_date": DAY,
    }
    assert rejections_frame([], DAY).schema == pl.Schema(REJECTION_SCHEMA)


def test_out_of_range_date_is_quarantined_under_the_day():
    line = json.dumps(
        {"title": "عنوان", "published_at": "1990-01-01T10:00:00", "body": "فقرة."},
        ensure_ascii=False,
    )
    row = {
        "article_id": "a1",
        "source_file": "f.jsonl",
        "record_no": 0,
        "line_no": 1,
        "encoding": "utf-8",
        "layout": "jsonl",
        "partition_date": DAY,
        "raw_text": line,
    }
    articles, quarantine = parse_rows([row], DAY)
    assert articles.height == 0
    assert quarantine.select("stage", "reason", "article_id", "partition_date").rows() == [
        ("parsed", "date_out_of_range", "a1", DAY)
    ]


def test_a_failing_article_is_quarantined_alone(monkeypatch):
    real = cleaned.clean_many

    def clean_many(items):
        items = list(items)
        if any(article_id == "bad" for article_id, _, _ in items):
            raise ValueError("boom")
        return real(items)

    monkeypatch.setattr(cleaned, "clean_many", clean_many)
    rows = [
        {
            "article_id": article_id,
            "source_file": "f.txt",
            "record_no": n,
            "raw_text": "نص المقال.",
            "title_span": [],
            "paragraph_spans": [{"start": 0, "end": 10}],
        }
        for n, article_id in enumerate(["good", "bad"])
    ]
    frames, rejected = cleaned.clean_rows(rows)
    assert frames["cleaned_articles"]["article_id"].to_list() == ["good"]
    assert [(r.stage, r.reason, r.article_id) for r in rejected] == [
        ("cleaned", Reason.STAGE_ERROR, "bad")
    ]
    assert "ValueError: boom" in rejected[0].message
