"""Link mentions to catalogue entities: a dictionary pass over tokens, merged with the NER
model's mentions, then within-article coreference, gentilics and metonymy.

* **Dictionary pass** — at each token, the longest catalogue alias starting there, looked up
  by the token's match form and by its clitic-free key («والعراق», «بالعراق», «للعراق» →
  العراق), later tokens by match form, quote marks skipped («هيئة "الحشد الشعبي"»), never
  across a sentence end.  It finds catalogue names wherever they are, whether or not a model
  tagged them.
* **Gentilics** — an adjective of a country («العراقية», «والأمريكي», «عراقيون») links to the
  country with `gentilic=True`; it is not a mention of the place.  A country name that is
  also its adjective («السعودية») counts as one after a definite feminine or plural noun
  («الحكومة السعودية», «القوات السعودية»), not after «زار الرئيس السعودية».
* **Merge** — model mentions and rule-found names (roles) join the dictionary's; where spans
  overlap the longer wins, except that a model span nothing could link loses to the catalogue
  names inside it — but a person's name keeps the library places and the shorter names
  rules found in it («داريا غافريلوفا», «عمران خان», «الرئيس خوان مانويل سانتوس»).  A mention no catalogue knows gets `name:<type>:<hash>` of its folded
  name, so it still aggregates across articles (`link_source='name'`).
* **Coreference** — within an article, a person's surname («الأعرجي» after «قاسم الأعرجي»)
  or full name seen again links to the same entity (`link_source='coref'`).
* **Metonymy** — a capital standing for its government is flagged `metonymy=True` when it
  directly follows a verb of acting or saying («وتتهم واشنطن», «توصل بغداد»), a word like
  سفير/لدى/حكومة («سفير واشنطن لدى بغداد»), or «بين» in a pair of capitals («بين واشنطن
  وطهران»); a capital joined by و to a flagged one is flagged too.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import or_

from marsad.entities.index import AliasIndex, alias_index
from marsad.entities.lexicon import DIRECTIONS, METONYMY_GOVERNORS, METONYMY_VERBS
from marsad.entities.names import folded_id, given_name, match_counts, nisba, unsplit_and
from marsad.entities.orgs import Phrase
from marsad.entities.tokens import QUOTES, ArticleTokens, quote_marks
from marsad.text.wordlists import NOT_NAME, TITLE_HEADS

#: Catalogue sources of place names read from libraries, not written for marsad.
LIBRARY = ("geonames", "gazetteer")
MODEL_TYPES = {"PERS": "person", "ORG": "organisation", "LOC": "place", "MISC": "misc"}
#: Confidence of a rule-found link (a model mention carries the model's own).
SOURCE_CONFIDENCE = {
    "curated": 1.0,
    "pycountry": 1.0,
    "geonames": 0.8,
    "gazetteer": 0.8,
    "name": 0.7,
    "coref": 0.8,
    "phrase": 0.75,
    "context": 0.85,
    "prior": 0.7,
    "local": 0.5,
}


@dataclass(slots=True)
class Mention:
    first: int  # token range [first, last)
    last: int
    start: int  # display span
    end: int
    entity_id: str
    type: str
    link_source: str
    row: int | None = None  # alias-index row of a catalogue entity
    gentilic: bool = False
    metonymy: bool = False
    from_model: bool = False
    confidence: float = 1.0
    rank: int = 0  # merge priority on equal length: 0 rules, 1 model


@dataclass(frozen=True, slots=True)
class ModelMention:
    start: int
    end: int
    type: str  # PERS | ORG | LOC | MISC
    confidence: float


def content_tokens(art: ArticleTokens) -> list[int]:
    """Token indices without quote marks (names are matched across them)."""
    marks = quote_marks(art)
    if not marks:
        return list(range(len(art.kind)))
    keep = bytearray(b"\x01") * len(art.kind)
    for i in marks:
        keep[i] = 0
    return list(compress(range(len(art.kind)), keep))


def _balance_quotes(art: ArticleTokens, first: int, last: int) -> tuple[int, int]:
    """Take in the other quote mark when a name crosses one («هيئة "الحشد الشعبي"»)."""
    kind, match = art.kind, art.match
    if last - first == 1 and (kind[first] != "punct" or match[first] not in QUOTES):
        return first, last  # one word: nothing to balance
    odd = False
    for i in range(first, last):
        if kind[i] == "punct" and match[i] in QUOTES:
            odd = not odd
    if odd:
        if last < len(art) and art.is_quote(last):
            return first, last + 1
        if first > 0 and art.is_quote(first - 1):
            return first - 1, last
    return first, last


def _catalogue_mention(art, ix, first, last, row, by_key, gentilic=False) -> Mention:
    source = ix.source[row]
    first0 = first
    first, last = _balance_quotes(art, first, last)
    return Mention(
        first,
        last,
        art.surface_start(first, by_key and first == first0),
        art.end[last - 1],
        ix.entity_id[row],
        ix.type[row],
        source,
        row,
        gentilic,
        confidence=SOURCE_CONFIDENCE[source],
    )


def _longest(
    art: ArticleTokens, ix: AliasIndex, seq: list[int], p: int, keys
) -> tuple[int, int, bool] | None:
    """(length in seq positions, index row, matched through key) of the longest alias at seq[p];
    `keys` as `_start_keys` gives them (each with its longest alias, second words and the row
    of its one-word alias, so a one-token match needs no lookup)."""
    best: tuple[int, int, bool] | None = None
    sentence = art.sentence
    match = art.match
    names = ix.names
    here = sentence[seq[p]]
    for first, by_key, longest, seconds, single in keys:
        most = min(longest, len(seq) - p)
        if most > 1 and match[seq[p + 1]] not in seconds:
            most = 1  # no longer alias goes on with the next token
        for n in range(most, 1, -1):
            if best is not None and n <= best[0]:
                break
            if sentence[seq[p + n - 1]] != here:
                continue
            row = names.get((first, *[match[seq[q]] for q in range(p + 1, p + n)]))
            if row is not None:
                best = (n, row, by_key)
                break
        if best is None and single is not None:
            best = (1, single, by_key)
    return best


@lru_cache(maxsize=1_000_000)
def _start_keys(match: str, key: str) -> tuple[tuple[tuple, ...], int | None, bool]:
    """How a token can start a catalogue name: ((first key, through key, its longest alias's
    length, the second words of its aliases, the row of the one-word alias it may match alone)
    …), and the country row if it is a gentilic (with whether through key).  A one-word alias
    read through a clitic the tokenizer left on matches only a curated or pycountry name."""
    ix = alias_index()
    keys: list[tuple[str, bool, bool]] = []
    if match in ix.longest:
        keys.append((match, False, False))
    if key != match and key in ix.longest:
        keys.append((key, True, False))
    if not keys:
        keys = [(k, True, True) for k in _unsplit_clitics(match) if k in ix.longest]
    row = ix.gentilics.get(match)
    by_key = False
    if row is None:
        row, by_key = ix.gentilics.get(key), True
    return tuple(_start_key(ix, *k) for k in keys), row, by_key


def _start_key(ix: AliasIndex, first: str, by_key: bool, unsplit: bool) -> tuple:
    single = ix.names.get((first,))
    if single is not None and unsplit and ix.source[single] not in ("curated", "pycountry"):
        single = None
    return first, by_key, ix.longest[first], ix.seconds.get(first, ()), single


_PROCLITIC_RUNS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
_RUNS_BY_LETTER = {c: tuple(r for r in _PROCLITIC_RUNS if r[0] == c) for c in "وفبلك"}


def _unsplit_clitics(word: str) -> list[str]:
    """Readings of a word with proclitics the tokenizer left on because the stem is rare in
    the corpus («لمستشارية» → مستشاريه); only used when the reading starts an alias."""
    out = []
    for run in _RUNS_BY_LETTER.get(word[:1], ()):  # most words: none
        if word.startswith(run) and len(word) - len(run) >= 3:
            rest = word[len(run) :]
            out.append("ا" + rest if run.endswith("ل") and rest.startswith("ل") else rest)
    return out


def _adjectival(ix: AliasIndex, key: str, row: int) -> bool:
    """«السعودية» read as the adjective of السعودية: ال + nisba + ة."""
    return (
        ix.kind[row] == "country"
        and key.startswith("ال")
        and key.endswith("يه")
        and nisba(key) == key[2:-1]
    )


def can_start(match: str, key: str) -> bool:
    """Whether a token (match form, key) can start a catalogue name or be a gentilic."""
    keys, gentilic, _ = _start_keys(match, key)
    return bool(keys) or gentilic is not None


def dictionary_mentions(art: ArticleTokens, ix: AliasIndex | None = None) -> list[Mention]:
    """Catalogue names and gentilics found in the tokens, longest first, left to right."""
    ix = ix or alias_index()
    seq = content_tokens(art)
    out: list[Mention] = []
    match, key, kind, definite, sentence = art.match, art.key, art.kind, art.definite, art.sentence
    flags = art.starts
    if flags is None:
        starts = [(p, _start_keys(match[i], key[i])) for p, i in enumerate(seq)]
    else:
        hits = compress(range(len(seq)), map(flags.__getitem__, seq))
        starts = [(p, _start_keys(match[seq[p]], key[seq[p]])) for p in hits]
    free = 0  # first seq position not inside a mention yet
    for p, (keys, gentilic, gentilic_by_key) in starts:
        if p < free or (not keys and gentilic is None):
            continue
        i = seq[p]
        hit = _longest(art, ix, seq, p, keys) if keys else None
        if hit is not None:
            n, row, by_key = hit
            m = _catalogue_mention(art, ix, i, seq[p + n - 1] + 1, row, by_key)
            q = seq[p - 1] if p else -1
            if (
                n == 1
                and q >= 0
                and art.proclitics[i] in ("", "ال")  # «بالسعودية» is the place
                and definite[q]
                and sentence[q] == sentence[i]
                and match[q].endswith(("ه", "ات"))
            ):
                m.gentilic = _adjectival(ix, key[i], row)  # «الحكومة السعودية», «القوات السعودية»
            _with_direction(art, m, ix)
            out.append(m)
            free = p + n
        elif gentilic is not None and kind[i] == "word":
            out.append(
                _catalogue_mention(art, ix, i, i + 1, gentilic, gentilic_by_key, gentilic=True)
            )
    return out


def _with_direction(art: ArticleTokens, m: Mention, ix: AliasIndex) -> None:
    """A country or region followed by a direction is another place («أفريقيا الوسطى»,
    «أمريكا الجنوبية», «السودان الجنوبي»): the span takes the word, the id its name.  A
    city's or province's part («حلب الشرقية») stays the city."""
    q = m.last
    if (
        m.type != "place"
        or m.gentilic
        or m.row is None
        or ix.kind[m.row] not in ("country", "region")
        or q >= len(art)
        or art.sentence[q] != art.sentence[m.first]
        or art.match[q] not in DIRECTIONS
    ):
        return
    m.last, m.end = q + 1, art.end[q]
    m.entity_id = folded_id("place", _folded_name(art, m.first, m.last))
    m.row, m.link_source, m.confidence = None, "name", SOURCE_CONFIDENCE["name"]


def _token_range(art: ArticleTokens, start: int, end: int) -> tuple[int, int]:
    first = bisect.bisect_right(art.end, start)
    last = bisect.bisect_left(art.start, end)
    return first, max(last, first + 1)


def _trim_punct(art: ArticleTokens, first: int, last: int) -> tuple[int, int]:
    """A model span without the punctuation at its ends («رونالدو..» at a headline's end is
    «رونالدو»); quote marks stay for `_balance_quotes`."""
    while last - first > 1 and art.kind[last - 1] == "punct" and not art.is_quote(last - 1):
        last -= 1
    while last - first > 1 and art.kind[first] == "punct" and not art.is_quote(first):
        first += 1
    return first, last


def _lookup(art: ArticleTokens, ix: AliasIndex, first: int, last: int) -> tuple[int, bool] | None:
    """The catalogue row whose alias is exactly tokens [first, last) (quotes skipped)."""
    kind, match = art.kind, art.match
    if last - first == 1:  # most model spans: one token
        if kind[first] == "punct" and match[first] in QUOTES:
            return None
        for key, by_key in ((match[first], False), (art.key[first], True)):
            row = ix.names.get((key,))
            if row is not None:
                return row, by_key
        return None
    idx = [i for i in range(first, last) if kind[i] != "punct" or match[i] not in QUOTES]
    if not idx:
        return None
    rest = tuple(match[i] for i in idx[1:])
    for key, by_key in ((art.match[idx[0]], False), (art.key[idx[0]], True)):
        row = ix.names.get((key, *rest))
        if row is not None:
            return row, by_key
    return None


def _folded_name(art: ArticleTokens, first: int, last: int) -> str:
    idx = [i for i in range(first, last) if not art.is_quote(i)]
    return " ".join([art.key[idx[0]], *(art.match[i] for i in idx[1:])]) if idx else ""


def model_mention(art: ArticleTokens, ix: AliasIndex, mm: ModelMention) -> Mention:
    """A model mention linked to the catalogue when its whole span is an alias, else to the
    stable id of its folded name (without its proclitics)."""
    first, last = _trim_punct(art, *_token_range(art, mm.start, mm.end))
    kind = MODEL_TYPES.get(mm.type, "misc")
    hit = _lookup(art, ix, first, last)
    if hit is not None:
        m = _catalogue_mention(art, ix, first, last, hit[0], hit[1])
    else:
        start = art.surface_start(first, True)
        folded = _folded_name(art, first, last)  # a person's id is set by join_people
        if unsplit_and(art.proclitics[first], art.key[first]):  # «ونيوزلاندا»
            start, folded = art.start[first] + 1, folded[1:]
        m = Mention(
            first,
            last,
            start,
            art.end[last - 1],
            folded_id(kind, folded),
            kind,
            "name",
        )
    m.from_model, m.confidence, m.rank = True, mm.confidence, 1
    return m


def name_support(art: ArticleTokens, model: Iterable[Mention]) -> bytearray:
    """Per token: bit 1 where a catalogue name may start at it, bit 2 where a model mention
    (not of a person) covers it, bit 4 where a model person mention does."""
    starts = art.starts
    if starts is None:
        starts = [can_start(m, k) for m, k in zip(art.match, art.key, strict=True)]
    out = bytearray(starts)
    n = len(out)
    for m in model:
        bit = 4 if m.type == "person" else 2
        for i in range(m.first, min(m.last, n)):
            out[i] |= bit
    return out


def phrase_mentions(art: ArticleTokens, ix: AliasIndex, phrases: Iterable[Phrase]) -> list[Mention]:
    """Organisation and site phrases as mentions: the catalogue entity when the span is one
    of its names (a medium's name only to a medium), else the stable id of the folded name."""
    out = []
    for p in phrases:
        keys = _name_keys_span(art, p.first, p.last)
        if not keys:
            continue
        row = ix.media.get(keys) if p.medium else None
        by_key = True
        if row is None:
            hit = _lookup(art, ix, p.first, p.last)
            if hit is not None and (not p.medium or ix.type[hit[0]] == "organisation"):
                row, by_key = hit
        if row is None and not p.medium:
            row = _named_inside(ix, keys)
        if row is not None:
            m = _catalogue_mention(art, ix, p.first, p.last, row, by_key)
            if p.medium:
                m.link_source = "context"
        else:
            m = Mention(
                p.first,
                p.last,
                art.surface_start(p.first, True),
                art.end[p.last - 1],
                folded_id(p.type, " ".join(keys)),
                p.type,
                "phrase",
                confidence=SOURCE_CONFIDENCE["phrase"],
            )
        out.append(m)
    return out


def _named_inside(ix: AliasIndex, keys: tuple[str, ...]) -> int | None:
    """The catalogue organisation a phrase names through its genitive or with a country's
    adjective added: «ميليشيات الحوثي» → the Houthis, «حزب الله اللبناني» → Hezbollah."""
    end = len(keys)
    while end > 1 and keys[end - 1] in ix.gentilics:
        end -= 1
    for lo, hi in ((0, end), (1, len(keys)), (1, end)):
        if hi - lo < 1 or (lo, hi) == (0, len(keys)):
            continue
        row = ix.names.get(keys[lo:hi])
        if row is not None and ix.type[row] == "organisation":
            return row
    return None


def _name_keys_span(art: ArticleTokens, first: int, last: int) -> tuple[str, ...]:
    """The folded name of tokens [first, last): the first token's clitic-free key, then the
    others' match forms, quote marks left out."""
    kind, match = art.kind, art.match
    if last - first == 1:
        return () if kind[first] == "punct" and match[first] in QUOTES else (art.key[first],)
    idx = [i for i in range(first, last) if kind[i] != "punct" or match[i] not in QUOTES]
    return (art.key[idx[0]], *(match[i] for i in idx[1:])) if idx else ()


def merge(candidates: Iterable[Mention], art: ArticleTokens | None = None) -> list[Mention]:
    """Non-overlapping mentions, longer spans first; a model span that linked to no catalogue
    entity gives way to the catalogue names (not gentilics) and rule-found people inside it —
    not a person's to library places, nor a place ending in a direction (`art` given).

    Linear in the number of candidates (times a span's length): taken tokens are looked up in a
    token -> mention table, and the candidates inside a span by bisecting their start tokens."""
    pool = sorted(candidates, key=lambda m: (-(m.last - m.first), m.rank, m.first))
    taken: list[Mention] = []
    owner: dict[int, Mention] = {}  # token index -> the taken mention covering it
    for m in pool:
        if m.last - m.first == 1:
            t = owner.get(m.first)
            clash = [] if t is None else [t]
        elif m.last > m.first:
            clash = [t for t in map(owner.get, range(m.first, m.last)) if t is not None]
            if len(clash) > 1:
                clash = list({id(t): t for t in clash}.values())
        else:  # an empty span clashes with a mention strictly around it
            t = owner.get(m.first)
            clash = [t] if t is not None and t.first < m.first else []
        if not clash:
            taken.append(m)
            for i in range(m.first, m.last):
                owner[i] = m
            continue
        for t in clash:
            if m.from_model and t.first <= m.first and m.last <= t.last:
                t.from_model = True
                t.confidence = max(t.confidence, m.confidence)
    unlinked_model = [
        m for m in taken if m.from_model and m.row is None and m.link_source == "name"
    ]
    by_first = sorted(range(len(pool)), key=lambda k: pool[k].first)
    firsts = [pool[k].first for k in by_first]
    removed: set[int] = set()
    for m in unlinked_model:
        lo, hi = bisect.bisect_left(firsts, m.first), bisect.bisect_right(firsts, m.last)
        inside = [  # by start token; ties of the sort below come out in pool order all the same
            c
            for c in (pool[k] for k in by_first[lo:hi])
            if c is not m
            and not c.from_model
            and not c.gentilic
            and (c.row is not None or c.link_source == "name")
            and c.last <= m.last
            and not (
                m.type == "person"
                and (
                    c.row is None
                    or (c.type == "place" and c.link_source in LIBRARY)
                    or (art is not None and _first_names_before(art, m, c))
                )
            )
        ]
        if m.type == "place" and art is not None and art.match[m.last - 1] in DIRECTIONS:
            inside = []  # «أمريكا الجنوبية», «أفريقيا الوسطى»: a region of its own
        if inside:
            removed.add(id(m))
            used: set[int] = set()
            for c in sorted(inside, key=lambda c: (c.first - c.last, c.rank)):
                if used.isdisjoint(range(c.first, c.last)):
                    used.update(range(c.first, c.last))
                    c.from_model = True
                    taken.append(c)
    return sorted((t for t in taken if id(t) not in removed), key=lambda m: m.first)


def _first_names_before(art: ArticleTokens, m: Mention, c: Mention) -> bool:
    """The model's person span has first names before the catalogue person inside it: another
    member of the family («ميلانيا ترامب» is not «ترامب»)."""
    before = range(m.first, c.first)
    return (
        c.type == "person"
        and len(before) > 0
        and all(
            art.kind[i] == "word" and not art.proclitics[i] and given_name(art.match[i])
            for i in before
        )
    )


def _name_keys(art: ArticleTokens, m: Mention) -> tuple[str, ...]:
    return _name_keys_span(art, m.first, m.last)


COMMON_MIN = 100  # corpus count of a word the common-noun test looks at
COMMON_SHARE = 0.3  # share of its ال form that makes a bare word a common noun


def _common_noun(word: str) -> bool:
    """A word the corpus also writes with ال often («سنة»: «السنة»): no surname to follow."""
    counts = match_counts()
    bare = counts.get(word, 0)
    return bare >= COMMON_MIN and counts.get("ال" + word, 0) >= COMMON_SHARE * bare


def coreference(
    art: ArticleTokens, mentions: list[Mention], ix: AliasIndex | None = None
) -> list[Mention]:
    """Mentions of people already named in the article: full names seen again and surnames
    alone after the full name; returns the new mentions (sorted with the old ones by caller)."""
    ix = ix or alias_index()
    full: dict[tuple[str, ...], Mention] = {}
    surname: dict[str, Mention | None] = {}
    for m in mentions:
        if m.type != "person" or m.gentilic:
            continue
        keys = _name_keys(art, m)
        if len(keys) < 2:
            continue
        full.setdefault(keys, m)
        last = keys[-1]
        if (
            len(last) >= 3
            and last not in NOT_NAME
            and last not in TITLE_HEADS
            and last not in ix.gentilics
            and (last,) not in ix.names
            and not _common_noun(last)
        ):
            prior = surname.get(last, m)
            surname[last] = (
                m if prior is m or prior is None or prior.entity_id == m.entity_id else None
            )
    if not full:
        return []
    covered = bytearray(len(art))
    for m in mentions:
        covered[m.first : m.last] = b"\x01" * (m.last - m.first)
    longest = max(len(k) for k in full)
    starts = {k[0] for k in full} | set(surname)
    out: list[Mention] = []
    n_tokens = len(art.start)
    key, match = art.key, art.match
    free = 0  # first token after the last mention found
    hits = map(or_, map(starts.__contains__, key), map(starts.__contains__, match))
    for i in compress(range(n_tokens), hits):
        if i < free or covered[i] or art.kind[i] != "word":
            continue
        found = None
        for n in range(min(longest, n_tokens - i), 1, -1):
            if any(covered[i : i + n]):
                continue
            m = full.get((art.key[i], *art.match[i + 1 : i + n]))
            if m is not None and m.start < art.start[i]:
                found = (n, m, "name")
                break
        if found is None:
            m = surname.get(art.key[i]) or surname.get(art.match[i])
            if m is not None and m.start < art.start[i]:
                found = (1, m, "coref")
        if found is None:
            continue
        n, m, how = found
        out.append(
            Mention(
                i,
                i + n,
                art.surface_start(i, True),
                art.end[i + n - 1],
                m.entity_id,
                "person",
                how,
                m.row,
                confidence=SOURCE_CONFIDENCE[how],
            )
        )
        free = i + n
    return out


def _metonymy_trigger(art: ArticleTokens, i: int) -> bool:
    return (
        art.bare[i] in METONYMY_VERBS
        or art.match[i] in METONYMY_VERBS
        or art.bare[i] in METONYMY_GOVERNORS
    )


def flag_metonymy(
    art: ArticleTokens, mentions: Sequence[Mention], ix: AliasIndex | None = None
) -> None:
    """Set `metonymy` on capitals standing for their government (rules in the module doc)."""
    ix = ix or alias_index()
    by_first = {m.first: m for m in mentions}
    for k, m in enumerate(mentions):
        if m.row is None or m.gentilic or not ix.capital[m.row]:
            continue
        p = m.first - 1
        if p < 0 or art.sentence[p] != art.sentence[m.first]:
            continue
        if _metonymy_trigger(art, p):
            m.metonymy = True
        elif art.match[p] == "بين":
            other = by_first.get(m.last)
            if (
                other is not None
                and other.row is not None
                and ix.capital[other.row]
                and art.proclitics[other.first].startswith("و")
            ):
                m.metonymy = other.metonymy = True
        elif (
            k > 0
            and mentions[k - 1].metonymy
            and mentions[k - 1].last == m.first
            and art.proclitics[m.first].startswith("و")
        ):
            m.metonymy = True
