"""Helpers every layout parser shares: trimmed spans, paragraphs, dates, counts, bylines.

Each helper writes a field's value *and* its span into `ParsedArticle`, so no layout can record
a value without saying where in `raw_text` it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from marsad.records import ParsedArticle, Reason, Span
from marsad.text.dateline import find_body_dateline, split_author
from marsad.text.dates import DateMatch, parse_date

# Characters that make a line look non-empty without carrying text (NBSP, BOM, bidi marks).
BLANK = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200e\u200f\u2028\u2029\u202f\u205f\u3000\ufeff"
_DIGIT_GROUPING = re.compile(r"[,\u066c\u060c.\u00a0 ]")
_INTEGER = re.compile(r"\d+(?:[,\u066c.]\d{3})*")


class FieldError(Exception):
    """A record-level problem a parser reports as a quarantine reason (never escapes parse)."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def trim(text: str, start: int, end: int) -> Span | None:
    """The span [start, end) without blank characters at either end; None if nothing is left."""
    while start < end and text[start] in BLANK:
        start += 1
    while end > start and text[end - 1] in BLANK:
        end -= 1
    return Span(start, end) if end > start else None


def line_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Trimmed spans of the non-blank lines of text[start:end] (a paragraph per line)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    pos = start
    while pos < end:
        newline = text.find("\n", pos, end)
        line_end = end if newline == -1 else newline
        span = trim(text, pos, line_end)
        if span is not None:
            spans.append(span)
        pos = line_end + 1
    return spans


def set_text(article: ParsedArticle, name: str, value: str | None, span: Span | None) -> None:
    """Record a text field and its span (skipped when the value is empty)."""
    if value is None or span is None or not value.strip(BLANK):
        return
    setattr(article, name, value)
    article.spans[name] = span


def set_date(
    article: ParsedArticle, written: str, to_span: Callable[[int, int], Span] | int
) -> None:
    """Parse `written` with `marsad.text.dates` and record the date; FieldError if it is unreadable.

    `to_span` maps offsets in `written` to a span in raw_text: an int when `written` is a plain
    slice of raw_text starting there, a function where the source escapes characters (JSON).
    """
    match = _publication_date(written)
    if match is None:
        raise FieldError(Reason.UNPARSEABLE_DATE, f"cannot read the date {written!r}")
    if isinstance(to_span, int):
        span = Span(to_span + match.start, to_span + match.end)
    else:
        span = to_span(match.start, match.end)
    article.published_at = match.value
    article.utc_offset_minutes = match.utc_offset_minutes
    article.published_date = match.value.date()
    article.weekday_conflict = bool(match.weekday_conflict)
    article.date_text = written[match.start : match.end]
    article.spans["date"] = span


def _publication_date(written: str) -> DateMatch | None:
    """parse_date, minus matches without a year («5 يناير»): no use as a publication date."""
    match = parse_date(written)
    return match if match is not None and match.year_known else None


def date_of(written: str) -> date | None:
    """The publication date of a date text (None if unreadable): the routing hint's rule."""
    match = _publication_date(written)
    return None if match is None else match.value.date()


def to_count(text: str) -> int | None:
    """A visit/comment count in Western or Arabic-Indic digits («٨٨٩», «1,204»), else None."""
    match = _INTEGER.search(text)
    if match is None:
        return None
    return int(_DIGIT_GROUPING.sub("", match.group(0)))


def set_count(article: ParsedArticle, name: str, raw: str, span: Span | None) -> None:
    if span is None:
        return
    value = to_count(raw[span.start : span.end])
    if value is not None:
        setattr(article, name, value)
        article.spans[name] = span


def set_byline(article: ParsedArticle, raw: str, span: Span | None) -> None:
    """Split a byline at `span` into author and dateline place, both spanned into raw."""
    if span is None:
        return
    dateline = split_author(raw[span.start : span.end])
    if dateline.author_span is not None:
        set_text(article, "author", dateline.author, _shift(dateline.author_span, span.start))
    if dateline.place_span is not None:
        set_text(article, "dateline_place", dateline.place, _shift(dateline.place_span, span.start))


def set_paragraphs(article: ParsedArticle, raw: str, spans: list[Span], texts: list[str]) -> None:
    """Body paragraphs; a dateline opening the first one fills place/author if still unknown."""
    article.paragraphs = texts
    article.paragraph_spans = spans
    if not spans or article.dateline_place is not None:
        return
    first = spans[0]
    dateline = find_body_dateline(raw[first.start : first.end])
    if dateline is None:
        return
    if dateline.place_span is not None:
        set_text(
            article, "dateline_place", dateline.place, _shift(dateline.place_span, first.start)
        )
    if article.author is None and dateline.author_span is not None:
        set_text(article, "author", dateline.author, _shift(dateline.author_span, first.start))


def require_content(article: ParsedArticle) -> None:
    """An article needs a title and at least one paragraph to be worth keeping."""
    if not article.title:
        raise FieldError(Reason.MISSING_TITLE, "no title found")
    if not article.paragraphs:
        raise FieldError(Reason.MISSING_BODY, "no body paragraphs found")


def _shift(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset)
