"""The parsed stage for one publication day: raw records in, article rows and rejections out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import polars as pl

from marsad.partitioning import in_range
from marsad.records import ParsedArticle, RawRecord, Reason, Rejection
from marsad.schema import table_schema
from marsad.sources import parse_record
from marsad.stages.raw import RawStage
from marsad.stages.runner import DayOutput, ids_by_day, split_todo
from marsad.stages.schema import REJECTION_SCHEMA
from marsad.stages.store import StageStore, files_among, with_shard_day
from marsad.text.boilerplate import keys_frame

STAGE = "parsed"

ARTICLE_SCHEMA = table_schema("parsed/articles")
# The keys of the body lines (see `marsad.text.boilerplate`), counted per source by the cleaned
# stage before it runs: computed here, day by day on all cores, not in one pass over everything.
LINE_KEY_COLUMNS = ["article_id", "source", "day", "key", "raw_start", "raw_end"]


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
        "abstract": parsed.abstract,
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


def parse_rows(rows: list[dict], day: date | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Parse canonical raw rows of publication day `day` (None: each row's `shard_day`, so a
    batch's days make one frame each, not two small frames a day); out-of-range dates are
    quarantined, never silently re-dated."""
    articles: list[dict] = []
    rejected: list[dict] = []  # quarantine rows
    for row in rows:
        result = parse_record(to_record(row))
        on = row["shard_day"] if day is None else day
        if isinstance(result, Rejection):
            rejected.append(replace(result, article_id=row["article_id"]).row(on))
        elif result.published_date is not None and not in_range(result.published_date):
            rejected.append(
                Rejection(
                    stage=STAGE,
                    reason=Reason.DATE_OUT_OF_RANGE,
                    message=f"publication date {result.published_date} ({result.date_text!r}) "
                    "is outside the supported range 2000-01-01 .. tomorrow",
                    source_file=row["source_file"],
                    record_no=row["record_no"],
                    line_no=row["line_no"],
                    article_id=row["article_id"],
                ).row(on)
            )
        else:
            articles.append(article_row(row, result))
    return (
        pl.DataFrame(articles, schema=ARTICLE_SCHEMA),
        pl.DataFrame(rejected, schema=REJECTION_SCHEMA),
    )


def parse_day(store: StageStore, days: list[date], skip: frozenset[str]) -> DayOutput:
    """Parse the days' canonical records, except the articles in `skip` (already parsed)."""
    raw = RawStage(store)
    canonical = (
        pl.scan_parquet(raw.index_path)
        .filter(
            pl.col("partition_date").is_in(pl.Series(days, dtype=pl.Date).implode())
            & pl.col("duplicate_of").is_null()
        )
        .select("record_key")
        .collect()
    )
    # an increment: the days' canonical ids first, then only the shards holding new ones
    found = raw.records.file_ids(days, ("record_key",)) if skip else None
    if found is not None:
        found = with_shard_day(found).join(canonical, on="record_key", how="semi")
        new = found.filter(
            ~pl.col("article_id").is_in(pl.Series(list(skip), dtype=pl.String).implode())
        )
        records = raw.records.read_files(files_among(new)) if new.height else None
        if records is None:
            return DayOutput({}, ids_by_day(found))
        rows = records.join(new.select("record_key"), on="record_key", how="semi")
        ids, todo = ids_by_day(found), rows
    else:
        records = raw.records.read_days(days)
        if records is None:
            return DayOutput({}, {})
        rows = records.join(canonical, on="record_key", how="semi")
        ids, todo = split_todo(rows, skip)
    todo = todo.sort(["shard_day", "source_file", "record_no"])
    articles, quarantine = parse_rows(todo.to_dicts())
    keys = line_keys(articles, todo)
    return DayOutput({"articles": articles, "line_keys": keys, "quarantine": quarantine}, ids)


def line_keys(articles: pl.DataFrame, raw: pl.DataFrame) -> pl.DataFrame:
    """`LINE_KEY_COLUMNS` of the body paragraphs (never the title) of parsed articles; `raw`
    holds their raw_text by article_id."""
    texts = dict(zip(raw["article_id"].to_list(), raw["raw_text"].to_list(), strict=True))
    ids = articles["article_id"].to_list()
    spans = [[(p["start"], p["end"]) for p in ps] for ps in articles["paragraph_spans"].to_list()]
    keys = keys_frame(zip(ids, [texts.get(a) for a in ids], spans, strict=True))
    meta = articles.select("article_id", "source", pl.col("partition_date").alias("day"))
    return keys.join(meta, on="article_id", maintain_order="left").select(LINE_KEY_COLUMNS)
