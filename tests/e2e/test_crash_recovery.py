"""SIGKILL `marsad run` at named points of every stage and of the publish step, in first
(full) and incremental runs; a plain re-run must then give the very tables a clean run gives,
and leave no temporary file behind.

The kill comes from the run itself (`MARSAD_CRASH_AT=<point>[:n]`, see marsad/stages/commit.py), so
each point is hit exactly, every time. CI runs `CI_POINTS`; `pytest -m slow
tests/e2e/test_crash_recovery.py` runs every point in both modes (44 kills).
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from bench.corpus import corpus_files, shuffled
from tests.e2e.warehouses import differences, leftovers, marsad_run, tables
from tests.helpers import SAMPLE

# (point, why it is interesting); ":n" = the n-th time the run passes the point
POINTS = [
    ("raw.shard_written", "raw stage: one day shard written, not committed"),
    ("commit.before_journal:1", "raw stage: every file written, no commit yet"),
    ("commit.after_journal:1", "raw stage: committed, no rename done"),
    ("commit.mid_rename:1", "raw stage: committed, renames half done"),
    ("parsed.shard_written", "parsed: articles written, quarantine not"),
    ("parsed.day_committed", "parsed: a day committed, state not"),
    ("parsed.before_state", "parsed: every day committed, state not"),
    ("cleaned.boilerplate_written", "cleaned: learned boilerplate tables written, not committed"),
    ("cleaned.shard_written:1", "cleaned: cleaned_articles written only"),
    ("cleaned.shard_written:2", "cleaned: ... and sentences, tokens not (issue 11's damage)"),
    ("cleaned.shard_written:3", "cleaned: tokens written, quarantine not"),
    ("cleaned.day_committed", "cleaned: a day committed"),
    ("cleaned.before_state", "cleaned: all days committed, state not"),
    ("tagged.shard_written", "tagged: entity_mentions written only"),
    ("tagged.before_state", "tagged: all days committed, state not"),
    ("entities.shard_written:3", "entities: three of five tables written"),
    ("entities.day_committed", "entities: a day committed"),
    ("entities.before_state", "entities: all days committed, state not"),
    ("commit.mid_rename:4", "a later stage-day's renames half done"),
    ("commit.after_journal:6", "a later stage-day committed, no rename done"),
    ("publish.table_loaded:3", "publish: half the tables loaded into the .building file"),
    ("publish.built", "publish: warehouse built, not swapped"),
    ("publish.swapped", "publish: swapped, marker not written"),
]
CI_POINTS = {"commit.mid_rename:1", "cleaned.shard_written:2", "publish.built"}
MODES = ["first", "incremental"]


def _cases(full: bool) -> list:
    cases = []
    for point, _why in POINTS:
        for mode in MODES:
            if full or (point in CI_POINTS and mode == "incremental"):
                cases.append(pytest.param(point, mode, id=f"{mode}-{point}", marks=_mark(full)))
    return cases


def _mark(full: bool) -> list:
    return [pytest.mark.slow] if full else []


@pytest.fixture(scope="module")
def world(corpus_dir, tmp_path_factory) -> dict:
    """Landing before/after an incremental change, a warehouse built from 'before', and the
    tables of a clean run over 'after' (the expected result of every crash-and-re-run)."""
    root = tmp_path_factory.mktemp("crash")
    picked = shuffled(corpus_files(corpus_dir), seed=11)[:12]
    base = root / "base"
    landing = base / "landing"
    shutil.copytree(SAMPLE, landing)
    for name in picked[:8]:
        dest = landing / "corpus" / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(corpus_dir / name, dest)
    assert marsad_run(landing, base / "wh" / "w.duckdb").returncode == 0
    changes = {"add": picked[8:], "remove": picked[0]}
    after = root / "after"
    shutil.copytree(landing, after / "landing")
    _apply(after / "landing", corpus_dir, changes)
    clean = marsad_run(after / "landing", after / "wh" / "w.duckdb")
    assert clean.returncode == 0, clean.stderr[-2000:]
    return {
        "base": base,
        "corpus": corpus_dir,
        "changes": changes,
        "after_landing": after / "landing",
        "expected": tables(after / "wh" / "w.duckdb"),
    }


def _apply(landing: Path, corpus: Path, changes: dict) -> None:
    for name in changes["add"]:
        dest = landing / "corpus" / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(corpus / name, dest)
    (landing / "corpus" / changes["remove"]).unlink()


def _crash_and_recover(world: dict, tmp_path: Path, point: str, mode: str) -> None:
    if mode == "incremental":
        shutil.copytree(world["base"], tmp_path / "w")  # copy2: landing mtimes kept
        landing = tmp_path / "w" / "landing"
        _apply(landing, world["corpus"], world["changes"])
    else:
        landing = tmp_path / "w" / "landing"
        shutil.copytree(world["after_landing"], landing)
    warehouse = tmp_path / "w" / "wh" / "w.duckdb"
    crashed = marsad_run(landing, warehouse, env={"MARSAD_CRASH_AT": point})
    assert crashed.returncode == -signal.SIGKILL, (
        f"{point} was never reached (rc {crashed.returncode}): {crashed.stderr[-1500:]}"
    )
    rerun = marsad_run(landing, warehouse)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert differences(tables(warehouse), world["expected"]) == []
    assert leftovers(warehouse) == []
    assert not any(p.name.endswith(".wal") for p in warehouse.parent.iterdir())


@pytest.mark.corpus
@pytest.mark.parametrize(("point", "mode"), _cases(full=False))
def test_crash_then_rerun_equals_a_clean_run(world, tmp_path, point, mode):
    _crash_and_recover(world, tmp_path, point, mode)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("point", "mode"),
    [
        c
        for c in _cases(full=True)
        if not (c.values[0] in CI_POINTS and c.values[1] == "incremental")
    ],
)
def test_crash_everywhere_then_rerun_equals_a_clean_run(world, tmp_path, point, mode):
    _crash_and_recover(world, tmp_path, point, mode)


def test_points_cover_every_stage_and_publish():
    stages = {p.split(".")[0] for p, _ in POINTS}
    assert {"raw", "parsed", "cleaned", "tagged", "entities", "publish", "commit"} <= stages
    assert len(POINTS) >= 20
    assert os.environ.get("MARSAD_CRASH_AT") is None
