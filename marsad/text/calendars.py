"""Reference tables for reading Arabic dates: month, day, day-period and zone names.

Built once at import from libraries rather than typed by hand: Gregorian month names, day
names and day periods come from babel's CLDR data for every Arabic locale (Levantine
«كانون الثاني», Egyptian/Gulf «يناير», Maghrebi «جانفي»/«أوت», Moroccan «نونبر»…), Hijri
month names from `hijridate` (babel only ships the Gregorian calendar). Keys are *folded*
(`fold`, built from `marsad.text.folding`) so one table entry covers the hamza/alef, ى/ي and
ة/ه spellings news sites mix. Only what neither library has lives in the small documented alias
tables below.
"""

from __future__ import annotations

import re

import babel.localedata
from babel import Locale
from hijridate import locales as hijri_locales

from marsad.text.folding import (
    DIGITS,
    HARAKAT,
    LETTERS,
    PERSIAN_YEH_KAF,
    TATWEEL,
    translate_table,
)

__all__ = [
    "AM",
    "DAY_PERIODS",
    "DELETED_CHARS",
    "FOLD_TABLE",
    "GREGORIAN_MONTHS",
    "HIJRI_MONTHS",
    "PM",
    "WEEKDAYS",
    "ZONE_OFFSETS",
    "arabic_locales",
    "fold",
]

AM = "am"
PM = "pm"

# Length-preserving substitutions: THE letter fold, Farsi yeh/kaf -> Arabic, THE digit fold,
# odd spaces -> space.
_ODD_SPACES = dict.fromkeys("\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2009\u200a\t", " ")
# Characters that carry no letter: harakat/tanween, tatweel, and invisible direction marks.
DELETED_CHARS: str = HARAKAT + TATWEEL + "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"
# Deletions only ever shorten the text, so a folded position maps back by counting kept chars.
FOLD_TABLE: dict[int, str | None] = translate_table(
    LETTERS, PERSIAN_YEH_KAF, DIGITS, _ODD_SPACES, delete=DELETED_CHARS
)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Orthographic folding used for every lookup key, so أبريل/ابريل/إبريل are one key."""
    return _SPACES.sub(" ", text.translate(FOLD_TABLE)).strip()


def arabic_locales() -> list[str]:
    """Every CLDR locale babel knows for Arabic (`ar`, `ar_EG`, `ar_MA`, …); `ary` is Latin-script."""
    return sorted(
        loc for loc in babel.localedata.locale_identifiers() if loc == "ar" or loc.startswith("ar_")
    )


def _without_article(name: str) -> str:
    """«الخميس» -> «خميس», «تشرين الثاني» -> «تشرين ثاني»: both forms are common in print."""
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in name.split(" "))


# Egyptian spellings the press uses that CLDR does not list (CLDR's ar_EG says «يونيو»).
_GREGORIAN_ALIASES: dict[str, int] = {"يونيه": 6, "يوليه": 7}

# hijridate gives one name per month; these are the other names the press uses for the same
# month («ربيع الآخر» = «ربيع الثاني», «جمادى الثانية» = «جمادى الآخرة», «جمادى الأول»), and
# the genitive «ذي» of «ذو» («في ذي الحجة»).
_HIJRI_ALIASES: dict[str, int] = {
    "ربيع الآخر": 4,
    "جمادى الأول": 5,
    "جمادى الثانية": 6,
    "جمادى الثاني": 6,
    "جمادى الآخر": 6,
    "ذي القعدة": 11,
    "ذي الحجة": 12,
}

# Misspellings of day periods that are frequent enough to matter (tanween written as alef).
_DAY_PERIOD_ALIASES: dict[str, str] = {"مساءا": PM}

# Which CLDR day-period keys unambiguously mean before or after noon; «ليلاً»/«في المساء» (night)
# are left out because «1 ليلاً» is 01:00 but «11 ليلاً» is 23:00.
_PERIOD_HALF: dict[str, str] = {
    "am": AM,
    "morning1": AM,
    "morning2": AM,
    "pm": PM,
    "afternoon1": PM,
    "afternoon2": PM,
    "evening1": PM,
}


def _build_gregorian_months(locales: list[Locale]) -> dict[str, int]:
    table: dict[str, int] = {}
    for loc in locales:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in loc.months[context][width].items():
                    table[fold(name)] = number
                    table[fold(_without_article(name))] = number
    for name, number in _GREGORIAN_ALIASES.items():
        table[fold(name)] = number
    return table


def _build_hijri_months() -> dict[str, int]:
    names = hijri_locales.get_locale("ar").month_names
    table = {fold(name): number for number, name in enumerate(names, start=1)}
    table.update({fold(name): number for name, number in _HIJRI_ALIASES.items()})
    # «ربيع أول», «جمادى آخرة»: the second word also appears without its article.
    table.update({fold(_without_article(name)): number for name, number in list(table.items())})
    return table


def _build_weekdays(locales: list[Locale]) -> dict[str, int]:
    """Folded day name -> `datetime.weekday()` (Monday 0), with and without «ال»."""
    table: dict[str, int] = {}
    for loc in locales:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated", "short"):
                for number, name in loc.days[context][width].items():
                    key = fold(name)
                    table[key] = number
                    table[key[2:] if key.startswith("ال") else "ال" + key] = number
    return table


def _build_day_periods(locales: list[Locale]) -> dict[str, str]:
    table: dict[str, str] = {}
    for loc in locales:
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide", "narrow"):
                for key, name in loc.day_periods[context][width].items():
                    if key in _PERIOD_HALF:
                        table[fold(name)] = _PERIOD_HALF[key]
    table.update({fold(name): half for name, half in _DAY_PERIOD_ALIASES.items()})
    # English markers appear in bilingual feeds.
    table.update({"AM": AM, "am": AM, "PM": PM, "pm": PM, "a.m.": AM, "p.m.": PM})
    return table


# Zone names we can turn into an offset (minutes east of UTC); any other «بتوقيت X» is kept as
# text but gives no offset. Makkah has had no daylight saving time, so +3 is always right.
ZONE_OFFSETS: dict[str, int] = {
    fold(name): offset
    for name, offset in {
        "GMT": 0,
        "UTC": 0,
        "UT": 0,
        "غرينتش": 0,
        "غرينيتش": 0,
        "جرينتش": 0,
        "جرينيتش": 0,
        "ت.غ": 0,
        "مكة": 180,
        "مكة المكرمة": 180,
    }.items()
}

_LOCALES = [Locale.parse(loc) for loc in arabic_locales()]
GREGORIAN_MONTHS: dict[str, int] = _build_gregorian_months(_LOCALES)
HIJRI_MONTHS: dict[str, int] = _build_hijri_months()
WEEKDAYS: dict[str, int] = _build_weekdays(_LOCALES)
DAY_PERIODS: dict[str, str] = _build_day_periods(_LOCALES)
del _LOCALES

if _clash := GREGORIAN_MONTHS.keys() & HIJRI_MONTHS.keys():  # pragma: no cover - data guard
    raise RuntimeError(f"month names in both calendars: {sorted(_clash)}")
