"""Interpret raw records: one parser per layout, one rejection per record that cannot be used."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from marsad.records import ParsedArticle, RawRecord, Reason, Rejection
from marsad.sources import fielded, scraped_page, trec_xml
from marsad.sources.field_map import from_recorded
from marsad.sources.fields import FieldError, date_of
from marsad.sources.identity import article_id

STAGE = "parsed"

_PARSERS = {
    scraped_page.LAYOUT: scraped_page.parse,
    trec_xml.LAYOUT: trec_xml.parse,
}


def _reject(record: RawRecord, reason: Reason, message: str) -> Rejection:
    return Rejection(
        STAGE,
        reason,
        message,
        record.source_file,
        record.record_no,
        record.line_no,
        article_id(record),
    )


def parse_record(record: RawRecord) -> ParsedArticle | Rejection:
    """All fields of one record, each with its span into record.raw_text, or why it is unusable.

    A record with no date text at all is kept (published_at None); one whose date text cannot
    be read is rejected as UNPARSEABLE_DATE with the text quoted.
    """
    try:
        if record.layout in fielded.LAYOUTS:  # JSON Lines/array, CSV, Parquet, HTML
            article = fielded.parse(record)
        else:
            parser = _PARSERS.get(record.layout)
            if parser is None:
                message = f"no parser for layout {record.layout!r}"
                return _reject(record, Reason.UNKNOWN_LAYOUT, message)
            article = parser(record.raw_text)
    except FieldError as error:
        return _reject(record, error.reason, error.message)
    for name, value in from_recorded(record.field_map).values.items():
        if getattr(article, name) is None:  # the folder's `[values]`: no span, not in the text
            setattr(article, name, value)
    return article


def parse_many(
    records: Iterable[RawRecord],
) -> tuple[list[tuple[RawRecord, ParsedArticle]], list[Rejection]]:
    """Parse a batch; an unexpected parser error rejects that record (STAGE_ERROR), not the batch."""
    parsed: list[tuple[RawRecord, ParsedArticle]] = []
    rejected: list[Rejection] = []
    for record in records:
        try:
            result = parse_record(record)
        except Exception as error:  # noqa: BLE001 - a bug must not stop the batch
            result = _reject(record, Reason.STAGE_ERROR, f"{type(error).__name__}: {error}")
        if isinstance(result, Rejection):
            rejected.append(result)
        else:
            parsed.append((record, result))
    return parsed, rejected


def published_date_hint(record: RawRecord) -> date | None:
    """The publication date, finding and parsing only the date (to route records cheaply).

    It reads the same date text with the same parser as `parse_record`, so for every record
    that parses the two agree on published_date.
    """
    text = record.raw_text
    if record.layout in fielded.LAYOUTS:
        return fielded.date_hint(record)
    if record.layout == trec_xml.LAYOUT:
        span = trec_xml.date_span(text)
    elif record.layout == scraped_page.LAYOUT:
        span = scraped_page.date_span(text)
    else:
        return None
    return None if span is None else date_of(text[span.start : span.end])
