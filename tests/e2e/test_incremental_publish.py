"""Incremental publish: a small update patches a copy of the published file, and the result is
the warehouse a build from scratch gives, table by table (real corpus slice, real runs)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from bench.compare_warehouses import compare
from bench.corpus import changed_copy
from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from marsad.stages import warehouse as warehouse_module
from marsad.stages.feed import FEED_DIR, fed
from marsad.stages.plan import published_marker
from marsad.stages.store import StageStore, read_json
from marsad.stages.warehouse import build, drift_counts, patch_plan

pytestmark = pytest.mark.corpus


def last_publish(settings: Settings) -> dict:
    return json.loads((settings.stages / "publish" / "_last_run.json").read_text("utf-8"))


def articles(path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def updated(corpus_dir, tmp_path_factory):
    """300 articles published, then 4 files added (2 new articles, 1 copy of a landed one, 1
    landed article with a sentence added) and 1 removed; the second run's publish and its warehouse, and a build from the same shards."""
    files = sorted(corpus_dir.rglob("*.txt"))
    first, extra = files[::100][:300], files[1::100][:2]
    landing = tmp_path_factory.mktemp("landing")
    for path in first:
        (landing / path.name).symlink_to(path)
    root = tmp_path_factory.mktemp("wh")
    settings = Settings(landing, root / "warehouse.duckdb", root / "stages")
    run_all(settings, workers=2)
    assert last_publish(settings)["mode"] == "full"
    before = articles(settings.warehouse)
    inode = settings.warehouse.stat().st_ino
    reader = duckdb.connect(str(settings.warehouse), read_only=True)  # an analyst's session

    for path in extra:
        (landing / path.name).symlink_to(path)
    shutil.copyfile(first[7], landing / "copy-of-an-earlier-article.txt")
    # a new article on a day that has shards already: its rows are appended to that day
    (landing / "edited-copy.txt").write_bytes(changed_copy(first[9].read_bytes(), 0))
    (landing / first[3].name).unlink()
    served: list[tuple[int, int]] = []  # per published table: (parts read from feeds, others)

    def spied(table, parts):
        feeds, names, rest = fed(table, parts)
        served.append((len(names), len(rest)))
        return feeds, names, rest

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(warehouse_module, "fed", spied)
        outcome = run_all(settings, workers=2)

    seen_by_reader = reader.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    reader.close()
    rebuilt = root / "rebuilt.duckdb"
    build(StageStore(settings.stages), rebuilt)
    return {
        "settings": settings,
        "outcome": outcome,
        "publish": last_publish(settings),
        "before": before,
        "seen_by_reader": seen_by_reader,
        "inode_changed": settings.warehouse.stat().st_ino != inode,
        "rebuilt": rebuilt,
        "served": served,
    }


def test_a_small_update_patches_a_copy(updated):
    assert updated["outcome"].published
    assert updated["publish"]["mode"] == "incremental"
    assert 1 <= updated["publish"]["days_patched"] <= 5
    # the copy was made while the stages computed, and no temporary is left beside the file
    assert updated["publish"]["copied_ahead"] is True
    folder = updated["settings"].warehouse.parent
    assert not list(folder.glob(".*.building*"))


def test_new_articles_on_a_day_are_appended_not_the_day_rewritten(updated):
    """Each stage wrote the update's new articles as parts beside the days' shards (the day
    that lost an article was rewritten whole, so it has none)."""
    stages = updated["settings"].stages
    for stage, table in [("raw", "records"), ("parsed", "articles"), ("tagged", "entity_mentions")]:
        parts = sorted((stages / stage / table).glob("*.p*.parquet"))
        assert parts, f"no appended part in {stage}/{table}"
        for part in parts:
            rows = pl.read_parquet(part)
            assert 0 < rows.height and rows.height < 200  # the new article's rows only


def test_the_publish_reads_appended_parts_from_the_batches_feeds_then_removes_them(updated):
    """Every part the update appended to a published table came from its batch's feed (one
    file, not a part per day); the feeds are gone once the file is swapped in."""
    served = updated["served"]
    assert sum(from_feeds for from_feeds, _ in served) >= 3  # articles, sentences, mentions...
    assert sum(others for _, others in served) == 0
    assert not list(updated["settings"].stages.rglob(FEED_DIR))


def test_the_patched_warehouse_equals_a_build_from_scratch(updated):
    assert compare(str(updated["settings"].warehouse), str(updated["rebuilt"])) == []
    assert articles(updated["settings"].warehouse) == updated["before"] + 2  # +3 new, -1 removed


def test_the_drift_counts_kept_by_the_patch_are_those_of_the_whole_file(updated):
    """The patch keeps the word total of the drift checks from the sentences it replaced and
    added (a removed article's day rewritten, new ones appended) instead of counting them all."""
    store = StageStore(updated["settings"].stages)
    kept = read_json(published_marker(store), {})["drift"]
    con = duckdb.connect(str(updated["rebuilt"]), read_only=True)
    try:
        assert kept == drift_counts(con)
    finally:
        con.close()
    assert kept["words"] > 1000 and kept["articles"] == updated["before"] + 2


def test_the_open_file_is_never_written(updated):
    assert updated["inode_changed"]  # a new file was swapped in
    assert updated["seen_by_reader"] == updated["before"]  # the open snapshot stayed whole


def test_a_no_op_run_does_not_publish(updated):
    assert not run_all(updated["settings"], workers=1).published


def test_a_file_marsad_did_not_publish_is_never_patched(updated):
    settings = updated["settings"]
    store = StageStore(settings.stages)
    marker = read_json(published_marker(store), {})
    plan = patch_plan(store, settings.warehouse, marker)
    assert plan is not None and not plan.days and not plan.appended  # nothing changed since
    shutil.copyfile(updated["rebuilt"], settings.warehouse)  # someone put another file there
    assert patch_plan(store, settings.warehouse, marker) is None  # so the next publish builds


def _published_as_a_copy(updated: dict, tmp_path: Path) -> tuple[StageStore, Path, Path, dict]:
    """A copy of the published file (`tmp_path/warehouse.duckdb`) and the publish marker as if
    the copy were the published file: (store, copy, marker path, that marker)."""
    store = StageStore(updated["settings"].stages)
    work = tmp_path / "warehouse.duckdb"
    shutil.copyfile(updated["settings"].warehouse, work)
    marker_path = published_marker(store)
    stat = work.stat()
    moved = {
        **read_json(marker_path, {}),
        "warehouse": str(work),
        "warehouse_stat": [stat.st_size, stat.st_mtime_ns],
    }
    return store, work, marker_path, moved


def test_a_copy_made_ahead_of_a_file_replaced_since_is_not_patched(updated, tmp_path):
    """`copy_ahead` copies the published file while the stages compute; if the file is no longer
    the one copied when the publish comes (someone put another there), the copy is dropped and
    the publish builds from the shards; an unused copy never stays beside the warehouse."""
    store, work, marker_path, moved = _published_as_a_copy(updated, tmp_path)
    # with one day's shards changed since
    day_shard = next(n for n in moved["files"] if n.startswith("parsed/articles/"))
    stale = {**moved, "fingerprint": "stale", "files": {**moved["files"], day_shard: [1, 1]}}
    saved = marker_path.read_bytes()
    try:
        marker_path.write_text(json.dumps(stale), "utf-8")
        warehouse_module.copy_ahead(store, work)
        assert len(list(tmp_path.glob(".*.building"))) == 1
        warehouse_module.drop_ahead(work)
        assert not list(tmp_path.glob(".*.building*"))  # an unused copy is deleted

        marker_path.write_text(json.dumps(stale), "utf-8")
        warehouse_module.copy_ahead(store, work)
        shutil.copyfile(updated["rebuilt"], work)  # replaced after the copy started
        result = warehouse_module.publish(store, work)
        assert result.published and result.mode == "full"
        assert not last_publish(updated["settings"])["copied_ahead"]
        assert not list(tmp_path.glob(".*.building*"))
        assert compare(str(work), str(updated["rebuilt"])) == []
    finally:
        marker_path.write_bytes(saved)


def test_a_copy_made_ahead_is_on_the_disk_before_the_publish_takes_it(
    updated, tmp_path, monkeypatch
):
    """The copy is synced on its own thread while the stages compute, so the patch's checkpoint
    syncs only the blocks the patch wrote, not the whole copied file."""
    store, work, marker_path, moved = _published_as_a_copy(updated, tmp_path)
    synced: list[str] = []
    fsync = os.fsync
    monkeypatch.setattr(
        os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), fsync(fd))
    )
    saved = marker_path.read_bytes()
    try:
        marker_path.write_text(json.dumps(moved), "utf-8")
        warehouse_module.copy_ahead(store, work)
        (copy,) = tmp_path.glob(".*.building")
        assert warehouse_module._take_ahead(work) == copy
        assert str(copy) in synced and copy.stat().st_size == work.stat().st_size
        copy.unlink()
    finally:
        marker_path.write_bytes(saved)


def test_re_stamped_landing_files_build_a_new_file(corpus_dir, tmp_path):
    """Landing files copied in again (same bytes, new times) change every day's raw records
    (`landed_at`), in no other stage: the publish builds a new file instead of patching every day
    of a copy, which was slower than a build and kept the space of every row it replaced."""
    landing = tmp_path / "landing"
    landing.mkdir()
    for path in sorted(corpus_dir.rglob("*.txt"))[::300][:80]:
        shutil.copyfile(path, landing / path.name)
    settings = Settings(landing, tmp_path / "warehouse.duckdb", tmp_path / "stages")
    run_all(settings, workers=1)
    size = settings.warehouse.stat().st_size
    later = time.time() + 3600
    for path in landing.iterdir():
        os.utime(path, (later, later))

    assert run_all(settings, workers=1).published
    assert last_publish(settings)["mode"] == "full"
    assert settings.warehouse.stat().st_size < 1.2 * size
    rebuilt = tmp_path / "rebuilt.duckdb"
    build(StageStore(settings.stages), rebuilt)
    assert compare(str(settings.warehouse), str(rebuilt)) == []


def test_a_file_grown_by_patches_is_built_again(corpus_dir, tmp_path, monkeypatch):
    """Patches keep the space of the rows they replace, so a patched file outgrows a build; past
    `MAX_PATCHED_GROWTH` times what a build would weigh (and `PATCHED_GROWTH_FLOOR` over it),
    the next publish builds a new file. Both bounds lowered so that one patch crosses them."""
    monkeypatch.setattr(warehouse_module, "MAX_PATCHED_GROWTH", 1.0)
    monkeypatch.setattr(warehouse_module, "PATCHED_GROWTH_FLOOR", 0)
    files = sorted(corpus_dir.rglob("*.txt"))
    landing = tmp_path / "landing"
    landing.mkdir()
    for path in files[::300][:80]:
        shutil.copyfile(path, landing / path.name)
    settings = Settings(landing, tmp_path / "warehouse.duckdb", tmp_path / "stages")
    modes, sizes = [], []
    for extra in [None, *files[1::300][:2]]:
        if extra is not None:
            shutil.copyfile(extra, landing / extra.name)
        assert run_all(settings, workers=1).published
        modes.append(last_publish(settings)["mode"])
        sizes.append(settings.warehouse.stat().st_size)
    # the patch grew the file past the build it copied (its shards grew much less), so the
    # publish after it built a new one, no larger than the patched file
    assert modes == ["full", "incremental", "full"]
    assert sizes[1] > sizes[0] and sizes[2] <= sizes[1]
    marker = read_json(published_marker(StageStore(settings.stages)), {})
    assert marker["built"][0] == sizes[2]
