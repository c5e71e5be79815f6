"""Widen a person the CRF found to the full name its title introduces.

«وقائد التحالف الدولي في العراق وسوريا بات وايت»: the CRF tags «وايت» (a surname it knows) but
not «بات», which news mostly uses as a verb ("became"). A word-by-word model cannot see that a
title six words back and the place that completes it announce a name. This step reads the
apposition the linker's roles rule reads, with the same word lists (`marsad.text.wordlists`): a
person span preceded by at most two plain words, and before them a place or organisation inside a
title's complement, begins at those words. It never creates a person, only widens one, and it
does not fire on the ANERcorp dev split.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from marsad.ner.conll import spans
from marsad.text.normalize import to_match
from marsad.text.wordlists import (
    NAME_PARTICLES,
    NOT_NAME,
    RANK_WORDS,
    TITLE_CONNECTORS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    common_noun,
    folded_vocabulary,
    function_words,
)

MAX_WIDEN = 2
TITLE_REACH = 8
_BREAKS = frozenset('.:؛;؟?!"«»()،,')
_PROCLITICS = ("و", "ف", "ب", "ل", "ك")


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(title heads, words that cannot start a name, rank words), in match form."""
    stop = function_words() | NOT_NAME | TITLE_MODIFIERS | TITLE_CONNECTORS
    return TITLE_HEADS, stop - NAME_PARTICLES, RANK_WORDS


def _bare(word: str) -> str:
    """The word without a conjunction/article in front («وقايد» -> «قايد», «الرييس» -> «رييس»)."""
    for prefix in ("وال", "فال", "ال", "و", "ف"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def _has_proclitic(word: str) -> bool:
    """«بفوز», «بحق», «لكوفي», «للاحصاء» carry a clitic; «وايت», «وليد», «بات» do not: the rest
    is a word the corpus uses less often than the whole («ايت» < «وايت», «فوز» > «بفوز»)."""
    if word.startswith("لل"):
        return True
    if word[:1] not in _PROCLITICS or len(word) < 3:
        return False
    counts = folded_vocabulary()
    rest = counts.get(word[1:], 0)
    return rest > 0 and rest >= counts.get(word, 0)


def _adverb(word: str) -> bool:
    """«حاليا», «حديثا»: an accusative ending on a word the corpus uses more without it."""
    counts = folded_vocabulary()
    return word.endswith("ا") and counts.get(word[:-1], 0) >= counts.get(word, 0)


def _verb_like(word: str) -> bool:
    """«يهنئ», «تعطي», «يدعى»: a present-tense verb, whose other person prefixes (ي/ت/ن) the
    corpus also writes often. Errs towards verbs («يونس» next to «تونس»): a name it rejects is
    only left as the CRF cut it."""
    if word[:1] not in ("ي", "ت", "ن") or len(word) < 3:
        return False
    counts = folded_vocabulary()
    others = [counts.get(p + word[1:], 0) for p in ("ي", "ت", "ن") if p != word[0]]
    return sum(others) >= max(5, 0.3 * counts.get(word, 0))


def _can_start_name(word: str, heads: frozenset[str], stop: frozenset[str], ranks) -> bool:
    return not (
        not word.isalpha()
        or word in stop
        or word in ranks
        or word.startswith("ال")
        or _bare(word) in heads
        or _has_proclitic(word)
        or _adverb(word)
        or _verb_like(word)
        or common_noun(word)  # «اقتراح»: a noun the corpus mostly writes with ال
    )


def widen_titled_names(tokens: Sequence[str], tags: Sequence[str]) -> list[str]:
    """New tags for one sentence: person spans extended leftwards as described above."""
    out = list(tags)
    found = [
        (start, end)
        for kind, start, end in spans(tags)
        if kind == "PERS" and _complement_before(tags, start)
    ]
    if not found:
        return out  # the common case, decided on the tags alone
    heads, stop, ranks = _lists()
    match = [to_match(t) for t in tokens]
    for start, end in found:
        if _has_proclitic(match[start]):
            continue  # «خلفا لكوفي أنان»: a name does not run on leftwards past a clitic
        first = start
        while (
            start - first < MAX_WIDEN
            and first > 0
            and out[first - 1] == "O"
            and _can_start_name(match[first - 1], heads, stop, ranks)
        ):
            first -= 1
        if first < start and _closes_title(match, out, first - 1, heads, ranks):
            out[first] = "B-PERS"
            for k in range(first + 1, end + 1):
                out[k] = "I-PERS"
    return out


def _complement_before(tags: Sequence[str], start: int) -> bool:
    """A place or organisation ends one or two untagged words before the person."""
    for gap in range(1, MAX_WIDEN + 1):
        k = start - gap - 1
        if k < 0 or tags[k + 1] != "O":
            return False
        if tags[k][2:] in ("LOC", "ORG"):
            return True
    return False


def _closes_title(match, tags, k: int, heads, ranks) -> bool:
    """Token k is a place or organisation (no title or rank itself: «الأمير مولاي رشيد») and a
    title head opened within TITLE_REACH words before it, with no clause break between."""
    if k < 0 or tags[k][2:] not in ("LOC", "ORG") or _bare(match[k]) in heads or match[k] in ranks:
        return False
    for j in range(k, max(-1, k - TITLE_REACH), -1):
        if match[j] in _BREAKS:
            return False
        if _bare(match[j]) in heads:
            return True
    return False


def widened_confidence(raw: list[str], labels: list[str], scores: list[float]) -> list[float]:
    """A word a name was widened over takes the confidence of the word the tagger's own name
    began with (`raw`: the tags before widening, `labels`: after)."""
    out = list(scores)
    for i, before in enumerate(raw):
        if before == "O" and labels[i] != "O":
            out[i] = scores[next(j for j in range(i + 1, len(raw)) if raw[j] != "O")]
    return out
