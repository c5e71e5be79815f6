"""JSON Lines: one article object per line.

    {"title": "...", "published_at": "2024-03-05T10:30:00+03:00", "body": "p1\\n\\np2", "url": ...}

A line that is not a JSON object is its own malformed record; the other lines still load. This
module splits lines and locates their members; `fielded` maps the members to article fields.
Spans point at the source characters of each JSON string, so for a value written without
escapes (UTF-8 JSON with ensure_ascii=False, the usual case) raw_text[span] is the value
itself; where the source escapes characters (\\" or \\u0627) the span covers the escaped form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.decoder import scanstring
from typing import Any

LAYOUT = "jsonl"

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


@dataclass(frozen=True, slots=True)
class Member:
    """A top-level member's decoded value and where its value starts/ends in the line."""

    value: Any
    start: int
    end: int


def check_line(line: str) -> str | None:
    """Why a line is not an article object (None when it is one)."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return f"invalid JSON: {error.msg} (column {error.colno})"
    if not isinstance(value, dict):
        return f"a JSON {type(value).__name__} where an article object was expected"
    return None


def members(line: str) -> dict[str, Member]:
    """Top-level members of a one-line JSON object with their source positions (last key wins)."""
    pos = _skip(line, 0)
    if line[pos : pos + 1] != "{":
        raise ValueError("not a JSON object")
    pos = _skip(line, pos + 1)
    found: dict[str, Member] = {}
    if line[pos : pos + 1] == "}":
        return found
    while True:
        if line[pos : pos + 1] != '"':
            raise ValueError("expected a key")
        key, pos = scanstring(line, pos + 1)
        pos = _skip(line, pos)
        if line[pos : pos + 1] != ":":
            raise ValueError("expected ':'")
        start = _skip(line, pos + 1)
        value, end = _DECODER.raw_decode(line, start)
        found[key] = Member(value, start, end)
        pos = _skip(line, end)
        if line[pos : pos + 1] == ",":
            pos = _skip(line, pos + 1)
            continue
        if line[pos : pos + 1] == "}":
            return found
        raise ValueError("expected ',' or '}'")


def _skip(line: str, pos: int) -> int:
    while pos < len(line) and line[pos] in _WS:
        pos += 1
    return pos


def _char_offsets(line: str, member: Member) -> list[int]:
    """Source offset of each decoded character of a JSON string, plus one for its end."""
    offsets: list[int] = []
    pos = member.start + 1
    stop = member.end - 1  # the closing quote
    while pos < stop:
        offsets.append(pos)
        if line[pos] != "\\":
            pos += 1
        elif line[pos + 1] != "u":
            pos += 2
        else:
            code = int(line[pos + 2 : pos + 6], 16)
            pos += 6
            if 0xD800 <= code < 0xDC00 and line[pos : pos + 2] == "\\u":
                pos += 6  # a surrogate pair decodes to one character
    offsets.append(stop)
    return offsets


def list_members(line: str, member: Member) -> list[Member]:
    items: list[Member] = []
    pos = _skip(line, member.start + 1)
    while pos < member.end - 1:
        value, end = _DECODER.raw_decode(line, pos)
        items.append(Member(value, pos, end))
        pos = _skip(line, end)
        if line[pos : pos + 1] == ",":
            pos = _skip(line, pos + 1)
    return items
