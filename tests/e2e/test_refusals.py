"""Refuse to publish a loss nobody asked for: each case leaves the published warehouse as it was
and exits non-zero (or, for an unreadable sub-folder, warns with a quarantine row and keeps)."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from tests.e2e.warehouses import marsad_run
from tests.helpers import REPO_ROOT, copy_sample, query


def _snapshot(warehouse: Path) -> tuple[str, dict[str, bytes]]:
    stages = warehouse.with_name(warehouse.stem + ".stages")
    files = {
        str(p.relative_to(stages)): p.read_bytes()
        for p in sorted(stages.rglob("*"))
        if p.is_file() and p.name != "_last_run.json" and p.parent.name != "logs"
    }
    return hashlib.sha256(warehouse.read_bytes()).hexdigest(), files


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    landing = copy_sample(tmp_path / "landing")
    warehouse = tmp_path / "wh" / "w.duckdb"
    run = marsad_run(landing, warehouse)
    assert run.returncode == 0, run.stderr[-2000:]
    return landing, warehouse


def test_missing_landing_changes_nothing(built, tmp_path):
    _, warehouse = built
    before = _snapshot(warehouse)
    run = marsad_run(tmp_path / "no-such-folder", warehouse)
    assert run.returncode == 2
    assert "does not exist" in run.stderr and "not changed" in run.stderr
    assert _snapshot(warehouse) == before


def test_mass_removal_stops_unless_allowed(built):
    landing, warehouse = built
    n = query(warehouse, "SELECT count(*) FROM articles")[0][0]
    before = _snapshot(warehouse)
    shutil.rmtree(landing / "jsonl")
    shutil.rmtree(landing / "trec")
    run = marsad_run(landing, warehouse)
    assert run.returncode == 2, run.stderr[-2000:]
    assert "--allow-removals" in run.stderr
    assert _snapshot(warehouse) == before
    allowed = marsad_run(landing, warehouse, "--allow-removals")
    assert allowed.returncode == 0, allowed.stderr[-2000:]
    assert query(warehouse, "SELECT count(*) FROM articles")[0][0] < n


def test_missing_warehouse_folder_is_an_error_without_create(tmp_path):
    landing = copy_sample(tmp_path / "landing")
    from marsad.cli import main

    code = main(
        ["run", "--landing", str(landing), "--warehouse", str(tmp_path / "nope" / "w.duckdb")]
    )
    assert code == 2
    assert not (tmp_path / "nope").exists()


def test_unreadable_subfolder_keeps_its_records(tmp_path, monkeypatch):
    landing = copy_sample(tmp_path / "landing")
    settings = Settings(landing, tmp_path / "wh" / "w.duckdb", tmp_path / "wh" / "w.stages")
    run_all(settings, workers=1)
    n = query(settings.warehouse, "SELECT count(*) FROM articles")[0][0]
    blocked = str(landing / "jsonl")
    real_scandir = os.scandir

    def scandir(path="."):  # a share whose sub-folder lost its permissions (we run as root)
        if isinstance(path, str | os.PathLike) and os.fspath(path) == blocked:
            raise PermissionError(13, "Permission denied", blocked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    (landing / "scraped" / "new_file.txt").write_bytes(
        next(landing.rglob("000_1c1f25c93cd78aa3.txt")).read_bytes()
    )
    run_all(settings, workers=1)
    assert query(settings.warehouse, "SELECT count(*) FROM articles")[0][0] == n
    rows = query(
        settings.warehouse, "SELECT source_file FROM quarantine WHERE reason = 'unreadable_folder'"
    )
    assert rows == [("jsonl",)]
    assert (
        query(
            settings.warehouse, "SELECT count(*) FROM raw_articles WHERE source_file LIKE 'jsonl/%'"
        )[0][0]
        == 3
    )


def test_foreign_wal_stops_the_publish_and_keeps_it(built):
    landing, warehouse = built
    con = duckdb.connect(str(warehouse))
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.execute("CREATE TABLE my_notes AS SELECT 42 AS answer")
    con.close()
    wal = warehouse.with_name(warehouse.name + ".wal")
    assert wal.exists()
    wal_bytes = wal.read_bytes()
    shutil.copy(next(landing.rglob("000_1c1f25c93cd78aa3.txt")), landing / "again.txt")
    run = marsad_run(landing, warehouse)
    assert run.returncode == 2 and "WAL" in run.stderr, run.stderr[-2000:]
    assert wal.read_bytes() == wal_bytes
    assert query(warehouse, "SELECT answer FROM my_notes") == [(42,)]


def test_touch_and_full_republish(built):
    landing, warehouse = built
    first = query(warehouse, "SELECT published_at FROM marsad_meta")[0][0]
    seed = next(landing.rglob("000_1c1f25c93cd78aa3.txt"))
    later = time.time() + 3600
    os.utime(seed, (later, later))
    assert marsad_run(landing, warehouse).returncode == 0
    landed = query(
        warehouse, "SELECT epoch(landed_at) FROM raw_articles WHERE source_file LIKE '%000_1c1f%'"
    )[0][0]
    assert abs(landed - later) < 1
    second = query(warehouse, "SELECT published_at FROM marsad_meta")[0][0]
    assert second > first
    assert marsad_run(landing, warehouse).returncode == 0
    assert query(warehouse, "SELECT published_at FROM marsad_meta")[0][0] == second  # no-op
    assert marsad_run(landing, warehouse, "--full").returncode == 0
    assert query(warehouse, "SELECT published_at FROM marsad_meta")[0][0] > second


def test_default_paths_do_not_follow_the_working_directory(tmp_path, monkeypatch):
    for name in ("MARSAD_HOME", "MARSAD_LANDING", "MARSAD_WAREHOUSE", "MARSAD_STAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env()
    assert settings.landing == REPO_ROOT / "data" / "sample"
    assert settings.warehouse == REPO_ROOT / "data" / "warehouse.duckdb"
    monkeypatch.setenv("MARSAD_HOME", str(tmp_path))
    assert Settings.from_env().landing == tmp_path / "data" / "sample"
