"""Helpers shared by the Dagster and end-to-end tests: landing folders and warehouse queries."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "data" / "sample"

# The eight people of the seed article, as the issues name them.
SEED_PEOPLE = [
    "قاسم الأعرجي",
    "فؤاد حسين",
    "عبد الأمير يارالله",
    "عبد الأمير الشمري",
    "ماثيو تولر",
    "بات وايت",
    "قاسم سليماني",
    "أبو مهدي المهندس",
]


def python_probe(code: str, *args: str, **env: str) -> list[str]:
    """The words a fresh interpreter prints running `code` with `args` (and `env` added to the
    environment), from the repository root."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return out.stdout.split()


def copy_sample(dest: Path) -> Path:
    shutil.copytree(SAMPLE, dest)
    return dest


def query(warehouse: Path, statement: str, params: dict | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(statement, params or {}).fetchall()
    finally:
        con.close()


def table_snapshot(warehouse: Path, table: str, order_by: str) -> list[tuple]:
    return query(warehouse, f"SELECT * FROM {table} ORDER BY {order_by}")
