"""The cleaned stage for one publication day: parsed articles in, normalised text, sentences and
tokens out (each with spans back into the raw text)."""

from __future__ import annotations

from datetime import date

import polars as pl

from marsad.records import Reason, Rejection
from marsad.stages.raw import RawStage
from marsad.stages.runner import DayOutput, split_todo
from marsad.stages.schema import rejections_frame
from marsad.stages.store import StageStore
from marsad.text.clean import clean_many

STAGE = "cleaned"
CLEANED_VERSION = "cleaned-1"


def article_inputs(store: StageStore, day: date) -> pl.DataFrame | None:
    """article_id, raw_text and the spans to clean (title first, then paragraphs) for the day."""
    articles = store.table("parsed", "articles").read(
        [day], columns=["article_id", "source_file", "record_no", "field_spans", "paragraph_spans"]
    )
    if articles is None:
        return None
    raw = RawStage(store).records.read([day], columns=["source_file", "record_no", "raw_text"])
    return articles.join(raw, on=["source_file", "record_no"], how="left").with_columns(
        pl.col("field_spans")
        .list.filter(pl.element().struct.field("field") == "title")
        .alias("title_span")
    )


def _spans(row: dict) -> list[tuple[int, int]]:
    title = [(s["start"], s["end"]) for s in row["title_span"]]
    return title[:1] + [(s["start"], s["end"]) for s in row["paragraph_spans"]]


def clean_rows(rows: list[dict]) -> tuple[dict[str, pl.DataFrame], list[Rejection]]:
    """Clean a batch; if it fails, clean article by article so one bad article is quarantined
    alone and the rest of the day goes on."""
    try:
        return clean_many((r["article_id"], r["raw_text"], _spans(r)) for r in rows), []
    except Exception:  # noqa: BLE001 - isolate the failing article below
        pass
    good: list[dict[str, pl.DataFrame]] = []
    rejected: list[Rejection] = []
    for row in rows:
        try:
            good.append(clean_many([(row["article_id"], row["raw_text"], _spans(row))]))
        except Exception as error:  # noqa: BLE001 - any failure becomes a located quarantine row
            rejected.append(
                Rejection(
                    stage=STAGE,
                    reason=Reason.STAGE_ERROR,
                    message=f"cleaning failed: {type(error).__name__}: {error}",
                    source_file=row["source_file"],
                    record_no=row["record_no"],
                    article_id=row["article_id"],
                )
            )
    frames = {name: pl.concat([g[name] for g in good]) for name in (good[0] if good else {})}
    return frames, rejected


def clean_day(store: StageStore, day: date, skip: frozenset[str]) -> DayOutput:
    inputs = article_inputs(store, day)
    if inputs is None:
        return DayOutput({}, set())
    ids, todo = split_todo(inputs, skip)
    if todo.height == 0:
        return DayOutput({}, ids)
    frames, rejected = clean_rows(todo.to_dicts())
    return DayOutput({**frames, "quarantine": rejections_frame(rejected, day)}, ids)
