"""The tagged stage for one publication day: every cleaned sentence through the NER model,
mentions out with spans in the display text and (via the offset map) in the raw text."""

from __future__ import annotations

import os
import re
import weakref
from datetime import date
from pathlib import Path

import polars as pl

from marsad.ner import word_table
from marsad.ner.bio import decode_scored
from marsad.ner.neural import NeuralTagger
from marsad.ner.registry import model_version
from marsad.ner.tagger import Tagger, load_model
from marsad.schema import table_schema
from marsad.stages.layout import model_path
from marsad.stages.runner import WORKER_STAGES_ENV, DayOutput, read_todo, worker_pool
from marsad.stages.store import StageStore, atomic_path

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


# A run whose tagged stage computed at least this many articles (a full run, a backfill) leaves
# a word table for the model (`marsad.ner.word_table`) when there is none yet, for later small
# runs' workers. MARSAD_WORD_TABLE_MIN_ARTICLES overrides it.
WORD_TABLE_MIN_ARTICLES = 2_000
WORD_TABLE_DIR = "_word_table"

# the models whose word table was looked for and found (installed, or stale and left alone)
_tables_tried: weakref.WeakSet[object] = weakref.WeakSet()


def word_table_path(stages: Path, model: Tagger | NeuralTagger) -> Path:
    """The model's word table in a stages folder (one per model version)."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", model.version)
    return stages / STAGE / WORD_TABLE_DIR / f"{name}.npz"


def use_word_table(model: Tagger | NeuralTagger, stages: Path) -> None:
    """Start `model`'s word caches with the stages folder's table for it, once per model (no
    table, or a stale one: the caches fill as they do without)."""
    if model in _tables_tried:
        return
    path = word_table_path(stages, model)
    table = word_table.load(path) if path.exists() else None
    if table is not None:  # tried once: a stale table is not read again per batch
        word_table.install(model, table)
        _tables_tried.add(model)


def preload_word_table() -> None:
    """In the stage workers' server, before it forks any worker: the word table of the stages
    folder the process that started it runs on (`runner.WORKER_STAGES_ENV`)."""
    stages = os.environ.get(WORKER_STAGES_ENV)
    if stages:
        use_word_table(tagger(), Path(stages))


def word_table_min_articles() -> int:
    value = os.environ.get("MARSAD_WORD_TABLE_MIN_ARTICLES", "").strip()
    return int(value) if value else WORD_TABLE_MIN_ARTICLES


def build_word_table(store: StageStore, articles: int, workers: int = 1) -> None:
    """After the stage computed `articles`: the model's table of the `word_table.WORDS` most
    frequent tokens of the cleaned stage, when the run was large enough and there is none
    (other models' tables are removed); computed on `workers` processes (~3 s on one)."""
    if articles < word_table_min_articles():
        return
    model = tagger()
    path = word_table_path(store.root, model)
    held = word_table.load(path) if path.exists() else None
    if held is not None and word_table.fits(model, held):
        return  # (a stale one, from code that scores words otherwise, is made again)
    tokens = store.table("cleaned", "tokens")
    scan = tokens.scan_days(tokens.days())
    if scan is None:
        return
    words = (
        scan.group_by("text")
        .len()
        .sort(["len", "text"], descending=[True, False])
        .head(word_table.WORDS)
        .collect()["text"]
        .to_list()
    )
    if workers > 1 and len(words) >= 2 * workers:
        step = -(-len(words) // workers)
        slices = [words[k : k + step] for k in range(0, len(words), step)]
        with worker_pool(store, workers) as pool:
            table = word_table.concat(list(pool.map(_word_table_of, slices)))
    else:
        table = word_table.compute(model, words)
    with atomic_path(path) as tmp:
        word_table.save(table, tmp)
    for other in path.parent.glob("*.npz"):
        if other != path:
            other.unlink(missing_ok=True)


def _word_table_of(words: list[str]) -> dict:
    return word_table.compute(tagger(), words)


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
    use_word_table(tagger(), store.root)
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
