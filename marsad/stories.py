"""Stories: near-duplicate and syndicated copies of one article grouped together.

The same wire story runs on several sites, re-posted with small edits or a rewritten headline.
Each article's match text (folded, see `marsad.text.folding`) is cut into word 5-gram shingles,
hashed to 64 bits: the article's signature, computed once and stored per day by the warehouse
(`marsad.stages.story_index`), so only new days are signed and compared, each against the
articles of the MAX_DAYS before it. Candidate pairs come from a consistent sample of the
shingles (those whose hash is a multiple of SAMPLE_EVERY: the same 5-gram is sampled in every
article, so the overlap of the samples estimates the overlap of the sets; Broder's mod-m
sampling, where MinHash/LSH keeps a fixed number per article) and are then verified on the full
sets, so nothing a sketch would miss is lost and nothing it would invent gets in.

Precision comes first. A pair joins when the two texts share MIN_JACCARD of their 5-grams (the
same outlet re-posting, a copy with small edits), or, across outlets, when MIN_CONTAINMENT of
the shorter text's 5-grams are in the longer one and at least MIN_SHARED 5-grams in all (an
outlet that keeps the wire's paragraphs but cuts or adds some: its Jaccard stays low, its
containment high). Re-worded reports of the same event share names but few 5-grams; a live page
updated into the next story stays under the Jaccard bar, which is why containment alone is not
enough within one outlet. Verified pairs are joined transitively; a story's id is its smallest
article_id, so an unchanged corpus always gets the same ids.

Agency credits and datelines («دمشق - سانا», «(رويترز)», «أ ف ب», «الأناضول», «واس») in the
lead of the body are recorded as the article's origin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

SHINGLE_WORDS = 5
SAMPLE_EVERY = 4  # candidates: 5-grams whose hash is a multiple of this (a quarter of them)
MIN_SAMPLED = 3  # candidates share at least this many sampled 5-grams (~12 5-grams in all)
MIN_JACCARD = 0.6  # any two copies: share of the two articles' word 5-grams (0.5 let in updates of other stories)
MIN_CONTAINMENT = 0.5  # across outlets: share of the shorter text's 5-grams found in the other
MIN_SHARED = (
    50  # across outlets: and at least this many 5-grams in common (a shared quote is fewer)
)
LEAD_WORDS = 30  # the opening of the body: where a copy keeps the wire's words
MIN_LEAD_SHARED = 3  # same outlet: 5-grams of each opening found anywhere in the other
MAX_DAYS = 3  # syndicated copies run within days of each other
MIN_SHINGLES = 15  # shorter texts (a caption, a one-line brief) never join a story
LEAD_CHARS = 300  # where the credit line is looked for: the start of the body
SEED = 20_201_119  # the word hash's seed: fixed, so signatures are comparable across runs
_FOLD = np.uint64(1_099_511_628_211)  # the FNV prime: folds a 5-gram's word hashes into one

# Agencies by their credited name; each pattern is written on folded match text (ا for أإآ,
# ه for ة, ي for ى), so the variants of the display text all match.
AGENCIES: dict[str, str] = {
    "رويترز": r"رويترز",
    "فرانس برس": r"فرانس برس|ا\s?ف\s?ب|ا\.\s?ف\.\s?ب",
    "الأناضول": r"الاناضول",
    "أسوشيتد برس": r"اسوشي?تد برس",
    "سانا": r"سانا",
    "واس": r"واس",
    "أ ش أ": r"ا\s?ش\s?ا|ا\.\s?ش\.\s?ا",
    "د ب أ": r"د\s?ب\s?ا|د\.\s?ب\.\s?ا",
    "كونا": r"كونا",
    "وام": r"وام",
    "بترا": r"بترا",
    "قنا": r"قنا",
    "واع": r"واع",
    "يو بي آي": r"يو بي اي",
    "شينخوا": r"شينخوا",
    "سبوتنيك": r"سبوتنيك",
    "إرنا": r"ارنا",
    "إرم نيوز": r"ارم نيوز",
}
_ALTERNATIVES = "|".join(f"(?P<a{i}>{p})" for i, p in enumerate(AGENCIES.values()))
_NAMES = list(AGENCIES)
# A credit, not a passing mention: in brackets «(رويترز)», after a dateline dash «دمشق - سانا»,
# or after «وكاله» at the very start.
CREDIT = re.compile(
    rf"\(\s*(?:{_ALTERNATIVES})\s*\)"
    rf"|[-–—]\s*(?:وكاله\s+)?(?:{_ALTERNATIVES.replace('?P<a', '?P<b')})(?!\w)"
    rf"|^\s*(?:وكاله\s+)?(?:{_ALTERNATIVES.replace('?P<a', '?P<c')})\s*[-–—:]"
)


_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Credit:
    agency: str  # the agency's name as credited, e.g. «رويترز»
    text: str  # the credit as written in the match text, e.g. «(رويترز)»


def find_credit(match_text: str) -> Credit | None:
    """The agency credited in the lead of an article's body (first line = title is skipped)."""
    _, _, body = match_text.partition("\n")
    found = CREDIT.search(body[:LEAD_CHARS])
    if found is None:
        return None
    group = next(name for name, value in found.groupdict().items() if value is not None)
    return Credit(_NAMES[int(group[1:])], found.group(0).strip())


def shingles(match_text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """Word k-grams of the match text (punctuation and digits kept as words are)."""
    words = _WORD.findall(match_text)
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


class _UnionFind:
    def __init__(self, items: list[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


SIGNATURE_SCHEMA = {
    "article_id": pl.String,
    "published_date": pl.Date,
    "source": pl.String,
    "shingles": pl.List(pl.UInt64),
    "lead": pl.List(pl.UInt64),  # the 5-grams opening the body (its first LEAD_WORDS words)
    "origin": pl.String,
    "origin_text": pl.String,
}
PAIR_SCHEMA = {
    "day": pl.Date,  # the later copy's publication day: the day whose arrival found the pair
    "article_a": pl.String,  # the smaller article_id
    "article_b": pl.String,
    "jaccard": pl.Float64,
    "containment": pl.Float64,
}
STORY_SCHEMA = {
    "article_id": pl.String,
    "story_id": pl.String,
    "similarity": pl.Float64,
    "origin": pl.String,
    "origin_text": pl.String,
}
#: Changes whenever signatures or pairs would come out differently: stored ones are recomputed.
#: Word hashes are polars' (stable within a polars version), hence its version.
STORIES_VERSION = f"stories-4:polars-{pl.__version__}"


def signatures(articles: pl.DataFrame) -> pl.DataFrame:
    """Each article's signature (SIGNATURE_SCHEMA): the sorted, distinct 64-bit hashes of its word
    5-grams and its credited agency. In: article_id, published_date, match_text, source (optional).

    Vectorised: words are cut and hashed by polars, and the five hashes of each 5-gram folded
    into one by numpy over the whole batch at once (no per-article Python loop)."""
    if "source" not in articles.columns:
        articles = articles.with_columns(pl.lit(None, dtype=pl.String).alias("source"))
    articles = articles.select("article_id", "published_date", "source", "match_text").with_columns(
        pl.col("match_text").fill_null("")
    )
    words = (
        articles.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"),
            pl.col("match_text").str.extract_all(r"\w+").alias("word"),
        )
        .explode("word")
        .drop_nulls("word")
    )
    hashes = words["word"].hash(seed=SEED).to_numpy()
    docs = words["doc"].to_numpy()
    # each word's place in the body: negative in the title (the first line), 0 = the body's first
    title_words = (
        articles["match_text"].str.split("\n").list.first().str.count_matches(r"\w+").to_numpy()
    )
    starts = np.searchsorted(docs, np.arange(articles.height, dtype=docs.dtype))
    place = np.arange(len(docs)) - starts[docs] - title_words[docs]
    n = max(len(hashes) - SHINGLE_WORDS + 1, 0)
    folded = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(SHINGLE_WORDS):
            folded = folded * _FOLD + hashes[j : j + n]
    inside = (
        docs[:n] == docs[SHINGLE_WORDS - 1 : SHINGLE_WORDS - 1 + n]
    )  # no 5-gram spans two articles
    grams = (
        pl.DataFrame(
            {
                "doc": docs[:n][inside],
                "h": folded[inside],
                "lead": (place[:n][inside] >= 0) & (place[:n][inside] < LEAD_WORDS),
            },
            schema={"doc": pl.UInt32, "h": pl.UInt64, "lead": pl.Boolean},
        )
        .group_by("doc")
        .agg(
            pl.col("h").unique().sort().alias("shingles"),
            pl.col("h").filter("lead").unique().sort().alias("lead"),
        )
    )
    credits = [find_credit(text) for text in articles["match_text"].to_list()]
    return (
        articles.with_row_index("doc")
        .with_columns(
            pl.col("doc").cast(pl.UInt32),
            pl.Series("origin", [c.agency if c else None for c in credits], dtype=pl.String),
            pl.Series("origin_text", [c.text if c else None for c in credits], dtype=pl.String),
        )
        .join(grams, on="doc", how="left")
        .with_columns(
            pl.col("shingles").fill_null(pl.lit([], dtype=pl.List(pl.UInt64))),
            pl.col("lead").fill_null(pl.lit([], dtype=pl.List(pl.UInt64))),
        )
        .sort("doc")
        .select(list(SIGNATURE_SCHEMA))
    )


def story_pairs(
    window: pl.DataFrame, days: list[date], involving: set[str] | None = None
) -> pl.DataFrame:
    """Verified copy pairs (PAIR_SCHEMA) whose later copy was published on one of `days`, and,
    with `involving`, one of whose articles is in it (an increment's new articles: pairs of two
    older articles do not change).

    `window` holds the signatures of every article published on those days and the MAX_DAYS
    before each, so a new day is compared only with its window, never the whole corpus, and a
    pair is found the same way whether its days arrive together or one by one. Candidates share
    ≥ MIN_SAMPLED of the 5-grams whose hash is a multiple of SAMPLE_EVERY (a consistent sample,
    so the join stays small), then are verified on their full sets."""
    usable = (
        window.filter(
            pl.col("published_date").is_not_null() & (pl.col("shingles").list.len() >= MIN_SHINGLES)
        )
        .select("article_id", "published_date", "source", "shingles", "lead")
        .sort("article_id")
        .with_row_index("doc")
    )
    wanted = pl.Series("day", sorted(set(days)), dtype=pl.Date)
    sampled = (
        usable.select("doc", pl.col("published_date").alias("seen"), pl.col("shingles").alias("h"))
        .explode("h")
        .filter(pl.col("h") % SAMPLE_EVERY == 0)
    )
    if involving is not None:  # a pair shares a hash of a new article: keep only those hashes
        new_docs = usable.filter(pl.col("article_id").is_in(list(involving)))["doc"].implode()
        new_hashes = sampled.filter(pl.col("doc").is_in(new_docs))["h"].unique().implode()
        sampled = sampled.filter(pl.col("h").is_in(new_hashes))
    later = sampled.filter(pl.col("seen").is_in(wanted.implode())).rename(
        {"doc": "doc_b", "seen": "day"}
    )
    earlier = pl.concat(
        [
            sampled.with_columns((pl.col("seen") + pl.duration(days=k)).alias("day"))
            for k in range(MAX_DAYS + 1)
        ]
    ).filter(pl.col("day").is_in(wanted.implode()))
    earlier = earlier.rename({"doc": "doc_a"})
    if involving is None:
        shared = later.join(earlier, on=["day", "h"])
    else:  # one side of each join is the few new articles' hashes
        shared = pl.concat(
            [
                later.filter(pl.col("doc_b").is_in(new_docs)).join(earlier, on=["day", "h"]),
                later.join(earlier.filter(pl.col("doc_a").is_in(new_docs)), on=["day", "h"]),
            ]
        ).unique()
    candidates = (
        shared.filter((pl.col("seen") < pl.col("day")) | (pl.col("doc_a") < pl.col("doc_b")))
        .group_by("day", "doc_a", "doc_b")
        .len()
        .filter(pl.col("len") >= MIN_SAMPLED)
        .drop("len")
    )
    side = usable.select("doc", "article_id", "source", "shingles", "lead")
    scored = (
        candidates.join(side.rename(lambda c: f"{c}_a"), left_on="doc_a", right_on="doc_a")
        .join(side.rename(lambda c: f"{c}_b"), left_on="doc_b", right_on="doc_b")
        .with_columns(
            pl.col("shingles_a").list.set_intersection("shingles_b").list.len().alias("shared"),
            pl.col("shingles_a").list.len().alias("n_a"),
            pl.col("shingles_b").list.len().alias("n_b"),
            pl.col("lead_a").list.set_intersection("shingles_b").list.len().alias("lead_a_in_b"),
            pl.col("lead_b").list.set_intersection("shingles_a").list.len().alias("lead_b_in_a"),
        )
        .with_columns(
            (pl.col("shared") / (pl.col("n_a") + pl.col("n_b") - pl.col("shared"))).alias(
                "jaccard"
            ),
            (pl.col("shared") / pl.min_horizontal("n_a", "n_b")).alias("containment"),
        )
    )
    cross = (
        pl.col("source_a").is_not_null()
        & pl.col("source_b").is_not_null()
        & (pl.col("source_a") != pl.col("source_b"))
    )
    # within one outlet, each opening must be found in the other: a follow-up that carries the
    # earlier report below a new lead («the Pentagon warned on Thursday…» over Tuesday's article)
    # is a new story; across outlets a rewritten lead is the norm, and containment decides
    leads_shared = cross | (
        (pl.col("lead_a_in_b") >= MIN_LEAD_SHARED) & (pl.col("lead_b_in_a") >= MIN_LEAD_SHARED)
    )
    verified = scored.filter(leads_shared).filter(
        (pl.col("jaccard") >= MIN_JACCARD)
        | (cross & (pl.col("containment") >= MIN_CONTAINMENT) & (pl.col("shared") >= MIN_SHARED))
    )
    return (
        verified.select(
            "day",
            pl.min_horizontal("article_id_a", "article_id_b").alias("article_a"),
            pl.max_horizontal("article_id_a", "article_id_b").alias("article_b"),
            "jaccard",
            "containment",
        )
        .sort("article_a", "article_b")
        .cast(PAIR_SCHEMA)
    )


def stories_from_pairs(articles: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """The story of each article (STORY_SCHEMA) from its verified pairs, joined transitively.
    In: article_id, origin, origin_text; pairs between articles not in `articles` are ignored."""
    ids = articles["article_id"].sort().to_list()
    present = set(ids)
    groups = _UnionFind(ids)
    best: dict[str, float] = {}
    for a, b, score in pairs.select("article_a", "article_b", "jaccard").iter_rows():
        if a in present and b in present:
            groups.union(a, b)
            best[a] = max(best.get(a, 0.0), score)
            best[b] = max(best.get(b, 0.0), score)
    return (
        articles.select("article_id", "origin", "origin_text")
        .with_columns(
            pl.col("article_id")
            .map_elements(groups.find, return_dtype=pl.String)
            .alias("story_id"),
            pl.col("article_id")
            .replace_strict(best, default=None, return_dtype=pl.Float64)
            .alias("similarity"),
        )
        .sort("article_id")
        .select(list(STORY_SCHEMA))
    )


def group_stories(articles: pl.DataFrame) -> pl.DataFrame:
    """Stories of a whole set of articles at once (STORY_SCHEMA). In: article_id, published_date,
    match_text, source (optional). The warehouse builds the same incrementally
    (`marsad.stages.story_index`)."""
    signed = signatures(articles)
    days = signed["published_date"].drop_nulls().unique().to_list()
    return stories_from_pairs(signed, story_pairs(signed, days))
