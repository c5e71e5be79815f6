"""Helpers for the fielded-layout tests: read a landing file, parse it, check spans."""

from __future__ import annotations

from pathlib import Path

from marsad.records import ParsedArticle, RawRecord, Rejection
from marsad.sources import parse_many, read_landing_file


def load(path: Path, root: Path | None = None):
    """(records, [(record, article)], rejections of both stages) for one landing file."""
    records, rejected = read_landing_file(path, root or path.parent)
    parsed, parse_rejected = parse_many(records)
    return records, parsed, rejected + parse_rejected


def assert_spans_exact(record: RawRecord, article: ParsedArticle) -> None:
    """Every field and paragraph cuts its own value out of raw_text (unescaped sources)."""
    raw = record.raw_text
    for name, span in article.spans.items():
        value = article.date_text if name == "date" else getattr(article, name)
        assert raw[span.start : span.end] == str(value), name
    assert [raw[s.start : s.end] for s in article.paragraph_spans] == article.paragraphs


def reasons(rejections: list[Rejection]) -> list[tuple[str, int | None]]:
    return [(str(r.reason), r.record_no) for r in rejections]
