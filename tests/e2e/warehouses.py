"""Helpers for the robustness tests: run `marsad run` as a user does, compare whole warehouses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.helpers import REPO_ROOT

VOLATILE = {"marsad_meta": None}  # tables whose content is a timestamp of the run itself


def marsad_run(
    landing: Path,
    warehouse: Path,
    *extra: str,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess:
    """`marsad run` in a child process (so it can be killed), one worker unless told."""
    args = [sys.executable, "-m", "marsad.cli", "run", "--landing", str(landing)]
    args += ["--warehouse", str(warehouse), "--create"]
    if "--workers" not in extra:
        args += ["--workers", "1"]
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")}
    child_env.pop("DAGSTER_HOME", None)
    child_env.update(env or {})
    return subprocess.run(
        [*args, *extra],
        cwd=REPO_ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def tables(warehouse: Path) -> dict[str, list[tuple]]:
    """Every base table's rows (all columns, sorted), marsad_meta left out."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
        ]
        return {
            name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
            for name in names
            if name not in VOLATILE
        }
    finally:
        con.close()


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> list[str]:
    """A readable list of the tables that differ (row counts, first differing row)."""
    out = []
    for name in sorted(set(a) | set(b)):
        ra, rb = a.get(name), b.get(name)
        if ra == rb:
            continue
        if ra is None or rb is None:
            out.append(f"{name}: only in {'second' if ra is None else 'first'}")
            continue
        first = next((i for i, (x, y) in enumerate(zip(ra, rb, strict=False)) if x != y), None)
        out.append(f"{name}: {len(ra)} vs {len(rb)} rows; first difference at row {first}")
    return out


def leftovers(warehouse: Path) -> list[Path]:
    """Temporary files a run must never leave behind: shard temporaries, unreplayed journals,
    half-built warehouses."""
    stages = warehouse.with_name(warehouse.stem + ".stages")
    found = list(stages.rglob(".*.tmp")) + list(stages.glob("*/_pending/*.json"))
    found += list(warehouse.parent.glob(f".{warehouse.name}.*.building*"))
    return found
