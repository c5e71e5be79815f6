"""Real-data tier: 600 articles of the shared ANT corpus through the whole pipeline."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC

import pytest

from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from tests.helpers import query

pytestmark = pytest.mark.corpus
TIME = re.compile(r"<TIME>(.*?)</TIME>", re.S)


@pytest.fixture(scope="module")
def corpus_warehouse(corpus_dir, tmp_path_factory):
    files = sorted(corpus_dir.rglob("*.txt"))[::50]  # ~630 files across every source and section
    assert len(files) >= 600
    landing = tmp_path_factory.mktemp("landing")
    for path in files:
        target = landing / path.relative_to(corpus_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path)
    root = tmp_path_factory.mktemp("wh")
    settings = Settings(landing, root / "warehouse.duckdb", root / "stages")
    run_all(settings, workers=2)
    return settings, files


def test_every_record_is_accounted_for(corpus_warehouse):
    settings, files = corpus_warehouse
    found, parsed, quarantined, duplicates = query(
        settings.warehouse, open("sql/queries/accounting.sql").read()
    )[0]
    assert found == len(files)
    assert found == parsed + quarantined + duplicates
    assert parsed >= 0.99 * len(files)


def test_published_at_equals_the_documents_time(corpus_warehouse):
    settings, _ = corpus_warehouse
    rows = query(
        settings.warehouse,
        "SELECT r.raw_text, a.published_at_utc FROM articles a "
        "JOIN raw_articles r USING (article_id) WHERE r.duplicate_of IS NULL",
    )
    agree = sum(
        email.utils.parsedate_to_datetime(TIME.search(raw).group(1).strip()).astimezone(UTC)
        == published
        for raw, published in rows
    )
    assert agree / len(rows) >= 0.999


def test_fields_come_from_the_xml(corpus_warehouse):
    settings, _ = corpus_warehouse
    sources = {s for (s,) in query(settings.warehouse, "SELECT DISTINCT source FROM articles")}
    assert sources == {"alarabia", "BBC", "CNN", "france24", "skynews"}  # the SRC tags as written
    empty = query(
        settings.warehouse,
        "SELECT count(*) FROM articles WHERE title IS NULL OR n_paragraphs = 0 OR url IS NULL",
    )[0][0]
    assert empty == 0
