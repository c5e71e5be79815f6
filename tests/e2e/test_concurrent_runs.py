"""Two runs on one warehouse while files land: the second is refused with the holder's name (or
waits with --wait), a Dagster asset run meanwhile is refused too, and the final warehouse equals
a clean run's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import dagster as dg
import pytest

from bench.corpus import corpus_files, shuffled
from marsad.assets.raw import raw_articles
from marsad.assets.resources import MarsadResource
from marsad.stages.lock import holder_path
from tests.e2e.warehouses import differences, marsad_run, tables
from tests.helpers import REPO_ROOT, copy_sample


def _land(corpus, landing, names) -> None:
    for name in names:
        dest = landing / "corpus" / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(corpus / name, dest)


@pytest.mark.corpus
def test_second_run_is_refused_or_waits_and_result_equals_a_clean_run(corpus_dir, tmp_path):
    picked = shuffled(corpus_files(corpus_dir), seed=5)[:60]
    landing = copy_sample(tmp_path / "landing")
    _land(corpus_dir, landing, picked[:45])
    warehouse = tmp_path / "wh" / "w.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")}
    log = open(tmp_path / "first.log", "w+")  # a file, not a pipe nobody reads while it runs
    first = subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "run", "--landing", str(landing),
         "--warehouse", str(warehouse), "--create", "--workers", "1"],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not holder_path(warehouse).exists():
            assert first.poll() is None, (tmp_path / "first.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "the first run never took the lock"
            time.sleep(0.05)
        _land(corpus_dir, landing, picked[45:])  # files land while the first run works

        refused = marsad_run(landing, warehouse)
        assert refused.returncode == 75
        assert "already in progress" in refused.stderr
        assert f"pid {first.pid}" in refused.stderr

        resource = MarsadResource(
            landing=str(landing), warehouse=str(warehouse), workers=1, lock_timeout=0
        )
        result = dg.materialize(
            [raw_articles], resources={"marsad": resource}, raise_on_error=False
        )
        assert not result.success  # a Dagster run is refused the same way

        waiting = marsad_run(landing, warehouse, "--wait", "900", timeout=1200)
    finally:
        first.wait(timeout=1200)
        log.close()
    assert first.returncode == 0, (tmp_path / "first.log").read_text()[-2000:]
    assert waiting.returncode == 0, waiting.stderr[-2000:]
    assert not holder_path(warehouse).exists()

    clean = tmp_path / "clean" / "w.duckdb"
    assert marsad_run(landing, clean).returncode == 0
    assert differences(tables(warehouse), tables(clean)) == []
