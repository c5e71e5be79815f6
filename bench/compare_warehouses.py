"""Compare two published warehouses table by table: `python -m bench.compare_warehouses A B`.

Used to prove a refactor changed nothing: the same tables and views, the same columns with the
same types, and the same rows (as multisets, via EXCEPT ALL both ways). Only `marsad_meta`
(publish time, and a fingerprint over file stats) may differ; its row count is still compared.
"""

from __future__ import annotations

import sys

import duckdb

VOLATILE = {"marsad_meta": ["published_at", "fingerprint"]}  # time and catalogue file stat


def _schema(con: duckdb.DuckDBPyConnection, db: str) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = ? ORDER BY table_name, ordinal_position",
        [db],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        tables.setdefault(table, []).append((column, kind))
    return tables


def compare(left: str, right: str) -> list[str]:
    """Differences between the two files, one line each (empty: identical)."""
    con = duckdb.connect()
    con.execute("ATTACH ? AS a (READ_ONLY)", [left])
    con.execute("ATTACH ? AS b (READ_ONLY)", [right])
    a, b = _schema(con, "a"), _schema(con, "b")
    problems = [f"only in {left}: {t}" for t in sorted(a.keys() - b.keys())]
    problems += [f"only in {right}: {t}" for t in sorted(b.keys() - a.keys())]
    for table in sorted(a.keys() & b.keys()):
        before = len(problems)
        if a[table] != b[table]:
            problems.append(f"{table}: columns differ: {a[table]} vs {b[table]}")
            continue
        columns = ", ".join(f'"{c}"' for c, _ in a[table] if c not in VOLATILE.get(table, []))
        for x, y in (("a", "b"), ("b", "a")) if columns else ():
            extra = con.execute(
                f'SELECT count(*) FROM (SELECT {columns} FROM {x}."{table}" '
                f'EXCEPT ALL SELECT {columns} FROM {y}."{table}")'
            ).fetchall()[0][0]
            if extra:
                problems.append(f"{table}: {extra} row(s) in {x} not in {y}")
        count = con.execute(f'SELECT count(*) FROM a."{table}"').fetchall()[0][0]
        if count != con.execute(f'SELECT count(*) FROM b."{table}"').fetchall()[0][0]:
            problems.append(f"{table}: row counts differ")
        print(
            f"  {table:<20} {count:>9,} rows  {'same' if len(problems) == before else 'DIFFERENT'}"
        )
    return problems


def main(argv: list[str]) -> int:
    problems = compare(argv[0], argv[1])
    for line in problems:
        print(line)
    print("identical" if not problems else f"{len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
