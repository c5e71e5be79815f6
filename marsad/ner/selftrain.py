"""Self-training material: ANT corpus sentences a model labels.

The CRF's held-out recall for people is far below its dev recall: it knows the names it saw.
News from the ANT corpus holds many more names in the same contexts; sentences whose whole tag
sequence the CRF is sure of (sequence probability ≥ a threshold) and that hold at least one name
are added to training as if gold. Crossval measures whether that helps (`crossval --self-train`).
For the neural tagger the labeller is the whole ensemble (`labelled_by`, `crossval --neural-self`).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from marsad.ner.bio import decode
from marsad.ner.orthography import tokenize
from marsad.ner.tagger import Tagger, load_model
from marsad.sources import trec_xml

Sentence = list[tuple[str, str]]
_ENDS = {".", "!", "?", "؟"}


def _split(tokens: list[str]) -> Iterator[list[str]]:
    """Sentences of a tokenised paragraph, cut after full stops and question marks."""
    start = 0
    for i, token in enumerate(tokens):
        if token in _ENDS:
            yield tokens[start : i + 1]
            start = i + 1
    if start < len(tokens):
        yield tokens[start:]


def corpus_sentences(
    corpus_dir: Path, limit: int, seed: int = 0, min_len: int = 6, max_len: int = 60
) -> list[list[str]]:
    """Up to `limit` tokenised sentences (TITLE and TEXT) of a seeded random sample of the
    corpus files, in the sample's order."""
    if limit <= 0:
        return []
    paths = sorted(Path(corpus_dir).rglob("*.txt"))
    random.Random(seed).shuffle(paths)
    out: list[list[str]] = []
    for path in paths:
        raw = path.read_text(encoding="utf-8", errors="replace")
        for text in trec_xml.field_values(raw, ("TITLE", "TEXT")):
            for line in text.splitlines():
                for sent in _split(tokenize(line)):
                    if min_len <= len(sent) <= max_len:
                        out.append(sent)
                        if len(out) >= limit:
                            return out
    return out


def pseudo_label(tagger: Tagger, sentences: list[list[str]], threshold: float) -> list[Sentence]:
    """The sentences whose CRF tag sequence has probability ≥ `threshold` and at least one
    entity, labelled with those tags (the CRF's own Viterbi, without widening or spreading)."""
    out = []
    for tokens, decoded in zip(sentences, tagger.crf_decode(sentences), strict=True):
        if decode(decoded.path) and decoded.probability >= threshold:
            out.append(list(zip(tokens, decoded.path, strict=True)))
    return out


def labelled_by(model: Path, sentences: list[list[str]]) -> list[Sentence]:
    """The sentences `model` (any model JSON: the ensemble, with its decoding) finds a name in,
    labelled with its tags."""
    labels = load_model(model).tag_labels([list(s) for s in sentences])
    return [
        list(zip(s, tags, strict=True))
        for s, tags in zip(sentences, labels, strict=True)
        if any(t != "O" for t in tags)
    ]
