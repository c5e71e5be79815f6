"""The quarantine rows every stage writes, in the schema of the published `quarantine` table."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from marsad.records import Rejection
from marsad.schema import table_schema

REJECTION_SCHEMA = table_schema("warehouse/quarantine")


def rejections_frame(rejections: Iterable[Rejection], day: date | None) -> pl.DataFrame:
    """`quarantine` rows of `rejections`, stored under publication day `day`."""
    return pl.DataFrame([r.row(day) for r in rejections], schema=REJECTION_SCHEMA)
