"""One id per name an article writes several ways.

* **Spelling variants** — foreign names are transliterated with or without long vowels and
  with غ/ج/ق/ك for one sound («رونالدو»/«رنالدو», «يوغوسلافيا»/«يوغسلافيا», «كلوب»/«غلوب»).
  Two words of one article's names with the same consonant skeleton (`skeleton`) are one
  word, written as the article's more frequent spelling — unless both are established words
  of the corpus (`ESTABLISHED` in the vocabulary: «محمد»/«محمود», «حسن»/«حسين» stay apart).
* **Shortened names** (`join_names`) — an organisation or place named in full and again
  shorter («مجلس الوزراء» / «مجلس الوزراء الكويتي», «حزب الرابطة» / «الرابطة الإسلامية
  الباكستانية», «غريميو» / «نادي غريميو البرازيلي», «البوسنة» / «البوسنة والهرسك»): the
  short name's core (head nouns «نادي», «حزب» … and ال dropped, a country's adjective read
  as the country: «المنتخب المصري» = «منتخب مصر») starts the long one's.  It joins only when
  it fits one entity of the article; a catalogue link is never changed, and a longer place
  never joins a shorter one («أمريكا الجنوبية» is not «أمريكا»).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from marsad.entities.index import AliasIndex
from marsad.entities.lexicon import GENERIC_CHAIN, ORG_HEADS, WEAK_HEADS
from marsad.entities.link import SOURCE_CONFIDENCE, Mention
from marsad.entities.names import ADMIN_PREFIXES, match_counts
from marsad.entities.tokens import ArticleTokens
from marsad.text.normalize import to_match

ESTABLISHED = 300  # corpus count above which a spelling is a word of its own
MIN_WORD = 4  # letters of a word that may be a variant
MIN_SKELETON = 3
APPOSITION_MAX = 30  # characters of a short name in brackets after the full one
_G_SOUNDS = str.maketrans("غجق", "ككك")
_VOWELS = re.compile("[اويى]")
_HEADS = ORG_HEADS | WEAK_HEADS
#: Head nouns news writes for one body interchangeably («المخابرات/الاستخبارات السورية»).
SYNONYMS = {"استخبارات": "مخابرات"}
#: Names of a parliament, for one as good as «البرلمان» (its core).
PARLIAMENTS = frozenset({("مجلس", "نواب"), ("مجلس", "شعب"), ("مجلس", "امه")})


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """A word's consonants: ال, a final ة and the long vowels after the first letter
    dropped, the letters written for «g» made one."""
    w = word[2:] if word.startswith("ال") and len(word) > 4 else word
    w = w.translate(_G_SOUNDS)
    if w.endswith("ه"):
        w = w[:-1]
    return w[:1] + _VOWELS.sub("", w[1:])


def canonical_words(words: Counter[str]) -> dict[str, str]:
    """word -> the spelling of the article it is a variant of (words that change only);
    `words` counts the article's name words."""
    groups: dict[str, list[str]] = defaultdict(list)
    for w in words:
        if len(w) >= MIN_WORD:
            s = skeleton(w)
            if len(s) >= MIN_SKELETON:
                groups[s].append(w)
    counts = match_counts()
    out: dict[str, str] = {}
    for ws in groups.values():
        if len(ws) < 2:
            continue
        ws.sort(key=lambda w: (-words[w], -counts.get(w, 0), w))
        best = ws[0]
        for w in ws[1:]:
            if min(counts.get(w, 0), counts.get(best, 0)) < ESTABLISHED:
                out[w] = best
    return out


def canonical(forms: Iterable[tuple[str, ...]]) -> dict[str, str]:
    return canonical_words(Counter(w for f in forms for w in f))


def _words(art: ArticleTokens, m: Mention) -> tuple[str, ...]:
    """The mention's words: the first without its proclitics, punctuation left out."""
    out = []
    for i in range(m.first, m.last):
        if art.kind[i] == "punct":
            continue
        out.append(art.match[i] if out else art.key[i])
    return tuple(out)


def _plain(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


_CORES: dict[int, tuple[AliasIndex, dict]] = {}  # id(index) -> (index, words -> cores)


def cores_of(words: tuple[str, ...], ix: AliasIndex) -> tuple[tuple[str, ...], ...]:
    """What a name says with none, one, … of its leading head nouns set aside («حزب الرابطة»
    → حزب رابطه, رابطه), ال dropped and a country named by its adjective or its name alike
    («المنتخب المصري», «منتخب مصر» → منتخب @مصر).  Kept per name: names recur."""
    entry = _CORES.get(id(ix))
    if entry is None:
        entry = _CORES[id(ix)] = (ix, {})
    cores = entry[1].get(words)
    if cores is None:
        cores = entry[1][words] = tuple(_cores_of(words, ix))
    return cores


def _cores_of(words: tuple[str, ...], ix: AliasIndex) -> list[tuple[str, ...]]:
    plain = []
    for w in words:
        row = ix.gentilics.get(w)
        if row is None:
            hit = ix.names.get((w,))
            if hit is not None and ix.kind[hit] == "country":
                row = hit
        w = _plain(w)
        plain.append("@" + ix.entity_id[row] if row is not None else SYNONYMS.get(w, w))
    if tuple(plain[:2]) in PARLIAMENTS:  # «مجلس النواب» for «البرلمان اللبناني»
        plain[:2] = ["برلمان"]
        words = ("البرلمان", *words[2:])
    out = [tuple(plain)]
    k = 0
    while k < len(words) - 1 and _plain(words[k]) in _HEADS:
        k += 1
        if plain[k].startswith("@"):  # «الجيش المصري» is not «منتخب مصر»
            break
        out.append(tuple(plain[k:]))
    return out


def _prefix(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) <= len(long) and long[: len(short)] == short


def _specific(c: tuple[str, ...], written: tuple[str, ...]) -> bool:
    """A core that can stand for a name: more than one word, a word a head noun came
    before («حزب الرابطة»), or one word that is no head or generic word («الحكومة»)."""
    if len(c) > 1 or c[0].startswith("@") or len(written) > 1:
        return True
    w = c[0]
    return (
        len(w) >= 3 and w not in _HEADS and "ال" + w not in GENERIC_CHAIN and w not in GENERIC_CHAIN
    )


def join_names(art: ArticleTokens, mentions: list[Mention], ix: AliasIndex) -> None:
    """Spelling variants and shortened names of organisations and places share one id
    (rules in the module doc); in place, catalogue links untouched."""
    join_appositions(art, mentions)
    join_homonym_regions(art, mentions, ix)
    for etype in ("organisation", "place"):
        group = [m for m in mentions if m.type == etype and not m.gentilic]
        if len(group) < 2:
            continue
        words = {id(m): _words(art, m) for m in group}
        canon = canonical(words.values())
        if canon:
            words = {k: tuple(canon.get(w, w) for w in f) for k, f in words.items()}
        _join(group, words, ix, etype)


_OPEN = frozenset('("«“')
_CLOSE = frozenset(')"»”')


def join_appositions(art: ArticleTokens, mentions: list[Mention]) -> None:
    """An organisation followed by its short name in brackets or quotes is one entity
    («منظمة البلدان المصدرة للبترول (أوبك)», «وكالة الأنباء الإماراتية "وام"»): the short
    name's id (or the long one's, when only it is in the catalogue) goes to both, everywhere
    in the article; in place."""
    text = art.text
    named = sorted((m for m in mentions if not m.gentilic), key=lambda m: m.start)
    same: dict[str, str] = {}
    for a, b in zip(named, named[1:], strict=False):
        if a.type != "organisation" or b.type != "organisation" or a.entity_id == b.entity_id:
            continue
        gap = text[a.end : b.start].strip()
        inner = text[b.start : b.end]
        opened = gap in _OPEN or (not gap and inner[:1] in _OPEN)
        after = text[b.end : b.end + 2].strip()[:1]
        closed = after in _CLOSE or inner[-1:] in _CLOSE
        if not (opened and closed) or len(inner) > APPOSITION_MAX:
            continue
        if a.row is not None and b.row is not None:
            continue  # two catalogue entities: leave them
        keep, drop = (a, b) if a.row is not None else (b, a)
        same[drop.entity_id] = keep.entity_id
    if not same:
        return
    for m in mentions:
        new = same.get(m.entity_id)
        if new is not None and m.row is None:
            m.entity_id = new
            m.row = next(
                (x.row for x in mentions if x.entity_id == new and x.row is not None), None
            )
            m.link_source, m.confidence = "coref", SOURCE_CONFIDENCE["coref"]


_ADMIN = frozenset(to_match(w) for w in ADMIN_PREFIXES)


def join_homonym_regions(art: ArticleTokens, mentions: list[Mention], ix: AliasIndex) -> None:
    """A province named after its capital («محافظة حلب») in an article that names the city
    («حلب») is, for what the article covers, that city: one place, on the city's point."""
    cities: dict[tuple[str, ...], Mention] = {}
    for m in mentions:
        if m.type == "place" and m.row is not None and not m.gentilic:
            if ix.kind[m.row] == "city":
                cities.setdefault(_words(art, m), m)
    if not cities:
        return
    for m in mentions:
        if m.type != "place" or m.row is None or m.gentilic or ix.kind[m.row] != "admin_region":
            continue
        w = _words(art, m)
        if w and w[0] in _ADMIN:
            w = w[1:]
        city = cities.get(w)
        if city is not None and ix.country_code[city.row] == ix.country_code[m.row]:
            m.entity_id, m.row = city.entity_id, city.row
            m.link_source, m.confidence = "coref", SOURCE_CONFIDENCE["coref"]


def _join(group: list[Mention], words: dict, ix: AliasIndex, etype: str) -> None:
    # entity id -> (its cores, catalogue row or None, longest name length, first mention)
    cores: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    written: dict[tuple[str, ...], tuple[str, ...]] = {}  # core -> a name it was read from
    catalogue: dict[str, int | None] = {}
    size: dict[str, int] = Counter()
    for m in group:
        f = words[id(m)]
        if not f:
            continue
        for c in cores_of(f, ix):
            cores[m.entity_id].add(c)
            written.setdefault(c, f)
        if m.row is not None:
            catalogue[m.entity_id] = m.row
        else:
            catalogue.setdefault(m.entity_id, None)
        size[m.entity_id] = max(size[m.entity_id], len(f))
    if len(cores) < 2:
        return
    by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    shared = False  # a core's first word in two entities' names: else no name fits another
    for eid, cs in cores.items():
        for c in cs:
            same = by_first[c[0]]
            shared = shared or any(e != eid for e, _ in same)
            same.append((eid, c))
    if not shared:
        return
    target: dict[str, str] = {}
    for eid, cs in cores.items():
        if catalogue[eid] is not None:
            continue  # a catalogue link stays
        fits: set[str] = set()
        for c in cs:
            if not _specific(c, written[c]):
                continue
            for other, oc in by_first[c[0]]:
                if other == eid:
                    continue
                if _prefix(c, oc):
                    fits.add(other)  # this name is the other's shortened
                elif (
                    etype == "organisation"
                    and _prefix(oc, c)
                    and _specific(oc, written[oc])
                    and _definite_tail(written[c], len(c) - len(oc))
                ):
                    fits.add(other)  # «منتخب مصر المونديالي»: the other plus adjectives
        fits = _one_entity(fits, cores)
        if fits is not None:
            target[eid] = fits
    if not target:
        return
    final = _components(target, catalogue, size)
    for m in group:
        new = final.get(m.entity_id)
        if m.row is None and new is not None and new != m.entity_id:
            m.entity_id, m.row = new, catalogue.get(new)
            m.link_source, m.confidence = "coref", SOURCE_CONFIDENCE["coref"]


def _definite_tail(words: tuple[str, ...], n: int) -> bool:
    """The last n words of a name are adjectives (definite: «المونديالي», not «بيتيس»)."""
    return all(w.startswith("ال") for w in words[len(words) - n :])


def _one_entity(fits: set[str], cores: dict[str, set[tuple[str, ...]]]) -> str | None:
    """The one entity `fits` name, when they are all one name lengthened (a chain of
    prefixes): the longest; None when they part ways («الخارجية الأمريكية/الروسية»)."""
    if not fits:
        return None
    ranked = sorted(fits, key=lambda e: (max(len(c) for c in cores[e]), e))
    longest = cores[ranked[-1]]
    for e in ranked[:-1]:
        if not any(_prefix(c, o) or _prefix(o, c) for c in cores[e] for o in longest):
            return None
    return ranked[-1]


def _components(target: dict[str, str], catalogue: dict, size: dict) -> dict[str, str]:
    """entity id -> the id its name joins: per group of linked names the catalogue entity
    in it (the one its own chain reaches when there are several), else the longest name."""
    parent: dict[str, str] = {}

    def find(e: str) -> str:
        while parent.get(e, e) != e:
            e = parent[e]
        return e

    for a, b in target.items():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    members: dict[str, list[str]] = defaultdict(list)
    for e in sorted({*target, *target.values()}):
        members[find(e)].append(e)
    out: dict[str, str] = {}
    for group in members.values():
        known = [e for e in group if catalogue.get(e) is not None]
        best = max(group, key=lambda e: (size[e], e))
        for e in group:
            if len(known) > 1:
                chain = [e]
                while chain[-1] in target and target[chain[-1]] not in chain:
                    chain.append(target[chain[-1]])
                hit = [c for c in chain if catalogue.get(c) is not None]
                out[e] = hit[0] if hit else e
            else:
                out[e] = known[0] if known else best
    return out
