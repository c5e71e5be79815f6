"""Where marsad reads and writes: one place, driven by environment variables with local defaults.

MARSAD_HOME (default: the current directory) anchors the defaults; MARSAD_LANDING,
MARSAD_WAREHOUSE and MARSAD_STAGES override each path on its own. Stage outputs default to a
folder named after the warehouse (`warehouse.stages/`), so two warehouses never share them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    landing: Path  # folder scanned recursively for raw article files
    warehouse: Path  # the published DuckDB file analysts open
    stages: Path  # per-stage Parquet outputs the warehouse is built from

    @classmethod
    def from_env(
        cls,
        landing: str | os.PathLike[str] | None = None,
        warehouse: str | os.PathLike[str] | None = None,
        stages: str | os.PathLike[str] | None = None,
    ) -> Settings:
        home = Path(os.environ.get("MARSAD_HOME", ".")).resolve()
        landing_path = Path(landing or os.environ.get("MARSAD_LANDING") or home / "data" / "sample")
        warehouse_path = Path(
            warehouse or os.environ.get("MARSAD_WAREHOUSE") or home / "data" / "warehouse.duckdb"
        )
        stages_path = Path(
            stages
            or os.environ.get("MARSAD_STAGES")
            or warehouse_path.with_name(warehouse_path.stem + ".stages")
        )
        return cls(landing_path.resolve(), warehouse_path.resolve(), stages_path.resolve())
