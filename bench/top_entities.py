"""`python -m bench.top_entities WAREHOUSE [--top 30]`: the actors and the places most articles
cover, as Markdown tables, to judge by eye that every entry is a real entity and none is
boilerplate (issue 14's before/after lists)."""

from __future__ import annotations

import argparse

import duckdb

from marsad.sql import sql

LISTS = {"actors": ["person", "organisation"], "places": ["place"]}


def top_entities(warehouse: str, types: list[str], top: int) -> list[tuple]:
    con = duckdb.connect(warehouse, read_only=True)
    try:
        return con.execute(sql("queries/top_entities"), {"types": types, "top": top}).fetchall()
    finally:
        con.close()


def markdown(rows: list[tuple]) -> str:
    lines = [
        "| # | entity | type | Arabic | English | articles | sources |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, (eid, kind, ar, en, articles, sources) in enumerate(rows, 1):
        lines.append(f"| {i} | `{eid}` | {kind} | {ar} | {en or ''} | {articles:,} | {sources} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    for title, types in LISTS.items():
        print(f"\n### Top {args.top} {title}\n")
        print(markdown(top_entities(args.warehouse, types, args.top)))


if __name__ == "__main__":
    main()
