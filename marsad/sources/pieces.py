"""The pieces fielded readers cut a file into and the cells they read a record's values from.

Below both the record parser (`fielded`) and the table readers (CSV, JSON arrays, Parquet) that
produce pieces and cells, so neither has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.records import Span


@dataclass(frozen=True, slots=True)
class Piece:
    """One record cut from a file: its raw_text, where it starts in the file, or its problem."""

    raw_text: str
    start: int  # offset in the file's text (for line numbers); -1 when the file is not text
    problem: str | None = None
    keys: tuple[str, ...] = ()  # the record's keys, for the recorded field mapping
    line_no: int | None = None  # set when `start` cannot give it (Parquet: the row number)


@dataclass(frozen=True, slots=True)
class Cell:
    """A decoded text value and the raw_text offset of each character (plus one for its end)."""

    text: str
    offsets: list[int]
    number: bool = False  # a JSON number's source text: used as a date (Unix time), not as text

    def span(self, start: int, end: int) -> Span:
        return Span(self.offsets[start], self.offsets[end])

    def is_verbatim(self, raw: str) -> bool:
        """True when the source writes the value without escapes (raw[span] == text)."""
        return self.offsets[-1] - self.offsets[0] == len(self.text)
