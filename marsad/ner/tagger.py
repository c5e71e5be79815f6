"""The trained tagger: load the committed CRF, tag token lists, tag and score CoNLL files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pycrfsuite

from marsad.ner.apposition import widen_titled_names, widened_confidence
from marsad.ner.clusters import read_clusters
from marsad.ner.conll import evaluate, read_conll
from marsad.ner.consistency import propagate
from marsad.ner.crfbias import shift_labels
from marsad.ner.features import FeatureConfig, FeatureExtractor
from marsad.ner.gazetteer import library_gazetteer
from marsad.ner.history import read as read_history
from marsad.ner.linear_crf import CRFScorer, Decoded, LinearCRF
from marsad.ner.neural import TAG_INDEX, TAGS, NeuralTagger
from marsad.ner.orthography import fold
from marsad.ner.registry import (
    CRF_MODEL,
    DEFAULT_MODEL,
    DEFAULT_NAME,
    MODELS,
    NAMED_MODELS,
    model_version,
    resolve_model,
)

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_NAME",
    "EnsembleTagger",
    "MODELS",
    "NAMED_MODELS",
    "Tagger",
    "eval_conll",
    "load_model",
    "resolve_model",
    "tag_conll",
]


def load_model(value: str | Path | None = None) -> Tagger | NeuralTagger | EnsembleTagger:
    """Either kind of tagger behind one interface (`version`, `meta`, `tag`, `tag_labels`)."""
    path = resolve_model(value)
    meta = json.loads(path.read_text(encoding="utf-8"))
    if meta.get("kind") == "neural":
        return NeuralTagger.load(path)
    if meta.get("kind") == "ensemble":
        return EnsembleTagger.load(path)
    return Tagger.load(path)


def path_marginals(decoded: Decoded) -> list[float]:
    """The CRF marginal of each entity tag of a decoded path (1.0 for "O", which nothing
    reads), rounded as the mentions keep it."""
    return [
        round(m, 4) if y != "O" else 1.0
        for y, m in zip(decoded.path, decoded.marginals.tolist(), strict=True)
    ]


class Tagger:
    """A CRF with its feature extractor; `version` names the exact model file."""

    def __init__(
        self,
        crf: pycrfsuite.Tagger,
        extractor: FeatureExtractor,
        meta: dict,
        model_bytes: bytes | None = None,
        scorer: CRFScorer | None = None,
    ) -> None:
        self._crf = crf  # crfsuite's own tagger: training, cross-validation and the tests use it
        self._model_bytes = model_bytes  # crfsuite reads an in-memory model in place
        self._extractor = extractor
        self._scorer = scorer  # the same model decoded in numpy: what tagging uses
        self.meta = meta
        self.version: str = meta["version"]
        self.window: int = int(meta.get("decoding", {}).get("propagate_window", 0))

    @classmethod
    def load(cls, path: Path | None = None, label_bias: dict[str, float] | None = None) -> Tagger:
        """Load a model from its JSON (or the folder holding `arabic-ner.json`).

        `label_bias` (label -> score added at every token; see `crfbias`) overrides the JSON's
        `decoding.label_bias`; cross-validation uses it to try biases on one trained file.
        """
        path = Path(path) if path is not None else CRF_MODEL
        if path.is_dir():
            path = path / CRF_MODEL.name
        meta = json.loads(path.read_text(encoding="utf-8"))
        config = FeatureConfig(**meta["features"])
        clusters = (
            read_clusters(path.parent / meta["clusters_file"])
            if meta.get("clusters_file")
            else None
        )
        gazetteer = library_gazetteer() if config.gazetteer else None
        active = None
        if meta.get("attributes_file"):
            with gzip.open(path.parent / meta["attributes_file"], "rt", encoding="utf-8") as f:
                active = frozenset(f.read().split("\n"))
        bias = meta.get("decoding", {}).get("label_bias") if label_bias is None else label_bias
        crf = pycrfsuite.Tagger()
        weights = (path.parent / meta["model_file"]).read_bytes()
        model_bytes = None
        if bias and any(bias.values()):
            model_bytes = weights = shift_labels(weights, bias)
            crf.open_inmemory(model_bytes)
        else:
            crf.open(str(path.parent / meta["model_file"]))
        history = (
            read_history(path.parent / meta["history_file"]) if meta.get("history_file") else None
        )
        extractor = FeatureExtractor(config, clusters, gazetteer, active=active, history=history)
        scorer = CRFScorer(LinearCRF.from_bytes(weights), extractor)
        return cls(crf, extractor, meta, model_bytes, scorer)

    def tag(self, sentences: list[list[str]]) -> list[list[tuple[str, float]]]:
        """BIO tag and its confidence for every token; pass one document's sentences together.

        Tags are the CRF's, with person names widened to what their title introduces (see
        `apposition`). Confidence is the CRF marginal of an entity tag (1.0 for "O", which
        nothing reads; a word a name was widened over takes the marginal of the CRF's first
        word of it); a tag
        spread to a repeat of a name tagged elsewhere in the batch (see `consistency`) carries
        that mention's mean marginal.
        """
        tags: list[list[str]] = []
        conf: list[list[float]] = []
        for tokens, decoded in zip(sentences, self.crf_decode(sentences), strict=True):
            if not tokens:
                tags.append([])
                conf.append([])
                continue
            raw = decoded.path
            labels = widen_titled_names(tokens, raw)
            scores = path_marginals(decoded)
            if labels != raw:
                scores = widened_confidence(raw, labels, scores)
            tags.append(labels)
            conf.append(scores)
        if self.window:
            tags, conf = propagate(self._folded(sentences), tags, conf, window=self.window)
        return [list(zip(t, c, strict=True)) for t, c in zip(tags, conf, strict=True)]

    def tag_documents(
        self, documents: list[list[list[str]]]
    ) -> list[list[list[tuple[str, float]]]]:
        """`tag` of each document (the CRF tags a sentence at a time: nothing to share)."""
        return [self.tag(sentences) for sentences in documents]

    def tag_labels(self, sentences: list[list[str]]) -> list[list[str]]:
        """Just the tags, without marginals: the faster path for scoring."""
        tags = [
            widen_titled_names(t, d.path) if t else []
            for t, d in zip(sentences, self.crf_decode(sentences, False), strict=True)
        ]
        if self.window:
            tags, _ = propagate(self._folded(sentences), tags, window=self.window)
        return tags

    def crf_decode(self, sentences: list[list[str]], probabilities: bool = True) -> list[Decoded]:
        """The CRF's own path of each sentence (with its probability and marginals unless told
        not to), decoded in numpy (`linear_crf`), crfsuite's answer to the last digits."""
        return self._scorer.decode(sentences, probabilities)

    @staticmethod
    def _folded(sentences: list[list[str]]) -> list[list[str]]:
        return [[fold(t) for t in tokens] for tokens in sentences]


class EnsembleTagger(NeuralTagger):
    """The CRF and the neural tagger voting: the neural net's tag scores plus `crf_weight` on
    the CRF's own tag at each token, decoded with the net's transitions, then widened and
    spread like either model. Where the CRF is sure the vote is its tag; where the net's
    context (fastText vectors, the news language model) disagrees strongly enough, the net's.
    The two are trained apart, so either can be retrained alone; the version names both."""

    def __init__(self, neural: NeuralTagger, crf: Tagger, meta: dict, path: Path) -> None:
        super().__init__(neural.net, {**neural.meta, **meta})
        self.meta = meta
        self.version = model_version(path)
        self.crf = crf
        self.weight = float(meta["crf_weight"])
        # the cascade: a sentence whose CRF path has at least this probability keeps it, and only
        # the others run through the net (None: every sentence is voted)
        sure = meta.get("crf_sure")
        self.sure: float | None = None if sure is None else float(sure)

    @classmethod
    def load(cls, path: Path) -> EnsembleTagger:
        path = Path(path)
        meta = json.loads(path.read_text(encoding="utf-8"))
        crf = Tagger.load(path.parent / meta["crf_model"])
        neural = NeuralTagger.load(path.parent / meta["neural_model"])
        return cls(neural, crf, meta, path)

    def _settings(self) -> tuple:
        return (id(self.net), id(self.crf), self.weight, self.sure)

    def crf_votes(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Per sentence, tokens x tags: `crf_weight` on the CRF's Viterbi tag, 0 elsewhere."""
        return [self._vote(d.path) for d in self.crf.crf_decode(sentences, False)]

    def _vote(self, path: list[str]) -> np.ndarray:
        """Tokens x tags: `crf_weight` on the CRF's tag at each token, 0 elsewhere."""
        rows = np.zeros((len(path), len(TAGS)), dtype=np.float32)
        rows[np.arange(len(path)), [TAG_INDEX.get(y, 0) for y in path]] = self.weight
        return rows

    def _decode(self, sentences, bonus=None):
        if bonus is not None or self.sure is None:
            return super()._decode(sentences, self.crf_votes(sentences) if bonus is None else bonus)
        return self._cascade(sentences)

    def _cascade(self, sentences: list[list[str]]) -> tuple[list[list[str]], list[list[float]]]:
        """The CRF's path (and its marginals) where it is sure of the whole sentence (sequence
        probability ≥ `crf_sure`), the vote elsewhere: at the committed 0.7 the CRF is sure of
        ~69% of news sentences, where its own path scores better than the vote (5-fold CV: 77.88
        against 77.82 voting on every sentence, with 37% of the tokens through the net)."""
        tags: list[list[str]] = [[] for _ in sentences]
        conf: list[list[float]] = [[] for _ in sentences]
        unsure: list[int] = []
        votes: list[np.ndarray] = []
        for n, (tokens, decoded) in enumerate(
            zip(sentences, self.crf.crf_decode(sentences), strict=True)
        ):
            if not tokens:
                continue
            if decoded.probability >= self.sure:
                tags[n] = decoded.path
                conf[n] = path_marginals(decoded)
                continue
            unsure.append(n)
            votes.append(self._vote(decoded.path))
        if unsure:
            voted, voted_conf = super()._decode([sentences[n] for n in unsure], votes)
            for n, t, c in zip(unsure, voted, voted_conf, strict=True):
                tags[n], conf[n] = t, c
        return tags, conf


def tag_conll(in_path: Path, out_path: Path, tagger: Tagger | NeuralTagger | None = None) -> int:
    """Tag the first column of a CoNLL file into `token TAG` lines; returns the token count.

    Works line by line so the output has the input's tokens in order and every blank line where
    the input had one (runs of blank lines included), whatever other columns the input carried.
    """
    tagger = tagger or load_model()
    lines = Path(in_path).read_text(encoding="utf-8-sig").splitlines()
    blocks: list[list[str]] = [[]]
    for line in lines:
        fields = line.split()
        if fields:
            blocks[-1].append(fields[0])
        else:
            blocks.append([])
    sentences = [b for b in blocks if b]
    tags = iter(tagger.tag_labels(sentences))
    with Path(out_path).open("w", encoding="utf-8") as handle:
        for n, block in enumerate(blocks):
            if n:
                handle.write("\n")
            if block:
                for token, tag in zip(block, next(tags), strict=True):
                    handle.write(f"{token} {tag}\n")
    return sum(len(s) for s in sentences)


def eval_conll(gold_path: Path, tagger: Tagger | NeuralTagger | None = None) -> dict:
    """Tag a gold CoNLL file's tokens and score against its tags (see `conll.evaluate`)."""
    tagger = tagger or load_model()
    gold = read_conll(gold_path)
    predicted = tagger.tag_labels([[tok for tok, _ in sent] for sent in gold])
    return evaluate([[tag or "O" for _, tag in sent] for sent in gold], predicted)
