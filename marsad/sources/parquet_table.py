"""Parquet tables: one article per row, read by row group so a file of any size streams.

A row's raw_text is the row serialised by marsad as one JSON object (`json.dumps`, keys in the
table's column order, timestamps as ISO 8601, dates as YYYY-MM-DD), so the spans of `fielded`
index it like a JSON Lines line. line_no is the row's 1-based number in the table.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from marsad.sources.fielded import PARQUET
from marsad.sources.pieces import Piece

LAYOUT = PARQUET
SUFFIXES = (".parquet", ".pq")
MAGIC = b"PAR1"
BATCH_ROWS = 1024


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(value).decode("ascii")
    raise TypeError(f"a {type(value).__name__} value")


def pieces(source: str | IO[bytes]) -> Iterator[Piece]:
    """One piece per row, a row group at a time (pyarrow), in table order.

    Raises OSError / pyarrow errors for a file that is not readable Parquet.
    """
    import pyarrow.parquet as pq

    table = pq.ParquetFile(source)
    keys = tuple(table.schema_arrow.names)
    row_no = 0
    for group in range(table.num_row_groups):
        for batch in table.iter_batches(batch_size=BATCH_ROWS, row_groups=[group]):
            for row in batch.to_pylist():
                row_no += 1
                try:
                    text = json.dumps(row, ensure_ascii=False, default=_jsonable)
                except (TypeError, ValueError) as error:
                    yield Piece("", -1, f"row {row_no} cannot be written as JSON: {error}",
                                keys, row_no)  # fmt: skip
                    continue
                yield Piece(text, -1, None, keys, row_no)
