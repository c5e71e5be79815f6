"""Sentences of display text: rule-based, per paragraph, with the exceptions news needs.

A sentence ends at `.` `!` `?` `؟` `۔` or an ellipsis when the mark (with any closing
quotes or brackets right after it) is followed by whitespace or the end of the paragraph;
a paragraph break always ends one.  Requiring the whitespace is what keeps decimals
(3.5, ٣٫٥), dates (19.11.2020), times, URLs, e-mails and site names (العربية.نت) whole.

A full stop does *not* end a sentence after:
* a single letter — an initial or an Arabic abbreviation (ج. بوش, د. محمد, أ. حسن, ص. 5);
  except the era marks م / ه after a number («عام 2020 م.»), which end dates and sentences;
* a dotted acronym (U.S., أ.ف.ب.);
* a Latin title or company abbreviation (Mr., Dr., Inc., …);
* a number that opens the sentence (a list item: «1. ...»).

An ellipsis (`...`, `..`) ends a sentence only when it is glued to the word before it, is
not inside an open quotation, and is not followed by a lower-case Latin letter: « ... »
standing alone is a pause, and an ellipsis inside a quote is the quoted speaker trailing off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"""(?P<term>[.!?؟۔]+)(?P<close>["'»›)\]}]*)(?=\s|$)""")
_LETTER = re.compile(r"[^\W\d_]")
_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_ERA_MARKS = frozenset({"م", "ه"})
_LATIN_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr inc ltd co corp gen col lt sgt capt gov sen rep vs no vol".split()
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of display text; text = display_text[start:end]."""

    sentence_no: int
    paragraph_no: int
    start: int
    end: int


def _is_boundary(text: str, m: re.Match[str], sent_start: int) -> bool:
    term = m.group("term")
    t0 = m.start("term")
    before = text[sent_start:t0]
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    if set(term) == {"."} and len(term) > 1:
        return _ellipsis_ends(text, m, before, word)
    if term != ".":
        return True
    if not word or not before[-1:].strip():
        return True  # a stray " ." still closes the sentence
    if _LETTER.fullmatch(word):
        previous = before[: -len(word)].split()
        return word in _ERA_MARKS and bool(previous) and bool(_NUMBER.fullmatch(previous[-1]))
    if _ACRONYM.fullmatch(word) or word.lower() in _LATIN_ABBREVIATIONS:
        return False
    return not (_NUMBER.fullmatch(word) and before.strip() == word)


def _ellipsis_ends(text: str, m: re.Match[str], before: str, word: str) -> bool:
    if not word or not before[-1:].strip():
        return False  # « ... » on its own is a pause
    if before.count('"') % 2 == 1 or before.count("«") > before.count("»"):
        if not m.group("close"):
            return False  # the quoted speaker trails off, the sentence goes on
    nxt = text[m.end() : m.end() + 8].lstrip()[:1]
    return not ("a" <= nxt <= "z")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of the paragraph text[start:end] (one paragraph, no newlines)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    s = start
    while s < end and text[s].isspace():
        s += 1
    for m in _END.finditer(text, s, end):
        if m.start() < s or not _is_boundary(text, m, s):
            continue
        spans.append((s, m.end()))
        s = m.end()
        while s < end and text[s].isspace():
            s += 1
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
    return spans


def split_sentences(text: str, paragraphs: list[tuple[int, int]]) -> list[Sentence]:
    """Sentences of a display text whose paragraphs are the given spans, numbered from 0."""
    out: list[Sentence] = []
    for p_no, (a, b) in enumerate(paragraphs):
        for s, e in sentence_spans(text, a, b):
            out.append(Sentence(len(out), p_no, s, e))
    return out
