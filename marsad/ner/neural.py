"""The neural tagger's numpy runtime: subword vectors, a news language model's context, a
dilated-CNN encoder and a CRF, with no deep-learning framework at tagging time.

Why this shape: the CRF generalises poorly to names it never saw (ANERcorp people recall 0.82 on
its dev split, 0.65 on the held-out test). Context learned from millions of words of unlabelled
news carries over to unseen names, so each token gets
- a subword vector: the mean of hashed character 3-5-grams of its folded form (fastText style),
  so an unseen name still has a vector built from its pieces and clitics;
- a forward and a backward language-model state: causal dilated convolutions over the subword
  vectors, pretrained on the ANT corpus to predict the word cluster of the next (previous) word,
  so the state after «قال الرئيس» says "a name-like word comes next" whatever the name is;
- its word-cluster ids (the committed `clusters` map) and a coarse shape.
A dilated CNN mixes the neighbours and a CRF (Viterbi here) picks the tag sequence. Everything is
matrix products over all tokens of a batch at once (sentences laid end to end with zero gaps), so
tagging costs no per-token Python beyond a per-word cache. Trained by `marsad.ner.neural_train`
(the `train` extra); this module reads only numpy arrays.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import zlib
from functools import cache
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from marsad.ner.apposition import widen_titled_names, widened_confidence
from marsad.ner.clusters import read_clusters
from marsad.ner.consistency import propagate
from marsad.ner.name_particles import complete_particles
from marsad.ner.orthography import fold


@cache
def _blas() -> ThreadpoolController:
    """The BLAS libraries numpy loaded (a lookup of the process's libraries, made once)."""
    return ThreadpoolController()


TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
NGRAMS = (3, 4, 5)
_DIGIT = re.compile(r"\d")
# zero rows between sentences: at least the widest dilation, so no layer reads across
GAP = 4
# the batch is cut at about this many tokens so memory stays flat on long inputs (a stage
# batch's sentences are tagged together: 4,000 tokens cost ~70 MB of arrays, 20,000 ~150 MB,
# at the same speed)
TOKEN_BUDGET = 4_000
# distinct tokens kept in the word cache (about 300 bytes each)
CACHE_WORDS = 400_000
# sentences whose decoding is kept (about 1 KB each): news repeats itself (a day's outlets share
# wire copy and stock phrases), and over half the corpus, in one worker's day order, 10.2% of
# the tokens were in a sentence that 20,000 sentences earlier had already held (10.6% with no
# bound at all)
CACHE_SENTENCES = 20_000


def word_key(token: str) -> str:
    """The form vectors are keyed on: folded, every digit a 0."""
    return _DIGIT.sub("0", fold(token))


def subword_ids(key: str, buckets: int) -> list[int]:
    """Hash buckets of the word itself and of its character 3-5-grams (with < > boundaries)."""
    marked = f"<{key}>"
    grams = [marked]
    for n in NGRAMS:
        grams.extend(marked[i : i + n] for i in range(len(marked) - n + 1))
    return [zlib.crc32(g.encode("utf-8")) % buckets for g in dict.fromkeys(grams)]


def shape(token: str) -> int:
    """0 Arabic letters, 1 Latin letters, 2 digits, 3 punctuation, 4 mixed/other."""
    if token.isdigit():
        return 2
    if token.isalpha():
        return 1 if token.isascii() else 0
    if not any(c.isalnum() for c in token):
        return 3
    return 4


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0, out=x)


class Layout:
    """Sentences laid end to end in one array, `GAP` zero rows before each and at the end."""

    def __init__(self, lengths: list[int]) -> None:
        starts = []
        pos = GAP
        for n in lengths:
            starts.append(pos)
            pos += n + GAP
        self.size = pos
        self.starts = starts
        self.lengths = lengths
        self.rows = np.concatenate(
            [np.arange(s, s + n) for s, n in zip(starts, lengths, strict=True)]
            or [np.zeros(0, dtype=np.int64)]
        )
        mask = np.zeros((pos, 1), dtype=np.float32)
        mask[self.rows] = 1.0
        self.mask = mask


class NeuralNet:
    """The arrays of one trained model and the forward pass over a `Layout`."""

    def __init__(self, arrays: dict[str, np.ndarray], config: dict) -> None:
        # the subword table stays float16 (half the memory, no conversion at load); the rows a
        # word needs are widened when the word is first seen
        self.a = {
            k: (v.astype(np.float32) if v.dtype == np.float16 and k != "emb" else v)
            for k, v in arrays.items()
        }
        self.config = config
        self.buckets = int(config["buckets"])
        self.lm_dilations = list(config["lm_dilations"])
        self.tag_dilations = list(config["tag_dilations"])
        self.n_seeds = int(config.get("n_seeds", 1))
        if max(self.lm_dilations + self.tag_dilations) > GAP:
            raise ValueError(f"dilations above {GAP} would read across sentences")
        self._cache: dict[str, int] = {}
        self._vectors = np.zeros((0, self.a["emb"].shape[1]), dtype=np.float32)
        self._side = np.zeros((0, 4), dtype=np.int64)
        self._cluster_of: dict[str, tuple[int, int, int]] = {}

    def _word_rows(self, tokens: list[str]) -> np.ndarray:
        """Row of each token in the word cache (subword vector, cluster ids, shape); a token
        seen before costs one dict look-up, a new one is computed once. The cache is dropped
        when it reaches `CACHE_WORDS`, so memory stays flat over a whole corpus."""
        cache = self._cache
        missing = [t for t in dict.fromkeys(tokens) if t not in cache]
        if len(cache) + len(missing) > CACHE_WORDS:
            cache.clear()
            missing = list(dict.fromkeys(tokens))
        if missing:
            emb = self.a["emb"]
            clusters = self._cluster_of
            start = len(cache)
            need = start + len(missing)
            if need > len(self._vectors):
                grow = max(need, 2 * len(self._vectors), 1024)
                vectors = np.zeros((grow, emb.shape[1]), dtype=np.float32)
                side = np.zeros((grow, 4), dtype=np.int64)
                vectors[:start] = self._vectors[:start]
                side[:start] = self._side[:start]
                self._vectors, self._side = vectors, side
            for n, token in enumerate(missing, start):
                cache[token] = n
                rows = emb[subword_ids(word_key(token), self.buckets)]
                self._vectors[n] = rows.astype(np.float32).mean(axis=0)
                self._side[n] = (*clusters.get(fold(token), (0, 0, 0)), shape(token))
        return np.fromiter((cache[t] for t in tokens), dtype=np.int64, count=len(tokens))

    def word_rows(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(subword vector, side ids) of each of `words` (distinct), computed afresh: this net's
        own cache is not touched."""
        fresh = copy.copy(self)
        fresh._cache = {}
        fresh._vectors = self._vectors[:0]
        fresh._side = self._side[:0]
        fresh._word_rows(words)
        return fresh._vectors[: len(words)].copy(), fresh._side[: len(words)].copy()

    def preload(self, words: list[str], vectors: np.ndarray, side: np.ndarray) -> None:
        """Start the word cache with these words' `word_rows` (a word table's, see
        `marsad.ner.word_table`): what was cached before is dropped."""
        self._cache = {w: n for n, w in enumerate(words)}
        self._vectors = np.array(vectors, dtype=np.float32)
        self._side = np.array(side, dtype=np.int64)

    def _causal(self, x: np.ndarray, mask: np.ndarray, prefix: str, reverse: bool) -> np.ndarray:
        """A language-model direction: input projection, then residual causal convolutions
        (kernel 2) with growing dilation; `reverse` looks right instead of left."""
        a = self.a
        h = _relu(x @ a[f"{prefix}.in.w"] + a[f"{prefix}.in.b"]) * mask
        for n, d in enumerate(self.lm_dilations):
            w = a[f"{prefix}.conv{n}.w"]  # (2, H, H): [past, current]
            shifted = np.zeros_like(h)
            if reverse:
                shifted[:-d] = h[d:]
            else:
                shifted[d:] = h[:-d]
            y = shifted @ w[0] + h @ w[1] + a[f"{prefix}.conv{n}.b"]
            h = (h + _relu(y)) * mask
        return h

    def emissions(self, sentences: list[list[str]]) -> tuple[Layout, np.ndarray]:
        """Per-token tag scores (tokens x tags), averaged over the model's seeds; on one BLAS
        thread: with several, OpenBLAS rounds a row's products differently by how many rows
        share the call, and a sentence's tags then depended on its batch (seen with numpy
        2.4's OpenBLAS 0.3.31: a name lost in a batch, found alone), so the tagged stage in
        the main process (a small change) could tag an article otherwise than a pool worker."""
        with _blas().limit(limits=1, user_api="blas"):
            return self._emissions(sentences)

    def _emissions(self, sentences: list[list[str]]) -> tuple[Layout, np.ndarray]:
        rows = self._word_rows([t for s in sentences for t in s])
        layout = Layout([len(s) for s in sentences])
        a = self.a
        x = np.zeros((layout.size, self._vectors.shape[1]), dtype=np.float32)
        x[layout.rows] = self._vectors[rows]
        fwd = self._causal(x, layout.mask, "lm.fwd", reverse=False)
        bwd = self._causal(x, layout.mask, "lm.bwd", reverse=True)
        side_ids = self._side[rows]
        clusters, shapes = side_ids[:, :3], side_ids[:, 3]
        total = None
        for s in range(self.n_seeds):
            p = f"tag{s}"
            side = np.concatenate(
                [a[f"{p}.cl{k}"][clusters[:, k]] for k in range(clusters.shape[1])]
                + [a[f"{p}.shape"][shapes]],
                axis=1,
            )
            xs = np.zeros((layout.size, side.shape[1]), dtype=np.float32)
            xs[layout.rows] = side
            inp = np.concatenate([x, fwd, bwd, xs], axis=1)
            h = _relu(inp @ a[f"{p}.in.w"] + a[f"{p}.in.b"]) * layout.mask
            for n, d in enumerate(self.tag_dilations):
                w = a[f"{p}.conv{n}.w"]  # (3, H, H): [left, centre, right]
                left = np.zeros_like(h)
                right = np.zeros_like(h)
                left[d:] = h[:-d]
                right[:-d] = h[d:]
                y = left @ w[0] + h @ w[1] + right @ w[2] + a[f"{p}.conv{n}.b"]
                h = (h + _relu(y)) * layout.mask
            scores = h[layout.rows] @ a[f"{p}.out.w"] + a[f"{p}.out.b"]
            total = scores if total is None else total + scores
        return layout, total / self.n_seeds

    def viterbi(self, lengths: list[int], scores: np.ndarray, p: str = "crf") -> list[np.ndarray]:
        """Best tag path of each sentence: one pass over the batch padded to its longest
        sentence (callers batch sentences of similar length); a finished sentence keeps its
        scores and points back to itself."""
        trans, start, end = self.a[f"{p}.trans"], self.a[f"{p}.start"], self.a[f"{p}.end"]
        n_tags = trans.shape[0]
        lens = np.asarray(lengths, dtype=np.int64)
        width = int(lens.max()) if len(lens) else 0
        if width == 0:
            return [np.zeros(0, dtype=np.int64) for _ in lengths]
        offsets = np.concatenate([[0], np.cumsum(lens)[:-1]])
        steps = np.arange(width)
        index = np.minimum(offsets[:, None] + steps, max(len(scores) - 1, 0))
        em = scores[index]  # (B, L, T); rows past a sentence's end are never used
        batch = np.arange(len(lens))
        best = em[:, 0] + start
        back = np.empty((len(lens), width, n_tags), dtype=np.int64)
        back[:, 0] = np.arange(n_tags)
        for t in range(1, width):
            cand = best[:, :, None] + trans[None]  # (B, from, to)
            arg = cand.argmax(axis=1)
            new = np.take_along_axis(cand, arg[:, None, :], axis=1)[:, 0] + em[:, t]
            active = (t < lens)[:, None]
            best = np.where(active, new, best)
            back[:, t] = np.where(active, arg, np.arange(n_tags))
        path = np.empty((len(lens), width), dtype=np.int64)
        path[:, -1] = (best + end).argmax(axis=1)
        for t in range(width - 1, 0, -1):
            path[:, t - 1] = back[batch, t, path[:, t]]
        return [path[b, :n] for b, n in enumerate(lens.tolist())]


class NeuralTagger:
    """Same interface as the CRF `Tagger`: `version`, `meta`, `tag`, `tag_labels`."""

    def __init__(self, net: NeuralNet, meta: dict) -> None:
        self.net = net
        self.meta = meta
        self.version: str = meta["version"]
        decoding = meta.get("decoding", {})
        self.window: int = int(decoding.get("propagate_window", 0))
        self.widen: bool = bool(decoding.get("widen_titles", True))
        self.particles: bool = bool(decoding.get("name_particles", False))
        self._decoded: dict[bytes, tuple[tuple[str, ...], tuple[float, ...]]] = {}
        self._decoded_by: tuple | None = None  # the `_settings()` the kept decodings came from

    @classmethod
    def load(cls, path: Path) -> NeuralTagger:
        path = Path(path)
        meta = json.loads(path.read_text(encoding="utf-8"))
        with np.load(path.parent / meta["model_file"]) as arrays:
            net = NeuralNet({k: arrays[k] for k in arrays.files}, meta["net"])
        clusters = read_clusters(path.parent / meta["clusters_file"])
        net._cluster_of = {w: tuple(int(i) + 1 for i in ids) for w, ids in clusters.items()}
        return cls(net, meta)

    def _decode(
        self, sentences: list[list[str]], bonus: list[np.ndarray] | None = None
    ) -> tuple[list[list[str]], list[list[float]]]:
        """Tags and confidences, in batches of similar-length sentences up to `TOKEN_BUDGET`
        tokens; `bonus` (per sentence, tokens x tags) is added to the net's scores first."""
        tags: list[list[str]] = [[] for _ in sentences]
        conf: list[list[float]] = [[] for _ in sentences]
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        chunk: list[int] = []
        size = 0
        for i in [*order, None]:
            if i is not None and (size + len(sentences[i]) <= TOKEN_BUDGET or not chunk):
                chunk.append(i)
                size += len(sentences[i])
                continue
            batch = [sentences[j] for j in chunk]
            layout, scores = self.net.emissions(batch)
            if bonus is not None:
                scores += np.concatenate([bonus[j] for j in chunk])
            paths = self.net.viterbi(layout.lengths, scores)
            probs = np.exp(scores - scores.max(axis=1, keepdims=True))
            probs /= probs.sum(axis=1, keepdims=True)
            pos = 0
            for j, path in zip(chunk, paths, strict=True):
                n = len(path)
                tags[j] = [TAGS[k] for k in path]
                conf[j] = [
                    1.0 if k == 0 else round(float(probs[pos + t, k]), 4)
                    for t, k in enumerate(path)
                ]
                pos += n
            if i is None:
                break
            chunk, size = [i], len(sentences[i])
        return tags, conf

    def tag(self, sentences: list[list[str]]) -> list[list[tuple[str, float]]]:
        """BIO tag and a confidence for every token (the softmax of the encoder's score for the
        chosen tag; 1.0 for "O"); pass one document's sentences together."""
        return self.tag_documents([sentences])[0]

    def tag_documents(
        self, documents: list[list[list[str]]]
    ) -> list[list[list[tuple[str, float]]]]:
        """`tag` of each document, with the net run once over the sentences of them all: the
        matrix products of a few sentences cost mostly their set-up (per article, the cascade
        tagged 43.8k tokens/s on one core; over a stage batch's articles together, 54.9k). A
        sentence's scores do not depend on its neighbours in the batch (`GAP`), and spreading
        stays inside each document."""
        raw, conf = self._decode_repeats([s for d in documents for s in d])
        out = []
        pos = 0
        for sentences in documents:
            end = pos + len(sentences)
            out.append(self._finish(sentences, raw[pos:end], conf[pos:end]))
            pos = end
        return out

    def _settings(self) -> tuple:
        """What a sentence's decoding depends on besides its tokens."""
        return (id(self.net),)

    def _decode_repeats(
        self, sentences: list[list[str]]
    ) -> tuple[list[list[str]], list[list[float]]]:
        """`_decode`, each distinct sentence once, and a sentence decoded in one of the last
        `CACHE_SENTENCES` not again: a sentence's tags never depend on the sentences decoded with
        it (`GAP`), only on its tokens and the model's settings."""
        settings = self._settings()
        if self._decoded_by != settings:
            self._decoded.clear()
            self._decoded_by = settings
        keys = [
            hashlib.blake2b("\x1f".join(s).encode(), digest_size=16).digest() for s in sentences
        ]
        found = {k: self._decoded[k] for k in keys if k in self._decoded}
        todo = {k: s for k, s in zip(keys, sentences, strict=True) if k not in found}
        if todo:
            raw, conf = self._decode(list(todo.values()))
            if len(self._decoded) + len(todo) > CACHE_SENTENCES:
                self._decoded.clear()
            for k, t, c in zip(todo, raw, conf, strict=True):
                found[k] = self._decoded[k] = (tuple(t), tuple(c))
        return [list(found[k][0]) for k in keys], [list(found[k][1]) for k in keys]

    def _finish(
        self, sentences: list[list[str]], raw: list[list[str]], conf: list[list[float]]
    ) -> list[list[tuple[str, float]]]:
        """One document's decoded tags widened to titled names and spread to repeats."""
        tags = [
            widen_titled_names(s, t) if self.widen and s else t
            for s, t in zip(sentences, raw, strict=True)
        ]
        for n, (before, after) in enumerate(zip(raw, tags, strict=True)):
            if before != after:
                conf[n] = widened_confidence(before, after, conf[n])
        if self.particles:
            for n, tokens in enumerate(sentences):
                tags[n], conf[n] = complete_particles(tokens, tags[n], conf[n])
        if self.window:
            folded = [[fold(t) for t in s] for s in sentences]
            tags, conf = propagate(folded, tags, conf, window=self.window)
        return [list(zip(t, c, strict=True)) for t, c in zip(tags, conf, strict=True)]

    def tag_labels(self, sentences: list[list[str]]) -> list[list[str]]:
        return [[t for t, _ in s] for s in self.tag(sentences)]
