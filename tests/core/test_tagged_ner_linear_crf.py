"""The CRF decoded in numpy (`linear_crf`) gives crfsuite's own answers: the same path, path
probability and marginals, with or without a label bias, whatever the sentences decoded beside."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from marsad.ner.selftrain import corpus_sentences
from marsad.ner.tagger import Tagger
from marsad.ner.train import load_labelled


def _crfsuite(tagger: Tagger, tokens: list[str]) -> tuple[list[str], float, list[float]]:
    crf = tagger._crf
    crf.set(tagger._extractor.sentence(tokens))
    path = crf.tag()
    return path, crf.probability(path), [crf.marginal(y, i) for i, y in enumerate(path)]


@pytest.fixture(scope="module")
def sentences(shared_dir: Path, corpus_dir: Path) -> list[list[str]]:
    """News sentences from the corpus and ANERcorp's, one empty, lengths 1 to 100+."""
    anercorp = [[w for w, _ in s] for s in load_labelled(shared_dir / "ner/anercorp/train.txt")]
    found = corpus_sentences(corpus_dir, 400) + anercorp[:400] + [[]]
    assert max(map(len, found)) > 100 and min(map(len, found)) == 0
    return found


@pytest.mark.parametrize("bias", [None, {"O": -1.5, "B-ORG": 0.5}])
def test_numpy_decoding_gives_crfsuites_answers(sentences: list[list[str]], bias) -> None:
    tagger = Tagger.load(label_bias=bias)
    decoded = tagger.crf_decode(sentences)
    for tokens, got in zip(sentences, decoded, strict=True):
        if not tokens:
            assert got.path == [] and got.probability == 1.0 and len(got.marginals) == 0
            continue
        path, probability, marginals = _crfsuite(tagger, tokens)
        assert got.path == path
        assert got.probability == pytest.approx(probability, abs=1e-9)
        assert np.allclose(got.marginals, marginals, atol=1e-9)
    # a sure sentence and an unsure one: the cascade's threshold sees the whole range
    assert min(d.probability for d in decoded) < 0.5 < max(d.probability for d in decoded)


def test_a_sentence_decodes_the_same_alone_and_among_others(sentences: list[list[str]]) -> None:
    """Sentences are decoded padded together: the numbers of one must not depend on its batch
    (a tag or a threshold decided by the last bit would differ between pool workers)."""
    tagger = Tagger.load()
    together = tagger.crf_decode(sentences)
    for k in range(0, len(sentences), 37):
        alone = tagger.crf_decode([sentences[k]])[0]
        assert alone.path == together[k].path
        assert alone.probability == together[k].probability
        assert np.array_equal(alone.marginals, together[k].marginals)


def test_the_word_scores_kept_stay_small(corpus_dir: Path) -> None:
    """The scorer keeps each word's partial scores (a tagging worker meets ~200k words over the
    corpus): a row of floats and the three short forms the position features read."""
    tagger = Tagger.load()
    words = list(dict.fromkeys(w for s in corpus_sentences(corpus_dir, 600) for w in s))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tagger._scorer.emissions([words])
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(tagger._scorer._index) == len(words) > 3000
    assert grown / len(words) < 1200  # bytes per word
