"""The tagged stage for one publication day: every cleaned sentence through the NER model,
mentions out with spans in the display text and (via the offset map) in the raw text."""

from __future__ import annotations

import json
import os
from datetime import date
from functools import cache
from pathlib import Path

import polars as pl

from marsad.runner import DayOutput, split_todo
from marsad.store import StageStore

STAGE = "tagged"
TAGGED_CODE_VERSION = "tagged-3"  # 3: attribute order no longer hash-seeded

MENTION_SCHEMA = {
    "article_id": pl.String,
    "mention_no": pl.Int32,
    "sentence_no": pl.Int32,
    "type": pl.String,
    "surface": pl.String,
    "start": pl.Int32,
    "end": pl.Int32,
    "raw_start": pl.Int32,
    "raw_end": pl.Int32,
    "n_tokens": pl.Int32,
    "confidence": pl.Float32,
    "model_version": pl.String,
}
LEDGER_SCHEMA = {"article_id": pl.String, "n_mentions": pl.Int32, "model_version": pl.String}


def model_path() -> Path | None:
    """MARSAD_NER_MODEL (a model JSON or its folder), else the committed model."""
    value = os.environ.get("MARSAD_NER_MODEL")
    return Path(value) if value else None


@cache
def tagger():
    from marsad.ner import Tagger

    return Tagger.load(model_path())


def stage_version() -> str:
    """Code version plus the model's: a new model makes every day dirty (re-tagging = backfill)."""
    from marsad.ner.tagger import DEFAULT_MODEL

    path = model_path() or DEFAULT_MODEL
    if path.is_dir():
        path = path / DEFAULT_MODEL.name
    return f"{TAGGED_CODE_VERSION}+{json.loads(path.read_text(encoding='utf-8'))['version']}"


def decode_bio(tags: list[tuple[str, float]]) -> list[tuple[int, int, str, float]]:
    """(first token, last token + 1, type, mean confidence) of each mention; an I- tag that does
    not continue a mention of its type starts one (lenient CoNLL decoding)."""
    spans: list[tuple[int, int, str, float]] = []
    start, kind, total = -1, "", 0.0
    for i, (tag, conf) in enumerate([*tags, ("O", 1.0)]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind and start >= 0
        if start >= 0 and not continues:
            spans.append((start, i, kind, total / (i - start)))
            start, kind, total = -1, "", 0.0
        if prefix == "B" or (prefix == "I" and not continues):
            start, kind, total = i, label, 0.0
        if start >= 0:
            total += conf
    return spans


def tag_tokens(tokens: pl.DataFrame, display: dict[str, str], version: str) -> pl.DataFrame:
    """Tag tokens (article_id, sentence_no, token_no, text, start, end, raw_start, raw_end), one
    article per call so the model's same-name spreading never crosses articles."""
    sentences = (
        tokens.sort(["article_id", "sentence_no", "token_no"])
        .group_by(["article_id", "sentence_no"], maintain_order=True)
        .agg("text", "start", "end", "raw_start", "raw_end")
    )
    model = tagger()
    rows: list[tuple] = []
    for (article,), group in sentences.group_by("article_id", maintain_order=True):
        text = display[article]
        tagged = model.tag(group["text"].to_list())
        n = 0
        for row, tags in zip(group.iter_rows(named=True), tagged, strict=True):
            for first, stop, kind, confidence in decode_bio(tags):
                start, end = row["start"][first], row["end"][stop - 1]
                rows.append(
                    (
                        article,
                        n,
                        row["sentence_no"],
                        kind,
                        text[start:end],
                        start,
                        end,
                        row["raw_start"][first],
                        row["raw_end"][stop - 1],
                        stop - first,
                        confidence,
                        version,
                    )
                )
                n += 1
    return pl.DataFrame(rows, schema=MENTION_SCHEMA, orient="row")


def tag_day(store: StageStore, day: date, skip: frozenset[str]) -> DayOutput:
    cleaned = store.table("cleaned", "cleaned_articles").read(
        [day], columns=["article_id", "display_text"]
    )
    if cleaned is None:
        return DayOutput({}, set())
    ids, todo = split_todo(cleaned, skip)
    if todo.height == 0:
        return DayOutput({}, ids)
    tokens = (
        pl.scan_parquet(store.table("cleaned", "tokens").path_for(day))
        .filter(pl.col("article_id").is_in(todo["article_id"].to_list()))
        .select(
            "article_id", "sentence_no", "token_no", "text", "start", "end", "raw_start", "raw_end"
        )
        .collect()
    )
    version = tagger().version
    mentions = tag_tokens(
        tokens, dict(zip(todo["article_id"], todo["display_text"], strict=True)), version
    )
    counts = mentions.group_by("article_id").len("n_mentions")
    ledger = (
        todo.select("article_id")
        .join(counts, on="article_id", how="left")
        .with_columns(
            pl.col("n_mentions").fill_null(0).cast(pl.Int32), pl.lit(version).alias("model_version")
        )
        .select(list(LEDGER_SCHEMA))
    )
    return DayOutput({"entity_mentions": mentions, "tagged_articles": ledger}, ids)
