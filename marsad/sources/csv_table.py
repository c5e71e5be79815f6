"""CSV and TSV exports: a header row, then one article per row (quoted cells may hold newlines).

The file is split into rows by Python's `csv` module. Each record's raw_text is the header line,
a newline, and the row's own lines exactly as written — a self-contained one-row CSV — so the
row can be read again on its own and every cell has a span into it. A cell written with
doubled quotes («""») keeps the escaped form inside its span, as JSON escapes do.

The delimiter is the one of «,», «\\t», «;», «|» the header uses most (outside quotes).
A row whose cell count differs from the header's is its own malformed record; the rest load.
"""

from __future__ import annotations

import csv
import re
from typing import Any

from marsad.records import Reason
from marsad.sources.fields import FieldError
from marsad.sources.pieces import Cell, Piece

LAYOUT = "csv"
DELIMITERS = (",", "\t", ";", "|")
SUFFIXES = (".csv", ".tsv")
csv.field_size_limit(1 << 30)
_STOPS = {d: re.compile(f"[{re.escape(d)}\n]") for d in DELIMITERS}


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most outside quoted names («,» on a tie or none)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def split(text: str) -> list[Piece]:
    """Records of a decoded, LF-normalised CSV file, in order; bad rows carry their problem."""
    starts = _line_starts(text)
    lines = [text[s : (starts[i + 1] if i + 1 < len(starts) else len(text))] for i, s in
             enumerate(starts)]  # fmt: skip
    header_line = lines[0].rstrip("\n")
    delimiter = sniff_delimiter(header_line)
    reader = csv.reader(iter(lines), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return []
    header_text = text[: _end_of(starts, text, reader.line_num)]
    keys = tuple(header)
    pieces: list[Piece] = []
    done = reader.line_num
    while True:
        first = done
        try:
            row = next(reader)
            problem = None
        except StopIteration:
            break
        except csv.Error as error:
            row, problem = None, f"unreadable CSV row: {error}"
        done = reader.line_num
        start = starts[first] if first < len(starts) else len(text)
        row_text = text[start : _end_of(starts, text, done)]
        if not row_text.strip():
            continue  # a blank line between rows (a row of blank cells is a record)
        if problem is None and row is not None and len(row) != len(header):
            problem = f"{len(row)} cells where the header has {len(header)}"
        pieces.append(Piece(header_text + "\n" + row_text, start, problem, keys))
    return pieces


def _end_of(starts: list[int], text: str, line_count: int) -> int:
    """Offset of the end of line number `line_count` (1-based), without its newline."""
    end = starts[line_count] - 1 if line_count < len(starts) else len(text)
    return end if end >= 0 else 0


def _scan_row(text: str, pos: int, delimiter: str) -> tuple[list[Cell], int]:
    """Cells of the row starting at `pos` with the offset of each decoded character.

    Runs without escapes are copied with str.find/slices (a body is one long run), so a row
    costs a few string operations per quote, not a Python step per character.
    """
    stop = _STOPS.get(delimiter) or re.compile(f"[{re.escape(delimiter)}\n]")
    cells: list[Cell] = []
    n = len(text)
    while True:
        parts: list[str] = []
        offsets: list[int] = []
        last = pos
        if pos < n and text[pos] == '"':
            pos += 1
            while True:
                quote = text.find('"', pos)
                if quote == -1:  # unterminated: the rest of the record
                    parts.append(text[pos:])
                    offsets.extend(range(pos, n))
                    pos = last = n
                    break
                parts.append(text[pos:quote])
                offsets.extend(range(pos, quote))
                if text.startswith('"', quote + 1):  # «""» is one quote character
                    parts.append('"')
                    offsets.append(quote)
                    pos = quote + 2
                    continue
                pos, last = quote + 1, quote
                break
        match = stop.search(text, pos)
        end = n if match is None else match.start()
        if end > pos:  # unquoted text (or text after a closing quote, kept as csv does)
            parts.append(text[pos:end])
            offsets.extend(range(pos, end))
            last = end
        pos = end
        offsets.append(last)
        cells.append(Cell("".join(parts), offsets))
        if pos < n and text[pos] == delimiter:
            pos += 1
            continue
        return cells, pos + 1


def cells(raw: str) -> tuple[list[str], dict[str, list[Cell]]]:
    """The header's keys and each key's cell in a one-row CSV record."""
    delimiter = sniff_delimiter(raw.split("\n", 1)[0])
    header, pos = _scan_row(raw, 0, delimiter)
    if pos > len(raw):
        raise FieldError(Reason.MALFORMED_RECORD, "a CSV record without a data row")
    row, _ = _scan_row(raw, pos, delimiter)
    keys = [cell.text for cell in header]
    found: dict[str, list[Cell]] = {}
    for key, cell in zip(keys, row, strict=False):
        found.setdefault(key, [cell])
    return keys, found


def values(raw: str) -> dict[str, Any] | None:
    """key -> cell text of a one-row CSV record, read exactly as `cells` reads it."""
    try:
        _, found = cells(raw)
    except FieldError:
        return None
    return {key: found_cells[0].text for key, found_cells in found.items()}
