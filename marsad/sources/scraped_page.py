"""The scraped article page: a title line, a metadata line, then body paragraphs.

    اجتماعات بين العراق وأمريكا بحث الانسحاب المرتقب
    تاريخ الإضافة الخميس 19 تشرين الثاني 2020 - 12:53 ص    عدد الزيارات 889    التعليقات 0    القسم العراق
    عقد مسؤولون عراقيون وأمريكيون، الأربعاء، اجتماعا في بغداد ...

The metadata line's fields come in any order or not at all, separated by runs of spaces/NBSP;
each field runs from its label to the next label. Blank and NBSP-only lines separate paragraphs
and are never paragraphs themselves. A file is one record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.records import ParsedArticle, Span
from marsad.sources.fields import (
    BLANK,
    line_spans,
    require_content,
    set_count,
    set_date,
    set_paragraphs,
    set_text,
    trim,
)

LAYOUT = "scraped_page"

# Label -> field. Longer labels first so «عدد الزيارات» wins over «الزيارات».
LABELS: dict[str, str] = {
    "تاريخ الإضافة": "date",
    "تاريخ الاضافة": "date",
    "تاريخ النشر": "date",
    "عدد الزيارات": "visits",
    "الزيارات": "visits",
    "عدد التعليقات": "comments",
    "التعليقات": "comments",
    "القسم": "section",
}
_LABEL = re.compile(
    r"(?<![^\s\u00a0])(?:"
    + "|".join(re.escape(label) for label in sorted(LABELS, key=len, reverse=True))
    + r")(?=[\s\u00a0:]|$)"
)
METADATA_SEARCH_LINES = 4  # the metadata line is among the first non-blank lines, or absent


@dataclass(frozen=True, slots=True)
class PageLayout:
    """Where the parts of a page are: title line, metadata fields, and where the body starts."""

    title: Span | None
    fields: dict[str, Span]  # field -> trimmed value span
    body_start: int


def _metadata_fields(text: str, line: Span) -> dict[str, Span] | None:
    """Fields of a metadata line, or None when the line does not open with a known label."""
    labels = list(_LABEL.finditer(text, line.start, line.end))
    if not labels or labels[0].start() != line.start:
        return None
    fields: dict[str, Span] = {}
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else line.end
        start = label.end()
        while start < end and (text[start] in BLANK or text[start] == ":"):
            start += 1
        value = trim(text, start, end)
        name = LABELS[label.group(0)]
        if value is not None and name not in fields:
            fields[name] = value
    return fields


def locate(text: str) -> PageLayout:
    """Find the title line, the metadata line's fields and the first body offset."""
    lines = line_spans(text)
    for index, line in enumerate(lines[:METADATA_SEARCH_LINES]):
        fields = _metadata_fields(text, line)
        if fields is not None:
            title = lines[0] if index > 0 else None
            return PageLayout(title, fields, line.end)
    if not lines:
        return PageLayout(None, {}, len(text))
    return PageLayout(lines[0], {}, lines[0].end)


def has_metadata_line(text: str) -> bool:
    """True when one of the first non-blank lines is a metadata line (used to detect the layout)."""
    return any(
        _metadata_fields(text, line) is not None
        for line in line_spans(text)[:METADATA_SEARCH_LINES]
    )


def date_span(text: str) -> Span | None:
    """Where the page states its date (the «تاريخ الإضافة» value), if it does."""
    return locate(text).fields.get("date")


def parse(text: str) -> ParsedArticle:
    """Fields of one scraped page; raises FieldError for a missing title/body or a bad date."""
    page = locate(text)
    article = ParsedArticle()
    if page.title is not None:
        set_text(article, "title", text[page.title.start : page.title.end], page.title)
    section = page.fields.get("section")
    if section is not None:
        set_text(article, "section", text[section.start : section.end], section)
    set_count(article, "visits", text, page.fields.get("visits"))
    set_count(article, "comments", text, page.fields.get("comments"))
    spans = line_spans(text, page.body_start)
    set_paragraphs(article, text, spans, [text[s.start : s.end] for s in spans])
    require_content(article)
    if "date" in page.fields:
        date = page.fields["date"]
        set_date(article, text[date.start : date.end], date.start)
    return article
