"""Organisation (and named-site) phrases: a head noun and the idafa/adjective chain after it,
read as one name — «وزارة الصحة السعودية», «أمانة منطقة الرياض», «الاتحاد السعودي لكرة
القدم», «جامعة الملك سعود», «المحكمة الجزائية المتخصصة», «حزب العدالة والتنمية».

No part-of-speech tagger runs here; the chain is read from the tokens' clitics alone:

* a head in construct state («وزارة», «جامعة») takes a definite genitive («الصحة») or a proper
  name (a token that may start a catalogue name, or one the NER model tagged): «بلدية غزة»;
  a further construct noun may sit in between when a definite word follows («أمانة منطقة
  الرياض»), and a title a personal name («جامعة الملك سعود بن عبد العزيز»);
* a definite head («المحكمة», «الاتحاد») takes adjectives only, which must agree in gender
  with it (a masculine head does not take «…ة»: «هاجم الجيش المدينة» is not a name);
* after at least one word, «ل» + a definite chain («لكرة القدم», «للطاقة الذرية») and, for
  parties, movements and ministries, one «و» + a definite word at the end («العدالة
  والتنمية»);
* it stops at punctuation, a sentence end, stopwords, time words and any other clitic.

Heads the news also uses for plain nouns («حركة المرور», «مركز المدينة») need the model's or
the catalogue's support inside the chain.  A medium's head («صحيفة», «قناة») is left out of
the span: «صحيفة الرياض» names the paper «الرياض».  The phrase gets its catalogue entity when
its span is an alias, else the stable id of its folded form (`link_source='phrase'`).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from itertools import compress

from marsad.entities.lexicon import (
    AND_HEADS,
    CHAIN_STOP,
    GENERIC_CHAIN,
    MASCULINE_ADJECTIVES,
    MEDIUM_HEADS,
    ORG_HEADS,
    PERSON_TITLES,
    SITE_HEADS,
    STATE_HEADS,
    WEAK_HEADS,
)
from marsad.entities.tokens import ArticleTokens, quote_marks
from marsad.text.wordlists import NAME_PARTICLES, function_words

MAX_CHAIN = 6  # words after the head
ALL_HEADS = ORG_HEADS | SITE_HEADS | WEAK_HEADS | MEDIUM_HEADS


@dataclass(frozen=True, slots=True)
class Phrase:
    first: int  # token range [first, last) of the name (a medium's head left out)
    last: int
    type: str  # organisation | place
    medium: bool  # named after «صحيفة», «قناة» …


def _plain_definite(art: ArticleTokens, j: int) -> bool:
    """A word with the article ال and no other clitic, not a stop or time word."""
    return (
        art.kind[j] == "word"
        and art.definite[j]
        and art.proclitics[j] == "ال"
        and art.key[j] not in CHAIN_STOP
        and art.bare[j] not in CHAIN_STOP
    )


def _lexical_definite(art: ArticleTokens, j: int) -> bool:
    """A name written with its own ال the tokenizer did not split («الرياض», «الله»)."""
    m = art.match[j]
    return (
        art.kind[j] == "word"
        and not art.proclitics[j]
        and m.startswith("ال")
        and len(m) > 3
        and m not in CHAIN_STOP
        and m not in function_words()
    )


def _definite(art: ArticleTokens, j: int) -> bool:
    return _plain_definite(art, j) or _lexical_definite(art, j)


def _medium_name(art: ArticleTokens, seq: list[int], supported: bytearray) -> list[int]:
    """The name after «صحيفة»/«قناة»: the words in quotes when a quote mark follows, else
    its first word and the definite words (or tagged words) after it."""
    if not seq:
        return []
    head_end = seq[0]
    if art.is_quote(head_end - 1):  # «صحيفة "عكاظ"»: up to the closing mark
        out = []
        for j in seq:
            if j > head_end and art.is_quote(j - 1):
                break
            out.append(j)
        return out[:5]
    j = seq[0]
    if art.kind[j] != "word" or art.match[j] in function_words() or art.key[j] in CHAIN_STOP:
        return []
    if art.proclitics[j] not in ("", "ال"):
        return []  # «كل صحيفة ومحطة تلفزيونية»: the next noun, not a name
    out = [j]
    for j in seq[1:4]:
        if j != out[-1] + 1 or not (_definite(art, j) or supported[j] & 6):
            break
        out.append(j)
    return out


def _proper(
    art: ArticleTokens, j: int, supported: bytearray, gentilics: Container[str] = ()
) -> bool:
    """A word that can be a name: it starts a catalogue name or the model tagged it."""
    if art.kind[j] != "word" or art.proclitics[j] or art.match[j] in function_words():
        return False
    if art.match[j] in CHAIN_STOP or art.match[j] in gentilics:
        return False
    return bool(supported[j] & 3)  # not a person's name alone: «حزب نواز شريف»


def _feminine(word: str) -> bool:
    return word.endswith(("ه", "ات"))


def _agrees(art: ArticleTokens, nouns: tuple[str, ...], j: int, supported: bytearray) -> bool:
    """Token j reads as an adjective of the name so far: a feminine one after a feminine
    noun or a plural of things («المحكمة الجزائية», «القوات الإسرائيلية», «وزارة الشؤون
    الخارجية»); a masculine one a nisba («الجيش الإسرائيلي»), a common adjective of names
    («المجلس الأعلى») or a word the model tagged — not «هاجم الجيش المسلحين»."""
    adj = art.bare[j]
    if adj.endswith("ه"):
        return any(_feminine(n) for n in nouns)
    if adj.endswith(("ون", "ين", "ات")):
        return False
    return adj.endswith("ي") or adj in MASCULINE_ADJECTIVES or bool(supported[j] & 2)


def find_phrases(
    art: ArticleTokens, supported: bytearray, gentilics: Container[str] = ()
) -> list[Phrase]:
    """Organisation and site phrases of an article, left to right, not overlapping.
    `supported[i]` has bit 2 where a model mention covers token i (4 for a person), bit 1
    where a catalogue name may start there; `gentilics` are the country adjectives (a
    definite head with only those names a body only if it is a state's)."""
    out: list[Phrase] = []
    n = len(art)
    sentence, quote, kind = art.sentence, quote_marks(art).__contains__, art.kind
    free = 0  # first token not inside a phrase yet
    bares = art.bare
    for i in list(compress(range(n), map(ALL_HEADS.__contains__, bares))):
        if i < free or kind[i] != "word" or i + 1 >= n or sentence[i + 1] != sentence[i]:
            continue
        if kind[i + 1] == "punct" and not quote(i + 1):
            continue
        head = bares[i]
        seq: list[int] = []  # chain tokens (quote marks skipped)
        j = i + 1
        while j < n and sentence[j] == sentence[i] and len(seq) < MAX_CHAIN:
            if quote(j):
                j += 1
                continue
            seq.append(j)
            j += 1
        if quote(i + 1) and not art.definite[i] and head not in MEDIUM_HEADS:
            taken = _quoted(art, i + 1)  # «شركة "روسنفت"»: the quoted name
        else:
            taken = _chain(art, i, head, seq, supported, gentilics)
        if not taken:
            continue
        last = taken[-1] + 1
        if last < n and quote(last) and sum(quote(k) for k in range(i, last)) % 2:
            last += 1  # «حركة "حماس"»: the closing mark
        if _describes(art, i, head, taken, gentilics):
            continue  # «الشركة الأمريكية», «قوات الأمن»: a description, not a name
        weak = head in WEAK_HEADS
        if weak and not any(supported[k] & 2 for k in taken):
            continue
        medium = head in MEDIUM_HEADS
        first = taken[0] if medium else i
        if medium and quote(first - 1):
            first -= 1
        etype = "place" if head in SITE_HEADS else "organisation"
        out.append(Phrase(first, last, etype, medium))
        free = last
    return out


def _adjective(art: ArticleTokens, j: int, gentilics: Container[str]) -> bool:
    """Token j is a known adjective of names (a chain ending in one may take «للترفيه»)."""
    w = art.match[j]
    return w in gentilics or art.key[j] in GENERIC_CHAIN or w in MASCULINE_ADJECTIVES


def _describes(
    art: ArticleTokens, i: int, head: str, chain: list[int], gentilics: Container[str]
) -> bool:
    """A head whose chain only describes: generic words alone («قوات الأمن», «الحزب
    الحاكم»), or for a definite head other than a state's, country adjectives among them
    («الشركة الأمريكية», «الميليشيات الإيرانية الأخرى»; «الجيش الإسرائيلي» is a name)."""
    if not chain:
        return False
    countries = sum(art.match[k] in gentilics for k in chain)
    generic = sum(art.key[k] in GENERIC_CHAIN for k in chain)
    if countries + generic < len(chain):
        return False
    return not countries or (art.definite[i] and head not in STATE_HEADS)


def describes(art: ArticleTokens, first: int, last: int, gentilics: Container[str]) -> bool:
    """Tokens [first, last) are a head noun and a chain that only describes (see
    `_describes`): the model's «النادي الإنجليزي» is no organisation's name."""
    words = [k for k in range(first, last) if art.kind[k] != "punct"]
    if len(words) < 2 or art.bare[words[0]] not in ALL_HEADS:
        return False
    return _describes(art, words[0], art.bare[words[0]], words[1:], gentilics)


def _quoted(art: ArticleTokens, q: int) -> list[int]:
    """The words between the quote mark at q and the next one (at most 5, same sentence)."""
    out = []
    for j in range(q + 1, min(q + 7, len(art))):
        if art.is_quote(j):
            return out
        if art.sentence[j] != art.sentence[q] or art.kind[j] == "punct":
            return []
        out.append(j)
    return []


def _chain(
    art: ArticleTokens,
    i: int,
    head: str,
    seq: list[int],
    supported: bytearray,
    gentilics: Container[str] = (),
) -> list[int]:
    """The chain tokens the head at i takes (empty: no name)."""
    taken: list[int] = []
    definite_head = art.definite[i]
    k = 0
    if definite_head:
        while (
            k < len(seq)
            and _definite(art, seq[k])  # «البرتغالي»: ال the tokenizer kept
            and _agrees(art, (head,), seq[k], supported)
        ):
            taken.append(seq[k])
            k += 1
        if not taken:
            return []
    else:
        # construct state: (construct noun)* then a definite genitive or a proper name
        if head in MEDIUM_HEADS:
            return _medium_name(art, seq, supported)
        while k < len(seq):
            j = seq[k]
            nxt = seq[k + 1] if k + 1 < len(seq) else None
            if (
                k < 2
                and art.kind[j] == "word"
                and not art.proclitics[j]
                and art.bare[j] in _CONSTRUCT
                and nxt is not None
                and (_definite(art, nxt) or _proper(art, nxt, supported, gentilics))
            ):
                taken.append(j)
                k += 1
                continue
            if _definite(art, j) or _proper(art, j, supported, gentilics):
                taken.append(j)
                k += 1
                break
            return []
        if not taken:
            return []
        if art.key[taken[-1]] in PERSON_TITLES:  # «جامعة الملك سعود بن عبد العزيز»
            names = 0
            while k < len(seq) and names < 4:
                j = seq[k]
                if art.kind[j] != "word" or art.proclitics[j] or art.match[j] in CHAIN_STOP:
                    break
                particle = art.match[j] in NAME_PARTICLES
                if not particle and art.match[j] in function_words():
                    break
                after_particle = names and art.match[seq[k - 1]] in NAME_PARTICLES
                if names and not (particle or after_particle or supported[j] & 6):
                    break  # one name, more only with «بن»/«عبد» or the model's support
                taken.append(j)
                names += 1
                k += 1
            if not names:
                return []
        # then its adjectives
        nouns = (head, art.bare[taken[-1]])
        # after a feminine head and a proper name a masculine adjective qualifies something
        # else: «رئيس بلدية بوغوتا اليساري» (the mayor is left-wing, not the municipality)
        feminine_only = _feminine(head) and not _definite(art, taken[-1])
        while (
            k < len(seq)
            and _definite(art, seq[k])
            and _agrees(art, nouns, seq[k], supported)
            and not (feminine_only and not art.bare[seq[k]].endswith("ه"))
        ):
            taken.append(seq[k])
            k += 1
    # «لكرة القدم», «للطاقة الذرية»: ل + a chain, at the end
    if k < len(seq):
        j = seq[k]
        p = art.proclitics[j]
        if (
            p in ("ل", "ل+ال")
            and art.kind[j] == "word"
            and art.bare[j] not in CHAIN_STOP
            and art.key[j] not in CHAIN_STOP
            and art.bare[j] not in ALL_HEADS  # «حزب الله لجبهة البوليساريو»: another body
        ):
            tail = [j]
            k2 = k + 1
            while k2 < len(seq) and _plain_definite(art, seq[k2]):
                tail.append(seq[k2])
                k2 += 1
            if len(tail) > 1 or (p == "ل+ال" and _adjective(art, taken[-1], gentilics)):
                taken += tail  # «الهيئة العامة للترفيه», «… الإيرانية للأنباء»
                k = k2
    # «حزب العدالة والتنمية»: one و + a definite word, at the end
    if head in AND_HEADS and k < len(seq):
        j = seq[k]
        after = seq[k + 1] if k + 1 < len(seq) else None
        if (
            art.proclitics[j] == "و+ال"
            and art.bare[j] not in CHAIN_STOP
            and (after is None or not _plain_definite(art, after))
        ):
            taken.append(j)
    return taken


#: Nouns that stand in construct between a head and its genitive («أمانة منطقة الرياض»,
#: «مجلس إدارة الشركة», «هيئة كبار العلماء»).
CONSTRUCT_NOUNS = frozenset(
    {
        "منطقه",
        "محافظه",
        "مدينه",
        "اداره",
        "كبار",
        "دوله",
        "مملكه",
        "جمهوريه",
        "امانه",
        "شوون",
        "حقوق",
    }
)
_CONSTRUCT = ALL_HEADS | CONSTRUCT_NOUNS
