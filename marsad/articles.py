"""The parsed stage for one publication day: raw records in, article rows and rejections out."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from marsad.ingest import REJECTION_SCHEMA, RawStage, rejection_rows
from marsad.partitioning import in_range
from marsad.records import ParsedArticle, RawRecord, Reason, Rejection
from marsad.runner import DayOutput
from marsad.sources import parse_record
from marsad.store import StageStore

STAGE = "parsed"
PARSED_VERSION = "parsed-1"

SPAN = pl.Struct({"field": pl.String, "start": pl.Int32, "end": pl.Int32})
PARAGRAPH_SPAN = pl.Struct({"start": pl.Int32, "end": pl.Int32})
ARTICLE_SCHEMA = {
    "article_id": pl.String,
    "source_file": pl.String,
    "record_no": pl.Int32,
    "layout": pl.String,
    "encoding": pl.String,
    "partition_date": pl.Date,
    "title": pl.String,
    "published_at": pl.Datetime("us"),
    "utc_offset_minutes": pl.Int32,
    "published_at_utc": pl.Datetime("us", "UTC"),
    "published_date": pl.Date,
    "date_text": pl.String,
    "weekday_conflict": pl.Boolean,
    "section": pl.String,
    "source": pl.String,
    "url": pl.String,
    "author": pl.String,
    "dateline_place": pl.String,
    "abstract": pl.String,
    "visits": pl.Int64,
    "comments": pl.Int64,
    "paragraphs": pl.List(pl.String),
    "n_paragraphs": pl.Int32,
    "field_spans": pl.List(SPAN),
    "paragraph_spans": pl.List(PARAGRAPH_SPAN),
}


def article_row(record: dict, parsed: ParsedArticle) -> dict:
    utc = None
    if parsed.published_at is not None and parsed.utc_offset_minutes is not None:
        utc = parsed.published_at - timedelta(minutes=parsed.utc_offset_minutes)
    return {
        "article_id": record["article_id"],
        "source_file": record["source_file"],
        "record_no": record["record_no"],
        "layout": record["layout"],
        "encoding": record["encoding"],
        "partition_date": record["partition_date"],
        "title": parsed.title,
        "published_at": parsed.published_at,
        "utc_offset_minutes": parsed.utc_offset_minutes,
        "published_at_utc": utc,
        "published_date": parsed.published_date,
        "date_text": parsed.date_text,
        "weekday_conflict": parsed.weekday_conflict,
        "section": parsed.section,
        "source": parsed.source,
        "url": parsed.url,
        "author": parsed.author,
        "dateline_place": parsed.dateline_place,
        "abstract": getattr(parsed, "abstract", None),
        "visits": parsed.visits,
        "comments": parsed.comments,
        "paragraphs": parsed.paragraphs,
        "n_paragraphs": len(parsed.paragraphs),
        "field_spans": [
            {"field": name, "start": span.start, "end": span.end}
            for name, span in parsed.spans.items()
        ],
        "paragraph_spans": [{"start": s.start, "end": s.end} for s in parsed.paragraph_spans],
    }


def to_record(row: dict) -> RawRecord:
    return RawRecord(
        source_file=row["source_file"],
        record_no=row["record_no"],
        line_no=row["line_no"],
        encoding=row["encoding"],
        layout=row["layout"],
        raw_text=row["raw_text"],
        field_map=row.get("field_map"),
    )


def parse_rows(rows: list[dict]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Parse canonical raw rows; out-of-range dates are quarantined, never silently re-dated."""
    articles: list[dict] = []
    rejected: list[Rejection] = []
    for row in rows:
        result = parse_record(to_record(row))
        if isinstance(result, Rejection):
            rejected.append(
                Rejection(
                    result.stage,
                    result.reason,
                    result.message,
                    result.source_file,
                    result.record_no,
                    result.line_no,
                    row["article_id"],
                )
            )
        elif result.published_date is not None and not in_range(result.published_date):
            rejected.append(
                Rejection(
                    STAGE,
                    Reason.DATE_OUT_OF_RANGE,
                    f"publication date {result.published_date} ({result.date_text!r}) is outside "
                    "the supported range 2000-01-01 .. tomorrow",
                    row["source_file"],
                    row["record_no"],
                    row["line_no"],
                    row["article_id"],
                )
            )
        else:
            articles.append(article_row(row, result))
    day_of = {r["article_id"]: r["partition_date"] for r in rows}
    rejection_frame = pl.DataFrame(
        [
            {**item, "partition_date": day_of.get(item["article_id"])}
            for item in rejection_rows(rejected)
        ],
        schema=REJECTION_SCHEMA,
    )
    return pl.DataFrame(articles, schema=ARTICLE_SCHEMA), rejection_frame


def parse_day(store: StageStore, day: date, skip: frozenset[str]) -> DayOutput:
    """Parse the day's canonical records, except the articles in `skip` (already parsed)."""
    raw = RawStage(store)
    records = raw.records.read([day])
    if records is None:
        return DayOutput({}, set())
    canonical = (
        pl.scan_parquet(raw.index_path)
        .filter((pl.col("partition_date") == day) & pl.col("duplicate_of").is_null())
        .select("record_key")
        .collect()
    )
    rows = records.join(canonical, on="record_key", how="semi")
    ids = set(rows["article_id"].to_list())
    todo = rows.filter(~pl.col("article_id").is_in(list(skip))).sort(["source_file", "record_no"])
    articles, quarantine = parse_rows(todo.to_dicts())
    return DayOutput({"articles": articles, "quarantine": quarantine}, ids)
