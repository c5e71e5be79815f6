"""Real-data tier: corpus articles re-exported as JSON arrays, CSV, Parquet and HTML pages.

A few hundred ANT articles are written by the test (with the writer the layout benchmark
uses, bench/layouts.py) the way scrapers and dataset hubs ship news (a JSON array per day with the issue's keys, one CSV, one Parquet table with Unix
milliseconds, one minimal HTML page per article), then

- each layout alone goes through the raw and parsed stages: titles, dates and bodies must
  match the TREC originals for ≥ 99.5% of the articles;
- all four together go through the raw stage: every article is one article_id with its three
  other copies marked duplicate_of; one day's articles in all four layouts go through the
  whole pipeline (`marsad run`'s code path) into a published warehouse.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from bench.layouts import LAYOUTS, norm, original, write_landing
from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from marsad.stages.pipeline import PARSED
from marsad.stages.raw import ingest
from marsad.stages.runner import run_days
from marsad.stages.state import StageState
from marsad.stages.store import StageStore
from tests.helpers import query

pytestmark = pytest.mark.corpus

STEP = 100  # every 100th corpus file: ~315 articles over every source and section


@pytest.fixture(scope="module")
def corpus_docs(corpus_dir):
    files = sorted(corpus_dir.rglob("*.txt"))[::STEP]
    docs = [doc for doc in (original(path) for path in files) if doc is not None]
    assert len(docs) >= 300
    return docs


@pytest.fixture(scope="module")
def landing(corpus_docs, tmp_path_factory):
    return write_landing(corpus_docs, tmp_path_factory.mktemp("landing"))


def _parse_layout(folder: Path, stages: Path) -> pl.DataFrame:
    store = StageStore(stages)
    ingest(folder, store, workers=2)
    days = sorted(StageState(stages / "raw").load())
    run_days(store, PARSED, days, workers=2)
    return store.table("parsed", "articles").read()


def _utc(row: dict) -> datetime | None:
    if row["published_at_utc"] is not None:
        return row["published_at_utc"].replace(tzinfo=UTC)
    return None


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_matches_the_trec_originals(layout, corpus_docs, landing, tmp_path):
    articles = _parse_layout(landing[layout], tmp_path / "stages")
    by_title = {norm(d["title"]): d for d in corpus_docs}
    rows = articles.to_dicts()
    assert len(rows) >= 0.995 * len(corpus_docs)
    titles = bodies = dates = 0
    for row in rows:
        doc = by_title.get(norm(row["title"]))
        if doc is None:
            continue
        titles += 1
        bodies += [norm(p) for p in row["paragraphs"] if norm(p)] == doc["paragraphs"]
        if layout == "json":  # wall clock as written, no zone
            dates += row["published_at"] == doc["when"].replace(tzinfo=None)
        else:
            dates += _utc(row) == doc["when"].astimezone(UTC)
    total = len(corpus_docs)
    rates = {"titles": titles / total, "bodies": bodies / total, "dates": dates / total}
    print(f"{layout}: {len(rows)} of {total} parsed; match rates {rates}")
    assert min(rates.values()) >= 0.995, rates


def test_four_copies_are_one_article(corpus_docs, landing, tmp_path):
    """All four layouts in one landing folder: the raw stage gives each article one id."""
    store = StageStore(tmp_path / "stages")
    ingest(landing["json"].parent, store, workers=2)
    index = pl.read_parquet(store.root / "raw" / "index.parquet")
    records = store.table("raw", "records").read(columns=["record_key", "layout"])
    copies = (
        index.join(records, on="record_key")
        .group_by("article_id")
        .agg(
            pl.len().alias("copies"),
            pl.col("duplicate_of").count().alias("duplicates"),
            pl.col("layout").unique().sort().alias("layouts"),
        )
    )
    total = len(corpus_docs)
    assert index.height == 4 * total
    four = copies.filter(
        (pl.col("copies") == 4)
        & (pl.col("duplicates") == 3)
        & (pl.col("layouts") == ["csv", "html_page", "json_array", "parquet"])
    )
    print(f"{four.height} of {total} articles: four copies, one id, three duplicate_of")
    assert four.height >= 0.995 * total


def test_published_warehouse_marks_the_copies(corpus_dir, tmp_path):
    """`marsad run`'s code path end to end on one day's articles (few days keep it quick):
    raw_articles.duplicate_of, the accounting, and the recorded field mappings."""
    files = sorted(corpus_dir.rglob("*-20180509.txt"))[::8]
    docs = [doc for doc in (original(path) for path in files) if doc is not None]
    assert len(docs) >= 25
    root = tmp_path / "landing"
    write_landing(docs, root)
    settings = Settings(root, tmp_path / "warehouse.duckdb", tmp_path / "stages")
    run_all(settings, workers=2)
    found, parsed, quarantined, duplicates = query(
        settings.warehouse, open("sql/queries/accounting.sql").read()
    )[0]
    assert (found, parsed, quarantined, duplicates) == (4 * len(docs), len(docs), 0, 3 * len(docs))
    copies = query(
        settings.warehouse,
        "SELECT count(DISTINCT article_id), count(duplicate_of), count(DISTINCT field_map) > 1 "
        "FROM raw_articles",
    )[0]
    assert copies == (len(docs), 3 * len(docs), True)
