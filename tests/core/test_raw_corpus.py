"""Real data: a slice of the ANT corpus reads and parses, and every date equals its <TIME>."""

from __future__ import annotations

import email.utils
import re
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from marsad.records import ParsedArticle, Reason
from marsad.sources import parse_many, published_date_hint, read_landing_file

SAMPLE_FILES = 600
_TIME = re.compile(r"<TIME>(.*?)</TIME>", re.DOTALL)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)


@pytest.fixture(scope="module")
def corpus_slice(corpus_dir: Path) -> list[Path]:
    files = sorted(corpus_dir.rglob("*.txt"))
    assert len(files) > 30_000
    step = len(files) // SAMPLE_FILES
    return files[::step][:SAMPLE_FILES]


@pytest.mark.corpus
def test_corpus_slice_reads_and_parses(corpus_dir: Path, corpus_slice: list[Path]) -> None:
    parsed_count = 0
    for path in corpus_slice:
        records, rejected = read_landing_file(path, corpus_dir)
        assert rejected == [], path
        assert len(records) == 1 and records[0].layout == "trec_xml"
        parsed, parse_rejected = parse_many(records)
        raw = records[0].raw_text
        body = _TEXT.search(raw)
        if body is None or not body.group(1).strip():  # genuinely empty article
            assert [r.reason for r in parse_rejected] == [Reason.MISSING_BODY]
            continue
        assert parse_rejected == [], path
        ((record, article),) = parsed
        parsed_count += 1
        _check_article(raw, article)
        assert published_date_hint(record) == article.published_date
    assert parsed_count >= SAMPLE_FILES - 5


def _check_article(raw: str, article: ParsedArticle) -> None:
    time_text = _TIME.search(raw)
    assert time_text is not None
    expected = email.utils.parsedate_to_datetime(time_text.group(1).strip())
    assert article.published_at is not None and article.utc_offset_minutes is not None
    zone = timezone(timedelta(minutes=article.utc_offset_minutes))
    got = article.published_at.replace(tzinfo=zone)
    assert got == expected and got.utcoffset() == expected.utcoffset()
    assert article.title and article.section and article.source and article.paragraphs
    for name, span in article.spans.items():
        value = article.date_text if name == "date" else getattr(article, name)
        if "&" not in raw[span.start : span.end]:
            assert raw[span.start : span.end] == value, name
    for span, paragraph in zip(article.paragraph_spans, article.paragraphs, strict=True):
        if "&" not in raw[span.start : span.end]:
            assert raw[span.start : span.end] == paragraph
