"""Training end to end on a small slice of ANERcorp: the model it writes loads and tags."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from marsad.ner.bio import decode
from marsad.ner.tagger import Tagger, eval_conll, load_model, tag_conll
from marsad.ner.train import (
    load_labelled,
    split_dev,
    train_model,
    train_neural,
    with_names_swapped,
)


def test_split_dev_is_the_tail() -> None:
    sentences = [[(str(i), "O")] for i in range(20)]
    train, dev = split_dev(sentences, 0.1)
    assert [s[0][0] for s in dev] == ["18", "19"]
    assert len(train) == 18


def test_names_swapped_keep_every_context(shared_dir: Path) -> None:
    """Mention replacement with the data's own names: each copy of a sentence with names keeps its
    other words and its sequence of name types, and every name put in is one the data has."""
    sentences = load_labelled(shared_dir / "ner" / "anercorp" / "train.txt")[:600]
    with_names = [s for s in sentences if decode([tag for _, tag in s])]

    def names(sent):
        return [tuple(sent[a:b]) for a, b, _ in decode([tag for _, tag in sent])]

    def frame(sent):
        spans = decode([tag for _, tag in sent])
        words = [tok for i, tok in enumerate(sent) if not any(a <= i < b for a, b, _ in spans)]
        return words, [kind for _, _, kind in spans]

    known = {name for sent in with_names for name in names(sent)}
    assert with_names_swapped(sentences, 0) == []
    copies = with_names_swapped(sentences, 2)
    assert len(copies) == 2 * len(with_names)
    for old, new in zip(with_names * 2, copies, strict=True):
        assert frame(new) == frame(old)
        assert set(names(new)) <= known
    changed = sum(names(new) != names(old) for old, new in zip(with_names, copies, strict=False))
    assert changed > 0.9 * len(with_names)
    assert copies[: len(with_names)] != copies[len(with_names) :]  # each round draws anew


def test_train_small_slice(shared_dir: Path, tmp_path: Path) -> None:
    anercorp = shared_dir / "ner" / "anercorp" / "train.txt"
    metrics = train_model(
        [anercorp], tmp_path / "model", dev_fraction=0.1, max_sentences=400, max_iterations=40
    )
    assert metrics["data"]["dev_sentences"] == 40
    assert metrics["data"]["train_sentences"] == 360
    assert metrics["dev"]["micro"]["f1"] > 25.0
    assert metrics["version"].startswith("crf-")
    meta = json.loads((tmp_path / "model" / "arabic-ner.json").read_text(encoding="utf-8"))
    assert meta["version"] == metrics["version"]

    tagger = Tagger.load(tmp_path / "model")
    assert tagger.version == metrics["version"]
    tagged = tagger.tag([["قال", "الرئيس", "جورج", "بوش", "في", "واشنطن"], []])
    assert len(tagged[0]) == 6 and tagged[1] == []
    for tag, confidence in tagged[0]:
        assert tag == "O" or tag[:2] in ("B-", "I-")
        assert 0.0 <= confidence <= 1.0

    # tag-conll keeps tokens, order and blank lines; eval-conll scores the same file
    source = tmp_path / "in.txt"
    source.write_text("\nفي X\nبغداد Y\n\n\nامس Z\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert tag_conll(source, out, tagger) == 3
    lines = out.read_text(encoding="utf-8").split("\n")
    assert [line.split(" ")[0] for line in lines] == ["", "في", "بغداد", "", "", "امس", ""]
    assert all(len(line.split(" ")) == 2 for line in lines if line)
    gold = tmp_path / "gold.txt"
    gold.write_text("في O\nبغداد B-LOC\n", encoding="utf-8")
    assert set(eval_conll(gold, tagger)["per_type"]) == {"PERS", "LOC", "ORG", "MISC"}


def test_train_neural_small(shared_dir: Path, tmp_path: Path) -> None:
    """The neural recipe end to end on a slice (needs the `train` extra): a tiny language model
    on a few corpus files started from fastText vectors, the default three tagger heads over it
    on 300 sentences, self-trained on the corpus sentences the CRF voting with the first heads
    finds a name in; the numpy runtime loads what it wrote and averages the heads."""
    pytest.importorskip("torch")
    pytest.importorskip("gensim")
    metrics = train_neural(
        [shared_dir / "ner" / "anercorp" / "train.txt"],
        tmp_path / "model",
        shared_dir / "corpora" / "ant-multisource-v2.1",
        max_sentences=300,
        lm_every=400,
        lm_tokens=20_000,
        lm_steps=5,
        epochs=2,
        fasttext_epochs=1,
        fasttext_every=400,
        self_sentences=200,
        refit_all=False,
        log=lambda _: None,
    )
    assert metrics["version"].startswith("cnn-")
    assert metrics["data"]["dev_sentences"] == 30
    assert 0 < metrics["data"]["self_training_sentences"] <= 200
    tagger = load_model(tmp_path / "model" / "arabic-ner-cnn.json")
    assert tagger.version == metrics["version"]
    assert tagger.net.n_seeds == 3
    tagged = tagger.tag([["قال", "الرئيس", "جورج", "بوش", "في", "واشنطن"], []])
    assert len(tagged[0]) == 6 and tagged[1] == []
    assert all(0.0 <= c <= 1.0 for _, c in tagged[0])


def test_train_with_bias_and_self_training(shared_dir: Path, corpus_dir: Path, tmp_path: Path):
    """The recall options on a slice: corpus sentences the first fit was sure of join training,
    and the decode-time bias is part of the version (a new bias re-tags, like a new file)."""
    out = tmp_path / "model"
    metrics = train_model(
        [shared_dir / "ner" / "anercorp" / "train.txt"],
        out,
        max_sentences=400,
        max_iterations=40,
        o_bias=-0.5,
        self_train={"candidates": 300},
        corpus_dir=corpus_dir,
    )
    assert 0 < metrics["self_training"]["sentences"] < 300
    assert metrics["decoding"]["label_bias"] == {"O": -0.5}
    digest = hashlib.sha256((out / "arabic-ner.crfsuite").read_bytes()).hexdigest()[:8]
    assert not metrics["version"].endswith(digest)
    biased, plain = Tagger.load(out), Tagger.load(out, label_bias={})
    assert biased.version == metrics["version"]
    dev = [[w for w, _ in s] for s in load_labelled(shared_dir / "ner/anercorp/train.txt")[360:400]]
    count = [sum(t.startswith("B-") for s in m.tag_labels(dev) for t in s) for m in (plain, biased)]
    assert count[0] <= count[1]
