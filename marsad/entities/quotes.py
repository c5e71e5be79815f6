"""Direct and reported speech: who said what, with which verb.

A quote starts at a reporting verb (lexicon.REPORTING_VERBS: «قال», «أكد», «أفاد»,
«أوضح», «أشار», «شدد» …) followed, in the same sentence, by a complementizer («أن», «إن»,
«بأن», with an attached pronoun: «أنه», «بأنه») or a colon, maybe after a preposition the
verb takes («شدد على أن», «أشار إلى أن»), or by a long quotation (direct speech: «وقال
أردوغان في كلمة "هذه الإجراءات …"»).  The verb must stand as a verb: not with a preposition
clitic («بحذر»), not a masdar after «ب…» («بتواضع وحذر»), not negated («لم تكشف»); an «أن»
after «قبل», «بعد», «دون» or in a new clause after a comma («…، ويبدو أنها») is not its
complement.  Between them stands the speaker, up to the first comma or a preposition
(«وأفاد المكتب الإعلامي …، في بيان، بأنه» → «المكتب الإعلامي …», «قال ترامب قبل أداء
كافانو اليمين إن» → «ترامب»).  The quote is the text between quote marks right after the
complementizer (the whole clause when it runs on after them: «إن "الاحتلال" هو سبب كل
شر»), else the rest of the sentence (reported speech).

A subject written before the verb in its clause («وكانت إسرائيل قالت إنها», «أما الرئيس
الإيراني فقال») is the speaker.  With no speaker («وأوضح أنه …», «وشدد على أن …») the quote
continues the last speaker of the same verb form («وأضافت» is not the man of «قال»);
a speaker that is the statement itself («وأشار البيان أن …») keeps its words but takes the
previous speaker's entity.  The speaker entity is the first person, else organisation, named
in the speaker text (see `_speaker_entity`): never a place, a news agency, a name after a
preposition or one a construct noun governs («حكومة الرئيس أردوغان», «مصادر "سكاي نيوز"»).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from itertools import compress

from marsad.entities.lexicon import (
    COMPLEMENTIZERS,
    REPORTING_VERBS,
    STATEMENT_NOUNS,
    VERB_PREPOSITIONS,
)
from marsad.entities.link import Mention
from marsad.entities.tokens import ArticleTokens
from marsad.stories import AGENCIES
from marsad.text.normalize import to_match
from marsad.text.wordlists import TITLE_HEADS, function_words

MAX_SPEAKER = 25  # tokens between the verb and the complementizer
MAX_QUOTE = 400  # tokens to look for the closing quote mark
_PRONOUNS = ("", "ه", "ها", "هم", "هما", "نا", "ني", "هن")
_COMMAS = frozenset("،,")
_COMPLEMENTIZERS = frozenset(c + p for c in COMPLEMENTIZERS for p in _PRONOUNS)


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    text: str
    verb: str
    speaker_text: str | None
    speaker_entity_id: str | None


def _is_comp(art: ArticleTokens, j: int) -> bool:
    return art.kind[j] == "word" and (
        art.match[j] in _COMPLEMENTIZERS or art.key[j] in _COMPLEMENTIZERS
    )


# A preposition clitic makes a noun of the word: «بحذر» "with caution", «لذكر», «كزعم».
_NOUN_CLITICS = frozenset("بلك")


def _is_verb(art: ArticleTokens, i: int) -> bool:
    return (
        art.kind[i] == "word"
        and not art.definite[i]
        and art.bare[i] in REPORTING_VERBS
        and not _NOUN_CLITICS.intersection(art.proclitics[i].split("+"))
    )


# Particles that negate the verb after them («لم تكشف الوزارة عن …», «دون أن توضح»): nothing
# was said.
_NEGATIONS = frozenset(to_match(w) for w in "لم لن لا".split())
_WHAT = frozenset(to_match(w) for w in ("ما", "مما", "وما"))
_FOLLOWER = to_match("تابع")
_SUBORDINATORS = frozenset(to_match(w) for w in "قبل بعد دون بدون منذ حتى بدل لدرجة".split())


def _not_a_saying(art: ArticleTokens, i: int) -> bool:
    """The reporting verb form at i is no statement: a masdar coordinated with the noun before
    it («بتواضع وحذر», "with modesty and caution"), or a negated verb («ولم تكشف الوزارة»,
    «دون أن توضح»)."""
    k = i - 1
    if k < 0 or art.sentence[k] != art.sentence[i] or art.kind[k] != "word":
        return False
    if art.bare[k] in _NEGATIONS or art.match[k] in _WHAT:
        return True  # «لم تكشف», «وهو ما يؤكد أن» ("which confirms that")
    if art.bare[k] in COMPLEMENTIZERS and k > 0 and art.bare[k - 1] in _SUBORDINATORS:
        return True
    if art.bare[i] == _FOLLOWER and i + 1 < len(art) and art.proclitics[i + 1].startswith("ل"):
        return True  # «مجرد تابع لإيران»: "a follower of Iran"
    clitics = art.proclitics[k].split("+")
    return (
        art.proclitics[i] == "و"
        and "ب" in clitics
        and not art.definite[k]
        and art.bare[k] not in REPORTING_VERBS
    )


def _subordinate(art: ArticleTokens, j: int) -> bool:
    """«أن» after «قبل», «بعد», «دون» … opens a time or manner clause, not what was said."""
    return j > 0 and art.bare[j] in COMPLEMENTIZERS and art.bare[j - 1] in _SUBORDINATORS


# After a comma, these open a new clause whose «أن» is not the verb's: «…، وهي أغلى لوحة
# ويعتقد أنها», «…، إذ فازوا … قبل أن».
_CLAUSE_OPENERS = frozenset(to_match(w) for w in "إذ حيث بينما فيما لكن ثم".split())


def _new_clause(art: ArticleTokens, j: int) -> bool:
    """Token j (after a comma) starts another clause."""
    return (
        j > 0
        and art.match[j - 1] in _COMMAS
        and art.kind[j] == "word"
        and (art.proclitics[j].startswith("و") or art.bare[j] in _CLAUSE_OPENERS)
    )


QUOTED_NAME = 6  # tokens: a longer quotation opened before the complementizer is the speech


def _closing_quote(art: ArticleTokens, j: int) -> int | None:
    """The quote mark closing the one at j, in its sentence."""
    k = j + 1
    while k < len(art) and art.sentence[k] == art.sentence[j]:
        if art.is_quote(k):
            return k
        k += 1
    return None


def _complement(art: ArticleTokens, verb: int) -> tuple[int, int] | None:
    """(index of the complementizer or colon, end of the speaker tokens)."""
    sentence = art.sentence[verb]
    j = verb + 1
    stop = min(len(art), verb + MAX_SPEAKER + 1)
    while j < stop and art.sentence[j] == sentence:
        if art.is_quote(j):
            close = _closing_quote(art, j)
            if close is None or close - j > QUOTED_NAME:
                return j - 1, j  # «وقال أردوغان في كلمة "هذه الإجراءات …»: direct speech
            j = close + 1  # a quoted name: «صحيفة "واشنطن بوست"», «قناة "إن بي سي"»
            continue
        if _new_clause(art, j) and not _is_comp(art, j):
            return None
        if (_is_comp(art, j) and not _subordinate(art, j)) or art.match[j] == ":":
            return j, j
        if art.match[j] in VERB_PREPOSITIONS and j + 1 < len(art) and _is_comp(art, j + 1):
            return j + 1, j
        if _is_verb(art, j):
            return None
        j += 1
    return None


def _speaker_tokens(art: ArticleTokens, first: int, stop: int) -> tuple[int, int]:
    """The speaker's token range: up to the first comma or a preposition after its first word
    («أردوغان في كلمة ألقاها», «ترامب قبل أداء كافانو اليمين»), quote marks trimmed."""
    while first < stop and art.match[first] in _ADVERBS:
        first += 1  # «أكدت مرارا أن»: no speaker after the verb
    last = first
    while last < stop and art.match[last] not in _COMMAS:
        if last > first and art.match[last] in _SPEAKER_STOPS:
            break
        if last > first and _addressee(art, last) and not art.definite[last - 1]:
            break  # «سكان محليون لبي بي سي», «مصدر لوكالة رويترز» (not «الأمين العام للأمم»)
        last += 1
    while first < last and art.is_quote(first):
        first += 1
    while last > first and art.is_quote(last - 1):
        last -= 1
    return first, last


def _runs_on(art: ArticleTokens, comp: int, j: int) -> bool:
    """The clause goes on after a quoted word: «إن "الاحتلال" هو سبب كل شر» says more than
    «الاحتلال»; the speech is the whole clause."""
    return (
        j < len(art)
        and art.sentence[j] == art.sentence[comp]
        and art.kind[j] == "word"
        and art.bare[j] not in REPORTING_VERBS
        and not _is_comp(art, j)
    )


def _quote_span(art: ArticleTokens, comp: int) -> tuple[int, int, int] | None:
    """(display start, display end, last token) of what was said."""
    k = comp + 1
    if k >= len(art):
        return None
    if art.is_quote(k):
        for close in range(k + 1, min(len(art), k + MAX_QUOTE)):
            if art.is_quote(close):
                if close == k + 1:
                    return None
                if not _runs_on(art, comp, close + 1):
                    return art.end[k], art.start[close], close
                break
        else:
            return None
    sentences, here, n = art.sentence, art.sentence[comp], len(art)
    last = k
    while last + 1 < n and sentences[last + 1] == here:
        last += 1
    while last > k and art.kind[last] == "punct":
        last -= 1
    if art.kind[last] == "punct":
        return None
    return art.start[k + 1 if art.is_quote(k) else k], art.end[last], last


# A name after one of these is a circumstance of the saying, not its speaker: «في تغريدة على
# تويتر», «عبر فيسبوك», «نقلا عن رويترز», «لوكالة رويترز».
_NOT_SPEAKER_BEFORE = frozenset(
    to_match(w)
    for w in "على عبر في خلال عن إلى الى مع لدى أمام امام نقلا بحسب وفق وفقا حسب".split()
)


# A news agency that "said" something is the article's source credit («ذكرت وكالة رويترز أن»),
# not a speaker (the agencies marsad.stories reads credits by, in match form).
_AGENCY = re.compile(
    rf"(?:وكاله )?(?:انباء )?(?:{'|'.join(AGENCIES.values())})|وكاله (?:ال)?انباء .*"
)


def _agency(art: ArticleTokens | None, m: Mention) -> bool:
    return art is not None and _AGENCY.fullmatch(" ".join(art.key[m.first : m.last])) is not None


# Adverbs right after the verb, before its subject: «وأكد أيضا», «أكدت مرارا».
# Also the addressee «لي», «لنا» («يقول لي وزير …»), a pronoun's preposition («قال فيها
# إنه», "said in it that") and «النقاب» of «كشف النقاب عن».
_ADVERBS = frozenset(
    to_match(w)
    for w in """أيضا ايضا كذلك مرارا مجددا هنا بدوره بدورها لي لنا النقاب فيه فيها عنه عنها
    منه منها عليه عليها قائلا قائلة""".split()
)
# A speaker ends before these: what follows is when, where or how it was said.
_SPEAKER_STOPS = frozenset(
    to_match(w) for w in "في على عبر خلال أمام امام قبل بعد أثناء اثناء عقب إلى الى حول".split()
)


# Words that start no speaker: a preposition (the speaker is the previous one) or a time
# (the subject stood before the verb: «وكانت السلطات أعلنت الأسبوع الماضي أن»).
_TIME_WORDS = frozenset(
    to_match(w)
    for w in "الأسبوع الشهر العام اليوم أمس الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت مساء صباح".split()
)
_NO_SPEAKER_START = _NOT_SPEAKER_BEFORE | _TIME_WORDS
# «يذكر أن …», «ويذكر أن …»: "it is worth recalling that", no one speaks.
_IMPERSONAL = frozenset(to_match(w) for w in ("يذكر", "ويذكر"))


def _addressee(art: ArticleTokens, k: int) -> bool:
    """Token k carries the preposition «ل» (or is it): whom the words were said to."""
    return art.match[k] == "ل" or "ل" in art.proclitics[k].split("+")


def _impersonal(art: ArticleTokens, i: int) -> bool:
    return art.match[i] in _IMPERSONAL and i + 1 < len(art) and _is_comp(art, i + 1)


def _circumstance(art: ArticleTokens | None, m: Mention) -> bool:
    """The mention is governed by a preposition: no speaker («لوكالة رويترز», «على تويتر»)."""
    if art is None:
        return False
    clitics = art.proclitics[m.first].split("+") if art.proclitics[m.first] else []
    if "ل" in clitics or "ب" in clitics:
        return True
    k = m.first - 1
    while k >= 0 and art.is_quote(k):
        k -= 1
    return k >= 0 and (art.match[k] in _NOT_SPEAKER_BEFORE or art.key[k] in _NOT_SPEAKER_BEFORE)


def _speaker_entity(
    mentions: list[Mention],
    first: int,
    last: int,
    firsts: list[int] | None = None,
    art: ArticleTokens | None = None,
) -> str | None:
    """The speaker's entity among `mentions` (sorted by first token; `firsts` their first
    tokens, to bisect instead of scanning every mention of a long article): a person, else an
    organisation, never a place, and not one a preposition governs; a person named inside a
    title is passed over for the person the title introduces («مستشار خادم الحرمين الشريفين
    الأمير خالد الفيصل» is the adviser)."""
    if firsts is not None:
        mentions = mentions[bisect.bisect_left(firsts, first) : bisect.bisect_right(firsts, last)]
    last = _before_a_holder(art, first, last)
    inside = [
        m
        for m in mentions
        if first <= m.first
        and m.last <= last
        and not m.gentilic
        and not _circumstance(art, m)
        and not _agency(art, m)
    ]
    people = [m for m in inside if m.type == "person"]
    for m in people:
        if not any(m.last <= n.first <= m.last + 2 for n in people if n is not m):
            return m.entity_id
    for kind in ("person", "organisation"):
        for m in inside:
            if m.type == kind:
                return m.entity_id
    return None


# Nouns whose complement is not the one speaking: «مصادر "سكاي نيوز"» (the outlet's
# sources), «حكومة الرئيس أردوغان», «محامي ترامب», «مكتب الرئيس», «متحدث باسم الرئيس».
_HOLDERS = frozenset(
    to_match(w)
    for w in """مصادر مصدر حكومة إدارة مكتب محامي محامية زوجة زوج ابن ابنة نجل شقيق شقيقة
    عائلة أسرة والد والدة حزب حملة أنصار مقربون اسم""".split()
)


def _before_a_holder(art: ArticleTokens | None, first: int, last: int) -> int:
    """The end of the speaker tokens that can name the speaker: names after a construct
    noun of `_HOLDERS` are its complement."""
    if art is None:
        return last
    for k in range(first, last):
        if art.kind[k] == "word" and not art.definite[k] and art.bare[k] in _HOLDERS:
            return k
    return last


SUBJECT_MAX = 6  # tokens of a subject written before its verb
# Words around a subject before its verb that are not it: «وكان بوتين قد أكد», «أما … فقال».
_AUXILIARIES = frozenset(to_match(w) for w in "كان كانت كانوا قد لقد فقد أما وأما".split())


@cache
def _not_subject() -> frozenset[str]:
    """Function words and auxiliaries, trimmed off a subject (one set, built once)."""
    return function_words() | _AUXILIARIES


def _skipped(art: ArticleTokens, k: int, skip: frozenset[str]) -> bool:
    """An auxiliary or function word, with or without its conjunction («وكان»); a definite
    word is a noun even when its stem is one («الأمن», not «أمن»)."""
    return art.match[k] in skip or (art.bare[k] in skip and not art.definite[k])


def _subject_before(
    art: ArticleTokens, i: int, mentions: list[Mention], firsts: list[int]
) -> tuple[int, int] | None:
    """Tokens of a subject written before the verb at i, in its clause («وكانت إسرائيل قالت»,
    «أما الرئيس الإيراني فقال», «وكان بوتين قد أكد»): a few words after the clause's start
    (sentence start, punctuation, a complementizer or another reporting verb), auxiliaries
    left out, naming an entity or a title; None when there is none («ثم عاد وقال»)."""
    sentence = art.sentence[i]
    j = i - 1
    while (
        j >= 0
        and art.sentence[j] == sentence
        and art.kind[j] == "word"
        and not _is_comp(art, j)
        and art.bare[j] not in REPORTING_VERBS
    ):
        j -= 1
        if i - j > SUBJECT_MAX + 2:
            return None  # a clause, not a subject
    first, last = j + 1, i
    skip = _not_subject()
    while first < last and _skipped(art, first, skip):
        first += 1
    while last > first and _skipped(art, last - 1, skip):
        last -= 1
    if first == last or last - first > SUBJECT_MAX or art.bare[first] in _NO_SPEAKER_START:
        return None
    lo, hi = bisect.bisect_left(firsts, first), bisect.bisect_left(firsts, last)
    named = any(mentions[k].last <= last for k in range(lo, hi))
    if (
        not named
        and not art.definite[first]
        and not any(art.bare[k] in TITLE_HEADS for k in range(first, last))
    ):
        return None  # a definite noun is a subject too: «وأن الأخير قال إنه»
    return first, last


def _form(verb: str) -> str:
    """Gender and number of a reporting verb form: «قالت», «تقول» feminine, «قالوا» plural,
    «قالا» dual, «قال», «يقول» masculine (one letter each).  A speaker-less verb continues
    the last speaker of its own form: «وأضافت» after «قال ترامب» is someone else."""
    word = to_match(verb)
    if word.startswith("و") and word[1:] in REPORTING_VERBS:
        word = word[1:]
    if word.endswith(("وا", "ون")):
        return "p"
    if word.endswith("ا") and word[:-1] in REPORTING_VERBS:
        return "d"
    if (word.endswith("ت") and word[:-1] in REPORTING_VERBS) or (
        word.startswith("ت") and "ي" + word[1:] in REPORTING_VERBS
    ):
        return "f"  # not «لفت», «تابع»: their ت is the stem's
    return "m"


def find_quotes(art: ArticleTokens, mentions: list[Mention]) -> list[Quote]:
    out: list[Quote] = []
    mentions = sorted(mentions, key=lambda m: m.first)
    firsts = [m.first for m in mentions]
    previous: Quote | None = None
    last_of: dict[str, Quote] = {}  # the last quote of each verb form, to continue
    done = 0
    for i in list(compress(range(len(art.bare)), map(REPORTING_VERBS.__contains__, art.bare))):
        if i < done or not _is_verb(art, i) or _impersonal(art, i) or _not_a_saying(art, i):
            continue
        found = _complement(art, i)
        span = _quote_span(art, found[0]) if found else None
        if found is None or span is None:
            continue
        comp, speaker_end = found
        first, last = _speaker_tokens(art, i + 1, speaker_end)
        verb = art.text[art.surface_start(i, True) : art.end[i]]
        if first < last and _addressee(art, first):
            first = last  # «فتوضح لـ"العربية.نت" أنها»: who was told, the speaker came before
        if first < last and art.match[first] in _NO_SPEAKER_START:
            # «وأضاف في حديثه …», «أعلنت الأسبوع الماضي أن»: no speaker named after the verb
            first = last if art.match[first] in _NOT_SPEAKER_BEFORE else first
        if first < last and art.match[first] in _TIME_WORDS:
            speaker_text, entity = None, None  # the subject came before the verb: unknown
        elif first == last and (before := _subject_before(art, i, mentions, firsts)):
            speaker_text = art.text[art.surface_start(before[0], True) : art.end[before[1] - 1]]
            entity = _speaker_entity(mentions, before[0], before[1], firsts, art)
        elif first == last:
            carried = last_of.get(_form(verb))
            speaker_text = carried.speaker_text if carried else None
            entity = carried.speaker_entity_id if carried else None
        else:
            speaker_text = art.text[art.surface_start(first, True) : art.end[last - 1]]
            entity = _speaker_entity(mentions, first, last, firsts, art)
            if (
                entity is None
                and last - first == 1
                and art.match[first] in STATEMENT_NOUNS
                and previous
            ):
                entity = previous.speaker_entity_id
        start, end, stop = span
        q = Quote(start, end, art.text[start:end], verb, speaker_text, entity)
        out.append(q)
        previous = last_of[_form(verb)] = q
        done = stop + 1
    return out
