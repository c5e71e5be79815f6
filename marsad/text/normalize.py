"""Arabic normalisation as small named steps, composed CAMeL-Tools style, each keeping a map.

Two text forms come out of the cleaned stage:

* **display text** — what a reader sees: HTML decoded, Unicode NFKC (which also turns Arabic
  presentation forms U+FB50–U+FDFF/U+FE70–U+FEFF into base letters, `ﻻ` into `لا`, `ﷲ` into
  `الله`), Persian/Urdu glyph variants folded to the Arabic letter they stand for, tatweel,
  bidi and zero-width controls removed, curly quotes and dashes made plain, whitespace
  collapsed.  Tashkeel, hamza spellings, `ى`/`ة` and Arabic-Indic digits are kept as written:
  a reader should see the source's spelling.
* **match text** — for matching and counting, never shown: display text without tashkeel,
  with alef forms, `ى`, `ة`, `ؤ`, `ئ` folded, digits in ASCII and Latin in lower case.

Choices, so a reader need not guess (the letter, mark and digit tables are
`marsad.text.folding`'s, shared with date reading and the NER features):

* Folded to Arabic: ی ې ۍ ێ ے → ي, ۓ → ئ, ک ڪ → ك, ھ ە ۀ ہ ۂ → ه, ۃ → ة.  These are the
  same Arabic letters typed on Persian/Urdu keyboards or produced by NFKC from Farsi
  presentation forms (ﯾ → ی).  Letters for sounds Arabic lacks (پ چ ژ گ ڤ) are kept: news
  uses them to spell foreign names.
* Quotes: “ ” „ ‟ ″ → `"`, ‘ ’ ‚ ‛ ′ → `'`; the guillemets « » ‹ › are Arabic usage and kept.
  Dashes ‐ ‑ ‒ – — ― − ⸺ ⸻ → `-`.  NFKC already turns `…` into `...`.
* Arabic-Indic (٠-٩) and Persian (۰-۹) digits stay in display text (the source wrote them);
  match text has ASCII digits, and ٫ ٬ become `.` `,`.
* `ئ` → `ي` and `ؤ` → `و` in match text: the hamza seat is the most common spelling
  variation in news (مسئول/مسؤول), and the bare carrier is what careless typing leaves.
* Presentation forms without a compatibility mapping: ﷽ is expanded to its words; the ornate
  parentheses ﴾ ﴿, Arabic symbols U+FBB2–FBC2 and the honorific ligatures U+FD40–FD4F are kept.
* Tags become a space when they break a line or block (`<br>`, `<p>` …), nothing otherwise.
* Tashkeel is attached to its letter when stripped, so a match span ending in a letter maps
  back to the raw letter *with* its marks.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from marsad.text import folding
from marsad.text.folding import TASHKEEL, TATWEEL
from marsad.text.offsets import Edit, Segment, compose, edits_to_segments, identity_segments, shift

# -- character classes, built from pyarabic and unicodedata where they have them ----------

#: Removed from display text: tatweel, zero-width and bidi controls, BOM, ALM, soft hyphen,
#: word joiners and the C0/C1 controls that are not whitespace.
INVISIBLES = (
    TATWEEL
    + "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    + "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
)

_PUNCT_FOLDS = {
    **dict.fromkeys("“”„‟″‶〝〞", '"'),
    **dict.fromkeys("‘’‚‛′‵", "'"),
    **dict.fromkeys("‐‑‒–—―−⸺⸻⁃", "-"),
}
_BISMILLAH = "بسم الله الرحمن الرحيم"
_BLOCK_TAGS = frozenset(
    "br p div li ul ol tr td th table h1 h2 h3 h4 h5 h6 hr blockquote section article".split()
)


# Planes 0-1 and the CJK compatibility block hold every character NFKC changes (Unicode 14).
_SCAN = [*range(0x20000), *range(0x2F800, 0x2FA20)]


def _combining_class() -> str:
    """Regex class of every combining mark (canonical class != 0): NFC may reorder them."""
    return _ranges(c for c in _SCAN if unicodedata.combining(chr(c)))


def _compat_class_set() -> set[str]:
    """Every character that NFKC changes on its own, plus ﷽."""
    changed = {chr(c) for c in _SCAN if unicodedata.normalize("NFKC", chr(c)) != chr(c)}
    return changed | {"\ufdfd"}


def _ranges(codes: Iterable[int]) -> str:
    codes = sorted(set(codes))
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        a, b = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(a if i == j else f"{a}-{b}")
        i = j + 1
    return "".join(parts)


# Presentation forms of marks (ﹰ = space + fathatan, ﹱ = tatweel + fathatan …) keep only the
# marks, so NFKC never brings back a tatweel and invisibles can go before NFKC reorders marks.
_MARK_FORMS = {
    c: unicodedata.normalize("NFKC", chr(c)).lstrip(" " + TATWEEL)
    for c in [*range(0xFE70, 0xFE80), *range(0xFC5E, 0xFC64), *range(0xFCF2, 0xFCF5)]
    if unicodedata.category(chr(c)) != "Cn"
}
_MARK_FORMS[0xFDFD] = _BISMILLAH


def _compat(s: str) -> str:
    return unicodedata.normalize("NFKC", s.translate(_MARK_FORMS))


def _html(s: str) -> str:
    if s[0] == "&":
        decoded = html.unescape(s)
        return s if PIECE_SEP in decoded else decoded  # never forge a piece separator
    name = re.match(r"</?\s*([A-Za-z0-9]+)", s)
    return " " if name and name.group(1).lower() in _BLOCK_TAGS else ""


# -- the step types ----------------------------------------------------------------------


_SHORT = 48  # characters up to which a CharMap translates with str.translate


@dataclass(frozen=True)
class CharMap:
    """A one-to-one character substitution: moves no offset.

    Applied through a numpy lookup table over the UTF-32 code units, which is ten times
    faster than str.translate on Arabic text; a regex search skips texts it would not change.
    A short text (one word) is translated directly: numpy's set-up costs more than the word.
    """

    name: str
    table: dict[int, str]
    _guard: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _lut: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if any(len(v) != 1 or k > 0xFFFF for k, v in self.table.items()):
            raise ValueError(f"{self.name}: a CharMap maps BMP characters to single characters")
        lut = np.arange(0x10000, dtype=np.uint32)
        for k, v in self.table.items():
            lut[k] = ord(v)
        object.__setattr__(self, "_lut", lut)
        object.__setattr__(self, "_guard", re.compile(f"[{_ranges(self.table)}]"))

    @classmethod
    def of(cls, name: str, mapping: dict[str, str]) -> CharMap:
        if any(len(k) != 1 for k in mapping):
            raise ValueError(f"{name}: a CharMap maps single characters")
        return cls(name, {ord(k): v for k, v in mapping.items()})

    def __call__(self, text: str) -> str:
        if len(text) <= _SHORT:  # a word: str.translate beats the numpy round trip
            return text.translate(self.table)
        if not self.table or self._guard.search(text) is None:
            return text
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        if codes.max() > 0xFFFF:
            mapped = np.where(codes > 0xFFFF, codes, self._lut[np.minimum(codes, 0xFFFF)])
        else:
            mapped = self._lut[codes]
        return mapped.tobytes().decode("utf-32-le")

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        return self(text), []


@dataclass(frozen=True)
class Rewrite:
    """A regex rewrite whose matches become edits (deleted, merged or expanded characters)."""

    name: str
    pattern: re.Pattern[str]
    repl: Callable[[str], str]
    guard: Callable[[str], bool] | None = None  # cheap test: can the pattern match at all?

    def __call__(self, text: str) -> str:
        if self.guard is not None and not self.guard(text):
            return text
        return self.pattern.sub(lambda m: self.repl(m.group()), text)

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        if self.guard is not None and not self.guard(text):
            return text, []
        edits: list[Edit] = []
        out: list[str] = []
        pos = 0
        for m in self.pattern.finditer(text):
            old = m.group()
            new = self.repl(old)
            if new == old:
                continue
            a, b = m.span()
            out.append(text[pos:a])
            out.append(new)
            edits.append((a, b, new))
            pos = b
        if not edits:
            return text, edits
        out.append(text[pos:])
        return "".join(out), edits


@dataclass(frozen=True)
class Compat(Rewrite):
    """NFKC, applied cluster by cluster only where it changes something, so the map stays
    exact: a cluster is a character NFKC changes, or a letter with the marks after it
    (NFC may reorder or compose them).  `pattern` finds either kind of character in one
    class test per position; the cluster is then grown by hand."""

    marks: frozenset[str] = frozenset()
    composing: frozenset[str] = frozenset()

    def __call__(self, text: str) -> str:
        return self.apply(text)[0]

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        if unicodedata.is_normalized("NFKC", text) and "\ufdfd" not in text:
            return text, []
        marks, composing = self.marks, self.composing
        edits: list[Edit] = []
        out: list[str] = []
        pos = 0  # end of the last edit
        seen = 0  # end of the last cluster looked at
        n = len(text)
        for m in self.pattern.finditer(text):
            p = m.start()
            if p < seen:
                continue  # inside the previous cluster
            a = p
            if (
                text[p] in marks
                and p > seen
                and text[p - 1] != PIECE_SEP
                and not text[p - 1].isspace()
            ):
                a = p - 1  # the letter the marks sit on
            b = p + 1
            while b < n and text[b] in marks:
                b += 1
            seen = b
            if a < p and b == p + 1 and text[p] not in composing:
                continue  # a letter with one mark it cannot merge with: NFC leaves it
            old = text[a:b]
            new = self.repl(old)
            if new != old:
                out += (text[pos:a], new)
                edits.append((a, b, new))
                pos = b
        if not edits:
            return text, edits
        out.append(text[pos:])
        return "".join(out), edits


Step = CharMap | Rewrite


@dataclass(frozen=True)
class Pipeline:
    """Steps run in order; consecutive CharMaps are fused into one translate table."""

    name: str
    steps: tuple[Step, ...]
    _fused: tuple[Step, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fused: list[Step] = []
        for step in self.steps:
            if isinstance(step, CharMap) and fused and isinstance(fused[-1], CharMap):
                prev = fused[-1]
                table = {k: v.translate(step.table) for k, v in prev.table.items()}
                table.update({k: v for k, v in step.table.items() if k not in table})
                fused[-1] = CharMap(f"{prev.name}+{step.name}", table)
            else:
                fused.append(step)
        object.__setattr__(self, "_fused", tuple(fused))

    def __call__(self, text: str) -> str:
        for step in self._fused:
            text = step(text)
        return text

    def apply(self, text: str, segs: Sequence[Segment], raw_end: int) -> tuple[str, list[Segment]]:
        """Run the steps on text whose map to raw is `segs`; return the new text and map."""
        segs = list(segs)
        for step in self._fused:
            new, edits = step.apply(text)
            if edits:
                inner, _ = edits_to_segments(edits, len(text))
                segs = compose(segs, inner, raw_end)
            text = new
        return text, segs


# -- the named normalisers ---------------------------------------------------------------

decode_html = Rewrite(
    "decode_html",
    re.compile(
        r"<!--[^\ue000]*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>\ue000]*)?/?>"
        r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
        re.DOTALL,
    ),
    _html,
)


def _compat_singles() -> dict[str, str]:
    """Characters NFKC maps to one character that is no mark (NBSP → space, ﺑ → ب, ﯾ → ی):
    a lookup table does these; the Compat step is left the ligatures and clusters."""
    out = {}
    for c in map(chr, range(0x10000)):
        n = unicodedata.normalize("NFKC", c)
        if n != c and len(n) == 1 and not unicodedata.combining(n) and not unicodedata.combining(c):
            out[c] = n
    for c in _MARK_FORMS:
        out.pop(chr(c), None)
    return out


def _composing_marks() -> frozenset[str]:
    """Marks that canonical composition can merge into the letter before them (ٔ in أ);
    a letter with one other mark is left as it is without calling NFKC."""
    out = set()
    for c in map(chr, _SCAN):
        d = unicodedata.decomposition(c).split()
        if len(d) == 2 and not d[0].startswith("<"):
            out.add(chr(int(d[1], 16)))
    return frozenset(out)


_SINGLES = _compat_singles()
compat_singles = CharMap.of("compat_singles", _SINGLES)
compat_normalize = Compat(
    "compat_normalize",
    re.compile(
        f"[{_combining_class()}{_ranges(ord(c) for c in _compat_class_set() if c not in _SINGLES)}]"
    ),
    _compat,
    # presentation forms of marks (ﱞ, ﹰ) cluster like the marks they stand for
    marks=frozenset(c for c in map(chr, _SCAN) if unicodedata.combining(c))
    | frozenset(map(chr, _MARK_FORMS)) - {"\ufdfd"},
    composing=_composing_marks() | frozenset(map(chr, _MARK_FORMS)),
)
remove_invisibles = Rewrite("remove_invisibles", re.compile(f"[{INVISIBLES}]+"), lambda s: "")
fold_letters = CharMap.of("fold_letters", folding.PERSIAN_LETTERS)
fold_punctuation = CharMap.of("fold_punctuation", _PUNCT_FOLDS)
_ODD_SPACE = re.compile(r"[^\S ]")
collapse_spaces = Rewrite(
    "collapse_spaces",
    re.compile(r"\s{2,}|[^\S ]"),
    lambda s: " ",
    lambda t: "  " in t or _ODD_SPACE.search(t) is not None,
)
strip_spaces = Rewrite("strip_spaces", re.compile(r"\A\s+|\s+\Z"), lambda s: "")

_TASHKEEL_CLASS = _ranges(ord(c) for c in TASHKEEL)


@dataclass(frozen=True)
class StripMarks(Rewrite):
    """Deletes runs of marks, attaching each run to the letter before it in the map, so a
    span ending in that letter maps back to the letter with its marks."""

    def __call__(self, text: str) -> str:
        return self.pattern.sub("", text)

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        edits: list[Edit] = []
        out: list[str] = []
        pos = 0
        for m in self.pattern.finditer(text):
            a, b = m.span()
            if a > 0 and not text[a - 1].isspace():
                a -= 1
                out += (text[pos:a], text[a])
                edits.append((a, b, text[a]))
            else:
                out.append(text[pos:a])
                edits.append((a, b, ""))
            pos = b
        if not edits:
            return text, edits
        out.append(text[pos:])
        return "".join(out), edits


strip_tashkeel = StripMarks("strip_tashkeel", re.compile(f"[{_TASHKEEL_CLASS}]+"), str)
normalize_alef = CharMap.of("normalize_alef", {**folding.ALEF, **folding.WAVY_ALEF})
normalize_alef_maksura = CharMap.of("normalize_alef_maksura", folding.ALEF_MAKSURA)
normalize_teh_marbuta = CharMap.of("normalize_teh_marbuta", folding.TEH_MARBUTA)
normalize_hamza_carriers = CharMap.of("normalize_hamza_carriers", folding.HAMZA_CARRIERS)
normalize_digits = CharMap.of("normalize_digits", {**folding.DIGITS, **folding.DECIMAL_MARKS})
lowercase_latin = CharMap.of(
    "lowercase_latin",
    {
        chr(c): chr(c).lower()[0]
        for c in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x370, 0x530)]
        if chr(c).lower() != chr(c)
    },
)

#: Raw piece -> display text, except the trimming of the piece's ends.
DISPLAY = Pipeline(
    "display",
    (
        decode_html,
        remove_invisibles,
        compat_singles,
        compat_normalize,
        fold_letters,
        fold_punctuation,
        collapse_spaces,
    ),
)
#: Display text -> match text.
MATCH = Pipeline(
    "match",
    (
        strip_tashkeel,
        normalize_alef,
        normalize_alef_maksura,
        normalize_teh_marbuta,
        normalize_hamza_carriers,
        normalize_digits,
        lowercase_latin,
    ),
)
_TRIM = Pipeline("trim", (strip_spaces,))


def to_display(text: str) -> str:
    """Display form of one paragraph (ends trimmed)."""
    return strip_spaces(DISPLAY(text))


def to_match(display_text: str) -> str:
    """Match form of display text."""
    return MATCH(display_text)


#: Joins the raw pieces of an article so the display steps run once per article: a
#: private-use character no step touches and no tag, entity or cluster can cross.
PIECE_SEP = "\ue000"
_TRIM_PIECES = Pipeline(
    "trim_pieces",
    (
        Rewrite(
            "strip_piece_spaces",
            re.compile(r"\s+(?=\ue000)|(?<=\ue000)\s+|\A\s+|\s+\Z"),
            lambda s: "",
            lambda t: " \ue000" in t or "\ue000 " in t or t[:1].isspace() or t[-1:].isspace(),
        ),
    ),
)


def display_piece(raw_text: str, start: int, end: int) -> tuple[str, list[Segment]]:
    """Display form of raw_text[start:end] with its segments back to raw_text."""
    text, segs = DISPLAY.apply(raw_text[start:end], identity_segments(start, end), end)
    return _TRIM.apply(text, segs, end)


def display_pieces(raw_text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[Segment]]:
    """Display form of the pieces raw_text[a:b], joined by "\\n", with segments to raw_text.

    Each "\\n" maps to the raw text between the two pieces it joins (empty when they touch
    or overlap).  Pieces holding PIECE_SEP themselves are cleaned one by one.
    """
    segs: list[Segment] = []
    pieces: list[str] = []
    pos = 0
    prev_end = spans[0][0] if spans else 0
    for i, (a, b) in enumerate(spans):
        b = max(a, b)
        if i:
            segs.append(Segment(pos, pos + 1, prev_end, max(a, prev_end), True))
            pos += 1
        if b > a:
            segs.append(Segment(pos, pos + b - a, a, b, False))
        pieces.append(raw_text[a:b])
        pos += b - a
        prev_end = b
    joined = PIECE_SEP.join(pieces)
    if joined.count(PIECE_SEP) != max(len(spans) - 1, 0):
        return _display_one_by_one(raw_text, spans)
    text, segs = DISPLAY.apply(joined, segs, prev_end)
    text, segs = _TRIM_PIECES.apply(text, segs, prev_end)
    return text.replace(PIECE_SEP, "\n"), segs


def _display_one_by_one(
    raw_text: str, spans: Sequence[tuple[int, int]]
) -> tuple[str, list[Segment]]:
    out: list[str] = []
    segs: list[Segment] = []
    pos = 0
    prev_end = spans[0][0] if spans else 0
    for i, (a, b) in enumerate(spans):
        if i:
            segs.append(Segment(pos, pos + 1, prev_end, max(a, prev_end), True))
            out.append("\n")
            pos += 1
        text, piece = display_piece(raw_text, a, max(a, b))
        segs.extend(shift(piece, pos))
        out.append(text)
        pos += len(text)
        prev_end = max(a, b)
    return "".join(out), segs


def match_segments(display_text: str) -> tuple[str, list[Segment]]:
    """Match form of display text with its segments back to the display text."""
    return MATCH.apply(display_text, identity_segments(0, len(display_text)), len(display_text))


@cache
def removed_from_display() -> re.Pattern[str]:
    """Characters that must never appear in display text (for checks and tests)."""
    pres = [
        c
        for c in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]
        if unicodedata.normalize("NFKC", chr(c)) != chr(c)
    ]
    return re.compile(f"[{INVISIBLES}{_ranges([*pres, 0xFDFD])}\u00a0]")
