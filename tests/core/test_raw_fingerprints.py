"""The raw stage's day fingerprints, hashed again only for the days an ingest changed."""

from __future__ import annotations

from datetime import date

import polars as pl

from marsad.stages.raw import day_fingerprints


def _index(rows: list[tuple[str, str, str | None, date]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "record_key": pl.String,
            "article_id": pl.String,
            "duplicate_of": pl.String,
            "partition_date": pl.Date,
        },
        orient="row",
    )


D1, D2, D3 = date(2018, 1, 1), date(2018, 1, 2), date(2018, 1, 3)
BEFORE = _index([("a", "x", None, D1), ("b", "y", None, D2), ("c", "z", None, D3)])


def test_an_unchanged_day_keeps_its_fingerprint_and_a_changed_day_gets_the_full_one():
    known = day_fingerprints(BEFORE)
    # a record added on D2 and one on D3 marked a duplicate: D1's rows are the same
    after = _index(
        [("a", "x", None, D1), ("b", "y", None, D2), ("d", "w", None, D2), ("c", "z", "a", D3)]
    )
    incremental = day_fingerprints(after, BEFORE, known)
    assert incremental == day_fingerprints(after)
    assert incremental[D1] == known[D1]
    assert incremental[D2] != known[D2] and incremental[D3] != known[D3]


def test_fingerprints_made_otherwise_are_all_made_again():
    # stored by another version of the code: the days that did not change are hashed again too
    stale = {day: "from another version" for day in day_fingerprints(BEFORE)}
    assert day_fingerprints(BEFORE, BEFORE, stale) == day_fingerprints(BEFORE)


def test_a_day_whose_records_are_all_gone_has_no_fingerprint():
    after = BEFORE.filter(pl.col("partition_date") != D2)
    assert set(day_fingerprints(after, BEFORE, day_fingerprints(BEFORE))) == {D1, D3}
