"""An article's tokens as the entity rules read them: parallel lists, one entry per token.

Besides the cleaned stage's columns, each token carries the keys the matchers look it up by:

* `match` — the token's match form (what an alias's later tokens are compared with);
* `key` — the match form without the outer proclitics و ف ب ل ك, keeping ال when the word had
  it: «والعراق» → العراق, «لإيران» → ايران, «للتحالف» → التحالف, «والأمريكية» → الامريكيه;
* `bare` — the stem alone, without ال either (title and verb lists are keyed by it);
* `definite` — ال was split off (a common noun or adjective, not a name like الأعرجي);
* `outer` — how many letters of proclitics precede the key in the display text, so a mention
  found through `key` starts after them («لإيران» → «إيران»); a ل that merged with ال stays
  («للعراق», «للجيش»).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from marsad.text.normalize import to_match

QUOTES = frozenset("\"«»'")
_OUTER = frozenset("وفبلك")


@lru_cache(maxsize=500_000)
def token_keys(proclitics: str, stem: str) -> tuple[str, str, bool, int]:
    """(key, bare, definite, outer) of a token from its proclitics and stem."""
    return _keys(proclitics, stem, to_match(stem))


def _keys(proclitics: str, stem: str, bare: str) -> tuple[str, str, bool, int]:
    """`token_keys` given the stem's match form `bare`."""
    parts = proclitics.split("+") if proclitics else []
    definite = "ال" in parts
    key = "ال" + bare if definite else bare
    outer = sum(1 for p in parts if p in _OUTER)
    if parts and parts[-1] == "ل" and stem.startswith("ال"):
        outer -= 1  # للعراق: ل + العراق written لل, the name's alef is not written
    if definite and "ل" in parts:
        outer = 0  # للجيش: ل + ال + جيش, no clean cut
    return key, bare, definite, outer


@dataclass(slots=True)
class ArticleTokens:
    article_id: str
    text: str  # display text
    sentence: list[int]
    start: list[int]
    end: list[int]
    kind: list[str]
    proclitics: list[str]
    match: list[str]
    key: list[str]
    bare: list[str]
    definite: list[bool]
    outer: list[int]
    starts: list[bool] | None = None  # may start a catalogue name or gentilic (None: unknown)
    cues: list[bool] | None = None  # may be part of a date find_dates reads (None: unknown)

    def __len__(self) -> int:
        return len(self.start)

    def is_quote(self, i: int) -> bool:
        return self.kind[i] == "punct" and self.match[i] in QUOTES

    def surface_start(self, i: int, by_key: bool) -> int:
        """Display offset where a mention starting at token i begins (after its proclitics when
        it was matched through `key`), skipping any marks on the proclitic letters."""
        pos = self.start[i]
        if not by_key or not self.outer[i]:
            return pos
        text, end = self.text, self.end[i]
        for _ in range(self.outer[i]):
            pos += 1
            while pos < end and not text[pos].isalpha():
                pos += 1
        return pos if pos < end else self.start[i]


def quote_marks(art: ArticleTokens) -> set[int]:
    """Indices of the quote-mark tokens (a few among hundreds of tokens: found with
    list.index, not a Python pass over every token)."""
    out: set[int] = set()
    match, kind = art.match, art.kind
    for q in QUOTES.intersection(match):
        i = match.index(q)
        while True:
            if kind[i] == "punct":
                out.add(i)
            try:
                i = match.index(q, i + 1)
            except ValueError:
                break
    return out


def from_columns(
    article_id: str,
    text: str,
    sentence: Sequence[int],
    start: Sequence[int],
    end: Sequence[int],
    kind: Sequence[str],
    proclitics: Sequence[str],
    stem: Sequence[str],
    match: Sequence[str] | None = None,
) -> ArticleTokens:
    if match is None:
        match = [to_match(text[s:e]) for s, e in zip(start, end, strict=True)]
    keys = [token_keys(p, s) for p, s in zip(proclitics, stem, strict=True)]
    return ArticleTokens(
        article_id,
        text,
        list(sentence),
        list(start),
        list(end),
        list(kind),
        list(proclitics),
        list(match),
        [k[0] for k in keys],
        [k[1] for k in keys],
        [k[2] for k in keys],
        [k[3] for k in keys],
    )


def from_cleaned(article_id: str, cleaned) -> ArticleTokens:
    """From a `marsad.text.clean.CleanedArticle`."""
    t = cleaned.tokens
    return from_columns(
        article_id,
        cleaned.display_text,
        [x.sentence_no for x in t],
        [x.start for x in t],
        [x.end for x in t],
        [x.kind for x in t],
        [x.proclitics for x in t],
        [x.stem for x in t],
    )


_TYPE_COLUMNS = (
    ("key", pl.String),
    ("bare", pl.String),
    ("definite", pl.Boolean),
    ("outer", pl.Int32),
    ("starts", pl.Boolean),
    ("cues", pl.Boolean),
)
_TYPE_KEY = ["match", "proclitics", "stem", "kind"]
# a token's type as one string (the four fields, a null as NUL), what a batch is keyed by
_TYPE_NAME = pl.concat_str(pl.col(_TYPE_KEY).fill_null("\x00"), separator="\x1f").alias("_type")
_TYPES_MAX = 300_000  # token types kept between batches (then the table starts again)
# per (can_start, is_date_cue): each type's row in a frame of the columns of every type seen
_types: dict[tuple, tuple[dict[str, int], pl.DataFrame]] = {}


def _type_columns(types: pl.DataFrame, can_start: Callable, is_date_cue: Callable) -> pl.DataFrame:
    """`types` (one row per `_TYPE_NAME`, with its fields) with the columns `split_by_article`
    adds: computed once per type in a process (a worker links many days and most types recur)
    and kept in a frame, their rows found by a dict lookup of the type (a join against that
    frame rebuilt its hash table every batch, a cost growing with the types seen); a Python
    loop computes the new ones."""
    cache = _types.pop((can_start, is_date_cue), None)  # put back once consistent
    if cache is None or len(cache[0]) > _TYPES_MAX:
        cache = ({}, pl.DataFrame(schema=dict(_TYPE_COLUMNS)))
    index, known = cache
    positions, new_rows = [], []  # each row's place in `known`; the rows of new types
    for row, name in enumerate(types["_type"].to_list()):
        place = index.get(name)
        if place is None:
            place = index[name] = len(index)
            new_rows.append(row)
        positions.append(place)
    if new_rows:
        new = types[new_rows].select(_TYPE_KEY)
        rows = []
        for (m, p, s, k), bare in zip(new.iter_rows(), _match_forms(new["stem"]), strict=True):
            key, bare, definite, outer = _keys(p, s, bare)
            rows.append((key, bare, definite, outer, can_start(m, key), is_date_cue(m, key, k)))
        added = pl.DataFrame(rows, schema=dict(_TYPE_COLUMNS), orient="row")
        known = pl.concat([known, added], rechunk=known.n_chunks() >= 16)
    _types[(can_start, is_date_cue)] = (index, known)
    return types.hstack(known[positions])


def _match_forms(stems: pl.Series) -> list[str]:
    """`to_match` of each stem in one call on them joined by newlines (its steps map or drop
    single characters and leave a newline alone, so the lines come back one per stem)."""
    if stems.str.contains("\n", literal=True).any():
        return [to_match(s) for s in stems.to_list()]
    return to_match("\n".join(stems.to_list())).split("\n")


def split_by_article(
    tokens: pl.DataFrame,
    texts: dict[str, str],
    can_start: Callable[[str, str], bool],
    is_date_cue: Callable[[str, str, str], bool],
) -> Iterator[ArticleTokens]:
    """The cleaned stage's tokens frame as ArticleTokens, one per article (in frame order;
    the frame is sorted by article, sentence and token first unless it already is).  The keys,
    and the `starts` and `cues` flags (`can_start(match, key)`: the token may start a catalogue
    name; `is_date_cue(match, key, kind)`: a date may hold it), are computed once per distinct
    token.  The two tests are the linker's and the date finder's, which build on this module."""
    ids = tokens["article_id"]
    if ids.len() and (ids != ids.shift(1)).fill_null(True).sum() != ids.n_unique():
        tokens = tokens.sort(["article_id", "sentence_no", "token_no"])  # articles not contiguous
    # keyed by type, not by text: two spellings («الحكومة», «الحكـومة») share one, and the
    # text column (a fifth of what a batch reads) is not read at all
    tokens = tokens.with_columns(_TYPE_NAME)
    types = tokens.select("_type", *_TYPE_KEY).unique(subset="_type")
    types = _type_columns(types, can_start, is_date_cue).select(
        "_type", *(name for name, _ in _TYPE_COLUMNS)
    )
    joined = tokens.join(types, on="_type", how="left", maintain_order="left")
    cols = {
        c: joined[c].to_list()
        for c in (
            "sentence_no",
            "start",
            "end",
            "kind",
            "proclitics",
            "match",
            "key",
            "bare",
            "definite",
            "outer",
            "starts",
            "cues",
        )
    }
    ids = joined["article_id"]
    bounds = [*(ids != ids.shift(1)).fill_null(True).arg_true().to_list(), ids.len()]
    firsts = ids.gather(bounds[:-1]).to_list()
    for aid, a, b in zip(firsts, bounds, bounds[1:], strict=False):
        yield ArticleTokens(aid, texts[aid], *(cols[c][a:b] for c in cols))
