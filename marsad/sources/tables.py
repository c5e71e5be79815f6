"""The file-level side of the fielded layouts: which one a file is in, and its raw records.

Detection prefers the file name (`.json`, `.csv`/`.tsv`, `.html`/`.htm`, `.parquet`, and
the same inside `.gz`/`.zip`), then the content: the three older layouts first (TREC XML,
JSON Lines, scraped page), then a JSON array, an HTML page, and a CSV whose header names an
article field. Every record gets the file's field mapping recorded (`RawRecord.field_map`).
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from marsad.records import RawRecord, Reason, Rejection
from marsad.sources import compressed, csv_table, html_page, json_array, jsonl, parquet_table
from marsad.sources.encoding import Decoded, normalise_newlines
from marsad.sources.field_map import KNOWN_KEYS, FieldMap, values_json
from marsad.sources.fielded import field_map_json
from marsad.sources.identity import article_id
from marsad.sources.pieces import Piece

STAGE = "raw"
NEW_LAYOUTS = frozenset({json_array.LAYOUT, csv_table.LAYOUT, html_page.LAYOUT})
_ALL_KEYS = frozenset(k for keys in KNOWN_KEYS.values() for k in keys)

Result = tuple[list[RawRecord], list[Rejection]]


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def decode_declared(data: bytes, name: str) -> Decoded | None:
    """An HTML page in the charset its <meta> declares, when the usual detection declined
    (a windows-1256 page is mostly Latin markup, so it does not "read as Arabic")."""
    if not name.lower().endswith(html_page.SUFFIXES):
        return None
    match = _DECLARED_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
        return Decoded(normalise_newlines(data.decode(codec)), codec)
    except (LookupError, UnicodeDecodeError):
        return None


def layout_by_name(name: str, text: str) -> str | None:
    """The layout a file's name promises, when its content agrees."""
    lower = name.lower()
    if lower.endswith(".json") and json_array.array_start(text) is not None:
        return json_array.LAYOUT
    if lower.endswith(csv_table.SUFFIXES):
        return csv_table.LAYOUT
    if lower.endswith(html_page.SUFFIXES) and html_page.looks_like(text):
        return html_page.LAYOUT
    return None


def layout_by_text(text: str) -> str | None:
    """A fielded layout recognised from content alone (after the older layouts declined)."""
    if json_array.array_start(text) is not None:
        return json_array.LAYOUT
    if html_page.looks_like(text):
        return html_page.LAYOUT
    header = text.split("\n", 1)[0]
    delimiter = csv_table.sniff_delimiter(header)
    names = {cell.strip().strip('"').lower() for cell in header.split(delimiter)}
    if len(names) >= 2 and "\n" in text and names & _ALL_KEYS:
        return csv_table.LAYOUT
    return None


def _pieces(text: str, layout: str) -> list[Piece]:
    if layout == json_array.LAYOUT:
        return json_array.split(text)
    return csv_table.split(text)


def read_text(text: str, layout: str, source_file: str, encoding: str, fmap: FieldMap) -> Result:
    """Records of a decoded file in one of the fielded text layouts.

    A reader bug or an extractor crash on one file is that file's STAGE_ERROR rejection, never
    an exception that would stop the raw stage's batch.
    """
    try:
        if layout == html_page.LAYOUT:
            extracted = html_page.extract(text)
            piece = Piece(json.dumps(extracted, ensure_ascii=False), 0, None, tuple(extracted))
            fmap = FieldMap(origin="html:trafilatura")
            return build([piece], text, layout, source_file, encoding, fmap)
        return build(_pieces(text, layout), text, layout, source_file, encoding, fmap)
    except Exception as error:  # noqa: BLE001 - one file's failure must not stop the batch
        message = f"reading the {layout} file failed: {type(error).__name__}: {error}"
        return [], [Rejection(STAGE, Reason.STAGE_ERROR, message, source_file)]


def read_parquet(source: Path | IO[bytes], source_file: str, fmap: FieldMap) -> Result:
    """Records of a Parquet file (all of them: `iter_parquet` streams a large one)."""
    records: list[RawRecord] = []
    rejections: list[Rejection] = []
    for found, rejected in iter_parquet(source, source_file, fmap):
        records.extend(found)
        rejections.extend(rejected)
    return records, rejections


def iter_parquet(
    source: Path | IO[bytes], source_file: str, fmap: FieldMap, batch_rows: int = 50_000
) -> Iterator[Result]:
    """Records of a Parquet file in batches of at most `batch_rows` rows, read row group by row
    group, so a file of any size streams. A file that cannot be read (or stops being readable
    part-way) is one UNREADABLE_FILE rejection; the rows read before it are kept."""
    batch: list[Piece] = []
    first = 0
    try:
        for piece in parquet_table.pieces(source if not isinstance(source, Path) else str(source)):
            batch.append(piece)
            if len(batch) >= batch_rows:
                yield build(batch, None, parquet_table.LAYOUT, source_file, "utf-8", fmap, first)
                first, batch = first + len(batch), []
    except Exception as error:  # noqa: BLE001 - pyarrow raises many types for a bad file
        where = f" after row {first + len(batch)}" if first + len(batch) else ""
        message = f"not a readable Parquet file{where}: {type(error).__name__}: {error}"
        if batch:
            yield build(batch, None, parquet_table.LAYOUT, source_file, "utf-8", fmap, first)
        yield [], [Rejection(STAGE, Reason.UNREADABLE_FILE, message, source_file)]
        return
    if batch or first == 0:
        yield build(batch, None, parquet_table.LAYOUT, source_file, "utf-8", fmap, first)


def build(
    pieces: Iterable[Piece],
    text: str | None,
    layout: str,
    source_file: str,
    encoding: str,
    fmap: FieldMap,
    first_no: int = 0,
) -> Result:
    """RawRecords (and one rejection per bad piece), line numbers counted from the file text;
    record numbers start at `first_no` (a later batch of a streamed file)."""
    records: list[RawRecord] = []
    rejections: list[Rejection] = []
    line_no, counted_to = 1, 0
    for record_no, piece in enumerate(pieces, start=first_no):
        if piece.line_no is not None:
            line = piece.line_no
        else:
            assert text is not None
            line_no += text.count("\n", counted_to, piece.start)
            counted_to = piece.start
            line = line_no
        record = RawRecord(
            source_file=source_file,
            record_no=record_no,
            line_no=line,
            encoding=encoding,
            layout=layout,
            raw_text=piece.raw_text,
            field_map=field_map_json(fmap, piece.keys),
        )
        if piece.problem is None:
            records.append(record)
            continue
        where = f"row {line}" if layout == parquet_table.LAYOUT else f"line {line}"
        rejections.append(
            Rejection(
                STAGE,
                Reason.MALFORMED_RECORD,
                f"record {record_no} ({where}): {piece.problem}",
                source_file,
                record_no,
                line,
                article_id(record),
            )
        )
    if not records and not rejections and first_no == 0:
        message = f"no records found in a {layout} file"
        return [], [Rejection(STAGE, Reason.EMPTY_FILE, message, source_file)]
    return records, rejections


def read_archive(
    data: bytes,
    name: str,
    source_file: str,
    fmap: FieldMap,
    max_bytes: int,
    read_bytes: Callable[[bytes, str, str, FieldMap], Result],
) -> Result:
    """Records of every file in a `.gz`/`.zip`, numbered on across members; each message and
    recorded mapping names the member it came from."""
    try:
        members = compressed.members(data, name, max_bytes)
    except compressed.ArchiveError as error:
        reason = Reason.FILE_TOO_LARGE if "byte limit" in str(error) else Reason.UNREADABLE_FILE
        return [], [Rejection(STAGE, reason, str(error), source_file)]
    if not members:
        return [], [Rejection(STAGE, Reason.EMPTY_FILE, "the archive holds no files", source_file)]
    records: list[RawRecord] = []
    rejections: list[Rejection] = []
    next_no = 0
    for member, member_data in members:
        found, rejected = read_bytes(member_data, member, source_file, fmap)
        numbers = [r.record_no for r in found] + [
            r.record_no for r in rejected if r.record_no is not None
        ]
        for record in found:
            records.append(
                dataclasses.replace(
                    record,
                    record_no=next_no + record.record_no,
                    field_map=_with_member(record.field_map, member),
                )
            )
        for rejection in rejected:
            number = None if rejection.record_no is None else next_no + rejection.record_no
            rejections.append(
                dataclasses.replace(
                    rejection, message=f"{member}: {rejection.message}", record_no=number
                )
            )
        next_no += max(numbers, default=-1) + 1
    return records, rejections


def _with_member(recorded: str | None, member: str) -> str:
    data = json.loads(recorded) if recorded else {}
    data["member"] = member
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def jsonl_field_map(raw_text: str, layout: str, chunk: object, fmap: FieldMap) -> str | None:
    """The recorded mapping of a JSON Lines record (the older layouts: the folder's `[values]`)."""
    if layout != jsonl.LAYOUT or getattr(chunk, "problem", None) is not None:
        return values_json(fmap)
    try:
        value = json.loads(raw_text)
    except json.JSONDecodeError:
        return None
    return field_map_json(fmap, list(value) if isinstance(value, dict) else [])
