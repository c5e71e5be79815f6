"""The same corpus slice gives identical tables (every table, every column) under two hash seeds
and two worker counts."""

from __future__ import annotations

import shutil

import pytest

from bench.corpus import corpus_files, shuffled
from tests.e2e.warehouses import differences, marsad_run, tables


@pytest.mark.corpus
def test_hash_seed_and_worker_count_do_not_change_any_table(corpus_dir, tmp_path):
    landing = tmp_path / "landing"
    for name in shuffled(corpus_files(corpus_dir), seed=7)[:40]:
        dest = landing / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(corpus_dir / name, dest)
    results = []
    for seed, workers in [("0", "1"), ("12345", "2")]:
        warehouse = tmp_path / f"seed{seed}-w{workers}" / "w.duckdb"
        # 40 articles are fewer than a pool is started for: MARSAD_POOL_MIN_ARTICLES=0 forces it
        env = {"PYTHONHASHSEED": seed, "MARSAD_POOL_MIN_ARTICLES": "0"}
        run = marsad_run(landing, warehouse, "--workers", workers, env=env)
        assert run.returncode == 0, run.stderr[-2000:]
        results.append(tables(warehouse))
    assert differences(results[0], results[1]) == []
    assert len(results[0]["entity_mentions"]) > 100
