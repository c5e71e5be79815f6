"""A build loads the base tables so that the first patch after it appends to them instead of
rewriting them: their row groups are full but the last."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import polars as pl

from marsad.schema import table_schema
from marsad.stages import storage
from marsad.stages.raw import RawStage
from marsad.stages.store import StageStore
from marsad.stages.warehouse import ddl, load_base_tables

ROW_GROUP = 122_880  # DuckDB's row group size


def blocks(con: duckdb.DuckDBPyConnection, table: str) -> set[int]:
    rows = con.execute(f"SELECT DISTINCT block_id FROM pragma_storage_info('{table}')").fetchall()
    return {r[0] for r in rows if r[0] >= 0}


def test_a_build_leaves_full_row_groups_and_the_first_patch_keeps_them(tmp_path):
    """A parallel load left a partial row group per thread, and DuckDB merged them at the first
    checkpoint after any change: the first patch after a build rewrote all of `sentences`. A
    table loaded by `build` has only full row groups but its last, and a patch's insert and
    checkpoint keep every block it had."""
    store = StageStore(tmp_path / "stages")
    schema = table_schema("cleaned/sentences")
    per_day = 130_000
    for k in range(3):  # three day shards: more rows than two row groups hold
        n = per_day
        frame = pl.DataFrame(
            {
                "article_id": [f"a{k}-{i // 10:06d}" for i in range(n)],
                "sentence_no": [i % 10 for i in range(n)],
                "paragraph_no": [1] * n,
                "start": [0] * n,
                "end": [20] * n,
                "raw_start": [0] * n,
                "raw_end": [20] * n,
                "text": [f"جملة رقم {i} من يوم {k}" for i in range(n)],
            },
            schema=schema,
        )
        folder = store.shards / "cleaned" / "sentences"
        folder.mkdir(parents=True, exist_ok=True)
        day = date(2018, 1, 1) + timedelta(days=k)
        storage.write_parquet(frame, folder / f"{day.isoformat()}.parquet")
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    for name in ["raw_articles", "quarantine", "sentences"]:
        con.execute(ddl(name))
    load_base_tables(con, store, RawStage(store))
    con.execute("CHECKPOINT")
    counts = [
        r[0]
        for r in con.execute(
            "SELECT max(\"count\") FROM pragma_storage_info('sentences') "
            "WHERE column_name = 'sentence_no' AND segment_type = 'INTEGER' "
            "GROUP BY row_group_id ORDER BY row_group_id"
        ).fetchall()
    ]
    before = blocks(con, "sentences")
    con.execute(
        "INSERT INTO sentences SELECT * REPLACE (article_id || 'x' AS article_id) "
        "FROM sentences USING SAMPLE 3000 ROWS"
    )
    con.execute("CHECKPOINT")
    after = blocks(con, "sentences")
    con.close()
    assert before <= after, f"{len(before - after)} of {len(before)} blocks rewritten"
    assert len(counts) == -(-3 * per_day // ROW_GROUP)
