"""`python -m bench.library_queries WAREHOUSE`: time every library query (defaults) on a warehouse.

Each query runs twice on a fresh read-only connection; the second (warm) time is reported, as an
analyst re-running a query sees it. The target is < 1 s each on the full corpus.
"""

from __future__ import annotations

import argparse
import time

import duckdb

from marsad.queries import bind, library


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse")
    args = parser.parse_args()
    con = duckdb.connect(args.warehouse, read_only=True)
    worst = 0.0
    for query in library():
        params = bind(query, {})
        times = []
        for _ in range(2):
            started = time.perf_counter()
            rows = con.execute(query.text, params).fetchall()
            times.append(time.perf_counter() - started)
        worst = max(worst, times[-1])
        print(
            f"{query.name:32s} {times[0]:6.3f} s cold {times[-1]:6.3f} s warm {len(rows):6d} rows"
        )
    print(f"slowest {worst:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
