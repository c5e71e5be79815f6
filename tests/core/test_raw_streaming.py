"""The raw stage streams: a big file is read in batches, each parked per day, under one commit;
and an edited `_fields.toml` makes its folder's files be read again."""

from __future__ import annotations

import json
from datetime import date, timedelta

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from marsad.stages import raw as raw_module
from marsad.stages.raw import SPILL_DIR, ingest
from marsad.stages.store import StageStore


def _table(n: int, first_day: date = date(2021, 4, 1), days: int = 7) -> pa.Table:
    return pa.table(
        {
            "title": [f"خبر رقم {i}" for i in range(n)],
            "content": [f"نص الخبر رقم {i} عن الاقتصاد." for i in range(n)],
            "date": [(first_day + timedelta(days=i % days)).isoformat() for i in range(n)],
        }
    )


def test_a_multi_row_group_parquet_file_is_ingested_in_batches(tmp_path) -> None:
    landing, store = tmp_path / "landing", StageStore(tmp_path / "stages")
    landing.mkdir()
    n = 2_345
    pq.write_table(_table(n), landing / "big.parquet", row_group_size=300)
    assert pq.ParquetFile(landing / "big.parquet").num_row_groups == 8
    (landing / "small.json").write_text(
        json.dumps([{"title": "عنوان", "body": "نص قصير", "date": "2021-04-02"}]), "utf-8"
    )

    summary = ingest(landing, store, batch_rows=500)

    assert summary.batches == 5  # 2,346 records, 500 at a time
    assert summary.records_read == n + 1
    records = pl.read_parquet(store.table("raw", "records").files())
    big = records.filter(pl.col("source_file") == "big.parquet")
    assert sorted(big["record_no"].to_list()) == list(range(n))  # every row, once
    assert sorted(big["line_no"].to_list()) == list(range(1, n + 1))
    assert big["partition_date"].n_unique() == 7  # each batch spread over the week's days
    index = pl.read_parquet(store.file("raw", "index.parquet"))
    assert index.height == n + 1 and index["duplicate_of"].null_count() == n + 1
    assert not (store.root / "raw" / SPILL_DIR).exists()  # the parked batches are gone


def test_batch_size_does_not_change_what_is_stored(tmp_path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    pq.write_table(_table(1_000, days=3), landing / "a.parquet", row_group_size=128)
    stored = []
    for batch_rows in (64, 100_000):
        store = StageStore(tmp_path / f"stages{batch_rows}")
        ingest(landing, store, batch_rows=batch_rows)
        stored.append(
            pl.read_parquet(store.table("raw", "records").files())
            .drop("landed_at")
            .sort("record_key")
        )
    assert stored[0].equals(stored[1])


def test_batches_past_the_memory_budget_are_parked_on_disk(tmp_path, monkeypatch) -> None:
    """A small change's records stay in memory; past `SPILL_MEMORY_BYTES` the batches are parked
    on disk and read back per day, storing the same records."""
    landing = tmp_path / "landing"
    landing.mkdir()
    pq.write_table(_table(1_000, days=3), landing / "a.parquet", row_group_size=128)
    parked: list[int] = []
    remove = raw_module._Spill.remove
    monkeypatch.setattr(
        raw_module._Spill, "remove", lambda self: (parked.append(self.on_disk()), remove(self))
    )
    stored = []
    for budget in (raw_module.SPILL_MEMORY_BYTES, 0):
        monkeypatch.setattr(raw_module, "SPILL_MEMORY_BYTES", budget)
        store = StageStore(tmp_path / f"stages{budget}")
        ingest(landing, store, batch_rows=100)
        assert not (store.root / "raw" / SPILL_DIR).exists()
        stored.append(
            pl.read_parquet(store.table("raw", "records").files())
            .drop("landed_at")
            .sort("record_key")
        )
    assert parked == [0, 30]  # 10 batches over 3 days: in memory, then 30 parts on disk
    assert stored[0].equals(stored[1])


def test_editing_a_folders_mapping_reads_its_files_again(tmp_path) -> None:
    landing, store = tmp_path / "landing", StageStore(tmp_path / "stages")
    (landing / "alyaum").mkdir(parents=True)
    (landing / "other").mkdir()
    item = {"onwan": "عنوان الخبر", "nass": "نص الخبر", "date": "2021-04-05"}
    (landing / "alyaum" / "a.json").write_text(json.dumps([item]), "utf-8")
    (landing / "other" / "b.json").write_text(
        json.dumps([{"title": "آخر", "body": "نص", "date": "2021-04-05"}]), "utf-8"
    )
    (landing / "alyaum" / "_fields.toml").write_text('[fields]\nbody = "nass"\n', "utf-8")
    first = ingest(landing, store)
    assert first.files_read == 2
    assert ingest(landing, store).files_read == 0  # nothing changed: nothing read

    (landing / "alyaum" / "_fields.toml").write_text(
        '[fields]\nbody = "nass"\ntitle = "onwan"\n', "utf-8"
    )
    # the article's id hashes its title and body, so the re-read copy replaces the old one
    again = ingest(landing, store, allow_removals=True)
    assert again.files_read == 1  # the folder's file, not the other folder's
    records = pl.read_parquet(store.table("raw", "records").files())
    mapping = json.loads(records.filter(pl.col("source_file") == "alyaum/a.json")["field_map"][0])
    assert mapping["explicit"] == {"body": "nass", "title": "onwan"}
