"""How catalogue names are written for matching: match-text token tuples, stable ids, and the
gentilic adjectives of country names.

A name is matched as the tuple of its tokens' match forms (`marsad.text.normalize.to_match` of the
display form), so «الولايات المتحدة» and «الولايات المتّحدة» are one key, and a key can be
compared token by token with the `match` column of the cleaned stage's tokens.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from marsad.entities.lexicon import GENTILIC_SUFFIXES, PERSON_TITLES, REPORTING_VERBS
from marsad.text.normalize import to_display, to_match
from marsad.text.tokenize import TOKEN_RE
from marsad.text.wordlists import (
    NOT_NAME,
    RANK_WORDS,
    TITLE_HEADS,
    common_noun,
    folded_vocabulary,
    function_words,
)

#: Letters of Persian, Kurdish and Urdu that Arabic does not use: a name containing one is
#: not an Arabic name (GeoNames and iraq_geo_data mix those scripts' names with Arabic ones).
NON_ARABIC_LETTERS = frozenset("پچژگکیۆێڕڵەھۀې")
#: Words that open an administrative unit's name («محافظة كربلاء», «ولاية هرات»).
ADMIN_PREFIXES = frozenset(
    {
        "محافظة",
        "ولاية",
        "مقاطعة",
        "بلدية",
        "إقليم",
        "مدينة",
        "منطقة",
        "مديرية",
        "إدارة",
        "قضاء",
        "ناحية",
    }
)


def is_arabic_name(name: str) -> bool:
    """Arabic letters only (spaces, hyphens allowed), none of them Persian/Kurdish/Urdu."""
    first = name[:1]
    if first.isalpha() and not "\u0600" <= first <= "\u06ff":
        return False  # most of GeoNames' half a million alternate names: decided at once
    letters = [c for c in name if c.isalpha()]
    return (
        bool(letters)
        and all("\u0600" <= c <= "\u06ff" for c in letters)
        and not NON_ARABIC_LETTERS.intersection(name)
    )


@lru_cache(maxsize=200_000)
def match_tokens(name: str) -> tuple[str, ...]:
    """The match forms of a name's tokens: the key it is looked up by."""
    return tuple(to_match(m.group()) for m in TOKEN_RE.finditer(to_display(name)))


def match_form(name: str) -> str:
    """A name in match-text form, tokens joined by one space (how aliases are stored)."""
    return " ".join(match_tokens(name))


def name_id(entity_type: str, name: str) -> str:
    """A stable id for a name no catalogue knows, so it still aggregates across articles."""
    return folded_id(entity_type, match_form(name))


@lru_cache(maxsize=200_000)
def folded_id(entity_type: str, folded: str) -> str:
    """`name_id` of a name already in match form (tokens' match forms joined by a space)."""
    digest = hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()
    return f"name:{entity_type}:{digest}"


def nisba(name: str) -> str | None:
    """The gentilic stem of a one-word country name in match form: العراق → عراقي, سوريا →
    سوري, أمريكا → امريكي, السعوديه → سعودي, الامارات → اماراتي, ايران → ايراني."""
    if " " in name:
        return None
    stem = name[2:] if name.startswith("ال") else name
    if stem.endswith("يه"):
        return stem[:-1] if len(stem) > 4 else None  # السعودية → سعودي
    if stem.endswith("يا") and len(stem) > 4:
        stem = stem[:-2]
    elif stem.endswith(("ا", "ه")):
        stem = stem[:-1]
    elif stem.endswith("ي"):
        return None  # مالي, جيبوتي: the adjective would be the name itself
    return stem + "ي" if len(stem) >= 3 else None


def gentilic_forms(stem: str) -> list[str]:
    """Every form of a gentilic stem's adjective, with and without ال (عراقي, العراقيون …)."""
    forms = [to_match(stem + s) for s in GENTILIC_SUFFIXES]
    return forms + ["ال" + f for f in forms]


def person_form(keys: tuple[str, ...]) -> tuple[str, ...]:
    """A personal name's tokens in one spelling: hashtag and hyphen joins split
    («سوزان_الحاج»), «عبد الله» and «عبدالله» both «عبدالله», «أبو X» kept apart."""
    parts = [p for k in keys for p in k.replace("_", " ").replace("-", " ").split()]
    out: list[str] = []
    for p in parts:
        if out and out[-1] == "عبد":
            out[-1] = "عبد" + p
        else:
            out.append(p)
    return tuple(out)


UNKNOWN_MAX = 5  # corpus count of a word the tokenizer could not split


def match_counts() -> dict[str, int]:
    """Corpus count of each word's match form: the tagger's table (`folded_vocabulary`), one
    copy per process for both."""
    return folded_vocabulary()


def unsplit_and(proclitics: str, word: str) -> bool:
    """A name's first word still carrying «و»: a word the corpus does not know, «و» and
    then an alif («وإينيكو», «ونيوزلاندا»; «وائل», «واشنطن» are known words)."""
    return (
        not proclitics
        and len(word) >= 5
        and word.startswith("وا")
        and match_counts().get(word, 0) < UNKNOWN_MAX
    )


def given_name(word: str) -> bool:
    """A word (match form, no clitics) that reads as a first name before a family's name
    («ميلانيا ترامب», «مريم نواز شريف»: another person than «ترامب», «نواز شريف»), not a
    word a span swallowed: a definite word («المخلوع»), title, rank, verb of saying, function
    word or common noun."""
    return (
        len(word) >= 3
        and not word.startswith("ال")
        and word not in function_words()
        and word not in TITLE_HEADS
        and word not in RANK_WORDS
        and word not in PERSON_TITLES
        and word not in NOT_NAME
        and word not in REPORTING_VERBS
        and not common_noun(word)
    )
