"""Where marsad reads and writes: one place, driven by environment variables with local defaults.

MARSAD_HOME anchors the defaults; without it they are anchored to the project checkout (the
folder holding marsad's pyproject.toml), never to the working directory, so `marsad run` started
from another folder reads and writes the same places. MARSAD_LANDING, MARSAD_WAREHOUSE and
MARSAD_STAGES override each path on its own. Stage outputs default to a folder named after the
warehouse (`warehouse.stages/`), so two warehouses never share them. MARSAD_SHARDS puts the day
shards elsewhere: another folder or an object store (`s3://bucket/prefix`, endpoint and keys
from the `AWS_*` variables); the stage state, journals and lock stay in the stages folder. MARSAD_MAX_REMOVAL_SHARE
(default 0.10) is the share of published articles a run may remove without --allow-removals.
MARSAD_BACKFILL_MONTHS_PER_RUN (default unset: one run) splits a backfill of the dated stages into
runs of that many months each, so a cluster can run them side by side.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def default_home() -> Path:
    """MARSAD_HOME, else the project checkout, else ~/marsad (a non-editable install)."""
    if os.environ.get("MARSAD_HOME"):
        return Path(os.environ["MARSAD_HOME"]).resolve()
    if (PROJECT_ROOT / "pyproject.toml").exists() and (PROJECT_ROOT / "marsad").is_dir():
        return PROJECT_ROOT
    return Path.home() / "marsad"


def worker_count(workers: int) -> int:
    """The processes a run computes on: `workers`, or one per core for 0."""
    return workers or os.cpu_count() or 1


def max_removal_share() -> float:
    return float(os.environ.get("MARSAD_MAX_REMOVAL_SHARE") or 0.10)


def backfill_months_per_run() -> int | None:
    """Months per run of a backfill (MARSAD_BACKFILL_MONTHS_PER_RUN); None: the whole range in one run."""
    value = os.environ.get("MARSAD_BACKFILL_MONTHS_PER_RUN", "").strip()
    if not value:
        return None
    months = int(value) if value.isdigit() else 0
    if months < 1:
        raise ValueError(
            f"MARSAD_BACKFILL_MONTHS_PER_RUN must be a positive integer, not {value!r}"
        )
    return months


@dataclass(frozen=True, slots=True)
class Settings:
    landing: Path  # folder scanned recursively for raw article files
    warehouse: Path  # the published DuckDB file analysts open
    stages: Path  # per-stage Parquet outputs the warehouse is built from
    shards: Path | str | None = None  # where the day shards live (a folder or a URI); None: stages

    @classmethod
    def from_env(
        cls,
        landing: str | os.PathLike[str] | None = None,
        warehouse: str | os.PathLike[str] | None = None,
        stages: str | os.PathLike[str] | None = None,
        shards: str | os.PathLike[str] | None = None,
    ) -> Settings:
        home = default_home()
        landing_path = Path(landing or os.environ.get("MARSAD_LANDING") or home / "data" / "sample")
        warehouse_path = Path(
            warehouse or os.environ.get("MARSAD_WAREHOUSE") or home / "data" / "warehouse.duckdb"
        )
        stages_path = Path(
            stages
            or os.environ.get("MARSAD_STAGES")
            or warehouse_path.with_name(warehouse_path.stem + ".stages")
        )
        shards_root = shards or os.environ.get("MARSAD_SHARDS") or None
        if shards_root is not None:
            text = os.fspath(shards_root)
            shards_root = text.rstrip("/") if "://" in text else Path(text).resolve()
        return cls(
            landing_path.resolve(), warehouse_path.resolve(), stages_path.resolve(), shards_root
        )
