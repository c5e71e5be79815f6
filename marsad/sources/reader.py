"""Read one landing file into raw records, accounting for every file and record it cannot use."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from marsad.records import RawRecord, Reason, Rejection
from marsad.sources import compressed, field_map, parquet_table, tables
from marsad.sources.encoding import decode_bytes
from marsad.sources.fields import BLANK
from marsad.sources.identity import article_id
from marsad.sources.layouts import detect_layout, split_records

STAGE = "raw"
MAX_BYTES = 50_000_000
BATCH_ROWS = 20_000  # records handed on at a time by iter_landing_file


def _relative(path: Path, landing_root: Path) -> str:
    try:
        return path.relative_to(landing_root).as_posix()
    except ValueError:
        return path.as_posix()


def read_landing_file(
    path: Path, landing_root: Path, max_bytes: int = MAX_BYTES
) -> tuple[list[RawRecord], list[Rejection]]:
    """Decode a landing file, detect its layout and split it into records.

    A whole-file problem (empty, too large, unreadable, undecodable, unknown layout) is one
    rejection with no records; a malformed record inside a good file is rejected alone, located
    by record_no and line_no, and the file's other records still load. Parquet streams by row
    group (no byte limit); `.gz`/`.zip` archives are read member by member.
    """
    source_file = _relative(path, landing_root)

    def reject(reason: Reason, message: str) -> tuple[list[RawRecord], list[Rejection]]:
        return [], [Rejection(STAGE, reason, message, source_file)]

    try:
        fmap = field_map.for_file(path, landing_root)
    except field_map.FieldMapError as error:
        return reject(Reason.BAD_FIELD_MAP, str(error))
    except (OSError, UnicodeDecodeError) as error:
        return reject(Reason.BAD_FIELD_MAP, f"cannot read the field mapping: {error}")
    try:
        size = path.stat().st_size
        if size == 0:
            return reject(Reason.EMPTY_FILE, "the file is empty")
        if path.name.lower().endswith(parquet_table.SUFFIXES):
            return tables.read_parquet(path, source_file, fmap)
        if size > max_bytes:
            return reject(Reason.FILE_TOO_LARGE, f"{size} bytes is over the {max_bytes}-byte limit")
        data = path.read_bytes()
    except OSError as error:
        return reject(Reason.UNREADABLE_FILE, f"cannot read the file: {error}")
    if compressed.is_compressed(path.name):
        return tables.read_archive(data, path.name, source_file, fmap, max_bytes, read_bytes)
    return read_bytes(data, path.name, source_file, fmap)


def iter_landing_file(
    path: Path, landing_root: Path, batch_rows: int = BATCH_ROWS, max_bytes: int = MAX_BYTES
) -> Iterator[tuple[list[RawRecord], list[Rejection]]]:
    """`read_landing_file` in batches of at most `batch_rows` records, so a caller's memory does
    not grow with the file: a Parquet file streams row group by row group (never whole in
    memory); the other layouts are read whole (at most `max_bytes`) and handed on in batches."""
    if path.name.lower().endswith(parquet_table.SUFFIXES):
        try:
            fmap = field_map.for_file(path, landing_root)
            readable = path.stat().st_size > 0
        except (field_map.FieldMapError, OSError, UnicodeDecodeError):
            readable = False  # read_landing_file says what is wrong
        if readable:
            yield from tables.iter_parquet(path, _relative(path, landing_root), fmap, batch_rows)
            return
    records, rejections = read_landing_file(path, landing_root, max_bytes)
    yield records[:batch_rows], rejections
    for start in range(batch_rows, len(records), batch_rows):
        yield records[start : start + batch_rows], []


def read_bytes(
    data: bytes, name: str, source_file: str, fmap: field_map.FieldMap = field_map.DEFAULT
) -> tuple[list[RawRecord], list[Rejection]]:
    """Records of a file's bytes; `name` (the file's or archive member's) hints the layout."""

    def reject(reason: Reason, message: str) -> tuple[list[RawRecord], list[Rejection]]:
        return [], [Rejection(STAGE, reason, message, source_file)]

    if not data:
        return reject(Reason.EMPTY_FILE, "the file is empty")
    if data.startswith(parquet_table.MAGIC):
        return tables.read_parquet(io.BytesIO(data), source_file, fmap)
    decoded = decode_bytes(data) or tables.decode_declared(data, name)
    if decoded is None:
        return reject(
            Reason.UNDECODABLE_TEXT,
            "not text in UTF-8, UTF-16 or windows-1256 (binary, another encoding, or UTF-8 "
            "with too many invalid bytes)",
        )
    text = decoded.text
    if not text.strip(BLANK):
        return reject(Reason.EMPTY_FILE, "the file holds only whitespace")
    layout = tables.layout_by_name(name, text) or detect_layout(text) or tables.layout_by_text(text)
    if layout is None:
        first = text.lstrip(BLANK).split("\n", 1)[0][:80]
        return reject(
            Reason.UNKNOWN_LAYOUT,
            "not a scraped page, TREC XML, JSON Lines, JSON array, CSV/TSV, Parquet or HTML "
            f"file (starts {first!r})",
        )
    if layout in tables.NEW_LAYOUTS:
        found, rejected = tables.read_text(text, layout, source_file, decoded.encoding, fmap)
        counts = {"decode_errors": decoded.errors, "controls_removed": decoded.controls}
        return [replace(r, **counts) for r in found], rejected
    records: list[RawRecord] = []
    rejections: list[Rejection] = []
    for chunk in split_records(text, layout):
        record = RawRecord(
            source_file=source_file,
            record_no=chunk.record_no,
            line_no=chunk.line_no,
            encoding=decoded.encoding,
            layout=layout,
            raw_text=text[chunk.start : chunk.end],
            field_map=tables.jsonl_field_map(text[chunk.start : chunk.end], layout, chunk, fmap),
            decode_errors=decoded.errors,
            controls_removed=decoded.controls,
        )
        if chunk.problem is None:
            records.append(record)
        else:
            rejections.append(
                Rejection(
                    STAGE,
                    Reason.MALFORMED_RECORD,
                    f"record {chunk.record_no} (line {chunk.line_no}): {chunk.problem}",
                    source_file,
                    chunk.record_no,
                    chunk.line_no,
                    article_id(record),
                )
            )
    if not records and not rejections:
        return reject(Reason.EMPTY_FILE, f"no records found in a {layout} file")
    return records, rejections
