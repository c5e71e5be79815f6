"""Record types shared by every stage: what a stage hands on, and what it rejects.

Errors are values: a stage returns good rows and `Rejection`s, never raises for one bad record,
so a batch always goes on and every raw record is accounted for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Reason(StrEnum):
    """Why a record was quarantined (the `reason` column of the `quarantine` table); the comment
    names the stages that write each reason."""

    EMPTY_FILE = "empty_file"  # raw
    FILE_TOO_LARGE = "file_too_large"  # raw
    UNREADABLE_FILE = "unreadable_file"  # raw
    UNDECODABLE_TEXT = "undecodable_text"  # raw
    UNKNOWN_LAYOUT = "unknown_layout"  # raw, parsed
    MALFORMED_RECORD = "malformed_record"  # raw, parsed
    MISSING_TITLE = "missing_title"  # parsed
    MISSING_BODY = "missing_body"  # parsed
    UNPARSEABLE_DATE = "unparseable_date"  # parsed
    DATE_OUT_OF_RANGE = "date_out_of_range"  # parsed
    BAD_FIELD_MAP = "bad_field_map"  # raw: a landing folder's _fields.toml cannot be used
    STAGE_ERROR = "stage_error"  # parsed, cleaned: the stage's code failed on the record
    DANGLING_LINK = "dangling_link"  # raw: a symlink to nothing
    LINK_LOOP = "link_loop"  # raw: symlinks pointing at each other
    SPECIAL_FILE = "special_file"  # raw: a socket, FIFO or device in the landing folder
    UNREADABLE_FOLDER = "unreadable_folder"  # raw: a sub-folder that cannot be listed


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character span [start, end) in a record's decoded raw text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One article-sized piece of a landing file, decoded but not yet interpreted."""

    source_file: str  # path relative to the landing folder, '/'-separated
    record_no: int  # 0-based position of the record within its file
    line_no: int  # 1-based line of the file where the record starts
    encoding: str  # codec the file was decoded with (utf-8, utf-8-sig, utf-16, cp1256)
    layout: str  # scraped_page | trec_xml | jsonl | json_array | csv | parquet | html_page
    raw_text: str  # the record's decoded text; every span of later stages indexes into it
    field_map: str | None = None  # fielded layouts: the key mapping used (JSON, field_map.py)
    decode_errors: int = 0  # invalid UTF-8 sequences of the file replaced by U+FFFD
    controls_removed: int = 0  # NUL and other C0 control characters of the file dropped


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record (or whole file) a stage could not handle, located so a person can find it."""

    stage: str
    reason: Reason
    message: str
    source_file: str
    record_no: int | None = None
    line_no: int | None = None
    article_id: str | None = None

    def row(self, day: date | None) -> dict:
        """The rejection as a `quarantine` row, stored under publication day `day`."""
        return {
            "stage": self.stage,
            "reason": str(self.reason),
            "message": self.message,
            "source_file": self.source_file,
            "record_no": self.record_no,
            "line_no": self.line_no,
            "article_id": self.article_id,
            "partition_date": day,
        }


@dataclass(slots=True)
class ParsedArticle:
    """The fields of one article, each with the span it was read from in `raw_text`."""

    title: str | None = None
    published_at: datetime | None = None  # wall-clock time as the source gives it (naive)
    utc_offset_minutes: int | None = None  # set when the source states a zone (GMT, +03:00)
    published_date: date | None = None
    date_text: str | None = None  # the date exactly as written
    weekday_conflict: bool = False  # a day name that contradicts the date
    section: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    dateline_place: str | None = None  # «القاهرة- أحمد الريدي» -> القاهرة
    visits: int | None = None
    comments: int | None = None
    abstract: str | None = None  # the source's own summary (TREC <ABSTRACT>), when it gives one
    paragraphs: list[str] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)  # field name -> span in raw_text
    paragraph_spans: list[Span] = field(default_factory=list)
