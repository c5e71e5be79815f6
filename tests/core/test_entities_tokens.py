"""The per-token columns the linker reads (keys, and whether a token may start a catalogue name
or hold a date) are kept per token type between batches: a worker's later batch must read the
same columns as if each type were computed afresh, for the types it shares with earlier
batches and for its new ones."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from marsad.entities import tokens as tokens_module
from marsad.entities.date_mentions import is_date_cue
from marsad.entities.link import can_start
from marsad.entities.tokens import split_by_article, token_keys
from marsad.sources import parse_record, read_landing_file
from marsad.text.clean import clean_many


@pytest.fixture(scope="module")
def cleaned(corpus_dir: Path) -> dict[str, pl.DataFrame]:
    files = sorted((corpus_dir / "BBC").rglob("*"))
    files = [f for f in files if f.is_file()][:12]
    rows = []
    for f in files:
        records, _ = read_landing_file(f, corpus_dir)
        for record in records[:1]:
            article = parse_record(record)
            spans = [(article.spans["title"].start, article.spans["title"].end)]
            spans += [(s.start, s.end) for s in article.paragraph_spans]
            rows.append((f.name, record.raw_text, spans))
    return clean_many(rows)


def _articles(tokens: pl.DataFrame, texts: dict[str, str]) -> dict[str, tuple]:
    out = {}
    for art in split_by_article(tokens, texts, can_start, is_date_cue):
        out[art.article_id] = (art.key, art.bare, art.definite, art.outer, art.starts, art.cues)
    return out


def _afresh(tokens: pl.DataFrame) -> dict[str, tuple]:
    """The same columns computed token by token from the functions that define them."""
    out: dict[str, tuple] = {}
    frame = tokens.sort(["article_id", "sentence_no", "token_no"])
    for aid, group in frame.group_by("article_id", maintain_order=True):
        cols: tuple[list, ...] = ([], [], [], [], [], [])
        for match, proclitics, stem, kind in group.select(
            "match", "proclitics", "stem", "kind"
        ).iter_rows():
            key, bare, definite, outer = token_keys(proclitics, stem)
            values = (key, bare, definite, outer, can_start(match, key))
            values += (is_date_cue(match, key, kind),)
            for col, value in zip(cols, values, strict=True):
                col.append(value)
        out[aid[0]] = cols
    return out


def test_types_kept_between_batches_read_as_computed_afresh(cleaned, monkeypatch) -> None:
    tokens = cleaned["tokens"]
    texts = dict(cleaned["cleaned_articles"].select("article_id", "display_text").iter_rows())
    ids = list(texts)
    assert len(ids) >= 6
    monkeypatch.setattr(tokens_module, "_types", {})
    half = len(ids) // 2
    first = _articles(tokens.filter(pl.col("article_id").is_in(ids[:half])), texts)
    second = _articles(tokens.filter(pl.col("article_id").is_in(ids[half:])), texts)
    (index, known), *_ = tokens_module._types.values()
    assert len(index) == known.height  # every type seen kept once
    expected = {aid: tuple(map(list, cols)) for aid, cols in _afresh(tokens).items()}
    assert first | second == expected
    # a batch of types all seen before reads the same columns
    assert _articles(tokens, texts) == expected
