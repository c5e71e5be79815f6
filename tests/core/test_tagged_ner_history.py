"""Corpus prediction history: the table a first-stage CRF's corpus tags make, its attributes, and
two-stage training that writes it next to the model and tags with it."""

from __future__ import annotations

import gzip
from pathlib import Path

from marsad.ner.crossval import history_recipe, run
from marsad.ner.history import attributes, count, read, write
from marsad.ner.tagger import Tagger
from marsad.ner.train import load_labelled, train_model


def test_table_counts_tags_per_word_and_base(tmp_path: Path) -> None:
    tagged = [
        (["قال", "عمر"], ["O", "B-PERS"]),
        (["قال", "وعمر"], ["O", "B-PERS"]),
        (["في", "عمر"], ["O", "B-LOC"]),
        (["قال", "نادر"], ["O", "O"]),
    ]
    tables = count(tagged, min_count=2)
    # columns PERS LOC ORG MISC B n; «وعمر» is seen once: left out, but counts for its base
    assert tables["w"]["عمر"] == (1, 1, 0, 0, 2, 2)
    assert "وعمر" not in tables["w"] and "نادر" not in tables["w"]
    assert tables["b"]["عمر"] == (2, 1, 0, 0, 3, 3)
    assert tables["w"]["قال"] == (0, 0, 0, 0, 0, 3)
    assert read(write(tmp_path / "h.tsv.gz", tables)) == tables


def test_attributes_are_bucketed_shares() -> None:
    own, near = attributes((9, 0, 1, 0, 9, 10), "ph")
    assert {"ph=PERS:4", "ph=ORG:1", "phe=4", "phn=10", "pht=B-PERS"} <= set(own)
    assert "phn=10" not in near and "ph=PERS:4" in near
    assert attributes(None, "ph") == (["ph=unk"], ["ph=unk"])
    never = attributes((0, 0, 0, 0, 0, 500), "ph")[0]
    assert never == ["phe=0", "phn=100"]


def test_two_stage_training_writes_and_uses_the_table(
    shared_dir: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    """On a slice: the first stage tags a corpus sample, the table lands next to the model and in
    its version, and the tagger reads it (history attributes reach the CRF)."""
    out = tmp_path / "model"
    metrics = train_model(
        [shared_dir / "ner" / "anercorp" / "train.txt"],
        out,
        max_sentences=400,
        max_iterations=30,
        history={"sentences": 400, "min_count": 2, "crossfit": 2},
        corpus_dir=corpus_dir,
    )
    assert metrics["features"]["history"] and metrics["history_file"] == "arabic-ner.history.tsv.gz"
    table = read(out / metrics["history_file"])
    assert len(table["w"]) > 100 and metrics["history"]["bytes"] > 0
    assert any(counts[0] for counts in table["w"].values())  # the first stage found people
    tagger = Tagger.load(out)
    assert tagger.version == metrics["version"]
    feats = tagger._extractor.sentence(["قال", "الرئيس", "جورج", "بوش"])
    assert any(a.startswith(("ph", "-1ph", "+1ph")) for word in feats for a in word)
    with gzip.open(out / "arabic-ner.attributes.gz", "rt", encoding="utf-8") as handle:
        assert any(line.startswith("ph") for line in handle)  # the CRF kept weights for them
    assert metrics["dev"]["micro"]["f1"] > 20


def test_crossval_history_variant_from_the_folds_own_model(shared_dir: Path, corpus_dir: Path):
    """A history variant is scored on the same held-out fold as the plain recipe."""
    assert history_recipe("xwb@0.5", 100)["crossfit"] == 2
    assert history_recipe("xwb@0.5", 100)["base"] and history_recipe("w", 100)["threshold"] == 0
    results = run(
        load_labelled(shared_dir / "ner/anercorp/train.txt")[:300],
        folds=3,
        history=("xw",),
        history_sentences=300,
        min_count=2,
        corpus_dir=corpus_dir,
        only=[0],
        log=lambda _: None,
        max_iterations=20,
    )
    assert set(results) == {"crf bias=0", "crf+hist:xw bias=0"}
    gold = {r["micro"]["gold"] for runs in results.values() for r in runs}
    assert len(gold) == 1
