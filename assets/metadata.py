"""Metadata every asset shows in the UI: row counts and a small markdown preview."""

import dagster as dg
import polars as pl


def preview(frame: pl.DataFrame | None, columns: list[str], rows: int = 5) -> dg.MetadataValue:
    if frame is None or frame.height == 0:
        return dg.MetadataValue.md("_(no rows)_")
    shown = frame.select([c for c in columns if c in frame.columns]).head(rows)
    header = "| " + " | ".join(shown.columns) + " |"
    rule = "| " + " | ".join("---" for _ in shown.columns) + " |"
    body = [
        "| " + " | ".join(str(v)[:80].replace("|", "\\|").replace("\n", " ") for v in row) + " |"
        for row in shown.rows()
    ]
    return dg.MetadataValue.md("\n".join([header, rule, *body]))
