"""Person – title – organisation/country from appositions («وزير الخارجية فؤاد حسين»).

The pattern, read left to right from a title head (`marsad.text.wordlists.TITLE_HEADS`, with
or without ال and proclitics):

    HEAD  complement*  rank*  NAME

* complement — what the title governs: catalogue names («التحالف الدولي», «واشنطن»),
  gentilics («الإيراني»), definite nouns and adjectives («الخارجية», «الأمن القومي»),
  further titles («نائب قائد …»), title modifiers («العام»), connectors with what follows
  («لدى بغداد», «في العراق»), quote marks, and an indefinite noun heading a construct
  («أركان الجيش», «هيئة الحشد»: it is followed by a definite word or a name);
* rank — military ranks and honorifics («الفريق أول», «الفريق الركن», «اللواء»), which belong
  to the title, not the name;
* NAME — a catalogue person, or 2–4 name words (a compound particle «عبد», «أبو», «بن» may
  bring a definite word in: «عبد الأمير»; the last word may be definite: «أبو مهدي
  المهندس»), ending at punctuation, a stopword, a conjunction-prefixed word or a title;
  no word but the last (or one after a particle) may be a noun the corpus mostly writes
  with ال («معلومات»).

The title goes to the name it introduces: a person named inside the title («مستشار خادم
الحرمين الشريفين الأمير خالد الفيصل») is its complement, and the role is the adviser's.  A title
right after a place or institution noun («مستشفى الملك خالد», «شارع الأمير سلطان», «ستاد
الأمير محمد بن فهد») is part of that name and gives no role, and so is an apposition whose
chain holds a second title («إبراهيم كالين، المتحدث باسم الرئيس التركي رجب طيب أردوغان»: the
name is the president's).  «المحافظ» before a nisba adjective is "the conservative".  A title whose complement is only a gentilic («الرئيس الأمريكي»)
or a word for the state («رئيسة الوزراء البريطانية») has the country as its organisation.

One row per person per article: where the same person is titled twice («وزير الخارجية فؤاد
حسين» … «وزير الخارجية العراقي فؤاد حسين») the fuller title is kept and a country found in
either fills the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import compress

import polars as pl

from marsad.entities.catalog import build_catalog
from marsad.entities.index import AliasIndex, alias_index
from marsad.entities.link import SOURCE_CONFIDENCE, Mention
from marsad.entities.names import name_id
from marsad.entities.tokens import ArticleTokens
from marsad.text.normalize import to_match
from marsad.text.wordlists import (
    INSTITUTION_NOUNS,
    NAME_PARTICLES,
    NOT_NAME,
    RANKS,
    STATE_COMPLEMENTS,
    TITLE_CONNECTORS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    common_noun,
    function_words,
)

MAX_NAME = 4


@dataclass(slots=True)
class Role:
    person: Mention
    person_name: str
    title: str
    org_entity_id: str | None
    org_name: str | None
    country_code: str | None
    start: int  # display span of the whole apposition (title start to name end)
    end: int
    supported: bool = True  # False: a name the tagger (which ran) marks as no person


_RANK_STARTS = frozenset(r[0] for r in RANKS)


def _rank_at(art: ArticleTokens, i: int) -> int:
    """Tokens of a rank starting at token i (0 when none)."""
    if art.match[i] not in _RANK_STARTS and art.key[i] not in _RANK_STARTS:
        return 0
    for rank in RANKS:
        n = len(rank)
        if i + n <= len(art) and all(
            art.match[i + k] == rank[k] or (k == 0 and art.key[i] == rank[0]) for k in range(n)
        ):
            return n
    return 0


def _is_head(art: ArticleTokens, i: int) -> bool:
    return art.kind[i] == "word" and art.bare[i] in TITLE_HEADS


def _name_word(art: ArticleTokens, i: int) -> bool:
    """A word that can be part of a name: no proclitic but ال, no stopword, no title."""
    return (
        art.kind[i] == "word"
        and art.proclitics[i] in ("", "ال")
        and art.match[i] not in function_words()
        and art.match[i] not in NOT_NAME
        and art.bare[i] not in TITLE_HEADS
    )


MAX_TITLE_TOKENS = 40  # between a title's head and the name it introduces


def _next_content(art: ArticleTokens, i: int, sentence: int) -> int | None:
    while i < len(art) and art.sentence[i] == sentence:
        if not art.is_quote(i):
            return i
        i += 1
    return None


def _name_span(
    art: ArticleTokens, j: int, sentence: int, persons: dict[int, Mention], taken: set[int]
) -> int:
    """Tokens of the personal name starting at token j (0 when there is none)."""
    if j in persons:
        return persons[j].last - j
    n = 0
    while j + n < len(art) and n < MAX_NAME and art.sentence[j + n] == sentence:
        k = j + n
        if k in taken:
            break
        if n and art.match[k - 1] in NAME_PARTICLES:  # عبد الأمير, أبو مهدي
            if (
                art.kind[k] != "word"
                or art.proclitics[k] not in ("", "ال")
                or art.match[k] in function_words()
            ):
                break
            n += 1
            continue
        if not _name_word(art, k) or (art.definite[k] and n == 0):
            break
        n += 1
        if art.definite[k]:  # a definite word (المهندس) can only end a name
            break
    while n and art.match[j + n - 1] in NAME_PARTICLES:
        n -= 1
    words = [
        art.bare[k]
        for k in range(j, j + n - 1)
        if art.match[k] not in NAME_PARTICLES and not (k > j and art.match[k - 1] in NAME_PARTICLES)
    ]
    if any(common_noun(w) for w in words):
        return 0  # «تلقى معلومات سرية»: nouns the corpus mostly uses with ال are no name
    return n if n >= 2 else 0


def find_roles(
    art: ArticleTokens,
    mentions: list[Mention],
    ix: AliasIndex | None = None,
    model_people: list[tuple[int, int]] | None = None,
) -> list[Role]:
    """Every appositive role in the article, in text order (`one_per_person` makes the rows);
    `mentions` are the dictionary pass's, which the complement and name are read against;
    `model_people` the tagger's person spans (token ranges; None when no model ran): a name
    the rule reads that is no catalogue person needs two words of one of them to be
    `supported` (a person), and is trimmed to it («المدير الفني بيب غوارديولا تمكن» → «بيب
    غوارديولا»); one it does not support may still be a body («مديرة مكتب مكافحة …»)."""
    ix = ix or alias_index()
    at: dict[int, Mention] = {m.first: m for m in mentions}
    persons = {m.first: m for m in mentions if m.type == "person" and not m.gentilic}
    covered = {i for m in mentions for i in range(m.first, m.last)}
    roles: list[Role] = []
    done = 0
    for i in list(compress(range(len(art.bare)), map(TITLE_HEADS.__contains__, art.bare))):
        if i < done or i in covered or art.kind[i] != "word" or _after_institution(art, i):
            continue
        if _adjective(art, i) or _conservative(art, i):
            continue
        role = _read_role(art, i, at, persons, covered, ix, model_people)
        if role is not None:
            roles.append(role)
            done = role.person.last
    return roles


def _after_institution(art: ArticleTokens, i: int) -> bool:
    """The title at token i follows a place or institution noun: «مستشفى الملك خالد»."""
    k = i - 1
    while k >= 0 and art.sentence[k] == art.sentence[i] and art.is_quote(k):
        k -= 1
    return k >= 0 and art.sentence[k] == art.sentence[i] and art.bare[k] in INSTITUTION_NOUNS


def _titled(art: ArticleTokens, m: Mention) -> bool:
    """A person mention that carries a title of its own («الملك سلمان», «ولي العهد …»)."""
    return _is_head(art, m.first) or _rank_at(art, m.first) > 0


@cache
def _names() -> dict[str, str]:
    """entity_id -> Arabic name of the catalogue's countries (the organisation of a state title)."""
    cat = build_catalog().filter(pl.col("kind") == "country")
    return dict(zip(cat["entity_id"].to_list(), cat["name_ar"].to_list(), strict=True))


def _adjective(art: ArticleTokens, i: int) -> bool:
    """A definite head after a definite noun is its adjective: «الضربة القاضية», «الحزب الحاكم»."""
    k = i - 1
    return (
        art.definite[i]
        and k >= 0
        and art.sentence[k] == art.sentence[i]
        and art.kind[k] == "word"
        and art.definite[k]
        and art.bare[k] not in TITLE_HEADS
    )


_CONSERVATIVE = frozenset(to_match(w) for w in ("محافظ", "محافظة"))


def _conservative(art: ArticleTokens, i: int) -> bool:
    """«المحافظ البافاري», «المحافظة البريطانية»: with ال and a nisba adjective after it,
    «محافظ» is "conservative", not a governor («محافظ جدة», «محافظ البنك المركزي»)."""
    k = i + 1
    return (
        art.definite[i]
        and art.bare[i] in _CONSERVATIVE
        and k < len(art)
        and art.sentence[k] == art.sentence[i]
        and art.kind[k] == "word"
        and art.key[k].startswith("ال")
        and art.key[k].endswith(("ي", "يه"))
    )


_JOINING = frozenset({"و", "ل", "ب", "و+ل", "و+ب"})


def _joined(art: ArticleTokens, j: int, persons: dict[int, Mention]) -> bool:
    """The name starts with the conjunction «و» or a preposition «ل», «ب»: it is the next
    person of a list or the one spoken to, not the one the title introduces («رئيس البنك
    الدولي وجيمي ديمون رئيس بنك …», «الزعيم الكوري وترمب», «تحذير من زعيم الجمهوريين
    لترامب»), unless the catalogue name itself starts with the letter."""
    m = persons.get(j)
    return art.proclitics[j] in _JOINING and (m is None or m.start > art.start[j])


def _inner_title(art: ArticleTokens, head: int, name_from: int) -> bool:
    """A second title with ال inside the chain, not right after the head: «المتحدث باسم
    الرئيس التركي …», «وكيل أعمال المدرب التشيلي …» (not «نائب الرئيس الأمريكي …»)."""
    return any(
        art.definite[k]
        and (_is_head(art, k) or art.bare[k] in _PERSON_NOUNS)
        and not _is_head(art, k - 1)
        for k in range(head + 2, name_from)
    )


# Nouns that introduce a person's name the way a title does («المدرب التشيلي خوسيه …»).
_PERSON_NOUNS = frozenset(
    to_match(w)
    for w in "مدرب لاعب مهاجم مدافع حارس نجم فنان فنانة مطرب مطربة كاتب كاتبة شاعر مخرج".split()
)


def _named_before(
    art: ArticleTokens, head: int, at: dict[int, Mention], model_people: list[tuple[int, int]]
) -> bool:
    """A person's name stands right before the title, maybe with a comma: «إبراهيم كالين،
    المتحدث باسم …», «عبدالله جاسم وكيل أعمال …» — the title is that person's apposition."""
    k = head - 1
    if k >= 0 and art.match[k] in ("،", ","):
        k -= 1
    if k < 0 or art.sentence[k] != art.sentence[head]:
        return False
    ends = {m.last for m in at.values() if m.type == "person"}
    ends.update(end for _, end in model_people or ())
    return k + 1 in ends


def _trim_to_model(
    name_from: int, last: int, model_people: list[tuple[int, int]] | None
) -> tuple[int, int]:
    """The part of a rule-read name [name_from, last) the tagger marks as a person, when it
    marks two words or more inside it (the rule may run on into a verb or a noun: «المدير
    الفني بيب غوارديولا تمكن»)."""
    for first, end in model_people or ():
        a, b = max(first, name_from), min(end, last)
        if b - a >= 2 and (a, b) != (name_from, last):
            return a, b
    return name_from, last


def _first_name_left_out(art: ArticleTokens, head: int, name_from: int, first: int) -> bool:
    """The one word before the tagger's person is a first name it left out, not the end of the
    title («رئيس الوزراء شاهد خاقان عباسي», «وزير خارجية السودان الدرديري محمد أحمد»): not
    the head's own complement («رئيس وزرائه خالد بحاح») nor an adjective the corpus writes
    with ال («للنادي البافاري»)."""
    key = art.key[name_from]
    return (
        first == name_from + 1
        and name_from > head + 1
        and not (key.startswith("ال") and common_noun(key[2:]))
    )


def _read_role(art, head, at, persons, taken, ix, model_people=None) -> Role | None:
    sentence = art.sentence[head]
    j = head + 1
    orgs: list[Mention] = []
    gentilics: list[Mention] = []
    country: str | None = None
    name_from = None
    # a title phrase is a few words; the cap keeps one endless sentence linear (issue 11)
    while j < len(art) and art.sentence[j] == sentence and j - head <= MAX_TITLE_TOKENS:
        m = at.get(j)
        if m is None and art.is_quote(j):
            j += 1
        elif m is not None and m.type == "person" and not m.gentilic:
            rank = _rank_at(art, m.last) if m.last < len(art) else 0
            after = m.last + rank
            if (
                j == head + 1  # the person is what the head governs: «مستشار خادم الحرمين»
                and (rank or after in persons)  # and a titled person follows
                and after < len(art)
                and _name_span(art, after, sentence, persons, taken)
            ):
                j = after  # «مستشار خادم الحرمين الشريفين الأمير خالد الفيصل»
                name_from = j
                break
            if _titled(art, m):
                return None  # «مستشار الملك سلمان»: the title is of someone not named
            name_from = j
            break
        elif m is not None and m.gentilic and art.definite[head] and not art.definite[m.first]:
            name_from = j  # «المستشار تركي آل الشيخ»: an adjective of «المستشار» would take ال
            taken = taken - set(range(m.first, m.last))
            break
        elif m is not None:
            if m.gentilic:
                country = country or ix.country_code[m.row]
                gentilics.append(m)
            else:
                orgs.append(m)
            j = m.last
        elif n := _rank_at(art, j):
            j += n
            if _name_span(art, j, sentence, persons, taken):
                name_from = j
                break
        elif art.kind[j] != "word":
            break
        elif _is_head(art, j) or art.match[j] in TITLE_MODIFIERS or art.definite[j]:
            j += 1
        elif art.match[j] in TITLE_CONNECTORS or art.bare[j] in TITLE_CONNECTORS:
            nxt = _next_content(art, j + 1, sentence)
            if nxt is None or not (nxt in at or art.definite[nxt]):
                break
            j += 1
        elif art.match[j] in NAME_PARTICLES:
            name_from = j
            break
        else:
            nxt = _next_content(art, j + 1, sentence)
            construct = nxt is not None and (
                art.definite[nxt]
                or (nxt in at and not at[nxt].gentilic and at[nxt].type != "person")
            )
            if construct and not (nxt in at and at[nxt].type == "person"):
                j += 1
            else:
                name_from = j
                break
    if name_from is None or _joined(art, name_from, persons):
        return None
    if _inner_title(art, head, name_from) and (
        _named_before(art, head, at, model_people)
        or (name_from in persons and persons[name_from].row is not None)
    ):
        return None  # the name is the inner title's: «المتحدث باسم الرئيس التركي رجب طيب أردوغان»
    n = _name_span(art, name_from, sentence, persons, taken)
    if not n:  # a name of common words («تركي آل الشيخ») the tagger marks as a person
        n = next((e - f for f, e in model_people or () if f == name_from and e - f >= 2), 0)
    if not n:
        return None
    last = name_from + n
    supported = name_from in persons or model_people is None
    if name_from not in persons:
        supported = supported or any(
            min(end, last) - max(first, name_from) >= 2 for first, end in model_people
        )  # not: «الرئيس سواء كانت مذكرات», «وزير الخارجية يستنكر عقوبات»
        first, last = _trim_to_model(name_from, last, model_people)
        if not _first_name_left_out(art, head, name_from, first):
            name_from = first
    name_start = art.surface_start(name_from, True)
    name = art.text[name_start : art.end[last - 1]]
    hit = persons.get(name_from)
    if hit is not None and hit.last == last:
        person = hit
    else:
        person = Mention(
            name_from,
            last,
            name_start,
            art.end[last - 1],
            name_id("person", name),
            "person",
            "name",
            confidence=SOURCE_CONFIDENCE["name"],
        )
    title_start = art.surface_start(head, True)
    title = art.text[title_start : art.start[name_from]].strip(" ،,")
    org = next((m for m in orgs if m.type == "organisation"), None) or next(iter(orgs), None)
    org_id = org.entity_id if org else None
    if org:
        org_name = art.text[org.start : org.end]
    else:
        org_name = _complement_text(art, head, name_from, gentilics)
        state = org_name is None or to_match(org_name) in STATE_COMPLEMENTS
        if state and gentilics:  # «الرئيس الأمريكي», «رئيسة الوزراء البريطانية»
            org_id = gentilics[0].entity_id
            org_name = _names().get(org_id, org_name)
    if country is None and org is not None and org.row is not None:
        country = ix.country_code[org.row]
    return Role(
        person,
        name,
        title,
        org_id,
        org_name,
        country,
        title_start,
        art.end[last - 1],
        supported,
    )


def _complement_text(
    art: ArticleTokens, head: int, name_from: int, gentilics: list[Mention] = ()
) -> str | None:
    """What the title governs when it is no catalogue entity: «الخارجية» of «وزير الخارجية
    السعودي» (a gentilic names the country, not part of the organisation's name)."""
    skip = {k for g in gentilics for k in range(g.first, g.last)}
    j = head + 1
    while j < name_from and (_is_head(art, j) or art.is_quote(j)):
        j += 1
    k = j
    while k < name_from and not _rank_at(art, k):
        k += 1
    while k > j and (k - 1 in skip or art.is_quote(k - 1)):
        k -= 1
    if k <= j:
        return None
    return art.text[art.start[j] : art.end[k - 1]].strip(' "«»') or None


def one_per_person(roles: list[Role]) -> list[Role]:
    """One role per person: the fullest title, with a country any of them gave."""
    best: dict[str, Role] = {}
    country: dict[str, str] = {}
    for r in roles:
        pid = r.person.entity_id
        if r.country_code:
            country.setdefault(pid, r.country_code)
        kept = best.get(pid)
        score = (r.org_entity_id is not None, r.country_code is not None, len(r.title))
        if kept is None or score > (
            kept.org_entity_id is not None,
            kept.country_code is not None,
            len(kept.title),
        ):
            best[pid] = r
    out = []
    for pid, r in best.items():
        if r.country_code is None:
            r.country_code = country.get(pid)
        out.append(r)
    return sorted(out, key=lambda r: r.start)
