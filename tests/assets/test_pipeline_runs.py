"""Tier 3: real Dagster runs into a warehouse under tmp_path, checked with SQL."""

from __future__ import annotations

import os
import shutil
from datetime import date

import dagster as dg
import duckdb
import pytest

from marsad.assets import ALL_CHECKS, DAY_STAGE_ASSETS
from marsad.assets.entities import entity_catalog
from marsad.assets.partitions import range_tags
from marsad.assets.raw import raw_articles
from marsad.assets.resources import MarsadResource
from marsad.assets.warehouse import warehouse
from marsad.pipelines.jobs import update_run_config
from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from tests.helpers import copy_sample, query, table_snapshot

PUBLISHED = {
    "articles": "article_id",
    "raw_articles": "record_key",
    "sentences": "article_id, sentence_no",
    "entity_mentions": "article_id, mention_no",
    "mentions": "article_id, mention_no",
    "date_mentions": "article_id, start, text",
    "roles": "article_id, start, person_entity_id",
    "quotes": "article_id, start",
    "entities": "entity_id",
    "quarantine": "source_file, record_no, reason",
}


@pytest.fixture
def settings(tmp_path) -> Settings:
    landing = copy_sample(tmp_path / "landing")
    return Settings(landing, tmp_path / "wh" / "warehouse.duckdb", tmp_path / "wh" / "stages")


def resources(settings: Settings) -> dict:
    return {
        "marsad": MarsadResource(
            landing=str(settings.landing),
            warehouse=str(settings.warehouse),
            stages=str(settings.stages),
            workers=1,
        )
    }


def test_materialize_sample_into_tmp_warehouse(settings):
    res = resources(settings)
    # the ingest job's assets: the raw stage and the entity catalogue the linker publishes
    assert dg.materialize([raw_articles, entity_catalog], resources=res).success
    result = dg.materialize(
        [*DAY_STAGE_ASSETS, warehouse, *ALL_CHECKS],
        selection=[k for a in DAY_STAGE_ASSETS for k in a.keys] + list(warehouse.keys),
        resources=res,
        tags=range_tags(date(2000, 1, 1), date.today()),
        run_config=update_run_config(only_dirty=False),
    )
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks)
    titles = [t for (t,) in query(settings.warehouse, "SELECT title FROM articles")]
    assert "اجتماعات بين العراق وأمريكا بحث الانسحاب المرتقب" in titles
    (seed,) = query(
        settings.warehouse,
        "SELECT published_at, visits, comments, section, n_paragraphs FROM articles "
        "WHERE title = $t",
        {"t": "اجتماعات بين العراق وأمريكا بحث الانسحاب المرتقب"},
    )
    assert seed[0].isoformat() == "2020-11-19T00:53:00"
    assert seed[1:] == (889, 0, "العراق", 14)


def test_run_twice_leaves_tables_identical(settings):
    run_all(settings, workers=1)
    before = {t: table_snapshot(settings.warehouse, t, o) for t, o in PUBLISHED.items()}
    mtime = settings.warehouse.stat().st_mtime_ns
    outcome = run_all(settings, workers=1)
    assert outcome.window is None and not outcome.published  # nothing to redo
    assert settings.warehouse.stat().st_mtime_ns == mtime
    outcome = run_all(settings, workers=1, full=True)  # and recomputing everything...
    assert outcome.published
    after = {t: table_snapshot(settings.warehouse, t, o) for t, o in PUBLISHED.items()}
    assert after == before  # ...changes nothing


def test_open_reader_neither_blocks_nor_sees_half_a_run(settings, tmp_path):
    run_all(settings, workers=1)
    reader = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        (before,) = reader.execute("SELECT count(*) FROM articles").fetchall()[0]
        extra = settings.landing / "late" / "extra.jsonl"
        extra.parent.mkdir()
        extra.write_text(
            '{"title": "خبر جديد عن بغداد", "published_at": "2021-03-04T10:00:00+03:00", '
            '"body": "وصل الوفد إلى بغداد صباح اليوم.\\n\\nوعقد اجتماعا مع المسؤولين."}\n',
            encoding="utf-8",
        )
        run_all(settings, workers=1)  # must not fail on the reader's lock
        assert reader.execute("SELECT count(*) FROM articles").fetchall()[0][0] == before
    finally:
        reader.close()
    assert query(settings.warehouse, "SELECT count(*) FROM articles")[0][0] == before + 1


def test_removed_file_leaves_the_warehouse(settings):
    run_all(settings, workers=1)
    victim = next(p for p in sorted(settings.landing.rglob("*.jsonl")))
    n_before = query(settings.warehouse, "SELECT count(*) FROM raw_articles")[0][0]
    n_file = query(
        settings.warehouse,
        "SELECT count(*) FROM raw_articles WHERE source_file = $f",
        {"f": victim.relative_to(settings.landing).as_posix()},
    )[0][0]
    assert n_file > 0
    victim.unlink()
    run_all(settings, workers=1, allow_removals=True)  # 3 of 9 articles: over the 10% guard
    assert query(settings.warehouse, "SELECT count(*) FROM raw_articles")[0][0] == n_before - n_file


def test_duplicate_landing_is_one_article(settings):
    run_all(settings, workers=1)
    n_articles = query(settings.warehouse, "SELECT count(*) FROM articles")[0][0]
    seed = next(settings.landing.rglob("000_1c1f25c93cd78aa3.txt"))
    shutil.copy(seed, settings.landing / "copy_of_seed.txt")
    run_all(settings, workers=1)
    assert query(settings.warehouse, "SELECT count(*) FROM articles")[0][0] == n_articles
    dup = query(
        settings.warehouse,
        "SELECT duplicate_of FROM raw_articles WHERE source_file = 'copy_of_seed.txt'",
    )
    assert dup and dup[0][0] is not None


def test_bad_input_is_quarantined_and_the_batch_goes_on(settings, tmp_path):
    bad = tmp_path / "landing" / "bad"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "fixtures", "bad_landing"), bad)
    run_all(settings, workers=1)
    reasons = {r for (r,) in query(settings.warehouse, "SELECT DISTINCT reason FROM quarantine")}
    assert {"empty_file", "unknown_layout", "malformed_record", "unparseable_date"} <= reasons
    located = query(
        settings.warehouse,
        "SELECT count(*) FROM quarantine WHERE source_file IS NULL OR message = ''",
    )[0][0]
    assert located == 0
    found, parsed, quarantined, duplicates = query(
        settings.warehouse, open("sql/queries/accounting.sql").read()
    )[0]
    assert found == parsed + quarantined + duplicates
    assert parsed >= 5  # the sample's good articles still load


def test_incremental_run_equals_a_full_recompute(settings):
    run_all(settings, workers=1)
    seed = next(settings.landing.rglob("000_1c1f25c93cd78aa3.txt"))
    changed = (
        seed.read_text(encoding="utf-8") + "\nوأضاف البيان أن الاجتماع المقبل سيعقد في واشنطن.\n"
    )
    (settings.landing / "seed_update.txt").write_text(changed, encoding="utf-8")
    outcome = run_all(settings, workers=1)
    assert outcome.window == ("2020-11-19", "2020-11-19")  # only the touched day
    incremental = {t: table_snapshot(settings.warehouse, t, o) for t, o in PUBLISHED.items()}
    run_all(settings, workers=1, full=True)
    full = {t: table_snapshot(settings.warehouse, t, o) for t, o in PUBLISHED.items()}
    assert incremental == full
