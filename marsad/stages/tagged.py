"""The tagged stage for one publication day: every cleaned sentence through the NER model,
mentions out with spans in the display text and (via the offset map) in the raw text."""

from __future__ import annotations

from datetime import date

import polars as pl

from marsad.ner.bio import decode_scored
from marsad.ner.neural import NeuralTagger
from marsad.ner.registry import model_version
from marsad.ner.tagger import Tagger, load_model
from marsad.schema import table_schema
from marsad.stages.layout import model_path
from marsad.stages.runner import DayOutput, read_todo
from marsad.stages.store import StageStore

STAGE = "tagged"

MENTION_SCHEMA = table_schema("tagged/entity_mentions")
# tagged_articles is not published: the stage's ledger of the articles it tagged
LEDGER_SCHEMA = {"article_id": pl.String, "n_mentions": pl.Int32, "model_version": pl.String}


_loaded: dict[tuple[str, str], Tagger | NeuralTagger] = {}


def tagger() -> Tagger | NeuralTagger:
    """The model `model_path` names, loaded once per process and model version: the stages'
    worker server loads it (`marsad.stages.warm`), so the workers it forks start with it; a
    model retrained since (another version) is loaded again."""
    path = model_path()
    key = (str(path), model_version(path))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load_model(path)
    return _loaded[key]


def tag_tokens(tokens: pl.DataFrame, display: dict[str, str], version: str) -> pl.DataFrame:
    """Tag tokens (article_id, sentence_no, token_no, text, start, end, raw_start, raw_end): the
    articles in one call, each a document of its own (the model's same-name spreading never
    crosses articles)."""
    sentences = (
        tokens.sort(["article_id", "sentence_no", "token_no"])
        .group_by(["article_id", "sentence_no"], maintain_order=True)
        .agg("text", "start", "end", "raw_start", "raw_end")
    )
    # whole columns to Python lists once (a row dict per sentence cost a tenth of the stage)
    owner, number, texts, starts, ends, raw_starts, raw_ends = (
        sentences[c].to_list()
        for c in ("article_id", "sentence_no", "text", "start", "end", "raw_start", "raw_end")
    )
    articles: list[str] = []
    bounds: list[int] = []  # each article's first sentence, then the end
    for k, article in enumerate(owner):
        if not articles or article != articles[-1]:
            articles.append(article)
            bounds.append(k)
    bounds.append(len(owner))
    documents = tagger().tag_documents(
        [texts[bounds[n] : bounds[n + 1]] for n in range(len(articles))]
    )
    rows: list[dict] = []
    for n, (article, tagged) in enumerate(zip(articles, documents, strict=True)):
        text = display[article]
        count = 0
        for k, tags in enumerate(tagged, start=bounds[n]):
            for first, stop, kind, confidence in decode_scored(tags):
                start, end = starts[k][first], ends[k][stop - 1]
                rows.append(
                    {
                        "article_id": article,
                        "mention_no": count,
                        "sentence_no": number[k],
                        "type": kind,
                        "surface": text[start:end],
                        "start": start,
                        "end": end,
                        "raw_start": raw_starts[k][first],
                        "raw_end": raw_ends[k][stop - 1],
                        "n_tokens": stop - first,
                        "confidence": confidence,
                        "model_version": version,
                    }
                )
                count += 1
    return pl.DataFrame(rows, schema=MENTION_SCHEMA)


# The cleaned tokens' columns the tagger reads (a batch whose articles have no tokens at all
# gets an empty frame of them).
TOKEN_COLUMNS = {
    "article_id": pl.String,
    "sentence_no": pl.Int32,
    "token_no": pl.Int32,
    "text": pl.String,
    "start": pl.Int32,
    "end": pl.Int32,
    "raw_start": pl.Int32,
    "raw_end": pl.Int32,
}


def tag_day(store: StageStore, days: list[date], skip: frozenset[str]) -> DayOutput:
    ids, todo = read_todo(
        store.table("cleaned", "cleaned_articles"), days, skip, ["article_id", "display_text"]
    )
    if todo is None:
        return DayOutput({}, {})
    if todo.height == 0:
        return DayOutput({}, ids)
    found = store.table("cleaned", "tokens").read_articles(
        days, todo["article_id"], list(TOKEN_COLUMNS)
    )
    tokens = (
        found.select(list(TOKEN_COLUMNS))
        if found is not None
        else pl.DataFrame(schema=TOKEN_COLUMNS)
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
