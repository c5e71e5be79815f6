"""Find and parse absolute dates in Arabic news text: metadata fields and running prose.

Handles Arabic month names of every CLDR locale (`marsad.text.calendars`), Hijri dates (converted
with `hijridate`, Umm al-Qura), RFC 822/2822 (`email.utils`), ISO 8601 and numeric dd/mm/yyyy,
Arabic-Indic/Persian digits, ص/م and صباحًا/مساءً 12-hour times, and «بتوقيت …» zones.

Matching runs on a folded copy of the text (`calendars.FOLD_TABLE`: one spelling per letter,
ASCII digits, no harakat/tatweel) so the patterns stay small; spans are mapped back to the
caller's text. Values are naive wall-clock times; a stated zone goes to `utc_offset_minutes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_tz

from hijridate import Hijri

from marsad.text.calendars import (
    AM,
    DAY_PERIODS,
    DELETED_CHARS,
    FOLD_TABLE,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    PM,
    WEEKDAYS,
    ZONE_OFFSETS,
    fold,
)

__all__ = ["YEAR_UNKNOWN", "DateMatch", "find_dates", "parse_date"]

# The year put in `DateMatch.value` when the text gave none: a leap year, so «29 فبراير»
# survives, and absurd for news, so a value that leaks past `year_known` fails range checks.
YEAR_UNKNOWN = 4

_RESOLUTION_RANK = {"second": 4, "minute": 3, "day": 2, "month": 1, "year": 0}


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date found in text, with the span it was read from."""

    start: int  # span in the input text [start, end)
    end: int
    value: datetime  # naive wall clock; midnight / 1st of month / 1 Jan for coarser resolutions
    resolution: str  # "second" | "minute" | "day" | "month" | "year"
    utc_offset_minutes: int | None  # when the text states a zone (GMT -> 0, +0300 -> 180)
    calendar: str  # "gregorian" | "hijri" (the calendar the text was written in)
    weekday_conflict: bool  # a day name that contradicts the date (kept, not rejected)
    text: str  # the matched text
    year_known: bool = True  # False for «5 يناير الماضي»: value.year is then YEAR_UNKNOWN


# --- patterns (on folded text) ---------------------------------------------------------------


def _alternation(names: Iterable[str]) -> str:
    """Longest first so «تشرين الثاني» wins over a prefix; inner spaces match any run."""
    return "|".join(
        re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)
    )


_MONTHS = _alternation(GREGORIAN_MONTHS.keys() | HIJRI_MONTHS.keys())
_DAYS = _alternation(WEEKDAYS)
_PERIODS = _alternation(DAY_PERIODS)
_ZONES = _alternation(ZONE_OFFSETS)
_LATIN_ZONES = r"GMT|UTC|UT"

_DAYNAME = rf"(?:(?:يوم\s+)?(?P<dn>{_DAYS})(?!\w)\s*[,،]?\s*(?:-\s*)?(?:الموافق\s+)?)?"
_MONTH = (
    rf"(?P<m1>{_MONTHS})(?!\w)"
    # «يناير/كانون الثاني», «يناير (كانون الثاني)», «فبراير شباط»
    rf"(?:(?:\s*[/(]\s*|\s+)(?P<m2>{_MONTHS})(?!\w)(?:\s*\))?)?"
)
_ERA = r"(?:\s*(?P<era>ميلاديه|ميلادي|م|هجريه|هجري|ه)(?!\w))?"
_TIME = (
    r"(?P<h>[0-2]?[0-9]):(?P<mi>[0-5][0-9])(?::(?P<s>[0-5][0-9])(?:[.,][0-9]+)?)?(?![0-9])"
    rf"(?:\s*(?P<ap>{_PERIODS})(?!\w))?"
)
_ZONE = (
    r"(?:\s*(?P<off>[+-][0-9]{2}:?[0-9]{2})(?![0-9])"  # +0300, +03:00
    r"|(?P<zulu>Z)(?!\w)"
    rf"|\s*(?P<lz>{_LATIN_ZONES})(?:\s*(?P<lzo>[+-]\s*[0-9]{{1,2}}(?::?[0-9]{{2}})?))?(?![\w])"
    rf"|\s*\(\s*(?:ب?توقيت\s+)?(?P<pz>{_ZONES})\s*\)"  # «(مكة المكرمة)», «(ت.غ)»
    rf"|\s*ب?توقيت\s+(?:(?P<nz>{_ZONES})(?!\w)|(?P<uz>\w+)))?"  # «بتوقيت القدس»: no offset
)
_TIME_SEP = r"\s*(?:[-–—،,|]\s*)?(?:(?:في|علي)\s+)?(?:الساعه\s*)?"
_TAIL = rf"(?:{_TIME_SEP}{_TIME}{_ZONE})?"

# «الخميس 19 تشرين الثاني 2020 - 12:53 ص», «5 يناير/كانون الثاني», «4 ربيع الاخر 1442 ه»
_WORD_DATE = re.compile(
    rf"(?P<core>{_DAYNAME}(?<![0-9.:/])(?P<d>[0-9]{{1,2}})\s*(?:من\s+)?{_MONTH}"
    rf"(?:\s*[,،]?\s*(?P<y>[0-9]{{4}})(?![0-9]){_ERA})?){_TAIL}"
)
# «يناير 2020», «رمضان 1441 ه»
_MONTH_YEAR = re.compile(
    rf"(?<![0-9])(?:(?P<day>[0-9]{{1,2}})\s*(?:من\s+)?)?"  # a day here means an impossible date
    rf"(?P<core>(?<!\w){_MONTH}\s*[,،]?\s*(?P<y>[0-9]{{4}})(?![0-9]){_ERA})"
)
# 19/11/2020, 19-11-2020, 19.11.2020, 2020/11/19, 2020-11-19T00:53:00+03:00, ١٤/٩/١٤٤١ه
_NUMERIC_DATE = re.compile(
    rf"(?P<core>{_DAYNAME}(?<![0-9/.:-])"
    r"(?:(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})"
    r"|(?P<y2>[0-9]{4})(?P<sep2>[/.-])(?P<m2n>[0-9]{1,2})(?P=sep2)(?P<d2>[0-9]{1,2}))"
    rf"(?![0-9]|[/.-][0-9]){_ERA})"
    rf"(?:(?:T|{_TIME_SEP}){_TIME}{_ZONE})?"
)
# RFC 822/2822: «Sun, 18 Feb 2018 17:21:49 GMT»; only zones email.utils knows, so none is 0.
_RFC = re.compile(
    r"(?:(?P<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s*,\s*)?"
    r"(?<![0-9])(?P<d>[0-9]{1,2})\s+(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?![a-z])"
    r"\s+(?P<y>[0-9]{4})\s+(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2}))?(?![0-9])"
    r"(?:\s*(?P<z>[+-][0-9]{4}|GMT|UTC|UT|Z|[ECMP][SD]T)(?!\w))?",
    re.IGNORECASE,
)
_RFC_DOW = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_BARE_YEAR = re.compile(r"\s*(?:عام|سنه)?\s*(?P<y>[0-9]{4})\s*")

_HIJRI_ERAS = frozenset({"ه", "هجري", "هجريه"})
_DELETED = frozenset(DELETED_CHARS)
_HAS_DELETED = re.compile(f"[{re.escape(DELETED_CHARS)}]")


# --- building a match --------------------------------------------------------------------------


class _Span:
    """Maps a span of the folded text back to the caller's text."""

    __slots__ = ("text", "kept")

    def __init__(self, text: str) -> None:
        self.text = text
        # positions of the characters that survive folding; None when folding deleted none
        self.kept: list[int] | None = None
        if _HAS_DELETED.search(text):
            self.kept = [i for i, ch in enumerate(text) if ch not in _DELETED]

    def original(self, start: int, end: int) -> tuple[int, int]:
        if self.kept is None:
            return start, end
        # the end takes along the harakat/tatweel after the last letter («صباحاً», «هـ»)
        return self.kept[start], self.kept[end] if end < len(self.kept) else len(self.text)


def _clock(m: re.Match[str]) -> tuple[int, int, int, str] | None:
    """(hour, minute, second, resolution) of a matched time, 12-hour markers applied."""
    hour, minute = int(m["h"]), int(m["mi"])
    if m["ap"] and hour <= 12:
        half = DAY_PERIODS[fold(m["ap"])]
        if half == AM and hour == 12:
            hour = 0
        elif half == PM and hour < 12:
            hour += 12
    if hour > 23:
        return None
    if m["s"] is None:
        return hour, minute, 0, "minute"
    return hour, minute, int(m["s"]), "second"


def _offset(m: re.Match[str]) -> int | None:
    """Minutes east of UTC stated after the time, or None."""
    if m["off"]:
        return _signed_minutes(m["off"])
    if m["zulu"]:
        return 0
    if m["lz"]:
        return _signed_minutes(m["lzo"]) if m["lzo"] else 0
    name = m["pz"] or m["nz"]
    return ZONE_OFFSETS[fold(name)] if name else None


def _signed_minutes(text: str) -> int:
    """'+0300', '+03:00', '+3', '- 3' -> minutes."""
    sign = -1 if text.lstrip()[0] == "-" else 1
    digits = re.sub(r"[^0-9]", "", text)
    if ":" in text or len(digits) > 2:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    else:
        hours, minutes = int(digits), 0
    return sign * (hours * 60 + minutes)


def _calendar_date(
    year: int | None, month: int, day: int, hijri: bool
) -> tuple[int, int, int] | None:
    """A valid Gregorian (y, m, d), converting Hijri; None when no such day exists."""
    if hijri:
        if year is None:
            return None  # a Hijri day without a year has no Gregorian equivalent
        try:
            g = Hijri(year, month, day).to_gregorian()
        except (ValueError, OverflowError):
            return None
        return g.year, g.month, g.day
    try:
        datetime(YEAR_UNKNOWN if year is None else year, month, day)
    except ValueError:
        return None
    return (YEAR_UNKNOWN if year is None else year), month, day


def _finish(
    m: re.Match[str],
    span: _Span,
    ymd: tuple[int, int, int],
    resolution: str,
    calendar: str,
    *,
    year_known: bool = True,
    weekday: int | None = None,
) -> DateMatch:
    """Attach the time, zone and weekday check; trims the span if the time was invalid."""
    end = m.end()
    clock = _clock(m) if m["h"] is not None else None
    offset: int | None = None
    if clock is None:
        hour = minute = second = 0
        if m["h"] is not None:
            end = m.end("core")  # «… 2020 - 25:99»: keep the date, drop the impossible time
    else:
        hour, minute, second, resolution = clock
        offset = _offset(m)
    value = datetime(*ymd, hour, minute, second)
    conflict = weekday is not None and year_known and value.weekday() != weekday
    start, end = span.original(m.start(), end)
    return DateMatch(
        start,
        end,
        value,
        resolution,
        offset,
        calendar,
        conflict,
        span.text[start:end],
        year_known,
    )


def _weekday(m: re.Match[str]) -> int | None:
    return WEEKDAYS[fold(m["dn"])] if m["dn"] else None


def _word_dates(folded: str, span: _Span) -> list[DateMatch]:
    found = []
    for m in _WORD_DATE.finditer(folded):
        name = fold(m["m1"])
        hijri = name in HIJRI_MONTHS  # the month name, not a trailing «ه», decides
        month = HIJRI_MONTHS.get(name) or GREGORIAN_MONTHS[name]
        year = int(m["y"]) if m["y"] else None
        if year is None and len(name) < 3:
            continue  # «3 اب» without a year is too likely to be prose («اب» is also "father")
        ymd = _calendar_date(year, month, int(m["d"]), hijri)
        if ymd is None:
            continue
        found.append(
            _finish(
                m,
                span,
                ymd,
                "day",
                "hijri" if hijri else "gregorian",
                year_known=year is not None,
                weekday=_weekday(m),
            )
        )
    return found


def _month_years(folded: str, span: _Span) -> list[DateMatch]:
    found = []
    for m in _MONTH_YEAR.finditer(folded):
        if m["day"]:
            continue  # «30 فبراير 2020» is no date, and not «فبراير 2020» either
        name = fold(m["m1"])
        hijri = name in HIJRI_MONTHS
        month = HIJRI_MONTHS.get(name) or GREGORIAN_MONTHS[name]
        ymd = _calendar_date(int(m["y"]), month, 1, hijri)
        if ymd is not None:
            start, end = span.original(m.start("core"), m.end())
            found.append(
                DateMatch(
                    start,
                    end,
                    datetime(*ymd),
                    "month",
                    None,
                    "hijri" if hijri else "gregorian",
                    False,
                    span.text[start:end],
                )
            )
    return found


def _numeric_dates(folded: str, span: _Span) -> list[DateMatch]:
    found = []
    for m in _NUMERIC_DATE.finditer(folded):
        hijri = m["era"] in _HIJRI_ERAS
        if m["y"]:
            year, first, second = int(m["y"]), int(m["d"]), int(m["m"])
            # dd/mm is the Arabic order; mm/dd only when dd/mm cannot be a date
            ymd = _calendar_date(year, second, first, hijri) or _calendar_date(
                year, first, second, hijri
            )
        else:
            ymd = _calendar_date(int(m["y2"]), int(m["m2n"]), int(m["d2"]), hijri)
        if ymd is not None:
            found.append(
                _finish(m, span, ymd, "day", "hijri" if hijri else "gregorian", weekday=_weekday(m))
            )
    return found


def _rfc_match(m: re.Match[str], text: str, start: int, end: int) -> DateMatch | None:
    parsed = parsedate_tz(m[0])
    if parsed is None:
        return None
    try:
        value = datetime(*parsed[:6])
    except ValueError:
        return None
    zone = m["z"]
    # RFC 5322 §3.3: "-0000" says the local zone is unknown
    offset = None if zone is None or zone == "-0000" else parsed[9] // 60
    conflict = m["dow"] is not None and _RFC_DOW[m["dow"].lower()] != value.weekday()
    resolution = "minute" if m["s"] is None else "second"
    return DateMatch(start, end, value, resolution, offset, "gregorian", conflict, text[start:end])


def _rfc_dates(folded: str, span: _Span) -> list[DateMatch]:
    found = []
    for m in _RFC.finditer(folded):
        start, end = span.original(m.start(), m.end())
        match = _rfc_match(m, span.text, start, end)
        if match is not None:
            found.append(match)
    return found


# What each pattern cannot match without (a cheap scan first skips most texts): a time's «:»
# (RFC), a digit, a separator and a digit (numeric), a day's digit (word), a year (month year).
_NUMERIC_HINT = re.compile(r"[0-9][/.-][0-9]")
_DIGIT = re.compile(r"[0-9]")
_YEAR_HINT = re.compile(r"[0-9]{4}")


def _candidates(text: str) -> list[DateMatch]:
    folded = text.translate(FOLD_TABLE)
    if _DIGIT.search(folded) is None:
        return []
    span = _Span(text)
    return (
        (_rfc_dates(folded, span) if ":" in folded else [])
        + (_numeric_dates(folded, span) if _NUMERIC_HINT.search(folded) else [])
        + _word_dates(folded, span)
        + (_month_years(folded, span) if _YEAR_HINT.search(folded) else [])
    )


# --- public API ---------------------------------------------------------------------------------


def find_dates(text: str) -> list[DateMatch]:
    """All absolute dates in running text, left to right, non-overlapping (longest wins)."""
    chosen: list[DateMatch] = []
    for match in sorted(_candidates(text), key=lambda d: (d.start, d.start - d.end)):
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


def parse_date(text: str) -> DateMatch | None:
    """The one publication date in a metadata field, or None.

    When a field holds several (a Hijri date «الموافق» a Gregorian one), the finest resolution
    wins, then a known year, then the Gregorian one, then the leftmost.
    """
    lead = len(text) - len(text.lstrip())
    m = _RFC.fullmatch(text.strip())  # fast path: 2/3 of the corpus is RFC 822
    if m is not None:
        match = _rfc_match(m, text, lead + m.start(), lead + m.end())
        if match is not None:
            return match
    candidates = _candidates(text)
    if candidates:
        return max(
            candidates,
            key=lambda d: (
                _RESOLUTION_RANK[d.resolution],
                d.year_known,
                d.calendar == "gregorian",
                -d.start,
            ),
        )
    m = _BARE_YEAR.fullmatch(text.translate(FOLD_TABLE))
    if m is None or not text.strip():
        return None
    start, end = _Span(text).original(m.start("y"), m.end("y"))
    return DateMatch(
        start, end, datetime(int(m["y"]), 1, 1), "year", None, "gregorian", False, text[start:end]
    )
