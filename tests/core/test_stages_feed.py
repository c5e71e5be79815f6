"""Publish feeds: a batch's appended rows in one file, trusted only for the parts as written."""

from __future__ import annotations

from datetime import date

import polars as pl

from marsad.stages.commit import Commit, recover
from marsad.stages.feed import clear_feeds, fed, feeds, write_feed
from marsad.stages.store import ShardedTable

DAYS = [date(2018, 3, 1), date(2018, 3, 2), date(2018, 3, 5)]


def _append(root, values: dict[date, list[int]], part: int = 1, commit_it: bool = True):
    """A batch appending part `part` to each day of `values`, with its feed; the parts."""
    table = ShardedTable(root)
    frame = pl.DataFrame(
        [(f"a{v}", v, day) for day, vs in values.items() for v in vs],
        schema={"article_id": pl.String, "value": pl.Int64, "_day": pl.Date},
        orient="row",
    )
    targets = {day: table.part_for(day, part) for day in values}
    commit = Commit(root.parent, "batch")
    temporaries = commit.parquet_groups(frame, "_day", targets)
    write_feed(table, frame, "_day", temporaries, targets)
    if commit_it:
        commit.apply()
    return table, [targets[d] for d in sorted(values)]


def test_a_batch_writes_one_feed_holding_every_part_it_appended(tmp_path):
    table, parts = _append(tmp_path / "t", {DAYS[0]: [1, 2], DAYS[1]: [3], DAYS[2]: [4]})
    assert len(feeds(table)) == 1
    files, names, rest = fed(table, parts)
    assert rest == [] and sorted(names) == sorted(p.name for p in parts)
    rows = pl.read_parquet(files[0])
    assert sorted(rows["value"].to_list()) == [1, 2, 3, 4]
    # the feed's rows for a part are that part's rows
    for part in parts:
        own = pl.read_parquet(part).sort("value")
        held = rows.filter(pl.col("_part") == part.name).select(own.columns).sort("value")
        assert own.equals(held)


def test_a_part_changed_after_its_feed_was_written_is_read_from_the_part(tmp_path):
    table, parts = _append(tmp_path / "t", {DAYS[0]: [1], DAYS[1]: [2]})
    rewrite = Commit(tmp_path, "rewrite")  # the day's part replaced by other rows
    rewrite.parquet(pl.DataFrame({"article_id": ["a9"], "value": [9]}), parts[0])
    rewrite.apply()
    _, names, rest = fed(table, parts)
    assert names == [parts[1].name] and rest == [parts[0]]


def test_parts_never_committed_leave_a_feed_nobody_reads(tmp_path):
    table, parts = _append(tmp_path / "t", {DAYS[0]: [1]}, commit_it=False)
    recover(tmp_path)  # the crashed batch's temporaries are deleted
    assert fed(table, parts) == ([], [], parts)
    later, again = _append(tmp_path / "t", {DAYS[0]: [5]})  # the day's part written again
    files, names, rest = fed(later, again)
    assert names == [again[0].name] and rest == []
    assert pl.read_parquet(files[0])["value"].to_list() == [5]  # from the new feed only


def test_clearing_removes_the_feeds_and_keeps_the_parts(tmp_path):
    table, parts = _append(tmp_path / "t", {DAYS[0]: [1], DAYS[1]: [2]})
    clear_feeds([table])
    assert feeds(table) == [] and all(p.exists() for p in parts)
    assert fed(table, parts) == ([], [], parts)
