"""Turn a landing file's bytes into text, whatever encoding the site saved it in.

Order of evidence: a byte-order mark; strict UTF-8; UTF-8 with a few invalid sequences (each
replaced by U+FFFD and counted in `errors`: one bad byte must not send a whole UTF-8 article to
the cp1256 fallback, where it would become mojibake); UTF-16 without a BOM (recognised by the
text it decodes to); and windows-1256 last, only when the bytes are not mostly UTF-8 and the
result reads as Arabic, because every byte sequence "decodes" as cp1256 and a wrong guess
would silently corrupt text. Bytes are "mostly UTF-8" when at most half of the non-ASCII bytes
are invalid (cp1256 Arabic: nearly all are; a UTF-8 article with a stray byte: one in
thousands); above `MAX_ERROR_SHARE` of the characters the file is quarantined instead.
NUL and other C0 control characters (not tab, LF, CR, FF) are removed and counted (`controls`).
Line ends are normalised to LF after decoding, so spans of later stages index the decoded,
LF-normalised text and a CRLF copy of a file yields the very same text.
"""

from __future__ import annotations

import codecs
import re
import threading
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
MAX_INVALID_SHARE = 0.5  # of non-ASCII bytes invalid as UTF-8: above it, not "mostly UTF-8"
MAX_ERROR_SHARE = 0.01  # of characters replaced: above it a mostly-UTF-8 file is quarantined
_ASCII = bytes(range(128))
_count = threading.local()


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    _count.errors += 1
    _count.invalid_bytes += error.end - error.start  # type: ignore[attr-defined]
    return "\ufffd", error.end  # type: ignore[attr-defined]


codecs.register_error("marsad.count_replace", _count_and_replace)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded, LF-normalised text and the codec name it came from."""

    text: str
    encoding: str
    errors: int = 0  # invalid UTF-8 sequences replaced by U+FFFD
    controls: int = 0  # C0 control characters removed


def _finish(text: str, encoding: str, errors: int = 0) -> Decoded:
    """Remove C0 controls (counted) and normalise line ends."""
    cleaned, controls = _CONTROL.subn("", text)
    return Decoded(normalise_newlines(cleaned), encoding, errors, controls)


def decode_utf8_lenient(data: bytes) -> tuple[str, int, int]:
    """(text with invalid sequences replaced by U+FFFD, sequences replaced, invalid bytes)."""
    _count.errors = _count.invalid_bytes = 0
    text = data.decode("utf-8", errors="marsad.count_replace")
    return text, _count.errors, _count.invalid_bytes


def mostly_utf8(data: bytes, invalid_bytes: int) -> bool:
    """At most MAX_INVALID_SHARE of the non-ASCII bytes are invalid as UTF-8."""
    high = len(data.translate(None, _ASCII))
    return high > 0 and invalid_bytes <= MAX_INVALID_SHARE * high


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so one article saved on Windows and on Unix reads the same."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def decode_bytes(data: bytes) -> Decoded | None:
    """Decode `data` (BOM, UTF-8, mostly-UTF-8, UTF-16, then cp1256 if it reads as Arabic);
    None if no fit (binary, another encoding, or too many invalid UTF-8 bytes)."""
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            try:
                return _finish(data.decode(codec), name)
            except UnicodeDecodeError:
                return None
    errors = 0
    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        text, errors, invalid = decode_utf8_lenient(data)
        if not mostly_utf8(data, invalid):
            text = None
        elif errors > MAX_ERROR_SHARE * max(len(text), 1):
            return None
    if text is not None and _control_share(text) <= MAX_CONTROL_SHARE:
        return _finish(text, "utf-8", errors)
    for codec in _utf16_candidates(data):
        try:
            decoded = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausible_share(decoded) >= MIN_PLAUSIBLE_SHARE:
            return _finish(decoded, codec)
    if text is not None:
        # valid UTF-8 holding runs of NULs or other controls: the text around them is kept
        stripped = _CONTROL.sub("", text)
        if stripped.strip() and plausible_share(stripped) >= MIN_PLAUSIBLE_SHARE:
            return _finish(text, "utf-8", errors)
        return None
    cp = data.decode("cp1256", errors="replace")
    if reads_as_cp1256_arabic(cp):
        return _finish(cp, "cp1256")
    return None


_TA_ZA = re.compile(r"[\u0637\u0638]")  # ط ظ: cp1256 for 0xD8 0xD9, UTF-8's Arabic lead bytes


def reads_as_cp1256_arabic(text: str) -> bool:
    """A cp1256 reading worth believing: its non-ASCII letters (the only ones the guess
    decides; ASCII reads the same in every candidate) are mostly Arabic, it holds no binary
    controls, and it is not UTF-8 misread as cp1256. A short article whose URL and markup
    outweigh its Arabic words passes; `looks_arabic` alone would reject it."""
    if _control_share(text) > MAX_CONTROL_SHARE or "\ufffd" in text or utf8_read_as_cp1256(text):
        return False
    letters = sum(1 for ch in text if ch.isalpha() and ord(ch) > 0x7F)
    return letters > 0 and len(_ARABIC_LETTER.findall(text)) / letters >= MIN_ARABIC_SHARE


def utf8_read_as_cp1256(text: str) -> bool:
    """UTF-8 Arabic decoded as cp1256 is about half ط/ظ (real Arabic: under 2%)."""
    arabic = len(_ARABIC_LETTER.findall(text))
    return arabic > 0 and len(_TA_ZA.findall(text)) / arabic > 0.25


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
