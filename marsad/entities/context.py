"""Choosing between entities that share a name, from the article around the mention.

* **Clubs over cities** — in a match report (SPORT_MIN sport words), a foreign city named
  without a place cue before it («فاز برشلونة على ملقة», not «في برشلونة») is the
  catalogue's club of that name; a city no club is known for is «نادي X» (a stable id) only
  with a match word next to it («فاز», «لاعب», «… على»), not when it is a capital unless
  the word is one only a team follows («مرمى روما», «مدرب روما») or a masculine country
  adjective follows it («روما الإيطالي»: the city would be «الإيطالية»); once one mention
  is the club, the article's other cue-less mentions of the name are too
  (`link_source='context'`).  A score right after the name («أمام روما (5-2)») and a known
  club's opponent («ليفربول أمام روما», «بين ليفربول وروما») are team cues, capitals included.
  So is «قادما من» before it (the club a player left).
  A city written with a club word before or after it («أتلتيك بلباو», «مانشستر يونايتد»)
  is the club of the whole name.
* **Papers over places** — a name in quotation marks that is a newspaper's («"عكاظ"»,
  «"الرياض"»), or one the article already named after «صحيفة», is the paper.
* **Homonymous places** — a library place none of the article's other places shares a
  country with gives way to a namesake in a country they point to (else the catalogue's
  order stands: trust, kind, population).
* **Places named after people** — a library place opening with a personal title and no
  place word before it is the person («أسس له الشيخ زايد»).
* **No names** — a model name glued to a number («إس-300») or a direction adjective alone
  after a place («حلب الشرقية») is dropped.
* **Library words alone** — a one-word GeoNames/gazetteer match nobody else supports (not
  tagged by the model, no place cue before it, not repeated with support elsewhere in the
  article) is dropped: such a word is as often a verb, a name or a common noun («أراد»,
  «هالة», «عمران»).
"""

from __future__ import annotations

import re
from collections import Counter

from marsad.entities.index import MEDIA_KINDS, AliasIndex
from marsad.entities.lexicon import (
    CLUB_PREFIXES,
    CLUB_RANKS,
    CLUB_SUFFIXES,
    DIRECTIONS,
    MENA,
    NAMED_AFTER_HEADS,
    PERSON_TITLES,
    PLACE_CUES,
    SPORT_CUES,
    SPORT_MIN,
    STRONG_TEAM_CUES,
    TEAM_CUES,
    TRANSFER_CUES,
)
from marsad.entities.link import LIBRARY, SOURCE_CONFIDENCE, Mention, _name_keys_span
from marsad.entities.names import folded_id
from marsad.entities.tokens import ArticleTokens


def _cue_before(art: ArticleTokens, m: Mention) -> bool:
    p = m.first - 1
    while p >= 0 and art.is_quote(p):
        p -= 1
    if p < 0 or art.sentence[p] != art.sentence[m.first]:
        return False
    if art.bare[p] == "وسط" and p > 0 and art.bare[p - 1] in MIDFIELD:
        return False  # «لاعب وسط برشلونة», «خط وسط برشلونة»: a midfield, not a centre
    return art.bare[p] in PLACE_CUES or art.key[p] in PLACE_CUES


MIDFIELD = frozenset({"لاعب", "خط", "لاعبي"})


def _team_cue(art: ArticleTokens, m: Mention) -> bool:
    """A match word right before the city, or «على»/«ضد» next to it («فاز X على Y»)."""
    p, q = m.first - 1, m.last
    before = (
        p >= 0
        and art.sentence[p] == art.sentence[m.first]
        and (art.bare[p] in TEAM_CUES or art.match[p] in ("علي", "ضد"))
    )
    after = (
        q < len(art) and art.sentence[q] == art.sentence[m.first] and art.match[q] in ("علي", "ضد")
    )
    return before or after


def _strong_team_cue(art: ArticleTokens, m: Mention) -> bool:
    """A word right before the name that only a team follows («مرمى روما», «مدرب روما»)."""
    p = m.first - 1
    return p >= 0 and art.sentence[p] == art.sentence[m.first] and art.bare[p] in STRONG_TEAM_CUES


# a match score after a name: «روما (5-2)», «روما 2-1» (not a date: one or two digits each)
_SCORE = re.compile(r"[ \t(]*\d{1,2} ?[-–] ?\d{1,2}(?![\d/.-])")
OPPONENT_CUES = frozenset({"امام", "ضد", "علي"})


def _transfer(art: ArticleTokens, m: Mention) -> bool:
    """«قادما من روما», «انتقل من موناكو»: the club a player came from."""
    p = m.first - 1
    return (
        p > 0
        and art.match[p] == "من"
        and art.sentence[p - 1] == art.sentence[m.first]
        and art.bare[p - 1] in TRANSFER_CUES
    )


def _score_after(art: ArticleTokens, m: Mention) -> bool:
    return _SCORE.match(art.text, art.end[m.last - 1]) is not None


def _club_opponent(
    art: ArticleTokens, m: Mention, ends: dict[int, Mention], ix: AliasIndex
) -> bool:
    """The name after a club and «أمام»/«ضد»/«على» or «و» («ليفربول أمام روما», «بين ليفربول
    وروما»): a team's opponent is a team.  `ends` maps a token to the mention ending on it."""
    p = m.first - 1
    if p > 0 and not art.proclitics[m.first] and art.match[p] in OPPONENT_CUES:
        p -= 1
    elif not art.proclitics[m.first].startswith("و"):
        return False
    club = ends.get(p)
    return (
        club is not None
        and club.type == "organisation"
        and (
            club.link_source == "context"
            or (club.row is not None and ix.kind[club.row] == "sports_club")
        )
    )


def _club_names(art: ArticleTokens, mentions: list[Mention], ix: AliasIndex) -> None:
    """In a match report, a place with a club word before or after it, no place cue before
    it, becomes the club of the whole name («أتلتيك بلباو»: a stable id of the name)."""
    taken = {i for m in mentions for i in range(m.first, m.last)}
    for m in mentions:
        if m.type != "place" or m.row is None or m.gentilic or ix.kind[m.row] == "country":
            continue
        p, q = m.first - 1, m.last
        if (
            p >= 0
            and p not in taken
            and art.kind[p] == "word"
            and art.sentence[p] == art.sentence[m.first]
            and art.key[p] in CLUB_PREFIXES
            and not art.proclitics[m.first]
        ):
            m.first, m.start = p, art.surface_start(p, True)
        elif (
            q < len(art)
            and q not in taken
            and art.kind[q] == "word"
            and art.sentence[q] == art.sentence[m.first]
            and not art.proclitics[q]
            and art.match[q] in CLUB_SUFFIXES
        ):
            m.last, m.end = q + 1, art.end[q]
        else:
            continue
        if _cue_before(art, m):
            continue
        taken.update(range(m.first, m.last))
        name = _name_keys_span(art, m.first, m.last)
        club = ix.clubs.get(name)
        if club is not None:
            _set(m, ix, club, ix.entity_id[club], "organisation")
        else:
            _set(m, ix, None, folded_id("organisation", " ".join(name)), "organisation")


def _club_adjective(art: ArticleTokens, m: Mention, ix: AliasIndex) -> bool:
    """A masculine country adjective or rank after the name: a city is feminine («روما
    الإيطالية»), a club masculine («روما الإيطالي», «موناكو الفرنسي», «ملقة الأخير»)."""
    q = m.last
    if q >= len(art) or art.sentence[q] != art.sentence[m.first]:
        return False
    adj = art.match[q]
    return (adj.startswith("ال") and adj.endswith("ي") and adj in ix.gentilics) or (
        adj in CLUB_RANKS and not art.proclitics[q].strip("ال")
    )


def _titled_places(art: ArticleTokens, mentions: list[Mention]) -> None:
    """A library place whose name opens with a personal title («الشيخ زايد», «الأمير سلطان»:
    towns and streets named after people) is the person when nothing says place — no place
    cue and no «شارع», «مدينة» … before it: «أسس له الشيخ زايد والملك الحسن».  The title is
    left out of the name."""
    for m in mentions:
        if (
            m.type != "place"
            or m.link_source not in LIBRARY
            or m.last - m.first < 2
            or art.match[m.first] not in PERSON_TITLES
            or _cue_before(art, m)
        ):
            continue
        p = m.first - 1
        if p >= 0 and art.sentence[p] == art.sentence[m.first] and art.key[p] in NAMED_AFTER_HEADS:
            continue
        m.first += 1
        m.start = art.start[m.first]
        m.type, m.row, m.link_source, m.gentilic = "person", None, "name", False
        m.entity_id = folded_id("person", " ".join(_name_keys_span(art, m.first, m.last)))
        m.confidence = SOURCE_CONFIDENCE["name"]


def _one_sense(art: ArticleTokens, mentions: list[Mention], keys: dict, ix: AliasIndex) -> None:
    """In a match report, a city one mention showed to be a club is that club wherever no
    place cue says otherwise («فاز روما الإيطالي …» then «أمام روما»)."""
    clubs = {
        keys[id(m)]: m
        for m in mentions
        if m.link_source == "context" and m.type == "organisation" and id(m) in keys
    }
    if not clubs:
        return
    for m in mentions:
        club = clubs.get(keys.get(id(m)))
        if club is not None and m.type == "place" and not _cue_before(art, m):
            _set(m, ix, club.row, club.entity_id, "organisation")


def _quoted(art: ArticleTokens, m: Mention) -> bool:
    return m.first > 0 and m.last < len(art) and art.is_quote(m.first - 1) and art.is_quote(m.last)


def is_sport(art: ArticleTokens) -> bool:
    return len(SPORT_CUES.intersection(art.bare)) >= SPORT_MIN


def _set(m: Mention, ix: AliasIndex, row: int | None, entity_id: str, etype: str) -> None:
    m.row, m.entity_id, m.type = row, entity_id, etype
    m.link_source, m.gentilic = "context", False
    m.confidence = SOURCE_CONFIDENCE["context"]


def disambiguate(art: ArticleTokens, mentions: list[Mention], ix: AliasIndex) -> list[Mention]:
    """The mentions with the rules of the module doc applied (some relinked, some dropped)."""
    _titled_places(art, mentions)
    keys = {
        id(m): _name_keys_span(art, m.first, m.last)
        for m in mentions
        if m.type == "place"
        and m.row is not None
        and not m.gentilic
        and (
            m.row in ix.context_rows
            or (ix.kind[m.row] == "city" and ix.country_code[m.row] not in MENA)
        )
    }
    if not keys:
        return _drop_unsupported(art, mentions)
    sport = is_sport(art)
    if sport:
        _club_names(art, mentions, ix)
    ends = {m.last - 1: m for m in mentions}
    papers = {m.entity_id for m in mentions if m.row is not None and ix.kind[m.row] in MEDIA_KINDS}
    for m in mentions:
        k = keys.get(id(m))
        if k is None or m.type != "place":
            continue  # not a place of the rules, or made a club above
        paper = ix.media.get(k)
        if paper is not None and (
            _quoted(art, m) or (ix.entity_id[paper] in papers and not _cue_before(art, m))
        ):
            _set(m, ix, paper, ix.entity_id[paper], "organisation")
            continue
        if ix.kind[m.row] == "city" and ix.country_code[m.row] not in MENA:
            if sport and (not _cue_before(art, m) or _transfer(art, m)):
                club = ix.clubs.get(k)
                if club is not None:
                    _set(m, ix, club, ix.entity_id[club], "organisation")
                elif (
                    (_team_cue(art, m) and not ix.capital[m.row])
                    or _strong_team_cue(art, m)
                    or _score_after(art, m)
                    or _transfer(art, m)
                    or _club_opponent(art, m, ends, ix)
                    or _club_adjective(art, m, ix)
                ):
                    club_id = folded_id("organisation", "نادي " + " ".join(k))
                    _set(m, ix, None, club_id, "organisation")
    if sport:
        _one_sense(art, mentions, keys, ix)
    _prefer_article_countries(mentions, keys, ix)
    return _drop_unsupported(art, mentions)


def _prefer_article_countries(mentions: list[Mention], keys: dict, ix: AliasIndex) -> None:
    countries: Counter[str] = Counter()
    ambiguous = []
    for m in mentions:
        if m.type != "place" or m.row is None or m.gentilic or m.link_source == "context":
            continue
        if keys.get(id(m)) in ix.alternates:
            ambiguous.append(m)
        elif ix.country_code[m.row]:
            countries[ix.country_code[m.row]] += 1
    if not ambiguous:
        return
    for m in ambiguous:
        if ix.source[m.row] == "curated" or countries.get(ix.country_code[m.row] or ""):
            continue  # the catalogue's choice is in one of the article's countries
        rows = ix.alternates[keys[id(m)]]
        best = max(rows, key=lambda r: countries.get(ix.country_code[r] or "", 0))
        if countries.get(ix.country_code[best] or ""):
            m.row, m.entity_id = best, ix.entity_id[best]


# a model name glued to a number by a hyphen: a model or product code («إس-300», «إف-16»)
_CODE = re.compile(r"-\d")


def _no_names(art: ArticleTokens, mentions: list[Mention]) -> list[Mention]:
    """Model names that are none: the letters of a code («إس-300»: the S-300 missile), and a
    direction adjective alone right after a place («حلب الشرقية»: the city's eastern part,
    not a region of its own)."""
    ends = {m.last for m in mentions if m.type == "place"}
    out = []
    for m in mentions:
        if m.row is None and m.link_source == "name":
            if _CODE.match(art.text, art.end[m.last - 1]):
                continue
            if (
                m.type == "place"
                and m.last - m.first == 1
                and art.match[m.first] in DIRECTIONS
                and m.first in ends
            ):
                continue
        out.append(m)
    return out


def _drop_unsupported(art: ArticleTokens, mentions: list[Mention]) -> list[Mention]:
    mentions = _no_names(art, mentions)
    supported = {
        m.entity_id
        for m in mentions
        if m.from_model or m.link_source not in LIBRARY or m.last - m.first > 1
    }
    return [
        m
        for m in mentions
        if m.link_source not in LIBRARY
        or m.gentilic
        or m.entity_id in supported
        or _cue_before(art, m)
    ]
