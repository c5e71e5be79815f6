"""A generated hostile landing batch: the run succeeds, every record is accounted for, no valid
article is lost and none is published as mojibake. CI runs a tenth of the batch; the full one
(1,000+ entries, a 52 MB file, a 1 MB line) is `pytest -m slow tests/e2e/test_hostile_batch.py`.
"""

from __future__ import annotations

import pytest

from marsad.sql import sql
from tests.e2e.hostile import looks_mojibake, make_batch
from tests.e2e.warehouses import leftovers, marsad_run
from tests.helpers import query


def _check(corpus_dir, tmp_path, scale: float) -> dict:
    landing = tmp_path / "landing"
    batch = make_batch(corpus_dir, landing, scale=scale)
    warehouse = tmp_path / "wh" / "w.duckdb"
    run = marsad_run(landing, warehouse, "--workers", "2", timeout=3600)
    assert run.returncode == 0, run.stderr[-3000:]
    found, parsed, quarantined, duplicates = query(warehouse, sql("queries/accounting"))[0]
    assert found == parsed + quarantined + duplicates
    assert query(warehouse, sql("checks/unaccounted_records"))[0][0] == 0
    urls = {u for (u,) in query(warehouse, "SELECT url FROM articles")}
    lost = batch.must_publish - urls
    assert not lost, f"{len(lost)} valid articles lost, e.g. {sorted(lost)[:3]}"
    rows = query(warehouse, "SELECT title, array_to_string(paragraphs, ' ') FROM articles")
    garbled = [t for t, body in rows if looks_mojibake(f"{t or ''} {body or ''}")]
    assert garbled == [], f"{len(garbled)} articles published as mojibake: {garbled[:3]}"
    reasons = dict(query(warehouse, "SELECT reason, count(*) FROM quarantine GROUP BY ALL"))
    for reason in ("dangling_link", "link_loop", "special_file", "undecodable_text"):
        assert reasons.get(reason, 0) > 0, reasons
    fixed = query(warehouse, "SELECT count(*) FROM raw_articles WHERE decode_errors > 0")[0][0]
    assert fixed >= batch.kinds["badbytes"]
    assert (
        query(
            warehouse,
            "SELECT count(*) FROM articles WHERE "
            "list_bool_or([p LIKE '%' || chr(0) || '%' for p in paragraphs])",
        )[0][0]
        == 0
    )
    assert leftovers(warehouse) == []
    for sock in batch.sockets:
        sock.close()
    return {
        "entries": batch.entries,
        "found": found,
        "parsed": parsed,
        "quarantined": quarantined,
        "duplicates": duplicates,
        "reasons": reasons,
    }


@pytest.mark.corpus
def test_hostile_batch_small(corpus_dir, tmp_path):
    _check(corpus_dir, tmp_path, scale=0.1)


@pytest.mark.corpus
@pytest.mark.slow
def test_hostile_batch_full(corpus_dir, tmp_path):
    numbers = _check(corpus_dir, tmp_path, scale=1.0)
    assert numbers["entries"] >= 1000
    print(numbers)
