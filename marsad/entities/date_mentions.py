"""Dates an article's text refers to, resolved against its publication date.

* `absolute` — `marsad.text.dates.find_dates`; a date without a year («5 يناير/كانون الثاني
  الماضي») is the most recent such date not after publication, or the next one after it when
  «المقبل/القادم» follows;
* `hijri` — the same, for dates written in the Hijri calendar (converted by find_dates);
* `year` — a year alone: after منذ/عام/سنة/حتى/مطلع… («منذ 2014», «عام 2003»), or any
  number in 1900–2099 that ends its phrase (punctuation, sentence end, «م»): «في 2019.»;
  «2000 جندي» is not a year;
* `relative` — against the publication day: a weekday name is the most recent such day not
  after publication (the day itself included: wire copy dated Thursday that says «الخميس»
  means that day), or the next one when «المقبل/القادم» follows; a bare «أحد/سبت» only
  after «يوم»; «أمس» the day before,
  «أول أمس» two days before, «اليوم» the day, «غدا» the next; «الشهر/الأسبوع/العام
  الماضي/المقبل/الجاري» the month, week (its Monday, resolution `week`) or year around it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from itertools import compress

from marsad.entities.tokens import ArticleTokens, from_columns
from marsad.text.calendars import FOLD_TABLE, GREGORIAN_MONTHS, HIJRI_MONTHS, WEEKDAYS
from marsad.text.dates import find_dates
from marsad.text.normalize import to_match
from marsad.text.tokenize import split_clitics, tokenize

RESOLUTIONS = ("day", "week", "month", "year")
KINDS = ("absolute", "year", "relative", "hijri")
_FOLDED = {k: v for k, v in FOLD_TABLE.items() if v is not None and len(v) == 1}


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: date
    resolution: str
    kind: str


def _fold(text: str) -> str:
    """Same-length folding (alef/yeh/teh marbuta, digits) so offsets stay the caller's."""
    return text.translate(_FOLDED)


_DIRECTION = {
    **dict.fromkeys(
        ("الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفايت", "السابق", "السابقه"), -1
    ),
    **dict.fromkeys(("المقبل", "المقبله", "القادم", "القادمه"), 1),
    **dict.fromkeys(("الجاري", "الجاريه", "الحالي", "الحاليه"), 0),
}
_NEXT_RE = re.compile(r"\s+(" + "|".join(_DIRECTION) + r")(?!\w)")
_DAY_WORDS = {"امس": -1, "الامس": -1, "البارحه": -1, "اليوم": 0, "غدا": 1}
_PERIODS = {"الشهر": "month", "الاسبوع": "week", "العام": "year", "السنه": "year"}
#: Words that make the number after them a year («منذ 2014», «عام 2003»); any other number in
#: 1900–2099 must end its phrase («في 2014،» but not «في 2000 مدينة»).
_STRONG_CONTEXT = frozenset(
    ("منذ", "عام", "العام", "سنه", "السنه", "مطلع", "اواخر", "اوايل", "ابتداء", "حتي")
)
_YEAR_SUFFIX = frozenset(("م", "ميلادي", "ميلاديه"))


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _shift_month(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def _resolve_yearless(month: int, day: int, published: date, step: int) -> date | None:
    """The most recent such date not after publication, or the next one after it (step 1)."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if step > 0:
        after = [c for c in candidates if c > published]
        return min(after) if after else None
    before = [c for c in candidates if c <= published]
    return max(before) if before else None


@cache
def _month_keys() -> frozenset[str]:
    keys = {to_match(w) for k in (*GREGORIAN_MONTHS, *HIJRI_MONTHS) for w in k.split(" ")[:1]}
    return frozenset(keys | {"ال" + k for k in keys})


def is_date_cue(match: str, key: str, kind: str) -> bool:
    """A token find_dates needs: a month name, a number written with / . : (19/11/2020,
    12:53), or a «-» (2020-11-19); every pattern find_dates knows holds one of these."""
    if kind == "word":
        months = _month_keys()
        return key in months or match in months
    if kind == "number":
        return any(c in match for c in "/.:")
    return match == "-"


def _date_sentences(art: ArticleTokens) -> list[tuple[int, int]]:
    """Display spans of the sentences find_dates can find something in (see is_date_cue;
    a «-» counts only between two numbers)."""
    cues = art.cues
    n = len(art.start)
    idx = (
        [i for i in range(n) if is_date_cue(art.match[i], art.key[i], art.kind[i])]
        if cues is None
        else list(compress(range(n), cues))
    )
    wanted = {
        art.sentence[i]
        for i in idx
        if art.match[i] != "-" or (0 < i < n - 1 and art.kind[i - 1] == art.kind[i + 1] == "number")
    }
    if not wanted:
        return []
    sentence = art.sentence
    if sentence == sorted(sentence):  # tokens in sentence order: each sentence's ends by bisection
        return [
            (art.start[bisect_left(sentence, s)], art.end[bisect_right(sentence, s) - 1])
            for s in sorted(wanted)
        ]
    spans: dict[int, list[int]] = {}
    for i in compress(range(n), map(wanted.__contains__, sentence)):
        span = spans.setdefault(sentence[i], [art.start[i], art.end[i]])
        span[1] = art.end[i]
    return [(a, b) for a, b in spans.values()]


def _absolute_dates(art: ArticleTokens):
    """find_dates over the sentences that may hold a date."""
    for a, b in _date_sentences(art):
        for d in find_dates(art.text[a:b]):
            yield replace(d, start=d.start + a, end=d.end + a)


def find_date_mentions(
    text: str, published: date | None, tokens: ArticleTokens | None = None
) -> list[DateMention]:
    """Every date mention of the text; relative and yearless ones need `published`.
    `tokens` are the text's tokens when the caller has them (else they are made here)."""
    art = tokens if tokens is not None else tokens_of(text)
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for d in _absolute_dates(art):
        kind = "hijri" if d.calendar == "hijri" else "absolute"
        resolution = d.resolution if d.resolution in RESOLUTIONS else "day"
        value: date | None = d.value.date()
        end = d.end
        if not d.year_known:
            if published is None:
                continue
            tail = _NEXT_RE.match(_fold(text[d.end : d.end + 16]))
            step = _DIRECTION[tail.group(1)] if tail else -1
            value = _resolve_yearless(d.value.month, d.value.day, published, step)
            end += tail.end() if tail else 0
        if value is None:
            continue
        out.append(DateMention(d.start, end, text[d.start : end], value, resolution, kind))
        taken.append((d.start, end))
    out += _years(art, taken)
    if published is not None:
        out += _relative(art, published, taken)
    return sorted(out, key=lambda m: m.start)


def _next(art: ArticleTokens, i: int) -> int | None:
    j = i + 1
    return j if j < len(art.start) and art.sentence[j] == art.sentence[i] else None


def _mention(
    art: ArticleTokens, first: int, last: int, value: date, resolution: str, kind: str
) -> DateMention:
    start = art.surface_start(first, True)
    return DateMention(
        start, art.end[last], art.text[start : art.end[last]], value, resolution, kind
    )


def _years(art: ArticleTokens, taken: list[tuple[int, int]]) -> list[DateMention]:
    out = []
    match = art.match
    for i in compress(range(len(art.kind)), map("number".__eq__, art.kind)):
        m = match[i]
        if len(m) != 4 or not m.isdigit() or not ("1000" <= m <= "2099"):
            continue
        if _overlaps((art.start[i], art.end[i]), taken):
            continue
        prev = i - 1 if i and art.sentence[i - 1] == art.sentence[i] else None
        nxt = _next(art, i)
        ends = nxt is None or art.kind[nxt] == "punct" or art.match[nxt] in _YEAR_SUFFIX
        if (prev is not None and art.key[prev] in _STRONG_CONTEXT) or (m >= "1900" and ends):
            out.append(_mention(art, i, i, date(int(m), 1, 1), "year", "year"))
    return out


def _relative(
    art: ArticleTokens, published: date, taken: list[tuple[int, int]]
) -> list[DateMention]:
    out: list[DateMention] = []
    kind = art.kind
    for i in compress(range(len(kind)), map(_RELATIVE_KEYS.__contains__, art.key)):
        if kind[i] != "word":
            continue
        key = art.key[i]
        if key in _WEEKDAY_KEYS or (key in WEEKDAYS and i and art.bare[i - 1] == "يوم"):
            nxt = _next(art, i)
            step = _DIRECTION.get(art.match[nxt], -1) if nxt is not None else -1
            last = nxt if nxt is not None and art.match[nxt] in _DIRECTION else i
            back = (published.weekday() - WEEKDAYS[key]) % 7
            value = (
                published + timedelta(days=(7 - back) or 7)
                if step > 0
                else published - timedelta(days=back)
            )
            resolution = "day"
        elif key in _DAY_WORDS:
            nxt = _next(art, i)
            if nxt is not None and art.match[nxt] in ("التالي", "السابق"):
                continue
            first_day = i - 1 if i and art.key[i - 1] == "اول" and key.endswith("امس") else i
            value = published + timedelta(days=_DAY_WORDS[key] - (1 if first_day < i else 0))
            out.append(_mention(art, first_day, i, value, "day", "relative"))
            continue
        elif key in _PERIODS:
            nxt = _next(art, i)
            if nxt is None or art.match[nxt] not in _DIRECTION:
                continue
            last, step, resolution = nxt, _DIRECTION[art.match[nxt]], _PERIODS[key]
            if resolution == "month":
                value = _shift_month(published, step)
            elif resolution == "week":
                value = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
            else:
                value = date(published.year + step, 1, 1)
        else:
            continue
        if not _overlaps((art.start[i], art.end[last]), taken):
            out.append(_mention(art, i, last, value, resolution, "relative"))
    return out


_WEEKDAY_KEYS = frozenset(k for k in WEEKDAYS if k.startswith("ال"))
_RELATIVE_KEYS = frozenset({*WEEKDAYS, *_DAY_WORDS, *_PERIODS})  # the keys _relative reads


def tokens_of(text: str) -> ArticleTokens:
    """Tokens of a bare text (one sentence per line), for callers without the cleaned stage."""
    spans = tokenize(text)
    split = [split_clitics(text[s:e]) if k == "word" else ("", text[s:e]) for s, e, k in spans]
    return from_columns(
        "",
        text,
        [text.count("\n", 0, s) for s, _, _ in spans],
        [s for s, _, _ in spans],
        [e for _, e, _ in spans],
        [k for _, _, k in spans],
        [p for p, _ in split],
        [s for _, s in split],
    )
