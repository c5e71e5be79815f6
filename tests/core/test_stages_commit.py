"""One commit point per stage-day: all of a day's files or none, after any crash."""

from __future__ import annotations

import json

import polars as pl

from marsad.stages.commit import JOURNAL_DIR, Commit, recover


def _frame(value: int) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [f"a{value}"], "value": [value]})


def _files(stage):
    return sorted(p.name for p in stage.rglob("*") if p.is_file())


def test_apply_replaces_every_file_together(tmp_path):
    stage = tmp_path / "cleaned"
    a, b = stage / "a" / "d.parquet", stage / "b" / "d.parquet"
    commit = Commit(stage, "day-d")
    commit.parquet(_frame(1), a)
    commit.parquet(_frame(2), b)
    assert not a.exists() and not b.exists()  # nothing visible before the commit point
    commit.apply()
    assert pl.read_parquet(a)["value"].to_list() == [1]
    assert pl.read_parquet(b)["value"].to_list() == [2]
    assert _files(stage) == ["d.parquet", "d.parquet"]


def test_a_crash_before_the_journal_leaves_the_old_files(tmp_path):
    stage = tmp_path / "cleaned"
    a = stage / "a" / "d.parquet"
    old = Commit(stage, "day-d")
    old.parquet(_frame(1), a)
    old.apply()
    crashed = Commit(stage, "day-d")
    crashed.parquet(_frame(9), a)  # temporaries written, then the process dies
    assert recover(tmp_path) == {"replayed": 0, "removed": 1}
    assert pl.read_parquet(a)["value"].to_list() == [1]
    assert _files(stage) == ["d.parquet"]


def test_a_crash_after_the_journal_is_finished_by_recovery(tmp_path):
    stage = tmp_path / "cleaned"
    a, b = stage / "a" / "d.parquet", stage / "b" / "d.parquet"
    gone = stage / "c" / "d.parquet"
    old = Commit(stage, "day-d")
    for path in (a, b, gone):
        old.parquet(_frame(1), path)
    old.apply()
    crashed = Commit(stage, "day-d")
    crashed.parquet(_frame(2), a)
    crashed.parquet(_frame(3), b)
    crashed.delete(gone)
    journal = stage / JOURNAL_DIR / "day-d.json"
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(json.dumps({"writes": crashed.writes}))
    tmp, target = crashed.writes[0]
    (stage / "a" / "d.parquet").unlink()
    __import__("os").replace(tmp, target)  # the first rename happened before the crash
    assert recover(tmp_path)["replayed"] == 1
    assert pl.read_parquet(a)["value"].to_list() == [2]
    assert pl.read_parquet(b)["value"].to_list() == [3]
    assert not gone.exists() and not journal.exists()
    assert recover(tmp_path) == {"replayed": 0, "removed": 0}  # idempotent
