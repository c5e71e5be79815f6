"""Stage storage and dirty-day bookkeeping: the basis of atomic, re-runnable partitions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from marsad.stages.state import (
    StageState,
    chained_version,
    dirty_days,
    output_fingerprint,
    output_version,
)
from marsad.stages.store import (
    MAX_PARTS,
    ShardedTable,
    StageStore,
    part_number,
    remembered_places,
    write_parquet_atomic,
)

D1, D2, D3 = date(2020, 11, 18), date(2020, 11, 19), date(2020, 11, 20)


def test_failed_write_keeps_the_previous_shard(tmp_path):
    path = tmp_path / "shard.parquet"
    write_parquet_atomic(pl.DataFrame({"x": [1, 2]}), path)

    class Boom(pl.DataFrame):
        def write_parquet(self, *args, **kwargs):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_parquet_atomic(Boom({"x": [3]}), path)
    assert pl.read_parquet(path)["x"].to_list() == [1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["shard.parquet"]


@pytest.mark.parametrize(
    ("upstream", "own", "version", "expected"),
    [
        ({D1: "a"}, {}, "v1", [D1]),  # new upstream day
        ({D1: "a"}, {D1: output_fingerprint("a", "v1")}, "v1", []),  # up to date
        ({D1: "b"}, {D1: output_fingerprint("a", "v1")}, "v1", [D1]),  # input changed
        ({D1: "a"}, {D1: output_fingerprint("a", "v1")}, "v2", [D1]),  # new stage version
        ({}, {D1: output_fingerprint("a", "v1")}, "v1", [D1]),  # day vanished upstream
    ],
)
def test_dirty_days(upstream, own, version, expected):
    assert dirty_days(upstream, own, version) == expected


def test_dirty_days_respects_window():
    assert dirty_days({D1: "a", D2: "b", D3: "c"}, {}, "v", (D2, D2)) == [D2]


def test_state_update_round_trip(tmp_path):
    state = StageState(tmp_path)
    state.update({D1: "x", D2: "y"})
    state.update({D1: None, D3: "z"})
    assert state.load() == {D2: "y", D3: "z"}


def test_a_day_is_its_base_shard_and_the_parts_appended_to_it(tmp_path):
    table = ShardedTable(tmp_path / "t")
    day, other = date(2018, 3, 1), date(2018, 3, 2)
    assert table.next_part(day) == 1 and table.read([day]) is None
    write_parquet_atomic(pl.DataFrame({"article_id": ["a", "b"]}), Path(table.path_for(day)))
    for n, ids in ((2, ["d"]), (1, ["c"]), (MAX_PARTS, ["e"])):  # written out of order on purpose
        write_parquet_atomic(pl.DataFrame({"article_id": ids}), Path(table.part_for(day, n)))
    write_parquet_atomic(pl.DataFrame({"article_id": ["x"]}), Path(table.path_for(other)))
    assert table.days() == [day, other]
    assert [part_number(str(f)) for f in table.day_files(day)] == [0, 1, 2, MAX_PARTS]
    assert table.read([day])["article_id"].to_list() == ["a", "b", "c", "d", "e"]
    assert table.scan_days([day]).collect()["article_id"].to_list() == ["a", "b", "c", "d", "e"]
    assert table.next_part(day) == MAX_PARTS + 1 and table.next_part(other) == 1
    assert table.has(day) and not table.has(date(2018, 3, 3))
    assert table.files_listed([day]) == table.day_files(day)  # by name or by listing: the same


def test_an_increments_articles_are_found_in_the_parts_without_reading_the_base_shard(tmp_path):
    """An article's rows sit in one file of its day (a part holds only articles new to it), so
    ids all found in the parts need no read of the base shard, a day's bulk: here a base shard
    nobody can read. An id outside the parts reads every file; a record table (raw: duplicates
    of an article in several files) always does."""
    stage = StageStore(tmp_path).table("cleaned", "tokens")
    day = date(2018, 3, 1)
    write_parquet_atomic(pl.DataFrame({"article_id": ["a", "b"]}), Path(stage.path_for(day)))
    for n, ids in ((1, ["c"]), (2, ["d", "d"])):
        write_parquet_atomic(pl.DataFrame({"article_id": ids}), Path(stage.part_for(day, n)))
    assert stage.holding([day], ["a"]) == [Path(stage.path_for(day))]
    assert stage.read_articles([day], ["d", "a"])["article_id"].to_list() == ["a", "d", "d"]
    Path(stage.path_for(day)).write_bytes(b"not parquet")
    assert stage.holding([day], ["d"]) == [Path(stage.part_for(day, 2))]
    assert stage.read_articles([day], ["c", "d"])["article_id"].to_list() == ["c", "d", "d"]
    with pytest.raises(pl.exceptions.ComputeError):
        stage.holding([day], ["c", "a"])
    records = StageStore(tmp_path).table("raw", "records")
    for target in (records.path_for(day), records.part_for(day, 1)):
        write_parquet_atomic(pl.DataFrame({"article_id": ["c"]}), Path(target))
    assert records.holding([day], ["c"]) == [
        Path(records.path_for(day)),
        Path(records.part_for(day, 1)),
    ]


def test_an_output_records_the_versions_of_every_stage_before_it():
    parsed = output_fingerprint("raw-day-hash", "parsed-2")
    cleaned = output_fingerprint(parsed, "cleaned-2")
    assert output_version(parsed) == "parsed-2"
    assert output_version(cleaned) == "cleaned-2<parsed-2"
    assert chained_version(output_fingerprint("raw-day-hash", "parsed-3"), "cleaned-2") != (
        output_version(cleaned)
    )
    assert output_version("raw-day-hash") is None


def test_within_a_batch_an_article_is_located_once_per_stage(tmp_path):
    """A stage writes all its tables of a day in one commit, so an article's rows sit in files
    of the same name in each: once read_todo found the new articles in one table, a sibling's
    rows are read from the same-named files without scanning its ids. Outside a batch (and for
    ids not located before) every table is looked up on its own."""
    store = StageStore(tmp_path)
    articles, tokens = store.table("cleaned", "cleaned_articles"), store.table("cleaned", "tokens")
    day = date(2018, 3, 1)
    for table, base, part in ((articles, ["a", "b"], ["c"]), (tokens, ["a", "b", "b"], ["c"])):
        write_parquet_atomic(pl.DataFrame({"article_id": base}), Path(table.path_for(day)))
        write_parquet_atomic(pl.DataFrame({"article_id": part}), Path(table.part_for(day, 1)))
    assert tokens.holding([day], ["c"]) == [Path(tokens.part_for(day, 1))]
    with remembered_places():
        articles.file_ids([day])
        Path(tokens.part_for(day, 1)).write_bytes(b"ids never scanned")
        assert tokens.holding([day], ["c"]) == [Path(tokens.part_for(day, 1))]
        assert tokens.read_articles([day], ["b"])["article_id"].to_list() == ["b", "b"]
        with pytest.raises(pl.exceptions.ComputeError):
            tokens.holding([day], ["z"])  # not located before: the parts' ids are scanned
    with pytest.raises(pl.exceptions.ComputeError):
        tokens.holding([day], ["c"])  # the batch is over: nothing is remembered
