"""CRF features for a sentence of Arabic tokens.

Per word (cached, since news repeats words): folded form, clitic-split forms, affixes, shape,
cluster ids, trigger class, single-word gazetteer hit. Per position: the same views of the
neighbours at +-1 and +-2 (a smaller set at distance 2), two word bigrams and multi-word gazetteer
B/I marks. Families can be switched off (`FeatureConfig`) to measure what each one earns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from marsad.ner.gazetteer import Gazetteer
from marsad.ner.history import word_attributes as history_attributes
from marsad.ner.lexicon import trigger
from marsad.ner.orthography import fold, strip_prefix, strip_suffix


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature families are on; stored with the model so tagging uses the same set."""

    affixes: bool = True
    clitics: bool = True
    shape: bool = True
    context2: bool = True
    bigrams: bool = True
    triggers: bool = True
    clusters: bool = True
    gazetteer: bool = True
    cluster_bigrams: bool = True
    base_clusters: bool = True
    char_ngrams: bool = False
    word_cluster_pairs: bool = False
    # corpus prediction history (`history`): needs the model's history table
    history: bool = False
    history_base: bool = False

    def to_dict(self) -> dict[str, bool]:
        return asdict(self)


def _shape(word: str) -> str:
    if word.isdigit():
        return "D"
    if all(not c.isalnum() for c in word):
        return "P"
    if word.isascii():
        return "L" if word.isalpha() else "LD"
    if any(c.isdigit() for c in word):
        return "AD"
    return "A"


class FeatureExtractor:
    """Turns token lists into crfsuite attribute lists; holds the cluster map and gazetteer."""

    def __init__(
        self,
        config: FeatureConfig,
        clusters: Mapping[str, Sequence[str]] | None = None,
        gazetteer: Gazetteer | None = None,
        cache_size: int = 200_000,
        active: frozenset[str] | None = None,
        history: Mapping[str, Mapping[str, tuple[int, ...]]] | None = None,
    ) -> None:
        """`active`: the attributes a trained model has weights for; others are dropped early,
        which makes tagging faster without changing a single score. `history`: the corpus
        prediction-history table (`history.read`), used when `config.history` is on."""
        self.config = config
        self.history = history
        self.active = active
        # each active attribute as one shared string: a cached word's lists then point at these
        # instead of holding their own copies (a cache entry fell from ~2.3 KB to ~0.9 KB; over
        # the whole corpus the cache was most of a tagging worker's memory)
        self._canonical = None if active is None else {a: a for a in active}
        self.clusters = clusters or {}
        self.gazetteer = gazetteer
        self.cache_size = cache_size
        self._cache: dict[str, tuple[str, list[str], list[list[str]], str, str]] = {}

    def _cluster(self, folded: str, base: str) -> Sequence[str] | None:
        ids = self.clusters.get(folded)
        if ids is None and base != folded:
            ids = self.clusters.get(base)
        return ids

    def _word(self, word: str) -> tuple[str, list[str], list[list[str]], str, str]:
        """`word_entry`, cached."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        entry = self.word_entry(word)
        if len(self._cache) >= self.cache_size:
            self._cache.clear()
        self._cache[word] = entry
        return entry

    def word_entry(self, word: str) -> tuple[str, list[str], list[list[str]], str, str]:
        """(folded, own features, views for offsets -2,-1,+1,+2, mid-level cluster id, base)."""
        cfg = self.config
        f = fold(word)
        prefix, base = strip_prefix(f)
        stem, suffix = strip_suffix(base)
        own = ["b", "w=" + f]
        near = ["w=" + f]
        far = ["w=" + f]
        if cfg.clitics:
            own += ["pc=" + prefix, "sx=" + suffix, "base=" + base, "stem=" + stem]
            near += ["base=" + base]
        if cfg.affixes:
            own += [f"p{n}={f[:n]}" for n in range(1, 5) if len(f) >= n]
            own += [f"s{n}={f[-n:]}" for n in range(1, 5) if len(f) >= n]
            own.append(f"len={min(len(f), 10)}")
        if cfg.char_ngrams and len(base) > 4:
            # sorted, not set order: crfsuite sums attribute weights in the order given, so a
            # hash-seeded order changed marginals in the 4th decimal between processes
            own += sorted({"g3=" + base[i : i + 3] for i in range(1, len(base) - 3)})
        if cfg.shape:
            shape = _shape(f)
            own.append("sh=" + shape)
            near.append("sh=" + shape)
        if cfg.triggers:
            kind = trigger(f) or trigger(base)
            if kind:
                own.append("t=" + kind)
                near.append("t=" + kind)
                far.append("t=" + kind)
        if cfg.history and self.history is not None:
            h_own, h_near = history_attributes(self.history, f, base, cfg.history_base)
            own += h_own
            near += h_near
        mid = "-"
        if cfg.clusters and self.clusters:
            ids = self._cluster(f, base)
            if cfg.base_clusters and base != f and base in self.clusters:
                own += [f"cb{n}={i}" for n, i in enumerate(self.clusters[base])]
            if ids is None:
                own.append("c=oov")
                near.append("c=oov")
            else:
                mid = ids[len(ids) // 2]
                own += [f"c{n}={i}" for n, i in enumerate(ids)]
                near += [f"c{n}={i}" for n, i in enumerate(ids)]
                far.append(f"c{len(ids) - 2}={ids[-2]}" if len(ids) > 1 else f"c0={ids[0]}")
        views = [
            [f"-2{a}" for a in far],
            [f"-1{a}" for a in near],
            [f"+1{a}" for a in near],
            [f"+2{a}" for a in far],
        ]
        if not cfg.context2:
            views[0] = views[3] = []
        canonical = self._canonical
        if canonical is not None:
            own = [c for a in own if (c := canonical.get(a)) is not None]
            views = [[c for a in view if (c := canonical.get(a)) is not None] for view in views]
        return (f, own, views, mid, base)

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """One attribute list per token."""
        words = [self._word(t) for t in tokens]
        n = len(words)
        out: list[list[str]] = []
        for i, (pos, word) in enumerate(zip(self.positions(words), words, strict=True)):
            feats = list(word[1])
            if i >= 2:
                feats += words[i - 2][2][0]
            if i >= 1:
                feats += words[i - 1][2][1]
            if i + 1 < n:
                feats += words[i + 1][2][2]
            if i + 2 < n:
                feats += words[i + 2][2][3]
            out.append(feats + pos)
        return out

    def positions(self, words: Sequence[tuple], filtered: bool = True) -> list[list[str]]:
        """The attributes of each position that are not one word's (bigrams, gazetteer marks,
        sentence ends): `words` are `_word` entries, or any tuples with the folded form first,
        the mid-level cluster id fourth and the base fifth. `filtered=False` keeps attributes
        the model has no weight for (a caller that looks each up in the model drops them)."""
        n = len(words)
        marks = (
            self.gazetteer.match([w[0] for w in words], [w[4] for w in words])
            if self.config.gazetteer and self.gazetteer is not None
            else [None] * n
        )
        out: list[list[str]] = []
        cbg = self.config.cluster_bigrams and bool(self.clusters)
        wcp = self.config.word_cluster_pairs and bool(self.clusters)
        active = self.active if filtered else None
        bigrams = self.config.bigrams
        for i, word in enumerate(words):
            f, mid = word[0], word[3]
            pos = []
            if i >= 1:
                prev = words[i - 1]
                if bigrams:
                    pos.append(f"bg-={prev[0]}|{f}")
                if cbg:
                    pos.append(f"cb-={prev[3]}|{mid}")
                if wcp:
                    pos.append(f"wc-={prev[0]}|{mid}")
            else:
                pos.append("BOS")
            if i + 1 < n:
                nxt = words[i + 1]
                if bigrams:
                    pos.append(f"bg+={f}|{nxt[0]}")
                if cbg:
                    pos.append(f"cb+={mid}|{nxt[3]}")
                if wcp:
                    pos.append(f"wc+={mid}|{nxt[0]}")
            else:
                pos.append("EOS")
            if marks[i]:
                pos.append("g=" + marks[i])
                if i + 1 < n and marks[i + 1] and marks[i + 1][0] == "I":
                    pos.append("g+1=I")
            if i >= 1 and marks[i - 1]:
                pos.append("g-1=" + marks[i - 1])
            if i + 1 < n and marks[i + 1] and marks[i + 1][0] == "B":
                pos.append("g+1=" + marks[i + 1])
            out.append([a for a in pos if a in active] if active is not None else pos)
        return out
