"""The one home of Arabic letter, mark and digit folding.

News sites spell the same word several ways: hamza or bare alef (أحمد/احمد), final ى or ي
(مصطفى/مصطفي), ة or ه (حمزة/حمزه), with or without tashkeel, Persian keyboard glyphs (ی ک),
Arabic-Indic or Persian digits. Three readers fold those variants away before comparing text:

* match text of the cleaned stage (`marsad.text.normalize`): the widest fold, with offsets;
* date reading (`marsad.text.calendars`, `marsad.text.dates`): keys and text for the patterns;
* NER features (`marsad.ner.orthography`): one feature value for every spelling of a word.

Each builds its table from the pieces below, so a spelling rule changes in one place. They do
not fold the same set on purpose, and every difference is a named piece here; unifying them
further would change the warehouse and the features of the committed NER model.
"""

from __future__ import annotations

import unicodedata

import pyarabic.araby as araby

# -- letters ---------------------------------------------------------------------------------

#: Alef with hamza above or below, with madda, and alef wasla -> bare alef.
ALEF = dict.fromkeys(
    (araby.ALEF_HAMZA_ABOVE, araby.ALEF_HAMZA_BELOW, araby.ALEF_MADDA, araby.ALEF_WASLA),
    araby.ALEF,
)
#: Alef with wavy hamza above/below (ٲ ٳ, Kashmiri and Sindhi letters): match text only.
WAVY_ALEF = dict.fromkeys("\u0672\u0673", araby.ALEF)
ALEF_MAKSURA = {araby.ALEF_MAKSURA: araby.YEH}
TEH_MARBUTA = {araby.TEH_MARBUTA: araby.HEH}

#: THE letter fold every reader applies: alef forms, ى -> ي, ة -> ه.
LETTERS: dict[str, str] = {**ALEF, **ALEF_MAKSURA, **TEH_MARBUTA}

#: Hamza seats ؤ -> و, ئ -> ي: the commonest spelling variation in news (مسئول/مسؤول); match
#: text only.
HAMZA_CARRIERS = {araby.WAW_HAMZA: araby.WAW, araby.YEH_HAMZA: araby.YEH}

#: Persian/Urdu glyphs of Arabic letters (typed on those keyboards, or produced by NFKC from
#: Farsi presentation forms) -> the Arabic letter. Letters for sounds Arabic lacks (پ چ ژ گ ڤ)
#: are not here: news uses them to spell foreign names.
PERSIAN_LETTERS = {
    "ی": "ي",  # U+06CC Farsi yeh
    "ې": "ي",  # U+06D0 Pashto yeh
    "ۍ": "ي",  # U+06CD yeh with tail
    "ێ": "ي",  # U+06CE yeh with small v
    "ے": "ي",  # U+06D2 yeh barree
    "ۓ": "ئ",  # U+06D3 yeh barree with hamza
    "ک": "ك",  # U+06A9 keheh
    "ڪ": "ك",  # U+06AA swash kaf
    "ھ": "ه",  # U+06BE heh doachashmee
    "ە": "ه",  # U+06D5 ae
    "ۀ": "ه",  # U+06C0 heh with yeh above
    "ہ": "ه",  # U+06C1 heh goal
    "ۂ": "ه",  # U+06C2 heh goal with hamza
    "ۃ": "ة",  # U+06C3 teh marbuta goal
}
#: The two Persian letters date reading folds (Farsi yeh, keheh): dates are read from raw
#: metadata fields, before display text has folded the rest.
PERSIAN_YEH_KAF = {c: PERSIAN_LETTERS[c] for c in "یک"}

# -- marks -----------------------------------------------------------------------------------

#: The marks news text writes on letters: harakat, tanween, shadda, sukun, superscript alef.
#: Date reading and NER features delete these (with tatweel).
HARAKAT: str = "".join(araby.TASHKEEL) + araby.SMALL_ALEF
#: Every mark match text strips: HARAKAT plus Quranic annotation marks (pyarabic's DIACRITICS)
#: and the combining marks of Arabic Extended-A (U+08D3–U+08FF).
TASHKEEL: frozenset[str] = frozenset(araby.DIACRITICS) | frozenset(
    chr(c) for c in range(0x08D3, 0x0900) if unicodedata.combining(chr(c))
)
TATWEEL = araby.TATWEEL

# -- digits ----------------------------------------------------------------------------------

#: THE digit fold: Arabic-Indic (٠-٩) and Persian (۰-۹) digits -> ASCII.
DIGITS: dict[str, str] = {
    **{d: str(i) for i, d in enumerate(araby.NUMBERS_EAST)},
    **{d: str(i) for i, d in enumerate(araby.NUMBERS_PERS)},
}
#: Arabic decimal and thousands separators ٫ ٬ -> . , (match text).
DECIMAL_MARKS = {"٫": ".", "٬": ","}

_ASCII_DIGITS = str.maketrans(DIGITS)


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII; all else unchanged."""
    return text.translate(_ASCII_DIGITS)


def translate_table(*folds: dict[str, str], delete: str = "") -> dict[int, str | None]:
    """A `str.translate` table: the folds in order (a later one wins), then `delete` removed."""
    table: dict[int, str | None] = {}
    for fold in folds:
        table.update({ord(k): v for k, v in fold.items()})
    table.update(dict.fromkeys(map(ord, delete)))
    return table
