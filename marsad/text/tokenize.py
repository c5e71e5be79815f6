"""Tokens of display text, and the proclitics و ف ب ل ك + ال split from Arabic words.

Token kinds: `word` (Arabic letters, with any tashkeel on them), `number` (any script's
digits, with inner . , ٫ ٬ : / as in 3.5, 19.11.2020, 12:53), `latin` (letters of any other
script), `punct` (everything else; a run of . ! ? ؟ is one token).

Clitics are split by the corpus, not by the letters: a word that merely begins with و ف ب ل
ك or ال (وزير, بغداد, لبنان, الجزائر) looks exactly like one that carries a clitic
(وبغداد, للبنان), so a split is taken only when the corpus backs it.
`marsad/data/vocab.tsv.gz` holds the counts of the 100,000 most frequent word forms of the
ANT news corpus (display text, tashkeel stripped, spelling otherwise kept so that وإلى and
والي stay apart); `python bench/cleaning_corpus.py --build-vocab` rebuilds it.  The rules:

* function words (لكن, كذلك, الذي, وفي, لذلك, للذين …) take their reading from the
  arabic-stopwords lexicon, which lists each form with its proclitics;
* outer clitics (و ف, then ب ل ك; ل + ال is written لل): the stem has ≥ 3 letters (2 for a
  function word after و/ف) and is seen on its own at least `STEM_RATIO` (`CONJ_STEM_RATIO`
  after و/ف alone) times as often as the whole word, and at least `MIN_STEM_COUNT` times
  (وبغداد → و + بغداد; وزير stays whole: زير is unseen);
* and the whole word must not itself take ال or a preposition (`ATTACH_RATIO` of its count):
  الوحدة, الكريم show that وحدة, كريم are words, not و + حدة, ك + ريم;
* the article ال is split when the bare stem is seen at least `ARTICLE_RATIO` times as often
  as the ال form (الرئيس → ال + رئيس); it stays with the stem for one-word names that CLDR
  (through babel) spells with ال — countries, cities, days (الجزائر, القاهرة, الأربعاء) —
  and for stems never seen bare (العراق: عراق is not used alone);
* ولي (as in ولي العهد), الله and اللهم are never split.

Measured on tests/core/data/clitic_words.tsv (425 words written for the purpose): 97.6 %
right; 102 of 102 on the words added after the thresholds were set.

`stem` is the word without its proclitics and without tashkeel, with the alef that ل + ال
elides put back (للبيت → ل+ال, بيت; لله → ل, الله).
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale

from marsad.text.normalize import strip_tashkeel

STEM_RATIO = 0.05
CONJ_STEM_RATIO = 0.02
ATTACH_RATIO = 0.15
ARTICLE_RATIO = 0.01
MIN_STEM_COUNT = 5
VOCAB_RESOURCE = "vocab.tsv.gz"

# Arabic letters and marks, from the Unicode categories of the Arabic blocks.
_ARABIC_BLOCKS = [*range(0x0600, 0x0700), *range(0x0750, 0x0780), *range(0x0870, 0x0900)]
_AR_LETTERS = "".join(
    chr(c) for c in _ARABIC_BLOCKS if unicodedata.category(chr(c)) in ("Lo", "Lm")
)
_AR_MARKS = "".join(chr(c) for c in _ARABIC_BLOCKS if unicodedata.category(chr(c)) == "Mn")
_AR_RANGES = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff"

KINDS = ("word", "number", "latin", "punct")
TOKEN_RE = re.compile(
    f"([{_AR_LETTERS}][{_AR_LETTERS}{_AR_MARKS}]*)"
    r"|(\d+(?:[.,٫٬:/]\d+)*)"
    f"|([^\\W\\d_{_AR_RANGES}](?:[^\\W\\d_{_AR_RANGES}]|[\u0300-\u036f])*)"
    r"|([.!?؟۔]+|\S)"
)

#: Lexical words whose clitic-looking reading the corpus would otherwise prefer:
#: ولي as in ولي العهد (not و + لي), الله and اللهم (not ال + له).
UNSPLIT = frozenset({"ولي", "الله", "اللهم"})

_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class Token:
    """A token as a span of display text (sentence_no/token_no number it in its sentence)."""

    sentence_no: int
    token_no: int
    start: int
    end: int
    kind: str
    proclitics: str
    stem: str


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each token of text[start:end]."""
    end = len(text) if end is None else end
    return [
        (m.start(), m.end(), KINDS[m.lastindex - 1]) for m in TOKEN_RE.finditer(text, start, end)
    ]


@cache
def vocabulary() -> dict[str, int]:
    """Word form -> corpus count, from the committed vocabulary file."""
    path = resources.files("marsad") / "data" / VOCAB_RESOURCE
    counts: dict[str, int] = {}
    with path.open("rb") as fh, gzip.open(fh, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, _, n = line.rstrip("\n").partition("\t")
            if n:
                counts[word] = int(n)
    return counts


@cache
def stopword_lexicon() -> dict[str, list[dict]]:
    """arabic-stopwords' lexicon (form -> readings), loaded on first use: importing the package
    builds it (0.1 s), which the process running Dagster never needs."""
    from arabicstopwords.arabicstopwords import STOPWORDS

    return STOPWORDS


def load_lexicons() -> None:
    """Load every table `split_clitics` reads now: the stages' worker server does, so the
    workers it forks inherit them instead of each building them on first use."""
    vocabulary()
    _function_words()
    _lexical_article()


@cache
def _function_words() -> dict[str, tuple[tuple[str, ...], str]]:
    """Function-word forms (وفي, لذلك, للذين, كذلك …) -> (proclitics, stem), from the
    arabic-stopwords lexicon; its readings with the interrogative أ are left out, and of
    several readings the one with fewest proclitics wins (كذلك is a word, not ك + ذلك)."""
    out: dict[str, tuple[tuple[str, ...], str]] = {}
    for form, readings in stopword_lexicon().items():
        best: tuple[str, ...] | None = None
        lemma = ""
        for r in readings:
            pro = r["procletic"].strip("-")
            if "أ" in pro or (best is not None and len(pro) >= len("".join(best))):
                continue
            best = (*pro[:-2], "ال") if pro.endswith("ال") else tuple(pro)
            lemma = r["stem"]
        if best is None:
            continue
        n = len("".join(best))
        stem = form[n:]
        if best and best[-1] == "ل" and lemma.startswith("ال") and not stem.startswith("ال"):
            stem = "ا" + stem  # للذين = ل + الذين
        out[form] = (best, stem)
    return out


def _outer_candidates(w: str) -> Iterable[tuple[str, str, str]]:
    """(conjunction, preposition, remainder) readings of w that carry a clitic."""
    for conj in ("", *_CONJ):
        if not w.startswith(conj):
            continue
        rest = w[len(conj) :]
        for prep in ("", *_PREP):
            if not rest.startswith(prep) or (not conj and not prep):
                continue
            stem = rest[len(prep) :]
            yield conj, prep, stem
            if prep == "ل" and stem.startswith("ل"):
                yield conj, prep, "ا" + stem  # للبيت = ل + البيت
                yield conj, prep, "ال" + stem  # للغة = ل + اللغة


def _plausible_stem(rest: str, prep: str, lexicon: dict) -> bool:
    """Long enough to be a word: ≥ 3 letters (2 for a function word after و/ف), and a
    remainder that starts with ال has ≥ 2 letters after it (والد is not و + الد)."""
    if rest.startswith("ال") and len(rest) < 4:
        return False
    if len(rest) >= 3:
        return True
    return len(rest) == 2 and not prep and rest in lexicon and not lexicon[rest][0]


def _evidence(rest: str, counts: dict[str, int]) -> int:
    """How often the stem is seen on its own; an ال form also counts its bare stem
    (بالإضافة: الإضافة is rare alone, إضافة is not)."""
    n = counts.get(rest, 0)
    if rest.startswith("ال") and len(rest) >= 4:
        n += counts.get(rest[2:], 0)
    return n


def _attached(w: str, conj: bool, counts: dict[str, int]) -> int:
    """How often w itself takes a clitic that could not stack on the one it seems to carry:
    وحدة in الوحدة, كريم in الكريم show they are words, not و + حدة, ك + ريم."""
    forms = ["ال" + w, "بال" + w, "وال" + w, "لل" + w, "ب" + w, "ك" + w]
    if not w.startswith("ل"):
        forms.append("ل" + w)  # ل + لشركة is للشركة, ل + ال + شركة
    if conj:
        forms += ["و" + w, "ف" + w]
    return sum(counts.get(f, 0) for f in forms)


@cache
def _lexical_article() -> frozenset[str]:
    """One-word names whose ال is part of the name, from CLDR via babel: countries
    (الجزائر, العراق), cities (القاهرة, الرياض) and the days of the week (الأربعاء)."""
    ar = Locale("ar")
    names = [v for k, v in ar.territories.items() if k.isalpha()]
    names += [z["city"] for z in ar.time_zones.values() if "city" in z]
    names += list(ar.days["format"]["wide"].values())
    return frozenset(strip_tashkeel(n) for n in names if n.startswith("ال") and " " not in n)


def _split_article(word: str, counts: dict[str, int]) -> tuple[bool, str]:
    if word in UNSPLIT or word in _lexical_article() or not word.startswith("ال") or len(word) < 4:
        return False, word
    stem = word[2:]
    if counts.get(stem, 0) >= max(1, ARTICLE_RATIO * counts.get(word, 0)):
        return True, stem
    return False, word


def _analyse(w: str, allow_conj: bool) -> tuple[list[str], str]:
    if w in UNSPLIT:
        return [], w
    lexicon = _function_words()
    counts = vocabulary()
    whole = counts.get(w, 0)
    known = lexicon.get(w)
    if known is not None and (allow_conj or known[0][:1] not in (("و",), ("ف",))):
        # a function-word reading, unless w is itself a word taking ال (فعل: الفعل)
        if (
            not known[0]
            or _attached(w, "و" in known[0][:1] or "ف" in known[0][:1], counts)
            <= ATTACH_RATIO * whole
        ):
            return list(known[0]), known[1]
    best: tuple[int, str, str, str] | None = None
    for conj, prep, rest in _outer_candidates(w):
        if (conj and not allow_conj) or not _plausible_stem(rest, prep, lexicon):
            continue
        n = _evidence(rest, counts)
        if n < max(MIN_STEM_COUNT, (STEM_RATIO if prep else CONJ_STEM_RATIO) * whole):
            continue
        if _attached(w, bool(conj), counts) > ATTACH_RATIO * whole:
            continue
        if best is None or n > best[0]:
            best = (n, conj, prep, rest)
    if best is None:
        has_article, stem = _split_article(w, counts)
        return (["ال"] if has_article else []), stem
    _, conj, prep, rest = best
    if conj and not prep:
        inner, stem = _analyse(rest, allow_conj=False)
        return [conj, *inner], stem
    parts = [p for p in (conj, prep) if p]
    known = lexicon.get(rest)
    if known is not None:  # وللذين = و + ل + الذين
        return [*parts, *known[0]], known[1]
    has_article, stem = _split_article(rest, counts)
    return ([*parts, "ال"] if has_article else parts), stem


@cache
def _split_light(w: str) -> tuple[str, str]:
    parts, stem = _analyse(w, allow_conj=True)
    return "+".join(parts), stem


def split_clitics(word: str) -> tuple[str, str]:
    """(proclitics, stem) of an Arabic word: ("و+ال", "رئيس") for والرئيس, ("", "بغداد")."""
    return _split_light(strip_tashkeel(word))


def split_clitics_many(words: Iterable[str]) -> list[tuple[str, str]]:
    """split_clitics over many words, each distinct word analysed once."""
    seen: dict[str, tuple[str, str]] = {}
    out = []
    for w in words:
        r = seen.get(w)
        if r is None:
            r = seen[w] = split_clitics(w)
        out.append(r)
    return out
