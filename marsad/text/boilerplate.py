"""Boilerplate: the lines a source repeats across many of its articles (footers, app notices,
"read also" prompts, disclaimers, credit lines), learned from the data, not from a hand list.

Each body paragraph is cut into lines (at sentence ends); a line of `MIN_LINE_WORDS` words or
more gets a key: the hash of its match form with digits, links and punctuation taken out, so
«رابط الخبر: http://…/123» has one key in every article.  A longer line also gets a key for its
last `RUN_WORDS` words (a run), which catches a footer glued to varying text.  A key is
boilerplate for a source when it occurs in at least `MIN_ARTICLES` of the source's articles,
on `MIN_DAYS` different days (updated or syndicated copies of one story run within a few days,
a footer runs all year) and in at least `MIN_SHARE` of them (`RUN_SHARE` for a run).

A site's "related stories" block closes an article with the leads of other stories, each shown
under a handful of articles over a day or two (CNN Arabic: five or six).  A line is such a
teaser when it occurs in `TAIL_STORIES` different stories (articles with distinct first lines:
copies and updates of one story share theirs, so they never count) — whatever the days — and
it counts only in an article's closing block: it and every later line boilerplate, the
article's own first line not (`tail_hits`).  On the whole corpus this adds 3,933 line spans in
982 articles (CNN 3,755; Al Arabiya's «نقلاً عن …» reprint credits 116; Sky News 55, BBC 7,
mostly background sentences a running story closes with) to the 3,084 repeated ones.  The title
(paragraph 0) is never boilerplate: «مصر..» heading many titles names what they cover.

A site also links its other stories by their headlines, between paragraphs or after a prompt
(«قد يهمك/ …», «اقرأ أيضا: …»): a body line whose key — or the key of what follows a prompt of
up to three words — is the title of another of the source's stories (`title_keys`, titles of
`TITLE_WORDS` words or more) is a link (`title_hits`), even when it occurs once.

Keys work on the raw text, so the stage can count them over every article it has (a persisted
table) before it cleans a day, and spans are raw offsets, mapped to display offsets afterwards.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import polars as pl

from marsad.text.normalize import to_match
from marsad.text.offsets import OffsetMap

MIN_ARTICLES = 5  # three or four: background sentences a desk re-uses for a running story
MIN_DAYS = 3
MIN_SHARE = 0.002  # of the source's articles: 27 of Sky News Arabia's 13.7k
TAIL_STORIES = 5  # a line closing an article that opens this many other stories: a related teaser
RUN_WORDS = 8  # a run: the last 8 words of a longer line
RUN_SHARE = 0.01  # runs need 1% of the source's articles: «قال وزير الخارجية …» heads many lines
TITLE_WORDS = 5  # a body line equal to another story's title of this many words: a link to it
MIN_LINE_WORDS = 2  # «بحسب رويترز.», «اقرأ أيضاً:»; clauses are no unit: «الملك سلمان بن عبد
# العزيز،» ends many clauses, and what follows a comma is the article's own text

KEY_SCHEMA = {"article_id": pl.String, "key": pl.UInt64, "raw_start": pl.Int32, "raw_end": pl.Int32}

# a line ends at a sentence mark, but not at the point of a decimal number («2.5 بالمئة»)
_LINE = re.compile(r"(?:[^\n.!?؟…]|\.(?=\d))+[.!?؟…]*")
_LINK = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|net|org|sa|ae|eg)\S*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W_]+")


def _words_many(texts: Sequence[str]) -> list[list[str]]:
    """Match-form words of many one-line texts: the normalisation and substitutions run once over
    the texts joined by "\\n" (no step crosses or makes a line break), which is several times
    faster than one call per line."""
    if not texts:
        return []
    joined = _DIGITS.sub("0", _LINK.sub(" ", to_match("\n".join(texts))))
    return [_WORD.findall(line) for line in joined.split("\n")]


def _words(text: str) -> list[str]:
    return _words_many([text])[0]


def _hash(words: list[str], run: bool) -> int:
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return (int.from_bytes(digest, "little") & ~1) | int(run)  # odd keys are runs


def line_key(text: str) -> tuple[int, int] | None:
    """(key, word count) of one line; None when it has no word."""
    words = _words(text)
    return (_hash(words, False), len(words)) if words else None


def title_keys(titles: pl.DataFrame) -> pl.DataFrame:
    """(source, key) of the titles (article_id, source, title) of TITLE_WORDS words or more.

    A site links its other stories by their headlines («ناسا تعتزم إرسال "هليكوبتر" إلى
    كوكب المريخ» alone on a line of another article), so a body line whose key is the title
    of another of the source's stories is a "read also" link, even when it occurs once."""
    rows = titles.select("article_id", "source", "title").rows()
    firsts = [(title or "").split("\n", 1)[0] for _, _, title in rows]  # as `line_key` reads
    ids, sources, keys = [], [], []
    for (aid, source, _), words in zip(rows, _words_many(firsts), strict=True):
        if len(words) >= TITLE_WORDS:
            ids.append(aid)
            sources.append(source)
            keys.append(_hash(words, False))
    return pl.DataFrame(
        {"article_id": ids, "source": sources, "key": keys},
        schema={"article_id": pl.String, "source": pl.String, "key": pl.UInt64},
    )


# a prompt of up to three words before ":" or "/" opening a line («قد يهمك/ …», «اقرأ أيضا: …»)
_PROMPT = re.compile(r"[^\W\d_]+(?: [^\W\d_]+){0,2} ?[:/|] *")


def prompted_keys(rows: Iterable[tuple[str, str, Sequence[tuple[int, int]]]]) -> pl.DataFrame:
    """(article_id, key, raw_start, raw_end) of the body lines that open with a short prompt,
    keyed by what follows it, spanning the whole line: «قد يهمك/ محمد بن سلمان: إذا طورت إيران
    …» is the title of another story after a prompt (`title_hits` finds it)."""
    out: list[tuple[str, int, int]] = []
    texts: list[str] = []
    for aid, text, s, e in _body_lines(rows):
        found = _PROMPT.match(text, s, e)
        if found is not None and found.end() < e:
            out.append((aid, s, e))
            texts.append(text[found.end() : e])
    rows_out = [
        (aid, _hash(words, False), s, e)
        for (aid, s, e), words in zip(out, _words_many(texts), strict=True)
        if words
    ]
    return pl.DataFrame(rows_out, schema=KEY_SCHEMA, orient="row")


def title_hits(keys: pl.DataFrame, titles: pl.DataFrame) -> pl.DataFrame:
    """The lines of `keys` (article_id, source, key, raw_start, raw_end) that are the title of
    another story of the source (`title_keys` rows; the article's own title, shared by its
    copies, does not count)."""
    own = titles.select("article_id", pl.col("key").alias("own"))
    return (
        keys.filter(~is_run(pl.col("key")))
        .join(titles.select("source", "key").unique(), on=["source", "key"], how="semi")
        .join(own, on="article_id", how="left")
        .filter(pl.col("own").is_null() | (pl.col("own") != pl.col("key")))
        .select("article_id", "raw_start", "raw_end", pl.lit(1, pl.Int32).alias("n_articles"))
        .unique(maintain_order=True)
    )


def is_run(key: pl.Expr) -> pl.Expr:
    """Whether a key is a run's (odd) rather than a whole line's."""
    return (key % 2) == 1


_WORD_SPAN = re.compile(r"\w+")


def _lines(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """(raw start, raw end) of the non-blank lines of text[start:end], spaces trimmed."""
    for line in _LINE.finditer(text, start, end):
        s, e = _trim(text, line.start(), line.end())
        if e > s:
            yield s, e


def _body_lines(
    rows: Iterable[tuple[str, str, Sequence[tuple[int, int]]]],
) -> Iterator[tuple[str, str, int, int]]:
    """(article_id, raw_text, line start, line end) of every non-blank line of the body
    paragraphs, for rows of (article_id, raw_text, body paragraph spans)."""
    for aid, text, spans in rows:
        text = text or ""
        for a, b in spans:
            for s, e in _lines(text, a, b):
                yield aid, text, s, e


def _run_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The last RUN_WORDS words of a longer line: a footer or disclaimer glued to text that
    varies («هذا المقال بقلم …، والآراء الواردة أدناه تعبر عن رأي الكاتبة، ولا تعكس بالضرورة
    وجهة نظر شبكة CNN»).  Not the first words: «قال أنور قرقاش، وزير الدولة الإماراتي …» starts
    many of one desk's lines and is news."""
    spans = [m.span() for m in _WORD_SPAN.finditer(text, start, end)]
    if len(spans) <= RUN_WORDS:
        return None
    return spans[-RUN_WORDS][0], spans[-1][1]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def keys_frame(rows: Iterable[tuple[str, str, Sequence[tuple[int, int]]]]) -> pl.DataFrame:
    """(article_id, key, raw_start, raw_end) of every keyed line of the body paragraphs and of
    its run, for rows of (article_id, raw_text, body paragraph spans).  A batch: the words of
    all lines are found in one pass (see `_words_many`)."""
    lines: list[tuple[str, int, int]] = []
    texts: list[str] = []
    for aid, text, s, e in _body_lines(rows):
        lines.append((aid, s, e))
        texts.append(text[s:e])
    out: list[tuple[str, int, int, int]] = []
    runs: list[tuple[str, int, int]] = []
    run_texts: list[str] = []
    for (aid, s, e), text, words in zip(lines, texts, _words_many(texts), strict=True):
        if len(words) < MIN_LINE_WORDS:
            continue
        out.append((aid, _hash(words, False), s, e))
        if len(words) > RUN_WORDS and (span := _run_span(text, 0, len(text))) is not None:
            runs.append((aid, s + span[0], s + span[1]))
            run_texts.append(text[span[0] : span[1]])
    for (aid, s, e), words in zip(runs, _words_many(run_texts), strict=True):
        if len(words) >= RUN_WORDS:
            out.append((aid, _hash(words, True), s, e))
    return pl.DataFrame(out, schema=KEY_SCHEMA, orient="row")


def key_counts(seen: pl.DataFrame) -> pl.DataFrame:
    """Per source and key: articles and days it occurs in, the stories (distinct first lines of
    those articles: copies of one story share theirs) and the source's article count.
    `seen` has one row per (article_id, source, day, key, raw_start); without raw_start every
    key counts as one story."""
    if "raw_start" in seen.columns:
        seen = seen.join(article_leads(seen), on="article_id", how="left")
    else:
        seen = seen.with_columns(pl.lit(0, pl.UInt64).alias("lead"))
    return per_key(seen).join(source_volume(seen), on="source")


def article_leads(seen: pl.DataFrame) -> pl.DataFrame:
    """article_id, lead: the key of each article's first whole line (its story's mark; none for
    an article of runs only). An article's own keys alone decide it."""
    return (
        seen.filter(~is_run(pl.col("key")))
        .sort("raw_start")
        .group_by("article_id")
        .agg(pl.col("key").first().alias("lead"))
    )


def per_key(seen: pl.DataFrame) -> pl.DataFrame:
    """`key_counts` without the source volume, from rows carrying their article's `lead`."""
    return seen.group_by("source", "key").agg(
        pl.col("article_id").n_unique().alias("n_articles"),
        pl.col("day").n_unique().alias("n_days"),
        pl.col("lead").n_unique().alias("n_stories"),
    )


def source_volume(seen: pl.DataFrame) -> pl.DataFrame:
    """source, source_articles: the articles with a key, per source."""
    return seen.group_by("source").agg(pl.col("article_id").n_unique().alias("source_articles"))


def frequent(counts: pl.DataFrame) -> pl.DataFrame:
    """The (source, key, n_articles, tail) rows that are boilerplate (see the module
    docstring); `tail` keys count only in an article's closing block (`tail_hits`)."""
    share = pl.when(is_run(pl.col("key"))).then(RUN_SHARE).otherwise(MIN_SHARE)
    need = pl.max_horizontal(
        pl.lit(MIN_ARTICLES), (pl.col("source_articles") * share).ceil().cast(pl.Int64)
    )
    everywhere = (pl.col("n_articles") >= need) & (pl.col("n_days") >= MIN_DAYS)
    tail = ~is_run(pl.col("key")) & (pl.col("n_stories") >= TAIL_STORIES)
    return (
        counts.filter(everywhere | tail)
        .select("source", "key", "n_articles", (~everywhere).alias("tail"))
        .sort("source", "key")
    )


def tail_hits(keys: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """The boilerplate lines of articles: `keys` (article_id, source, key, raw_start, raw_end)
    joined with `known` (`frequent`'s rows).  A tail key is kept only inside the closing
    block of its article — it and every later line boilerplate — and only when the article's
    first line is not (a copy of a story shares all its lines with the others)."""
    lines = (
        keys.join(known, on=["source", "key"], how="left")
        .with_columns(pl.col("n_articles").is_not_null().alias("hit"))
        .sort("article_id", "raw_start", "key")
    )
    order = lines.filter(~is_run(pl.col("key")))
    closing = order.with_columns(
        pl.col("hit").cast(pl.Int8).reverse().cum_min().reverse().over("article_id").alias("_end"),
        pl.col("hit").first().over("article_id").alias("_lead"),
    ).select("article_id", "key", "raw_start", (pl.col("_end") == 1) & ~pl.col("_lead"))
    return (
        lines.filter(pl.col("hit"))
        .join(
            closing.rename({"_end": "closing"}), on=["article_id", "key", "raw_start"], how="left"
        )
        .filter(~pl.col("tail") | pl.col("closing").fill_null(False))
        .select("article_id", "raw_start", "raw_end", "n_articles", "tail")
    )


def merge_spans(spans: pl.DataFrame) -> pl.DataFrame:
    """One row per maximal run of overlapping or touching boilerplate spans of an article."""
    if spans.height == 0:
        return spans.select("article_id", "raw_start", "raw_end", "n_articles")
    ordered = spans.sort("article_id", "raw_start", "raw_end")
    reach = pl.col("raw_end").cum_max().shift(1).over("article_id")
    run = (reach.is_null() | (pl.col("raw_start") > reach)).cum_sum()
    return (
        ordered.with_columns(run.alias("run"))
        .group_by("article_id", "run", maintain_order=True)
        .agg(
            pl.col("raw_start").min(),
            pl.col("raw_end").max(),
            pl.col("n_articles").max(),
        )
        .drop("run")
    )


def display_spans(m: OffsetMap, raw_start: np.ndarray, raw_end: np.ndarray):
    """Display [start, end) covering each raw span (characters whose raw source lies inside)."""
    n = m.text_len
    if n == 0:
        zero = np.zeros(len(raw_start), dtype=np.int64)
        return zero, zero
    starts = m.starts(np.arange(n))
    ends = m.ends(np.arange(n))
    s = np.searchsorted(starts, np.asarray(raw_start), side="left")
    e = np.searchsorted(ends, np.asarray(raw_end), side="right")
    return s, np.maximum(e, s)


__all__ = [
    "KEY_SCHEMA",
    "display_spans",
    "frequent",
    "key_counts",
    "article_leads",
    "per_key",
    "source_volume",
    "keys_frame",
    "is_run",
    "line_key",
    "merge_spans",
    "prompted_keys",
    "tail_hits",
    "title_hits",
    "title_keys",
]
