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


def test_grouped_parts_are_written_in_one_call_and_visible_together(tmp_path):
    """An increment's batch appends a part to many days of a table in one write: each day's
    rows (in order, without the key) land in its own target, nothing is visible before the
    commit point, and a crash before it leaves only temporaries that recovery removes."""
    stage = tmp_path / "cleaned"
    days = {"2018-03-01": stage / "t" / "2018-03-01.p001.parquet"}
    days["2018-03-02"] = stage / "t" / "2018-03-02.p003.parquet"
    frame = pl.DataFrame(
        {
            "day": ["2018-03-02", "2018-03-01", "2018-03-02", "2018-03-02"],
            "article_id": ["b", "a", "c", "b"],
            "value": [1, 2, 3, 4],
        }
    )
    crashed = Commit(stage, "days")
    crashed.parquet_groups(frame, "day", days)
    assert not any(p.exists() for p in days.values())
    assert recover(tmp_path) == {"replayed": 0, "removed": 2}
    assert _files(stage) == []
    commit = Commit(stage, "days")
    commit.parquet_groups(frame, "day", days)
    commit.apply()
    assert pl.read_parquet(days["2018-03-01"]).to_dicts() == [{"article_id": "a", "value": 2}]
    second = pl.read_parquet(days["2018-03-02"])
    assert second.columns == ["article_id", "value"]
    assert second["value"].to_list() == [1, 3, 4]
    assert _files(stage) == ["2018-03-01.p001.parquet", "2018-03-02.p003.parquet"]
