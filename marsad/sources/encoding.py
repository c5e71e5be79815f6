"""Turn a landing file's bytes into text, whatever encoding the site saved it in.

Order of evidence: a byte-order mark; strict UTF-8; UTF-16 without a BOM (recognised by the
text it decodes to); and windows-1256 last, accepted only when the result reads as Arabic,
because every byte sequence "decodes" as cp1256 and a wrong guess would silently corrupt text.
Line ends are normalised to LF after decoding, so spans of later stages index the decoded,
LF-normalised text and a CRLF copy of a file yields the very same text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

# (mark, codec that strips it, name recorded on RawRecord); UTF-32 marks first: they start
# with the UTF-16 ones.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FC\uFB50-\uFDFF\uFE70-\uFEFC]")
_NEWLINES = re.compile(r"\r\n?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

MIN_PLAUSIBLE_SHARE = 0.97  # of characters that real (Arabic or Latin) news text is made of
MIN_ARABIC_SHARE = 0.6  # of letters, for a cp1256 guess to be believed
MAX_CONTROL_SHARE = 0.01  # C0 controls other than tab/newline: 1% means binary (real text: <0.1%)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded, LF-normalised text and the codec name it came from."""

    text: str
    encoding: str


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so one article saved on Windows and on Unix reads the same."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def decode_bytes(data: bytes) -> Decoded | None:
    """Decode `data` (BOM, UTF-8, UTF-16, then cp1256 if it reads as Arabic); None if no fit."""
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            try:
                return Decoded(normalise_newlines(data.decode(codec)), name)
            except UnicodeDecodeError:
                return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and _control_share(text) <= MAX_CONTROL_SHARE:
        return Decoded(normalise_newlines(text), "utf-8")
    for codec in _utf16_candidates(data):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausible_share(text) >= MIN_PLAUSIBLE_SHARE:
            return Decoded(normalise_newlines(text), codec)
    text = data.decode("cp1256", errors="replace")
    if looks_arabic(text):
        return Decoded(normalise_newlines(text), "cp1256")
    return None


def _utf16_candidates(data: bytes) -> list[str]:
    """Byte orders worth trying for BOM-less UTF-16, likelier first (by where NULs fall)."""
    if len(data) < 2 or len(data) % 2:
        return []
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    # Arabic letters are U+06xx, so their high byte is 0x06, not NUL: count it as evidence too.
    odd_high = odd_nuls + data[1::2].count(6)
    even_high = even_nuls + data[0::2].count(6)
    return ["utf-16-le", "utf-16-be"] if odd_high >= even_high else ["utf-16-be", "utf-16-le"]


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def plausible_share(text: str) -> float:
    """Share of characters news text is made of: letters, digits, marks, punctuation, spaces."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        if ch in "\t\n\r\f" or (" " <= ch <= "~"):
            good += 1
            continue
        category = unicodedata.category(ch)
        if category[0] in "LMNPZ" and not _is_cjk_or_private(ch):
            good += 1
    return good / len(text)


def _is_cjk_or_private(ch: str) -> bool:
    """Misread byte pairs land in CJK, Hangul or private-use blocks; news text rarely does."""
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xE000 <= code <= 0xF8FF


def looks_arabic(text: str) -> bool:
    """True for text whose letters are mostly Arabic and that holds no binary control bytes."""
    if _control_share(text) > MAX_CONTROL_SHARE or "\ufffd" in text:
        return False
    letters = sum(1 for ch in text if ch.isalpha())
    if letters == 0:
        return False
    return len(_ARABIC_LETTER.findall(text)) / letters >= MIN_ARABIC_SHARE
