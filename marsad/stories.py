"""Stories: near-duplicate and syndicated copies of one article grouped together.

The same wire story runs on several sites, re-posted with small edits or a rewritten headline.
Each article's match text (folded, see `marsad.text.folding`) is cut into word 5-gram shingles;
MinHash signatures and LSH (`datasketch`) find candidate pairs cheaply, and every candidate is then
verified with the exact Jaccard similarity of the two shingle sets and the distance between the
publication days. Precision comes first: a pair joins only at `MIN_JACCARD` of shared 5-grams
(re-worded reports of the same event share names but few 5-grams) and within `MAX_DAYS`.
Verified pairs are joined transitively; a story's id is its smallest article_id, so an
unchanged corpus always gets the same ids.

Agency credits and datelines («دمشق - سانا», «(رويترز)», «أ ف ب», «الأناضول», «واس») in the
lead of the body are recorded as the article's origin.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import polars as pl
from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.4  # candidates: a recall-leaning net under the exact check below
MIN_JACCARD = (
    0.6  # verified: share of the two articles' word 5-grams (0.5 let in updates of other stories)
)
MAX_DAYS = 3  # syndicated copies run within days of each other
MIN_SHINGLES = 15  # shorter texts (a caption, a one-line brief) never join a story
LEAD_CHARS = 300  # where the credit line is looked for: the start of the body

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


def shingle_hashes(match_text: str, k: int = SHINGLE_WORDS) -> set[int]:
    """The CRC-32 of each word k-gram: stable across runs and machines, cheap to compare."""
    return {zlib.crc32(s.encode("utf-8")) for s in shingles(match_text, k)}


def _jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b)


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


STORY_SCHEMA = {
    "article_id": pl.String,
    "story_id": pl.String,
    "similarity": pl.Float64,
    "origin": pl.String,
    "origin_text": pl.String,
}


def group_stories(articles: pl.DataFrame) -> pl.DataFrame:
    """Story of each article. In: article_id, match_text, published_date (may be null).
    Out (STORY_SCHEMA): article_id, story_id (smallest article_id of the story), similarity (best
    verified Jaccard with another member; null for a single-article story), origin, origin_text."""
    rows = articles.select("article_id", "match_text", "published_date").sort("article_id").rows()
    sets = {aid: shingle_hashes(text or "") for aid, text, _ in rows}
    days = {aid: day for aid, _, day in rows}
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    usable = [aid for aid, _, _ in rows if len(sets[aid]) >= MIN_SHINGLES]
    signatures = {}
    template = MinHash(num_perm=NUM_PERM, seed=1)  # its permutations are shared: built once
    for aid in usable:
        # the shingles are hashed already (CRC-32), so MinHash's hash function is the identity
        sig = MinHash(
            num_perm=NUM_PERM,
            seed=1,
            hashfunc=int,
            permutations=template.permutations,
            scheme=template.scheme,
        )
        sig.update_batch(list(sets[aid]))
        signatures[aid] = LeanMinHash(sig)
        lsh.insert(aid, signatures[aid])
    groups = _UnionFind([aid for aid, _, _ in rows])
    best: dict[str, float] = {}
    for aid in usable:
        for other in lsh.query(signatures[aid]):
            if other <= aid:
                continue
            if days[aid] is None or days[other] is None:
                continue
            if abs((days[aid] - days[other]).days) > MAX_DAYS:
                continue
            score = _jaccard(sets[aid], sets[other])
            if score >= MIN_JACCARD:
                groups.union(aid, other)
                best[aid] = max(best.get(aid, 0.0), score)
                best[other] = max(best.get(other, 0.0), score)
    out = []
    for aid, text, _ in rows:
        credit = find_credit(text or "")
        out.append(
            (
                aid,
                groups.find(aid),
                best.get(aid),
                credit.agency if credit else None,
                credit.text if credit else None,
            )
        )
    return pl.DataFrame(out, schema=STORY_SCHEMA, orient="row")
