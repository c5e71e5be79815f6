"""Helpers shared by the Dagster and end-to-end tests: landing folders and warehouse queries."""

from __future__ import annotations

import shutil
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
