"""The trained CRF decoded in numpy, from the weights in crfsuite's model file.

crfsuite scores a token by looking each of its ~55 attribute strings up in the model (as long
as the rest of tagging together: `Tagger.set` was a fifth of the tagged stage). Most of those
attributes belong to one word (its own features, and the views its neighbours see of it), so
here a word's five partial scores (own, and the views at -2, -1, +1, +2) are summed once per
distinct word and cached as rows of one array; a token's emission is five row additions plus
its few position attributes (bigrams, gazetteer marks). Sentences of similar length are then
decoded together, padded to the longest: Viterbi, and the scaled forward-backward pass for the
path probability and the marginals, as crfsuite computes them (CRF1d: state and transition
scores, no start or end weights; ties go to the lower label id, as in crfsuite's loops).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from marsad.ner.crfsuite_file import STATE, TRANSITION, read_model
from marsad.ner.features import FeatureExtractor

# A word's partial scores: own attributes, then the views at -2, -1, +1, +2 (`_word`'s order).
PARTS = 5
_GROW = 4096
# Tokens (sentences x the longest of them) decoded together: enough that numpy's per-step cost
# is shared, few enough that padding stays small (sentences are taken shortest first).
TOKEN_BUDGET = 4096


@dataclass
class Decoded:
    path: list[str]
    probability: float | None = None  # of the whole path (None: not asked for)
    marginals: np.ndarray | None = None  # per token, the marginal of the path's label there


class LinearCRF:
    """A crfsuite CRF1d model's weights: per attribute a row of label scores, and the label
    transition scores."""

    def __init__(
        self,
        labels: list[str],
        attributes: dict[str, int],
        state: np.ndarray,
        transitions: np.ndarray,
    ) -> None:
        self.labels = labels
        self.attributes = attributes
        self.state = state  # attributes x labels
        self.transitions = transitions  # from x to
        self._exp_transitions = np.exp(transitions)

    @classmethod
    def from_bytes(cls, model: bytes) -> LinearCRF:
        parsed = read_model(model)
        labels = [name for name, _ in sorted(parsed.labels.items(), key=lambda kv: kv[1])]
        size = len(labels)
        features = parsed.features
        state = np.zeros((len(parsed.attributes), size), dtype=np.float64)
        kept = features[features["kind"] == STATE]
        np.add.at(state, (kept["source"], kept["target"]), kept["weight"])
        transitions = np.zeros((size, size), dtype=np.float64)
        moves = features[features["kind"] == TRANSITION]
        np.add.at(transitions, (moves["source"], moves["target"]), moves["weight"])
        return cls(labels, parsed.attributes, state, transitions)

    def decode(self, emissions: list[np.ndarray], probabilities: bool = False) -> list[Decoded]:
        """The best path of each sentence (tokens x labels scores), with its probability and
        the marginals when asked. Sentences of similar length are decoded together, padded to
        the longest (a finished sentence keeps its scores), up to `TOKEN_BUDGET` tokens."""
        out: list[Decoded | None] = [None] * len(emissions)
        order = sorted(range(len(emissions)), key=lambda k: len(emissions[k]))
        chunk: list[int] = []
        for k in [*order, None]:
            if k is not None and (
                not chunk or len(emissions[k]) * (len(chunk) + 1) <= TOKEN_BUDGET
            ):
                chunk.append(k)
                continue
            for member, decoded in zip(
                chunk, self._decode_chunk([emissions[m] for m in chunk], probabilities), strict=True
            ):
                out[member] = decoded
            chunk = [k]
        return out  # type: ignore[return-value]

    def _decode_chunk(self, emissions: list[np.ndarray], probabilities: bool) -> list[Decoded]:
        lengths = np.array([len(e) for e in emissions], dtype=np.intp)
        width = int(lengths.max()) if len(lengths) else 0
        if width == 0:
            return [Decoded([], 1.0 if probabilities else None, np.zeros(0)) for _ in emissions]
        scores = np.zeros((len(emissions), width, len(self.labels)))
        for n, e in enumerate(emissions):
            scores[n, : len(e)] = e
        active = np.arange(width)[None, :] < lengths[:, None]  # sentences x steps
        paths = self._viterbi(scores, active)
        result = []
        if probabilities:
            log_z, marginals = self._forward_backward(scores, active)
            rows = np.arange(len(emissions))[:, None]
            steps = np.arange(width)[None, :]
            on_path = marginals[rows, steps, paths]
            path_scores = _over_steps(scores[rows, steps, paths], lengths)
            moves = np.zeros((len(emissions), width))
            moves[:, 1:] = self.transitions[paths[:, :-1], paths[:, 1:]]
            probability = np.exp(path_scores + _over_steps(moves, lengths) - log_z)
            probability[lengths == 0] = 1.0  # an empty sentence: its one (empty) path
        for n, length in enumerate(lengths.tolist()):
            path = [self.labels[y] for y in paths[n, :length].tolist()]
            if probabilities:
                result.append(Decoded(path, float(probability[n]), on_path[n, :length]))
            else:
                result.append(Decoded(path))
        return result

    def _viterbi(self, scores: np.ndarray, active: np.ndarray) -> np.ndarray:
        """sentences x steps best label ids; past its end a sentence's path stays put."""
        count, width, size = scores.shape
        best = scores[:, 0].copy()
        back = np.empty((count, width, size), dtype=np.intp)
        stay = np.arange(size)
        back[:, 0] = stay
        for t in range(1, width):
            candidates = best[:, :, None] + self.transitions[None, :, :]
            arg = candidates.argmax(axis=1)
            new = candidates.max(axis=1) + scores[:, t]
            going = active[:, t, None]
            best = np.where(going, new, best)
            back[:, t] = np.where(going, arg, stay)
        paths = np.empty((count, width), dtype=np.intp)
        paths[:, -1] = best.argmax(axis=1)
        rows = np.arange(count)
        for t in range(width - 1, 0, -1):
            paths[:, t - 1] = back[rows, t, paths[:, t]]
        return paths

    def _forward_backward(
        self, scores: np.ndarray, active: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(log partition per sentence, marginals sentences x steps x labels), by the scaled
        forward-backward recursions in probability space (each token's scores shifted by their
        maximum first, which the partition adds back). Products are summed by `einsum`'s own
        loops, not BLAS, so a sentence's numbers do not depend on the sentences beside it."""
        count, width, _ = scores.shape
        shift = scores.max(axis=2)
        weights = np.exp(scores - shift[:, :, None])
        moves = self._exp_transitions
        alpha = np.empty_like(weights)
        scale = np.ones((count, width))
        a = weights[:, 0] / weights[:, 0].sum(axis=1, keepdims=True)
        scale[:, 0] = weights[:, 0].sum(axis=1)
        alpha[:, 0] = a
        for t in range(1, width):
            new = np.einsum("bi,ij->bj", a, moves) * weights[:, t]
            total = new.sum(axis=1)
            going = active[:, t]
            a = np.where(going[:, None], new / total[:, None], a)
            scale[:, t] = np.where(going, total, 1.0)
            alpha[:, t] = a
        beta = np.empty_like(weights)
        b = np.ones((count, weights.shape[2]))
        beta[:, -1] = b
        for t in range(width - 2, -1, -1):
            new = np.einsum("bj,ij->bi", weights[:, t + 1] * b, moves) / scale[:, t + 1, None]
            b = np.where(active[:, t + 1, None], new, 1.0)
            beta[:, t] = b
        lengths = active.sum(axis=1)
        log_z = _over_steps(np.log(scale), lengths) + _over_steps(shift, lengths)
        return log_z, alpha * beta


def _over_steps(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Per sentence, the sum of `values` (sentences x steps) over its own steps, added in step
    order: a padded row summed whole would be added in other groupings than alone."""
    totals = np.cumsum(values, axis=1)[np.arange(len(values)), np.maximum(lengths - 1, 0)]
    return np.where(lengths > 0, totals, 0.0)


class CRFScorer:
    """Token emissions for a `LinearCRF` from its feature extractor, a word's partial scores
    computed once and kept (up to the extractor's cache size, then started again)."""

    def __init__(self, crf: LinearCRF, extractor: FeatureExtractor) -> None:
        self.crf = crf
        self.extractor = extractor
        # per word: what `FeatureExtractor.positions` reads of it (folded form first, mid-level
        # cluster id fourth, base fifth) and, last, the row of its partial scores
        self._index: dict[str, tuple[str, str, str, str, str, int]] = {}
        self._rows = np.zeros((_GROW, PARTS, len(crf.labels)))

    def _add_words(self, tokens: list[str]) -> None:
        """Index the tokens not seen yet: each one's partial scores summed into its row (one
        scatter-add for all of them)."""
        start = len(self._index)
        need = start + len(tokens)
        if need > len(self._rows):
            grown = np.zeros((max(need, 2 * len(self._rows)), PARTS, len(self.crf.labels)))
            grown[:start] = self._rows[:start]
            self._rows = grown
        known = self.crf.attributes
        slots: list[int] = []
        ids: list[int] = []
        for row, token in enumerate(tokens, start):
            folded, own, views, mid, base = self.extractor.word_entry(token)
            self._index[token] = (folded, "", "", mid, base, row)
            for part, attributes in enumerate((own, *views)):
                slot = row * PARTS + part
                for a in attributes:
                    found = known.get(a)
                    if found is not None:
                        slots.append(slot)
                        ids.append(found)
        block = self._rows[start:need].reshape(-1, len(self.crf.labels))
        block[:] = 0.0
        if ids:
            np.add.at(block, np.asarray(slots) - start * PARTS, self.crf.state[ids])

    def word_rows(self, words: list[str]) -> tuple[list[tuple[str, str, str]], np.ndarray]:
        """(folded form, mid-level cluster id, base) and the row of partial scores of each of
        `words` (distinct), computed afresh: this scorer's own cache is not touched."""
        fresh = CRFScorer(self.crf, self.extractor)
        fresh._add_words(words)
        entries = [fresh._index[w] for w in words]
        return [(e[0], e[3], e[4]) for e in entries], fresh._rows[: len(words)].copy()

    def preload(
        self, words: list[str], entries: list[tuple[str, str, str]], rows: np.ndarray
    ) -> None:
        """Start the cache with these words' `word_rows` (a word table's, see
        `marsad.ner.word_table`): what was cached before is dropped."""
        self._index = {
            w: (folded, "", "", mid, base, n)
            for n, (w, (folded, mid, base)) in enumerate(zip(words, entries, strict=True))
        }
        self._rows = np.array(rows, dtype=float)

    def emissions(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Per sentence, tokens x labels: the score crfsuite gives each label at each token
        (all the sentences' tokens scored together)."""
        tokens = [t for s in sentences for t in s]
        if len(self._index) + len(tokens) > max(self.extractor.cache_size, len(tokens)):
            self._index.clear()  # before the batch: its words' rows stay theirs
        index = self._index
        new = [t for t in dict.fromkeys(tokens) if t not in index]
        if new:
            self._add_words(new)
        words = [index[t] for t in tokens]
        parts = self._rows[[w[5] for w in words]]
        lengths = [len(s) for s in sentences]
        sentence = np.repeat(np.arange(len(sentences)), lengths)
        scores = parts[:, 0].copy()
        for distance, part in ((2, 1), (1, 2), (-1, 3), (-2, 4)):
            # the view a word shows the token `distance` after it, within its sentence
            if distance > 0:
                same = sentence[distance:] == sentence[:-distance]
                scores[distance:][same] += parts[:-distance, part][same]
            else:
                same = sentence[:distance] == sentence[-distance:]
                scores[:distance][same] += parts[-distance:, part][same]
        get = self.crf.attributes.get
        positions = self.extractor.positions
        found: list[tuple[int, int]] = []
        start = 0
        for n in lengths:
            attributes = positions(words[start : start + n], filtered=False)
            found += [
                (start + i, f)
                for i, names in enumerate(attributes)
                for a in names
                if (f := get(a)) is not None
            ]
            start += n
        if found:
            at, ids = zip(*found, strict=True)
            np.add.at(scores, list(at), self.crf.state[list(ids)])
        return np.split(scores, np.cumsum(lengths)[:-1]) if sentences else []

    def decode(self, sentences: list[list[str]], probabilities: bool = False) -> list[Decoded]:
        return self.crf.decode(self.emissions(sentences), probabilities)
