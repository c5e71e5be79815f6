"""One id per person per article, and what a bare first or family name means across articles.

Within an article (`join_people`):

* every person name no catalogue knows gets the id of its spelling-folded form
  (`names.person_form`: «عبد الله»/«عبدالله», «سوزان_الحاج»), so variants are one id;
* a partial name — surname, first name, first + last of a longer name («رونالدو», «كريستيانو»
  after «كريستيانو رونالدو»), before or after the full one — takes the id of the one full name
  of the article that holds it in order; a span that swallowed one word more than a full name
  («المخلوع نواز شريف») takes that name's id;
* a one-word name still alone is looked up in the corpus prior (`name_priors.tsv`, built by
  `python -m marsad.entities.build_priors` from articles where the short and the full form
  co-occur): the one person the corpus overwhelmingly means by it (`link_source='prior'`);
  otherwise it stays local to its article — an id made with the article's id, so it never
  aggregates into a "person" across articles (`link_source='local'`).
"""

from __future__ import annotations

import csv
import hashlib
import io
from functools import cache
from importlib import resources

from marsad.entities.index import AliasIndex
from marsad.entities.link import LIBRARY, SOURCE_CONFIDENCE, Mention, _name_keys_span
from marsad.entities.names import folded_id, given_name, match_counts, person_form, unsplit_and
from marsad.entities.tokens import ArticleTokens
from marsad.entities.variants import canonical
from marsad.text.wordlists import NAME_PARTICLES, NOT_NAME, TITLE_HEADS, function_words

MIN_PART = 3  # letters of a partial name that may join a full one
ADVERB_MIN = 20  # corpus count of a word read as an adverb after a name


@cache
def name_priors() -> dict[str, tuple[str, str]]:
    """One-word name -> (kind, entity id) of the person the corpus means by it."""
    path = resources.files("marsad") / "data" / "name_priors.tsv"
    if not path.is_file():
        return {}
    out = {}
    reader = csv.DictReader(io.StringIO(path.read_text("utf-8")), delimiter="\t")
    for row in reader:
        out[row["short"]] = (row["kind"], row["entity_id"])
    return out


def prior_entities(known: frozenset[str] = frozenset()) -> list[dict[str, str]]:
    """The full-name people the priors point at that are not catalogue entries (ids not in
    `known`), as catalogue rows named by their full name: a warehouse whose articles name
    «كافاني» only still calls the entity «إدينسون كافاني»."""
    path = resources.files("marsad") / "data" / "name_priors.tsv"
    if not path.is_file():
        return []
    rows: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(path.read_text("utf-8")), delimiter="\t"):
        entity_id, name = row["entity_id"], row["full_name"]
        if entity_id in known or not name or entity_id in rows:
            continue
        rows[entity_id] = {"entity_id": entity_id, "type": "person", "name_ar": name}
    return list(rows.values())


def _part_ok(word: str) -> bool:
    return (
        len(word) >= MIN_PART
        and word not in NAME_PARTICLES
        and word not in NOT_NAME
        and word not in TITLE_HEADS
        and word not in function_words()
    )


def _inside(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """`short` is `full` shortened: an ordered subsequence sharing its first or last word."""
    if len(short) >= len(full) or (short[0] != full[0] and short[-1] != full[-1]):
        return False
    it = iter(full)
    return all(any(w == f for f in it) for w in short)


def _places_in_names(
    art: ArticleTokens, mentions: list[Mention], full: dict[tuple[str, ...], str], ix: AliasIndex
) -> None:
    """A one-word place from a library or the model that is a word of a person named in
    full in the article is that person («سانتوس» after «خوان مانويل سانتوس»: not the
    Brazilian city); curated places stay («مصر»)."""
    if not full:
        return
    for m in mentions:
        if (
            m.type != "place"
            or m.gentilic
            or m.last - m.first != 1
            or m.link_source not in (*LIBRARY, "name")
        ):
            continue
        target = _partial_of((art.key[m.first],), full)
        if target is not None:
            m.type = "person"
            _relink(m, target, ix)


def _partial_of(f: tuple[str, ...], full: dict[tuple[str, ...], str]) -> str | None:
    """The id of the one full name of the article `f` is a part of."""
    if not all(_part_ok(w) for w in f):
        return None
    hits = [g for g in full if _inside(f, g)]
    if len(f) == 1 and len({full[g] for g in hits}) > 1:
        hits = [g for g in hits if g[-1] == f[0]]  # a surname before a first name
    return full[hits[0]] if len({full[g] for g in hits}) == 1 else None


def _adverb(word: str) -> bool:
    """An accusative adverb of manner after a name («مازحا», «مبتسما», «قائلا»): a common
    word ending in the tanween alif, not a name."""
    return len(word) >= 4 and word.endswith("ا") and match_counts().get(word, 0) >= ADVERB_MIN


def local_id(article_id: str, name: str) -> str:
    digest = hashlib.blake2b(f"{article_id}\t{name}".encode(), digest_size=8).hexdigest()
    return f"name:person:local:{digest}"


def _relink(m: Mention, target: str, ix: AliasIndex) -> None:
    if target != m.entity_id:
        m.entity_id, m.link_source = target, "coref"
        m.row = ix.row_of.get(target)
        m.confidence = SOURCE_CONFIDENCE["coref"]


def join_people(art: ArticleTokens, mentions: list[Mention], ix: AliasIndex) -> None:
    """Give the person mentions of one article their ids (rules in the module doc); in place."""
    people = [m for m in mentions if m.type == "person" and not m.gentilic]
    if not people:
        return
    forms = {id(m): person_form(_name_keys_span(art, m.first, m.last)) for m in people}
    for m in people:
        f = forms[id(m)]
        if m.row is None and f and unsplit_and(art.proclitics[m.first], f[0]):
            forms[id(m)] = (f[0][1:], *f[1:])  # «وإينيكو بوفيدا»: و the tokenizer kept
            m.start = art.start[m.first] + 1
    canon = canonical(forms.values())
    if canon:  # «كريستيانو رنالدو» after «كريستيانو رونالدو»: one spelling
        forms = {k: tuple(canon.get(w, w) for w in f) for k, f in forms.items()}
    for m in people:
        if m.row is None and m.link_source == "name":
            m.entity_id = folded_id("person", " ".join(forms[id(m)]))
    full: dict[tuple[str, ...], str] = {}
    for m in sorted(people, key=lambda m: (m.row is None, m.first)):
        f = forms[id(m)]
        if len(f) >= 2:
            full.setdefault(f, m.entity_id)
    _places_in_names(art, mentions, full, ix)
    seen: dict[tuple[str, ...], int] = {}  # a form -> the token it first occurs at
    for m in people:
        seen.setdefault(forms[id(m)], m.first)
    absorbed: dict[str, str] = {}  # a shorter full name's id -> the longer name's it joins
    for m in people:  # «المخلوع نواز شريف»: one word swallowed at either end
        f = forms[id(m)]
        inner = next((g for g in (f[1:], f[:-1]) if len(f) >= 3 and g in full), None)
        if inner == f[1:] and given_name(f[0]):
            # a first name more: «مريم نواز شريف» after «نواز شريف» is his daughter; the
            # shorter form after the longer one («ماريو ابدو بينيتيز», then «ابدو بينيتيز»)
            # is the same person's repeat
            if m.row is None and seen[f] < seen[inner] and full[inner] not in ix.row_of:
                absorbed[full[inner]] = m.entity_id
                full[inner] = m.entity_id
            inner = None
        if (
            m.row is None
            and len(f) == 2
            and _adverb(f[1])
            and not any(f[1] in g for g in full if g != f)
            and _partial_of(f[:1], {g: e for g, e in full.items() if g != f})
        ):
            forms[id(m)] = f[:1]  # «رونار مازحا»: the name and the adverb after it
            m.last -= 1
            m.end = art.end[m.last - 1]
            continue
        if m.row is None and inner is not None:
            _relink(m, full[inner], ix)
            forms[id(m)] = inner
            full.pop(f, None)
    for m in people:
        if m.row is None and m.entity_id in absorbed:
            _relink(m, absorbed[m.entity_id], ix)
    for m in people:
        if m.row is not None:
            continue
        f = forms[id(m)]
        if not f:
            continue
        target = full.get(f) if len(f) >= 2 else None  # a variant spelling of a full name
        if target is None:
            target = _partial_of(f, full)
        if target is None and len(f) == 1 and art.proclitics[m.first] not in ("", "ال"):
            whole = (canon.get(art.match[m.first], art.match[m.first]),)
            target = _partial_of(whole, full)  # «كروس» read as ك + «روس»
            if target is not None:
                m.start = art.start[m.first]
        if target is not None:
            _relink(m, target, ix)
            continue
        if len(f) == 1 and m.link_source in ("name", "coref"):
            kind, entity = name_priors().get(f[0], ("", ""))
            if kind:
                m.entity_id, m.link_source = entity, "prior"
                m.row = ix.row_of.get(entity)
                m.confidence = SOURCE_CONFIDENCE["prior"]
            else:
                m.entity_id, m.link_source = local_id(art.article_id, f[0]), "local"
                m.confidence = SOURCE_CONFIDENCE["local"]
