"""The entity catalogue kept between runs (`<stages>/catalog/entities.parquet`): built, and
loaded by the linking processes.

It is rebuilt only when what it is built from changed (the committed data files or the library
versions, `marsad.stages.catalog_state`), so a run with nothing new neither pays for it nor
republishes the warehouse.
"""

from __future__ import annotations

import polars as pl

from marsad.entities import build_catalog
from marsad.entities.catalog import handed_in, use_built
from marsad.entities.persons import prior_entities
from marsad.stages.catalog_state import catalog_inputs, current_catalog
from marsad.stages.store import StageStore, catalog_path, write_json_atomic, write_parquet_atomic


def with_prior_people(catalog: pl.DataFrame) -> pl.DataFrame:
    """The catalogue plus the full-name people the name priors link bare names to
    (`source='prior'`), so they are published under their full names."""
    rows = prior_entities(frozenset(catalog["entity_id"].to_list()))
    if not rows:
        return catalog
    extra = pl.DataFrame(rows).with_columns(pl.lit("prior").alias("source"))
    return pl.concat([catalog, extra], how="diagonal_relaxed").select(catalog.columns)


def write_catalog(store: StageStore) -> tuple[int, bool]:
    """Build the catalogue if its inputs changed; returns (entities, rebuilt)."""
    path = catalog_path(store)
    inputs = catalog_inputs()
    current = current_catalog(store, inputs)
    if current is not None:
        return current, False
    catalog = with_prior_people(build_catalog())
    write_parquet_atomic(catalog, path)
    write_json_atomic({"inputs": inputs, "entities": catalog.height}, path.with_suffix(".json"))
    return catalog.height, True


def load_stored_catalog(store: StageStore) -> bool:
    """Make this process link against the stored catalogue when it was built from the current
    inputs (every run's first step writes it); returns whether it did.  Once the process has
    settled on a catalogue, later batches skip the check (hashing the code costs ~25 ms)."""
    settled = handed_in()
    if settled is not None:
        return settled
    if current_catalog(store) is None:
        return False
    path = catalog_path(store)
    # the rows the catalogue code builds; the prior people are added for publishing only
    use_built(pl.read_parquet(path).filter(pl.col("source") != "prior"))
    return True
