"""JSON Lines: one article object per line.

    {"title": "...", "published_at": "2024-03-05T10:30:00+03:00", "body": "p1\\n\\np2", "url": ...}

A line that is not a JSON object is its own malformed record; the other lines still load.
Spans point at the source characters of each JSON string, so for a value written without
escapes (UTF-8 JSON with ensure_ascii=False, the usual case) raw_text[span] is the value
itself; where the source escapes characters (\\" or \\u0627) the span covers the escaped form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.decoder import scanstring
from typing import Any

from marsad.records import ParsedArticle, Reason, Span
from marsad.sources.fields import (
    BLANK,
    FieldError,
    require_content,
    set_byline,
    set_date,
    set_paragraphs,
    trim,
)

LAYOUT = "jsonl"

TEXT_FIELDS = (("title", "title"), ("section", "section"), ("source", "source"), ("url", "url"))
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


def _string_span(line: str, member: Member, start: int, end: int) -> Span:
    """Source span of decoded characters [start, end) of a JSON string member."""
    offsets = _char_offsets(line, member)
    return Span(offsets[start], offsets[end])


def _trimmed(line: str, member: Member | None) -> tuple[str | None, Span | None]:
    if member is None or not isinstance(member.value, str):
        return None, None
    value: str = member.value
    inner = trim(value, 0, len(value))
    if inner is None:
        return None, None
    return value[inner.start : inner.end], _string_span(line, member, inner.start, inner.end)


def _paragraphs(line: str, member: Member | None) -> tuple[list[str], list[Span]]:
    """Non-blank lines of the body string (or of each item of a body list)."""
    if member is None:
        return [], []
    if isinstance(member.value, str):
        parts = [(member, member.value)]
    elif isinstance(member.value, list):
        parts = []
        for item_member in _list_members(line, member):
            if isinstance(item_member.value, str):
                parts.append((item_member, item_member.value))
    else:
        return [], []
    texts: list[str] = []
    spans: list[Span] = []
    for part, value in parts:
        offsets = _char_offsets(line, part)
        pos = 0
        for piece in value.split("\n"):
            inner = trim(piece, 0, len(piece))
            if inner is not None:
                texts.append(piece[inner.start : inner.end])
                spans.append(Span(offsets[pos + inner.start], offsets[pos + inner.end]))
            pos += len(piece) + 1
    return texts, spans


def _list_members(line: str, member: Member) -> list[Member]:
    items: list[Member] = []
    pos = _skip(line, member.start + 1)
    while pos < member.end - 1:
        value, end = _DECODER.raw_decode(line, pos)
        items.append(Member(value, pos, end))
        pos = _skip(line, end)
        if line[pos : pos + 1] == ",":
            pos = _skip(line, pos + 1)
    return items


def date_text(line: str) -> str | None:
    """The published_at string of a line (None when absent); the routing hint reads only this."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    written = value.get("published_at") if isinstance(value, dict) else None
    if not isinstance(written, str):
        return None
    return written.strip(BLANK) or None


def parse(line: str) -> ParsedArticle:
    """Fields of one JSON line; raises FieldError for a missing title/body or a bad date."""
    try:
        found = members(line)
    except ValueError as error:
        raise FieldError(Reason.MALFORMED_RECORD, f"not an article object: {error}") from None
    article = ParsedArticle()
    for key, name in TEXT_FIELDS:
        value, span = _trimmed(line, found.get(key))
        if value is not None and span is not None:
            setattr(article, name, value)
            article.spans[name] = span
    author = found.get("author")
    if author is not None and isinstance(author.value, str):
        _, span = _trimmed(line, author)
        if span is not None and span.end - span.start == len(author.value.strip(BLANK)):
            set_byline(article, line, span)
        elif span is not None:  # escaped source text: keep the whole value, no split
            article.author, article.spans["author"] = author.value.strip(BLANK), span
    texts, spans = _paragraphs(line, found.get("body"))
    set_paragraphs(article, line, spans, texts)
    require_content(article)
    published = found.get("published_at")
    if published is not None and published.value is not None:
        if not isinstance(published.value, str):
            raise FieldError(
                Reason.UNPARSEABLE_DATE, f"cannot read the date {published.value!r} (not a string)"
            )
        offsets = _char_offsets(line, published)
        inner = trim(published.value, 0, len(published.value))
        if inner is not None:
            written = published.value[inner.start : inner.end]
            set_date(
                article,
                written,
                lambda a, b: Span(offsets[inner.start + a], offsets[inner.start + b]),
            )
    return article
