"""Which of the three landing layouts a decoded file is in, and how it splits into records.

Detection looks only at the top of a file: a <DOC> tag means TREC XML, a line opening with «{»
means JSON Lines, a metadata line (or Arabic prose without delimiters) means a scraped page.
Anything else is left to the fielded layouts (JSON arrays, CSV, HTML: `tables.py`, which also
checks file names first) and, failing those, is an unknown layout rather than a badly parsed
article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.sources import jsonl, scraped_page, trec_xml
from marsad.sources.encoding import looks_arabic
from marsad.sources.fields import BLANK, line_spans

SCRAPED_PAGE = scraped_page.LAYOUT
TREC_XML = trec_xml.LAYOUT
JSONL = jsonl.LAYOUT
LAYOUTS = (SCRAPED_PAGE, TREC_XML, JSONL)

SNIFF_LINES = 5
_DELIMITERS = re.compile(r"[,;\t|]")


@dataclass(frozen=True, slots=True)
class Chunk:
    """A record-sized slice of a file: text[start:end], or why it cannot be a record."""

    record_no: int
    line_no: int  # 1-based line of the file where the chunk starts
    start: int
    end: int
    problem: str | None = None


def detect_layout(text: str) -> str | None:
    """The layout of a decoded, LF-normalised file, or None when it is none of the three."""
    if trec_xml.looks_like(text):
        return TREC_XML
    lines = [text[s.start : s.end] for s in line_spans(text, 0, min(len(text), 200_000))]
    head = lines[:SNIFF_LINES]
    if not head:
        return None
    if sum(line.startswith("{") for line in head) * 2 > len(head):
        return JSONL
    if scraped_page.has_metadata_line(text):
        return SCRAPED_PAGE
    if not _DELIMITERS.search(head[0]) and looks_arabic(head[0]) and looks_arabic("\n".join(head)):
        return SCRAPED_PAGE
    return None


def split_records(text: str, layout: str) -> list[Chunk]:
    """Cut a file into records in file order; malformed ones keep their place and a problem."""
    if layout == TREC_XML:
        pieces = [(d.start, d.end, d.problem) for d in trec_xml.split_docs(text)]
    elif layout == JSONL:
        pieces = []
        for span in line_spans(text):
            line = text[span.start : span.end]
            pieces.append((span.start, span.end, jsonl.check_line(line)))
    else:
        pieces = [(0, len(text), None)] if text.strip(BLANK) else []
    chunks: list[Chunk] = []
    line_no, counted_to = 1, 0
    for record_no, (start, end, problem) in enumerate(pieces):
        line_no += text.count("\n", counted_to, start)
        counted_to = start
        chunks.append(Chunk(record_no, line_no, start, end, problem))
    return chunks
