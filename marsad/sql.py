"""Access to the project's SQL files (`sql/` at the repository root, shipped with the package)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"


@cache
def sql(name: str) -> str:
    """The text of `sql/<name>.sql`, e.g. sql("ddl/articles")."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
