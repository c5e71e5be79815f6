"""The query library: named, commented, parameterised SQL files in `sql/queries/library/`.

Each file is one SELECT over the published warehouse. Its first comment line says what question
it answers (`marsad sql --list` prints it); a `-- params: name=default, ...` line declares its
parameters with defaults, so every query runs as is. Values are passed to DuckDB as named
parameters (`$country`), never pasted into the SQL; the SQL casts them (`CAST($top AS INTEGER)`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from importlib.resources import files

import duckdb
import polars as pl

from marsad.sql import sql

LIBRARY = "queries/library"


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    description: str  # the first comment line
    params: dict[str, str]  # name -> default
    text: str


def _parse(name: str, text: str) -> LibraryQuery:
    lines = text.splitlines()
    description = lines[0].removeprefix("--").strip()
    params: dict[str, str] = {}
    for line in lines:
        if line.startswith("-- params:"):
            for item in line.removeprefix("-- params:").split(","):
                if item.strip():
                    key, _, default = item.partition("=")
                    params[key.strip()] = default.strip()
    return LibraryQuery(name, description, params, text)


def library() -> list[LibraryQuery]:
    """Every library query, by name."""
    folder = files("marsad.sql").joinpath(LIBRARY)
    names = sorted(p.name.removesuffix(".sql") for p in folder.iterdir() if p.name.endswith(".sql"))
    return [_parse(n, sql(f"{LIBRARY}/{n}")) for n in names]


def library_query(name: str) -> LibraryQuery:
    for query in library():
        if query.name == name:
            return query
    known = ", ".join(q.name for q in library())
    raise KeyError(f"no library query {name!r}; known: {known}")


def bind(query: LibraryQuery, overrides: dict[str, str]) -> dict[str, str]:
    """The query's parameters: its defaults with `overrides` applied; unknown names are errors."""
    unknown = set(overrides) - set(query.params)
    if unknown:
        raise KeyError(
            f"{query.name} has no parameter {', '.join(sorted(unknown))}; "
            f"it takes {', '.join(query.params) or 'none'}"
        )
    return {**query.params, **overrides}


def run(
    con: duckdb.DuckDBPyConnection, statement: str, params: dict[str, str] | None = None
) -> tuple[list[str], list[tuple]]:
    """Column names and rows of one statement."""
    result = con.execute(statement, params or {})
    return [d[0] for d in result.description], result.fetchall()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def as_table(columns: list[str], rows: list[tuple], limit: int | None = None) -> str:
    """A plain aligned text table (Arabic cells are left as written; the terminal reorders)."""
    shown = rows if limit is None else rows[:limit]
    cells = [[_cell(v) for v in row] for row in shown]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    more = len(rows) - len(shown)
    lines.append(f"({len(rows):,} rows{f', {more:,} not shown' if more else ''})")
    return "\n".join(lines)


def as_frame(columns: list[str], rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)


def as_csv(columns: list[str], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _csv_cell(value: object) -> object:
    return "" if value is None else value


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def as_json(columns: list[str], rows: list[tuple]) -> str:
    """One JSON object per line (JSON Lines)."""
    return "".join(
        json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=_json_default)
        + "\n"
        for row in rows
    )
