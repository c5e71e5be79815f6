"""TREC-style XML (the ANT corpus): one or many <DOC> elements per file.

Real crawls are not valid XML (a bare «&» in «AT&T», a stray «<»), so tags are found with a
tolerant regex scan instead of an XML parser, and only well-formed entities are unescaped in
field values. A <DOC> that never closes, or that opens a field tag it never closes, is
malformed on its own; the other DOCs of the file still load.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from marsad.records import ParsedArticle, Span
from marsad.sources.fields import (
    line_spans,
    require_content,
    set_byline,
    set_date,
    set_paragraphs,
    set_text,
    trim,
)

LAYOUT = "trec_xml"

FIELDS = ("DOCNO", "URL", "SRC", "CAT", "TITLE", "TIME", "AUTHOR", "ABSTRACT", "TEXT")
_DOC_OPEN = re.compile(r"<DOC(?:\s[^>]*)?>", re.IGNORECASE)
_DOC_ANY = re.compile(r"<DOC(?:\s[^>]*)?>|</DOC\s*>", re.IGNORECASE)
_FIELD = re.compile(
    r"<(" + "|".join(FIELDS) + r")(?:\s[^>]*)?>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL
)
_FIELD_OPEN = re.compile(r"<(" + "|".join(FIELDS) + r")(?:\s[^>]*)?>", re.IGNORECASE)
_FIELD_CLOSE = re.compile(r"</(" + "|".join(FIELDS) + r")\s*>", re.IGNORECASE)
_TIME = re.compile(r"<TIME(?:\s[^>]*)?>(.*?)</TIME\s*>", re.IGNORECASE | re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CDATA = re.compile(r"\s*<!\[CDATA\[(.*?)\]\]>\s*\Z", re.DOTALL)


@dataclass(frozen=True, slots=True)
class DocChunk:
    """One <DOC>…</DOC> slice of a file (or the unclosed rest of one), with a problem if any."""

    start: int
    end: int
    problem: str | None = None


def looks_like(text: str) -> bool:
    """A <DOC> element opens near the top (after an optional XML declaration or wrapper)."""
    return _DOC_OPEN.search(text, 0, 4096) is not None


def split_docs(text: str) -> list[DocChunk]:
    """The <DOC> elements of a file in order; an unclosed or broken one carries its problem."""
    chunks: list[DocChunk] = []
    open_at: int | None = None
    for tag in _DOC_ANY.finditer(text):
        is_open = not tag.group(0).startswith("</")
        if is_open:
            if open_at is not None:
                chunks.append(DocChunk(open_at, tag.start(), "<DOC> is never closed"))
            open_at = tag.start()
        elif open_at is not None:
            chunks.append(_checked(text, open_at, tag.end()))
            open_at = None
    if open_at is not None:
        chunks.append(DocChunk(open_at, len(text), "<DOC> is never closed"))
    return chunks


def _checked(text: str, start: int, end: int) -> DocChunk:
    """A closed DOC is malformed when a field tag inside opens without closing (or vice versa)."""
    opened = [m.group(1).upper() for m in _FIELD_OPEN.finditer(text, start, end)]
    closed = [m.group(1).upper() for m in _FIELD_CLOSE.finditer(text, start, end)]
    for name in FIELDS:
        if opened.count(name) != closed.count(name):
            return DocChunk(start, end, f"<{name}> is not closed properly")
    return DocChunk(start, end)


def _field_spans(text: str) -> dict[str, Span]:
    """Inner spans of each field's first occurrence (CDATA wrappers removed)."""
    spans: dict[str, Span] = {}
    for match in _FIELD.finditer(text):
        name = match.group(1).upper()
        if name in spans:
            continue
        start, end = match.span(2)
        cdata = _CDATA.match(text, start, end)
        if cdata is not None:
            start, end = cdata.span(1)
        spans[name] = Span(start, end)
    return spans


def field_values(text: str, names: Sequence[str]) -> Iterator[str]:
    """The named fields of every well-formed DOC in a file, unescaped, in file then `names` order.

    For readers that want the text without the article around it (the NER word clusters)."""
    for chunk in split_docs(text):
        if chunk.problem is not None:
            continue
        doc = text[chunk.start : chunk.end]
        found = _field_spans(doc)
        for name in names:
            span = found.get(name)
            if span is not None:
                yield unescape(doc[span.start : span.end])


def unescape(value: str) -> str:
    """Replace well-formed entities only; a bare «&» (as in «AT&T») is text, not markup."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), value) if "&" in value else value


def date_span(text: str) -> Span | None:
    """Where the DOC states its date (the trimmed <TIME> value), if it does."""
    match = _TIME.search(text)
    return None if match is None else trim(text, *match.span(1))


def _value(text: str, span: Span | None) -> tuple[str | None, Span | None]:
    if span is None:
        return None, None
    inner = trim(text, span.start, span.end)
    if inner is None:
        return None, None
    return unescape(text[inner.start : inner.end]), inner


def parse(text: str) -> ParsedArticle:
    """Fields of one DOC; section = CAT and source = SRC as the corpus writes them."""
    found = _field_spans(text)
    article = ParsedArticle()
    for tag, name in (
        ("TITLE", "title"),
        ("CAT", "section"),
        ("SRC", "source"),
        ("URL", "url"),
        ("ABSTRACT", "abstract"),
    ):
        value, span = _value(text, found.get(tag))
        set_text(article, name, value, span)
    _, author = _value(text, found.get("AUTHOR"))
    set_byline(article, text, author)
    body = found.get("TEXT")
    spans = line_spans(text, body.start, body.end) if body is not None else []
    set_paragraphs(article, text, spans, [unescape(text[s.start : s.end]) for s in spans])
    require_content(article)
    time = date_span(text)
    if time is not None:
        set_date(article, text[time.start : time.end], time.start)
    return article
