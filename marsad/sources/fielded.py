"""Records made of named fields (JSON objects, CSV rows, Parquet rows, extracted HTML pages).

Every such record is read the same way: its keys are mapped to article fields
(`field_map.FieldMap`), and each value keeps the offsets of its characters in the record's
`raw_text`, so every field and paragraph gets an exact span however the source escapes text
(JSON «\\"», CSV «""»). The article id of a fielded record hashes its title and body (after
whitespace normalisation), not its serialisation, so the same article landed as JSON, CSV,
Parquet and HTML is one article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from marsad.records import ParsedArticle, RawRecord, Reason, Span
from marsad.sources import csv_table, jsonl
from marsad.sources.field_map import KNOWN_KEYS, FieldMap, from_recorded, record_json
from marsad.sources.fields import (
    BLANK,
    FieldError,
    date_of,
    require_content,
    set_byline,
    set_date,
    set_paragraphs,
    trim,
)
from marsad.sources.pieces import Cell

JSON_ARRAY = "json_array"
CSV = csv_table.LAYOUT
PARQUET = "parquet"
HTML_PAGE = "html_page"
# layouts whose raw_text is one JSON object (a JSON Lines line, an array element, a Parquet
# row serialised by marsad, the fields trafilatura extracted from an HTML page)
JSON_LAYOUTS = frozenset({jsonl.LAYOUT, JSON_ARRAY, PARQUET, HTML_PAGE})
LAYOUTS = JSON_LAYOUTS | {CSV}

TEXT_FIELDS = ("title", "section", "source", "url")
_UNIX_SECONDS = re.compile(r"[0-9]{9,10}(?:\.[0-9]+)?")
_UNIX_MILLIS = re.compile(r"[0-9]{12,13}")
# invisible format characters (bidi marks, zero-width, soft hyphen): HTML extractors drop them,
# so the id of a fielded record ignores them, as it ignores whitespace runs
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


# --- cells of one record ------------------------------------------------------------------


def _json_cells(raw: str) -> tuple[list[str], dict[str, list[Cell]]]:
    """Keys of a JSON object record and the text cells of each (a list value: one per item)."""
    try:
        found = jsonl.members(raw)
    except ValueError as error:
        raise FieldError(Reason.MALFORMED_RECORD, f"not an article object: {error}") from None
    cells: dict[str, list[Cell]] = {}
    for key, member in found.items():
        cells[key] = _member_cells(raw, member)
    return list(found), cells


def _member_cells(raw: str, member: jsonl.Member) -> list[Cell]:
    value = member.value
    if isinstance(value, str):
        return [Cell(value, _string_offsets(raw, member))]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        offsets = list(range(member.start, member.end + 1))
        return [Cell(raw[member.start : member.end], offsets, number=True)]
    if isinstance(value, list):
        out: list[Cell] = []
        for item in jsonl.list_members(raw, member):
            out.extend(_member_cells(raw, item))
        return out
    if isinstance(value, dict):  # {"name": "…"} authors and publishers
        for inner in ("name", "title", "text", "value"):
            if isinstance(value.get(inner), str):
                return _nested_cells(raw, member, inner)
    return []


def _string_offsets(raw: str, member: jsonl.Member) -> list[int]:
    """Source offset of each decoded character of a JSON string, plus one for its end.

    `jsonl._char_offsets`'s rule, with runs between escapes added as ranges (a body is
    thousands of characters and a few «\\n» escapes).
    """
    offsets: list[int] = []
    pos, stop = member.start + 1, member.end - 1  # inside the quotes
    while True:
        escape = raw.find("\\", pos, stop)
        if escape == -1:
            offsets.extend(range(pos, stop))
            break
        offsets.extend(range(pos, escape))
        offsets.append(escape)
        if raw[escape + 1] != "u":
            pos = escape + 2
            continue
        code = int(raw[escape + 2 : escape + 6], 16)
        pos = escape + 6
        if 0xD800 <= code < 0xDC00 and raw.startswith("\\u", pos):
            pos += 6  # a surrogate pair decodes to one character
    offsets.append(stop)
    return offsets


def _nested_cells(raw: str, member: jsonl.Member, inner: str) -> list[Cell]:
    """The cells of `inner` in an object value: parse the object's own text, shift offsets."""
    text = raw[member.start : member.end]
    found = jsonl.members(text)
    if inner not in found:
        return []
    return [
        Cell(cell.text, [member.start + o for o in cell.offsets])
        for cell in _member_cells(text, found[inner])
    ]


def cells_of(record: RawRecord) -> tuple[list[str], dict[str, list[Cell]]]:
    if record.layout == CSV:
        return csv_table.cells(record.raw_text)
    return _json_cells(record.raw_text)


# --- parsing ------------------------------------------------------------------------------


def _first(cells: list[Cell], numbers: bool = False) -> tuple[Cell, Span] | None:
    """The first non-blank text cell (or number, if `numbers`) and its trimmed span."""
    for cell in cells:
        if cell.number and not numbers:
            continue
        inner = trim(cell.text, 0, len(cell.text))
        if inner is not None:
            return cell, inner
    return None


def _missing(name: str, fmap: FieldMap, keys: list[str]) -> FieldError:
    reason = Reason.MISSING_BODY if name == "body" else Reason.MISSING_TITLE
    looked = ", ".join(fmap.body_keys() if name == "body" else _title_keys(fmap))
    had = ", ".join(keys) if keys else "none"
    return FieldError(reason, f"no {name} under any of the keys {looked}; the record has: {had}")


def _title_keys(fmap: FieldMap) -> list[str]:
    return [fmap.explicit["title"]] if "title" in fmap.explicit else list(KNOWN_KEYS["title"])


def parse(record: RawRecord) -> ParsedArticle:
    """Fields of a fielded record, each with its span; FieldError says why it is unusable."""
    fmap = from_recorded(record.field_map)
    keys, cells = cells_of(record)
    chosen = fmap.resolve(keys)
    raw = record.raw_text
    article = ParsedArticle()
    for name in TEXT_FIELDS:
        found = _first(cells.get(chosen.get(name, ""), []))
        if found is not None:
            cell, inner = found
            setattr(article, name, cell.text[inner.start : inner.end])
            article.spans[name] = cell.span(inner.start, inner.end)
    author = _first(cells.get(chosen.get("author", ""), []))
    if author is not None:
        cell, inner = author
        span = cell.span(inner.start, inner.end)
        if cell.is_verbatim(raw):
            set_byline(article, raw, span)
        else:  # escaped source text: keep the whole value, no split
            article.author, article.spans["author"] = cell.text[inner.start : inner.end], span
    texts: list[str] = []
    spans: list[Span] = []
    for cell in cells.get(chosen.get("body", ""), []):
        if cell.number:
            continue
        pos = 0
        for piece in cell.text.split("\n"):
            inner = trim(piece, 0, len(piece))
            if inner is not None:
                texts.append(piece[inner.start : inner.end])
                spans.append(cell.span(pos + inner.start, pos + inner.end))
            pos += len(piece) + 1
    if not article.title:
        raise _missing("title", fmap, keys)
    if "body" not in chosen:
        raise _missing("body", fmap, keys)
    set_paragraphs(article, raw, spans, texts)
    require_content(article)
    found = _first(cells.get(chosen.get("published_at", ""), []), numbers=True)
    if found is not None:
        cell, inner = found
        written = cell.text[inner.start : inner.end]
        unix = _unix_time(written)
        if unix is not None:
            article.published_at = unix
            article.utc_offset_minutes = 0
            article.published_date = unix.date()
            article.date_text = written
            article.spans["date"] = cell.span(inner.start, inner.end)
        else:
            set_date(article, written, _shifted(cell, inner.start))
    return article


def _shifted(cell: Cell, offset: int) -> Callable[[int, int], Span]:
    return lambda a, b: cell.span(offset + a, offset + b)


def _unix_time(written: str) -> datetime | None:
    """Unix seconds (9–10 digits, optional fraction) or milliseconds (12–13 digits), as UTC."""
    if _UNIX_SECONDS.fullmatch(written):
        seconds = float(written)
    elif _UNIX_MILLIS.fullmatch(written):
        seconds = int(written) / 1000
    else:
        return None
    return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)


# --- cheap reads for the raw stage: identity and routing date -----------------------------


def values(record: RawRecord) -> dict[str, Any] | None:
    """The record's decoded key -> value (None when it is not an object)."""
    if record.layout == CSV:
        return csv_table.values(record.raw_text)
    try:
        value = json.loads(record.raw_text)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _strings(value: Any) -> list[str]:
    """The text values `parse` reads from a value: a string, list items, an object's name."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        inner = next((value[k] for k in ("name", "title", "text", "value") if k in value), None)
        return [inner] if isinstance(inner, str) else []
    return []


def content_text(record: RawRecord) -> str | None:
    """Title and body of a fielded record (what its article id hashes), None if either is absent.

    The same text `parse` keeps, up to whitespace: the id normalises whitespace runs anyway.
    """
    if record.layout not in LAYOUTS:
        return None
    found = values(record)
    if found is None:
        return None
    chosen = from_recorded(record.field_map).resolve(found)
    title = next((t for t in _strings(found.get(chosen.get("title", ""))) if t.strip(BLANK)), "")
    body = "\n".join(_strings(found.get(chosen.get("body", ""))))
    if not title.strip(BLANK) or not body.strip(BLANK):
        return None
    return _INVISIBLE.sub("", title.strip(BLANK) + "\n" + body)


def date_hint(record: RawRecord) -> date | None:
    """The publication date the parser would read, read cheaply (same text, same rules)."""
    found = values(record)
    if found is None:
        return None
    chosen = from_recorded(record.field_map).resolve(found)
    value = found.get(chosen.get("published_at", ""))
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        value = json.dumps(value)
    for written in _strings(value):
        written = written.strip(BLANK)
        if written:
            unix = _unix_time(written)
            return unix.date() if unix is not None else date_of(written)
    return None


def field_map_json(fmap: FieldMap, keys: tuple[str, ...] | list[str]) -> str:
    """The mapping recorded on a raw record (`raw_articles.field_map`)."""
    return record_json(fmap, keys)
