"""Split a news dateline into the place it was filed from and who filed it.

Arabic outlets put both in one byline («القاهرة- أحمد الريدي», «بيروت - رويترز», «دبي ـ العربية.نت»)
or open the first paragraph with them («بغداد (رويترز) -», «واشنطن - أ ف ب:», «القدس (CNN)—»).
Keeping the place apart from the author lets later stages count where coverage is filed from
without mistaking a city for a journalist. Spans are offsets into the string passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.records import Span

# Bylines whose left-hand side is the outlet itself, not a place («العربية.نت - إسلام سيف»).
# Compared after dropping spaces and dots, so «العربية.نت», «العربية نت», «العربية. نت» all match.
OUTLETS = frozenset(
    {
        "العربيةنت",
        "قناةالعربية",
        "سكاينيوزعربية",
        "فرانس24",
        "france24",
        "بيبيسي",
        "bbc",
        "cnn",
    }
)

# News agencies as they are written in datelines; a «place - agency:» opening needs one of these
# (or a parenthesised name) so that prose like «معتز التلا - ممثل سوري» is not taken for one.
AGENCIES = (
    "رويترز",
    "فرانس برس",
    "أ ف ب",
    "ا ف ب",
    "أ.ف.ب",
    "د ب أ",
    "د.ب.أ",
    "أسوشيتد برس",
    "أ ب",
    "الأناضول",
    "وكالات",
    "واس",
    "وام",
    "كونا",
    "سانا",
    "قنا",
    "بنا",
    "العربية.نت",
    "سكاي نيوز عربية",
    "CNN",
)

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# A dash of any kind, an underscore, or a tatweel standing next to a space (the tatweel of the
# article «الـ 32» is not a separator).
_SEPARATOR = re.compile(r"\s*(?:[-‐‑‒–—―_]+|\s+ـ+|(?<!ال)ـ+(?=\s))\s*")
_BLANK = " \t\n\u00a0\u200f\u200e"
MAX_PLACE_WORDS = 4

_WORD = r"[^\s()\-–—ـ:،,.«»\"]+"
_PLACE = rf"{_WORD}(?:\s+{_WORD}){{0,{MAX_PLACE_WORDS - 1}}}"
_DASH = r"[-–—ـ]+"
_AGENCY_ALT = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in AGENCIES)
# «القدس (CNN)— …», «(CNN)-- …», «بغداد (رويترز) - …»
_BODY_PAREN = re.compile(
    rf"^[{_BLANK}]*(?:(?P<place>{_PLACE})[{_BLANK}]*)?\((?P<agency>[^()\n]{{1,40}})\)[{_BLANK}]*(?:{_DASH}|:)"
)
# «واشنطن - أ ف ب: …», «بيروت – رويترز - …»
_BODY_DASH = re.compile(
    rf"^[{_BLANK}]*(?P<place>{_PLACE})[{_BLANK}]*{_DASH}[{_BLANK}]*(?P<agency>{_AGENCY_ALT})[{_BLANK}]*(?:{_DASH}|:)"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """Place and author of a byline, each with its span in the text it came from."""

    place: str | None = None
    author: str | None = None
    place_span: Span | None = None
    author_span: Span | None = None


def _strip_span(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in _BLANK:
        start += 1
    while end > start and text[end - 1] in _BLANK:
        end -= 1
    return Span(start, end) if end > start else None


def _is_outlet(text: str) -> bool:
    return re.sub(r"[\s.]", "", text).lower() in OUTLETS


def split_author(text: str) -> Dateline:
    """Split an AUTHOR/byline value: «القاهرة- أحمد الريدي» -> place القاهرة, author أحمد الريدي.

    A bare name or agency stays the author with no place; an outlet on the left
    («العربية.نت - إسلام سيف») is dropped rather than taken for a place; an opaque CMS id (a UUID)
    is no author at all.
    """
    whole = _strip_span(text, 0, len(text))
    if whole is None or _UUID.fullmatch(text[whole.start : whole.end]):
        return Dateline()
    sep = _SEPARATOR.search(text, whole.start, whole.end)
    if sep is not None:
        left = _strip_span(text, whole.start, sep.start())
        right = _strip_span(text, sep.end(), whole.end)
        if left is not None and right is not None:
            left_text = text[left.start : left.end]
            if _is_outlet(left_text):
                return Dateline(author=text[right.start : right.end], author_span=right)
            if len(left_text.split()) <= MAX_PLACE_WORDS or "(" in left_text:
                return Dateline(
                    place=left_text,
                    author=text[right.start : right.end],
                    place_span=left,
                    author_span=right,
                )
    return Dateline(author=text[whole.start : whole.end], author_span=whole)


def find_body_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a first paragraph («بغداد (رويترز) -», «واشنطن - أ ف ب:»), if any."""
    match = _BODY_PAREN.match(paragraph) or _BODY_DASH.match(paragraph)
    if match is None:
        return None
    place_span = None
    if match.group("place"):
        place_span = _strip_span(paragraph, match.start("place"), match.end("place"))
    author_span = _strip_span(paragraph, match.start("agency"), match.end("agency"))
    return Dateline(
        place=paragraph[place_span.start : place_span.end] if place_span else None,
        author=paragraph[author_span.start : author_span.end] if author_span else None,
        place_span=place_span,
        author_span=author_span,
    )
