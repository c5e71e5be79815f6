"""The stored catalogue: every worker links against the file the run wrote when it was built from
the current inputs, instead of building it again; a stale one is never used."""

from __future__ import annotations

import json

import polars as pl

from marsad.stages.catalog import catalog_path, write_catalog
from marsad.stages.store import StageStore
from tests.helpers import python_probe

PROBE = """
import sys
from pathlib import Path
from marsad.entities.catalog import _catalog, build_catalog
import polars as pl

from marsad.stages.catalog import load_stored_catalog
from marsad.stages.store import StageStore
used = load_stored_catalog(StageStore(Path(sys.argv[1])))
rows = build_catalog().height
print(used, rows, _catalog.cache_info().currsize)
"""


def _probe(stages) -> list[str]:
    return python_probe(PROBE, str(stages))


def _built_rows(store: StageStore) -> int:
    """The stored catalogue's rows that the catalogue code builds (prior people are added for
    publishing only)."""
    return pl.read_parquet(catalog_path(store)).filter(pl.col("source") != "prior").height


def test_a_worker_reads_the_stored_catalogue_instead_of_building_it(tmp_path):
    store = StageStore(tmp_path / "stages")
    write_catalog(store)
    used, rows, built = _probe(store.root)
    assert (used, int(rows), built) == ("True", _built_rows(store), "0")


def test_a_catalogue_stored_from_other_inputs_is_built_again(tmp_path):
    store = StageStore(tmp_path / "stages")
    entities, _ = write_catalog(store)
    marker = catalog_path(store).with_suffix(".json")
    marker.write_text(json.dumps({"inputs": "built-by-older-code", "entities": entities}))
    used, rows, built = _probe(store.root)
    assert (used, int(rows), built) == ("False", _built_rows(store), "1")
