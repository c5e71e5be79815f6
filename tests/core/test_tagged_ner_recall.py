"""Recall tools for the CRF: the decode-time label bias, cross-validation folds, self-training
sentences from the ANT corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.ner.crfbias import shift_labels
from marsad.ner.crossval import extra_sentences, fold_ids, run
from marsad.ner.selftrain import corpus_sentences, pseudo_label
from marsad.ner.tagger import DEFAULT_MODEL, Tagger
from marsad.ner.train import load_labelled


def _entities(tagger: Tagger, sentences: list[list[str]]) -> int:
    return sum(tag.startswith("B-") for tags in tagger.tag_labels(sentences) for tag in tags)


def test_o_bias_trades_precision_for_recall(shared_dir: Path) -> None:
    """A lower "O" score tags more names, a higher one fewer; no bias is the file as trained."""
    sentences = [[w for w, _ in s] for s in load_labelled(shared_dir / "ner/anercorp/train.txt")]
    sentences = sentences[:300]
    counts = [_entities(Tagger.load(label_bias={"O": b}), sentences) for b in (2.0, 0.0, -2.0)]
    assert counts[0] < counts[1] < counts[2]
    raw = (DEFAULT_MODEL.parent / "arabic-ner.crfsuite").read_bytes()
    assert shift_labels(raw, {}) == raw
    assert shift_labels(raw, {"O": -1.0}) != raw
    with pytest.raises(KeyError):
        shift_labels(raw, {"B-NOPE": 1.0})


def test_folds_are_seeded_contiguous_blocks() -> None:
    ids = fold_ids(1000, 5, block=50, seed=0)
    assert ids == fold_ids(1000, 5, block=50, seed=0) != fold_ids(1000, 5, block=50, seed=1)
    assert sorted(set(ids)) == [0, 1, 2, 3, 4]
    assert all(ids.count(k) == 200 for k in range(5))  # 20 blocks, four per fold
    assert all(len(set(ids[b : b + 50])) == 1 for b in range(0, 1000, 50))


def test_block_zero_makes_each_fold_one_contiguous_part() -> None:
    """`--block 0`: no document straddles two folds, as with a held-out test part."""
    ids = fold_ids(1003, 5, block=0, seed=0)
    assert sorted(set(ids)) == [0, 1, 2, 3, 4]
    changes = sum(a != b for a, b in zip(ids, ids[1:], strict=False))
    assert changes == 4  # five runs, one per fold
    assert max(ids.count(k) for k in range(5)) - min(ids.count(k) for k in range(5)) <= 4


def test_self_training_sentences(corpus_dir: Path) -> None:
    """Corpus sentences are cut at full stops; the kept ones hold a name and are CRF-sure."""
    sentences = corpus_sentences(corpus_dir, 300)
    assert len(sentences) == 300 and sentences == corpus_sentences(corpus_dir, 300)
    assert all(6 <= len(s) <= 60 for s in sentences)
    assert all(t not in (".", "؟") for s in sentences for t in s[:-1])
    tagger = Tagger.load(label_bias={})
    sure = pseudo_label(tagger, sentences, 0.9)
    loose = pseudo_label(tagger, sentences, 0.5)
    assert 0 < len(sure) < len(loose) < len(sentences)
    assert all(any(tag != "O" for _, tag in s) for s in loose)


def test_crossval_scores_each_setting_on_held_out_folds(shared_dir: Path, corpus_dir: Path):
    """One fold of a small run: the plain recipe and the self-trained one, each at two biases,
    scored on the same held-out sentences."""
    sentences = load_labelled(shared_dir / "ner/anercorp/train.txt")[:300]
    results = run(
        sentences,
        folds=3,
        biases=(0.0, -1.0),
        self_train=(200,),
        corpus_dir=corpus_dir,
        only=[1],
        log=lambda _: None,
        max_iterations=20,
    )
    assert set(results) == {
        "crf bias=0",
        "crf bias=-1",
        "crf+self200@0.9 bias=0",
        "crf+self200@0.9 bias=-1",
    }
    gold = {r["micro"]["gold"] for runs in results.values() for r in runs}
    assert len(gold) == 1 and gold.pop() > 0  # the same held-out fold for every setting
    plain, biased = results["crf bias=0"][0]["micro"], results["crf bias=-1"][0]["micro"]
    assert biased["predicted"] >= plain["predicted"]


def test_crossval_extra_sentences_train_every_fold_and_are_never_scored(
    shared_dir: Path, tmp_path: Path
):
    """`--extra` sentences (another corpus) join each fold's training only: a name that only
    they teach is then found in the held-out fold, whose gold spans stay the same; and
    `--extra-without` drops the extra sentences holding a type."""
    sentences = load_labelled(shared_dir / "ner/anercorp/train.txt")[:300]
    name = "زوبرخانوف"
    held_out = [n for n, f in enumerate(fold_ids(len(sentences), 3, block=0)) if f == 1][:5]
    for n in held_out:  # the made-up name opens five held-out sentences, as a person
        sentences[n] = [(name, "B-PERS"), *sentences[n]]
    taught = [[(name, "B-PERS"), ("يزور", "O"), ("المدينة", "O"), (".", "O")]] * 40
    extra_file = tmp_path / "extra.txt"
    misc = [("معرض", "B-MISC"), ("الكتاب", "I-MISC")]
    extra_file.write_text(
        "\n\n".join("\n".join(f"{w} {t}" for w, t in s) for s in [*taught, misc]) + "\n",
        encoding="utf-8",
    )
    assert len(extra_sentences([extra_file])) == 41
    assert extra_sentences([extra_file], {"MISC"}) == taught

    def found(extra: list) -> dict:
        result = run(
            sentences,
            folds=3,
            block=0,
            only=[1],
            extra=extra,
            log=lambda _: None,
            max_iterations=30,
        )
        return result["crf bias=0"][0]["per_type"]["PERS"]

    without, with_extra = found([]), found(extra_sentences([extra_file], {"MISC"}))
    assert with_extra["gold"] == without["gold"]  # scored on the same held-out fold
    assert with_extra["correct"] >= without["correct"] + 3


def test_crossval_scores_the_neural_tagger_and_the_vote(shared_dir: Path, corpus_dir: Path):
    """With `neural`, each fold also fits the neural tagger (train extra) and scores it alone and
    voting with that fold's own CRF, on the same held-out sentences; an overwhelming CRF weight
    scores as the CRF itself. `heads` also scores the member cut to its first tagger heads;
    `neural_self` a student refit with corpus sentences the fold's ensemble labelled;
    `self_member` the same heads voting with the fold's self-trained CRF; `decodings` every vote
    decoded once more with other decoding settings."""
    pytest.importorskip("torch")
    pytest.importorskip("gensim")
    sentences = load_labelled(shared_dir / "ner/anercorp/train.txt")[:300]
    tiny = {"fasttext_epochs": 1, "fasttext_every": 400, "lm_every": 400, "lm_tokens": 20_000}
    results = run(
        sentences,
        folds=3,
        corpus_dir=corpus_dir,
        only=[1],
        log=lambda _: None,
        max_iterations=20,
        neural={**tiny, "lm_steps": 5, "epochs": 2},
        weights=(2.0, 1000.0),
        heads=(1,),
        neural_self=60,
        self_train=(60,),
        self_member=True,
        decodings={"nospread": {"propagate_window": 0}},
    )
    votes = {"crf+cnn w=2", "crf+cnn w=1000"}
    decoded = votes | {f"{v} nospread" for v in votes}
    variants = {"cnn", "cnn heads=1", "cnn +self"} | {
        f"{s}{v}" for s in decoded for v in ("", " heads=1", " +self", " crf+self")
    }
    assert set(results) == {"crf bias=0", "crf+self60@0.9 bias=0"} | variants
    gold = {r["micro"]["gold"] for runs in results.values() for r in runs}
    assert len(gold) == 1 and gold.pop() > 0
    for name in ("crf+cnn w=1000", "crf+cnn w=1000 heads=1", "crf+cnn w=1000 +self"):
        assert results[name][0]["micro"] == results["crf bias=0"][0]["micro"]
    # the self-trained CRF's vote is its own tagging, and spreading is what the CRF does too
    self_crf = results["crf+self60@0.9 bias=0"][0]["micro"]
    assert results["crf+cnn w=1000 crf+self"][0]["micro"] == self_crf
    assert results["crf+cnn w=1000 nospread"] != results["crf+cnn w=1000"]
