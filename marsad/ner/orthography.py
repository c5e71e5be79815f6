"""Orthographic folding and light clitic splitting for NER features.

News text spells the same name several ways (أحمد / احمد, مصطفى / مصطفي, حمزة / حمزه, with or
without tashkeel, in presentation forms), and glues conjunctions, prepositions and the article to
it (وبغداد, للعراق). Features look at folded, clitic-stripped forms so those variants share weights.
The fold is `marsad.text.folding`'s letter table with the everyday marks and tatweel deleted; it
leaves hamza seats, Persian glyphs and digits alone, as the committed model was trained.
"""

from __future__ import annotations

import re
import unicodedata

from marsad.text.folding import HARAKAT, LETTERS, TATWEEL, translate_table

_FOLD = translate_table(LETTERS, delete=HARAKAT + TATWEEL)

# Longest first, so وبال is tried before و. Only stripped when a stem of >= 2 letters remains.
PREFIXES = tuple(
    sorted(
        ("وال", "فال", "بال", "كال", "لل", "ال", "وبال", "وكال", "ولل", "فلل", "وب", "ول", "فب")
        + ("فل", "وك", "و", "ف", "ب", "ل", "ك"),
        key=len,
        reverse=True,
    )
)
_PREFIX_INITIALS = frozenset(p[0] for p in PREFIXES)
SUFFIXES = ("ها", "هم", "هن", "كم", "نا", "ون", "ين", "ات", "ان", "يه", "ه", "ي")

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


# Folded forms kept per word: tagging folds (and splits) every token again for name spreading,
# and news repeats its words (a dict hit is a fifth of the regex test and table lookup).
FOLD_CACHE_WORDS = 200_000
_folded: dict[str, str] = {}
_stripped: dict[str, tuple[str, str]] = {}  # the same for `strip_prefix`


def fold(word: str) -> str:
    """Strip tashkeel and tatweel, fold alef/ya/ta-marbuta variants and presentation forms."""
    hit = _folded.get(word)
    if hit is not None:
        return hit
    folded = unicodedata.normalize("NFKC", word) if _PRESENTATION.search(word) else word
    folded = folded.translate(_FOLD)
    if len(_folded) >= FOLD_CACHE_WORDS:
        _folded.clear()
    _folded[word] = folded
    return folded


def strip_prefix(folded: str) -> tuple[str, str]:
    """Split a leading clitic cluster (و ف ب ل ك ال) off a folded word: `(prefix, rest)`."""
    if folded[:1] not in _PREFIX_INITIALS:
        return "", folded
    hit = _stripped.get(folded)
    if hit is not None:
        return hit
    split = "", folded
    for prefix in PREFIXES:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
            split = prefix, folded[len(prefix) :]
            break
    if len(_stripped) >= FOLD_CACHE_WORDS:
        _stripped.clear()
    _stripped[folded] = split
    return split


def strip_suffix(folded: str) -> tuple[str, str]:
    """Split a trailing pronoun/plural/feminine ending off a folded word: `(rest, suffix)`."""
    for suffix in SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            return folded[: -len(suffix)], suffix
    return folded, ""


def tokenize(text: str) -> list[str]:
    """Whitespace/punctuation tokens of folded text, clitics left attached (ANERcorp's style)."""
    return _TOKEN.findall(fold(text))
