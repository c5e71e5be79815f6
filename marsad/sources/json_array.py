"""JSON exports: a top-level array of article objects, or an object holding one such array.

    [{"source": "…", "url": "…", "date_extracted": "2015-07-21 02:51:32", "title": "…",
      "content": "…"}, …]
    {"articles": [ … ]}        (also data / items / results / records / posts / news / …)

Each element's raw_text is the element's own source text (pretty-printing included), so the
spans of `fielded` index it directly. An element that is not an object is its own malformed
record; an element with a syntax error is cut out up to the next «}, {» boundary and
quarantined alone, so one broken element does not cost the file's other articles.
"""

from __future__ import annotations

import json
import re

from marsad.sources.fielded import JSON_ARRAY
from marsad.sources.fields import BLANK, trim
from marsad.sources.jsonl import members
from marsad.sources.pieces import Piece

LAYOUT = JSON_ARRAY
CONTAINER_KEYS = (
    "articles", "data", "items", "results", "records", "posts", "news", "rows", "entries",
    "documents", "docs", "stories",
)  # fmt: skip
_DECODER = json.JSONDecoder()
_WS = " \t\n\r"
_NEXT_ELEMENT = re.compile(r"\}\s*,\s*(?=\{)")


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


def array_start(text: str) -> int | None:
    """Offset of the «[» opening the article array; -1 for a file holding one article object;
    None when the file is neither (JSON Lines, say: more JSON follows the first object)."""
    pos = 0
    while pos < len(text) and text[pos] in BLANK:
        pos += 1
    if text[pos : pos + 1] == "[":
        return pos
    if text[pos : pos + 1] != "{":
        return None
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError:
        return _container_by_scan(text, pos)
    if text[end:].strip(BLANK) or not isinstance(value, dict):
        return None
    found = members(text[pos:end])
    by_lower = {key.lower(): member for key, member in found.items()}
    for key in CONTAINER_KEYS:
        member = by_lower.get(key)
        if member is not None and isinstance(member.value, list):
            return pos + member.start
    return -1


def _container_by_scan(text: str, pos: int) -> int | None:
    """For a container whose array holds a broken element: find `"articles": [` by pattern."""
    keys = "|".join(CONTAINER_KEYS)
    match = re.compile(rf'"(?i:{keys})"\s*:\s*\[').search(text, pos, pos + 4096)
    return None if match is None else match.end() - 1


def split(text: str) -> list[Piece]:
    """The elements of the article array, in order; bad ones carry their problem."""
    start = array_start(text)
    if start is None:
        return []
    if start == -1:  # one article object, pretty-printed over several lines
        body = trim(text, 0, len(text))
        if body is None:
            return []
        value = json.loads(text)
        return [Piece(text[body.start : body.end], body.start, None, tuple(value))]
    pieces: list[Piece] = []
    pos = _skip(text, start + 1)
    while pos < len(text) and text[pos] != "]":
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            end = _resync(text, error.pos)
            pieces.append(Piece(text[pos:end].rstrip(_WS + ",]}"), pos, _invalid(text, error)))
            pos = _skip(text, end)
            continue
        if isinstance(value, dict):
            pieces.append(Piece(text[pos:end], pos, None, tuple(value)))
        else:
            problem = f"a JSON {type(value).__name__} where an article object was expected"
            pieces.append(Piece(text[pos:end], pos, problem))
        pos = _skip(text, end)
        if text[pos : pos + 1] == ",":
            pos = _skip(text, pos + 1)
        elif text[pos : pos + 1] != "]" and pos < len(text):
            end = _resync(text, pos)
            pieces.append(
                Piece(text[pos:end].rstrip(_WS + ","), pos, "expected ',' or ']' between elements")
            )
            pos = _skip(text, end)
    return pieces


def _invalid(text: str, error: json.JSONDecodeError) -> str:
    return f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno} of the file)"


def _resync(text: str, pos: int) -> int:
    """Where the next element starts after a broken one (the file's end if none does)."""
    match = _NEXT_ELEMENT.search(text, pos)
    if match is None:
        return len(text)
    return match.end()
