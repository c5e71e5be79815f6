"""The entities stage for one publication day: mentions linked to canonical entities, date
mentions, roles and quotes, each with its span in the display text and in the raw text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from marsad.entities import link_many
from marsad.entities.outlets import outlet_entities
from marsad.stages.catalog import load_stored_catalog
from marsad.stages.runner import DayOutput, read_todo
from marsad.stages.store import StageStore
from marsad.text.offsets import spans_many

STAGE = "entities"
SPANNED = ("mentions", "date_mentions", "roles", "quotes")
# The upstream columns the linker reads (the shards hold more: raw spans, surfaces, versions).
TOKEN_COLUMNS = [
    "article_id",
    "sentence_no",
    "token_no",
    "start",
    "end",
    "match",
    "proclitics",
    "stem",
    "kind",
]
MODEL_COLUMNS = ["article_id", "start", "end", "type", "confidence"]
DATE_COLUMNS = ["article_id", "published_date", "source"]
BOILERPLATE_COLUMNS = ["article_id", "start", "end"]


@dataclass(frozen=True, slots=True)
class Anchors:
    """The display-to-raw offset maps of a batch's articles, laid end to end (see
    `marsad.text.offsets.spans_many`): map k belongs to `ids` row k."""

    ids: pl.DataFrame  # article_id, _map
    text_idx: np.ndarray
    raw_idx: np.ndarray
    lengths: np.ndarray

    @classmethod
    def of(cls, articles: pl.DataFrame) -> Anchors:
        maps = articles.select("article_id", "display_map_text_idx", "display_map_raw_idx")
        lengths = maps["display_map_text_idx"].list.len()
        if (lengths != maps["display_map_raw_idx"].list.len()).any() or (lengths == 0).any():
            raise ValueError("an offset map needs two equal, non-empty lists of anchors")
        return cls(
            maps.select("article_id").with_row_index("_map"),
            maps["display_map_text_idx"].explode().to_numpy(),
            maps["display_map_raw_idx"].explode().to_numpy(),
            lengths.to_numpy(),
        )


def with_raw_spans(frame: pl.DataFrame, anchors: Anchors) -> pl.DataFrame:
    """Add raw_start/raw_end to a frame of display spans (rows grouped by article, in the
    order articles first appear), every span mapped in one vectorised pass."""
    if frame.height == 0:
        return frame.with_columns(
            pl.lit(None, pl.Int32).alias("raw_start"), pl.lit(None, pl.Int32).alias("raw_end")
        )
    groups = (
        frame.select("article_id")
        .with_row_index("_row")
        .group_by("article_id", maintain_order=True)
        .agg("_row")
    )
    frame = frame[groups["_row"].explode().to_numpy()]
    which = frame.select("article_id").join(
        anchors.ids, on="article_id", how="left", maintain_order="left"
    )["_map"]
    if which.null_count():
        raise KeyError("a span of an article without an offset map")
    raw_start, raw_end = spans_many(
        anchors.text_idx,
        anchors.raw_idx,
        anchors.lengths,
        which.to_numpy(),
        frame["start"].to_numpy(),
        frame["end"].to_numpy(),
    )
    return frame.with_columns(
        pl.Series("raw_start", raw_start, dtype=pl.Int32),
        pl.Series("raw_end", raw_end, dtype=pl.Int32),
    )


def flag_boilerplate(mentions: pl.DataFrame, boilerplate: pl.DataFrame | None) -> pl.DataFrame:
    """Set `in_boilerplate` on mentions that lie inside one of their article's boilerplate
    spans (display offsets), so the views count only body mentions."""
    if boilerplate is None or boilerplate.height == 0 or mentions.height == 0:
        return mentions.with_columns(pl.lit(False).alias("in_boilerplate"))
    spans = boilerplate.select("article_id", pl.col("start").alias("b0"), pl.col("end").alias("b1"))
    inside = (
        mentions.select("article_id", "mention_no", "start", "end")
        .join(spans, on="article_id")
        .filter((pl.col("start") >= pl.col("b0")) & (pl.col("end") <= pl.col("b1")))
        .select("article_id", "mention_no")
        .unique()
        .with_columns(pl.lit(True).alias("_in"))
    )
    return (
        mentions.join(inside, on=["article_id", "mention_no"], how="left")
        .with_columns(pl.col("_in").fill_null(False).alias("in_boilerplate"))
        .drop("_in")
    )


def flag_self_credit(mentions: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Set `in_boilerplate` on mentions of the article's own outlet (see `outlets`): the outlet
    credits itself, it does not cover itself."""
    if mentions.height == 0 or "source" not in articles.columns:
        return mentions
    own = [
        (article_id, entity_id)
        for article_id, source in articles.select("article_id", "source").iter_rows()
        for entity_id in outlet_entities(source)
    ]
    if not own:
        return mentions
    pairs = pl.DataFrame(
        own, schema={"article_id": pl.String, "entity_id": pl.String}, orient="row"
    )
    return (
        mentions.join(
            pairs.with_columns(pl.lit(True).alias("_own")),
            on=["article_id", "entity_id"],
            how="left",
            maintain_order="left",
        )
        .with_columns(
            (pl.col("in_boilerplate") | pl.col("_own").fill_null(False)).alias("in_boilerplate")
        )
        .drop("_own")
    )


def _rows_of(
    store: StageStore, table: tuple[str, str], days: list[date], ids: pl.Series, columns: list[str]
) -> pl.DataFrame | None:
    """`columns` of the rows of articles `ids` in an upstream table (None: no shards)."""
    found = store.table(*table).read_articles(days, ids, columns)
    return None if found is None else found.select(columns)


def link_day(store: StageStore, days: list[date], skip: frozenset[str]) -> DayOutput:
    load_stored_catalog(store)
    ids, todo = read_todo(
        store.table("cleaned", "cleaned_articles"),
        days,
        skip,
        ["article_id", "display_text", "display_map_text_idx", "display_map_raw_idx"],
    )
    if todo is None:
        return DayOutput({}, {})
    if todo.height == 0:
        return DayOutput({}, ids)
    wanted = todo["article_id"]
    dates = _rows_of(store, ("parsed", "articles"), days, wanted, DATE_COLUMNS)
    articles = todo.join(dates, on="article_id", how="left")
    tokens = _rows_of(store, ("cleaned", "tokens"), days, wanted, TOKEN_COLUMNS)
    model = _rows_of(store, ("tagged", "entity_mentions"), days, wanted, MODEL_COLUMNS)
    frames = link_many(
        articles.select("article_id", "published_date", "display_text"), model, tokens
    )
    boilerplate = _rows_of(store, ("cleaned", "boilerplate"), days, wanted, BOILERPLATE_COLUMNS)
    frames["mentions"] = flag_self_credit(
        flag_boilerplate(frames.pop("linked_mentions"), boilerplate), articles
    )
    anchors = Anchors.of(articles)
    for name in SPANNED:
        frames[name] = with_raw_spans(frames[name], anchors)
    counts = frames["mentions"].group_by("article_id").len("n_mentions")
    frames["linked_articles"] = (
        todo.select("article_id")
        .join(counts, on="article_id", how="left")
        .with_columns(pl.col("n_mentions").fill_null(0).cast(pl.Int32))
    )
    return DayOutput(frames, ids)
