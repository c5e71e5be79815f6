"""K-fold cross-validation of the CRF recipe over ANERcorp train: is a gain a gain across folds?

One dev split moved by ±4.5 F1 between folds last round, so every recipe change is judged here.
Folds are made of contiguous sentence blocks (ANERcorp is ordered by document, so a block keeps
most of a document on one side), the blocks dealt to folds in a seeded shuffled order. Each fold
trains through `train.train_model` (the committed recipe), then tags its held-out block with
the full decoding (widening, spreading) once per label bias tried (`crfbias`), and, with
`--self-train`, once more after adding sentences of the ANT corpus the fold's own model
labelled confidently (`selftrain`; the held-out fold never sees them, and the labeller never
saw the held-out fold).

    python -m marsad.ner.crossval --folds 5 [--bias 0,-0.5,-1] [--self-train 4000] [--out F]
    python -m marsad.ner.crossval --folds 5 --neural --weights 4,6,8   # + `cnn` and `crf+cnn`
    python -m marsad.ner.crossval --folds 5 --neural --weights 2 --sure 0.7 --neural-self 4000
        # + the neural heads refit on corpus sentences the fold's ensemble (or net) labelled

Prints per-type and micro/macro P/R/F1 per fold and mean ± sd per setting; `--out` writes all of
it as JSON (rewritten after each fold, so a long run can be read while it goes).
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from marsad.ner.bio import decode
from marsad.ner.conll import ENTITY_TYPES, evaluate, write_conll
from marsad.ner.history import count as count_history
from marsad.ner.history import label as label_corpus
from marsad.ner.history import write as write_history
from marsad.ner.registry import NAMED_MODELS
from marsad.ner.selftrain import corpus_sentences, labelled_by, pseudo_label
from marsad.ner.tagger import Tagger, load_model
from marsad.ner.train import (
    CLUSTERS_FILE,
    MODELS_DIR,
    Sentence,
    default_corpus_dir,
    default_training_files,
    load_labelled,
    split_dev,
    train_model,
)


def fold_ids(n: int, folds: int, block: int = 50, seed: int = 0) -> list[int]:
    """The fold of each of `n` sentences: blocks of `block` contiguous sentences dealt to folds
    in a seeded random order (so each fold gets the same number of blocks, give or take one).
    `block` 0: one block per fold, so every fold is one contiguous part of the file."""
    block = block or max(1, -(-n // folds))
    blocks = list(range((n + block - 1) // block))
    random.Random(seed).shuffle(blocks)
    fold_of_block = {b: i % folds for i, b in enumerate(blocks)}
    return [fold_of_block[i // block] for i in range(n)]


def history_recipe(variant: str, sentences: int, min_count: int = 3, seed: int = 0) -> dict:
    """`train.HISTORY` for a variant name: `w` (folded word) or `wb` (word and base), `x` before
    it for cross-fitted training attributes, `@P` for sentences tagged with probability >= P."""
    kind, _, cut = variant.partition("@")
    return {
        "sentences": sentences,
        "min_count": min_count,
        "threshold": float(cut or 0),
        "base": "b" in kind,
        "crossfit": 2 if kind.startswith("x") else 0,
        "seed": seed,
    }


def _score(model_json: Path, test: list[Sentence], bias: float) -> dict:
    tagger = Tagger.load(model_json, label_bias={"O": bias})
    predicted = tagger.tag_labels([[w for w, _ in s] for s in test])
    scores = evaluate([[t for _, t in s] for s in test], predicted)
    scores.pop("confusion")
    return scores


def _fit(train: list[Sentence], extra: list[Sentence], out_dir: Path, params: dict) -> Path:
    """Train the recipe on `train` (+ `extra`) into `out_dir`; the model JSON's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = [out_dir / "train.conll"]
    write_conll(files[0], train)
    if extra:
        files.append(out_dir / "extra.conll")
        write_conll(files[1], extra)
    # self-training, if measured, is done here (one labeller per fold for several corpus sizes)
    params = {"self_train": {"candidates": 0}, **params}
    meta = train_model(files, out_dir, dev_fraction=0.0, **params)
    return Path(meta["model_path"]).with_suffix(".json")


def _pretrain_neural(corpus: Path, params: dict, log) -> tuple:
    """(trainer module, config, language model, vocab, side clusters), shared by every fold:
    the fastText vectors and the language model read only unlabelled news, so no fold's
    held-out sentences leak through them. `lm_cache` reuses (or keeps) them."""
    trainer = importlib.import_module("marsad.ner.neural_train")  # torch: the train extra only
    # one thread, as `train_neural_model`: two folds side by side (`--only`) each on torch's
    # default two threads made the heads' small products spin against each other (2026-12-06:
    # after 30 minutes the first head was at epoch 15 of 20; on one thread each, about a minute)
    trainer.torch.set_num_threads(1)
    params = dict(params)
    cache = params.pop("lm_cache", None)
    cfg = {**trainer.DEFAULTS, **params}
    lm, vocab, _ = trainer.pretrained_lm(corpus, MODELS_DIR / CLUSTERS_FILE, cfg, cache, log)
    return trainer, cfg, lm, vocab, trainer.side_clusters(MODELS_DIR / CLUSTERS_FILE)


def _neural_fold(
    train: list[Sentence],
    test: list[Sentence],
    crf_model: Path,
    pretrained: tuple,
    weights,
    log,
    sures: Sequence[float] = (),
    heads: Sequence[int] = (),
    unlabelled: Sequence[list[str]] = (),
    teacher_kind: str = "ensemble",
    other_crfs: dict[str, Path] | None = None,
    decodings: dict[str, dict] | None = None,
):
    """(setting, scores) for the neural tagger fit on `train` and for it voting with the fold's
    CRF (`crf_model`, in the same folder) at each CRF weight: on every sentence, and as the
    cascade (`EnsembleTagger`, `crf_sure`) at each of `sures`. `heads`: also score the member
    made of its first n tagger heads for each n (each head is fit alone from its own seed, so
    the first n are what a model trained with n seeds would hold). `unlabelled`: corpus
    sentences the fold's ensemble (first weight, last sure; `teacher_kind` "cnn": its net alone)
    labels; those holding a name join `train` as if gold, the heads are fit again, and that
    student is scored the same way (`… +self`). `other_crfs`: {label: CRF model} each also voting
    with the same heads (`… label`), e.g. the fold's self-trained CRF as the cascade's member.
    `decodings`: see `_neural_member`."""
    trainer, cfg, lm, vocab, side = pretrained
    tuned, nets = trainer.fit_taggers(train, lm, vocab, side, cfg, log=lambda _: None)
    models: dict[str, Path] = {}  # the full member's settings' model files
    for n in sorted({*heads, len(nets)}):
        suffix = "" if n == len(nets) else f" heads={n}"
        for name, scores, path in _neural_member(
            trainer, cfg, tuned, nets[:n], f"cnn-{n}", test, crf_model, weights, sures, decodings
        ):
            if n == len(nets):
                models[name] = path
            yield name + suffix, scores
    for label, other in (other_crfs or {}).items():
        for name, scores, _ in _neural_member(
            trainer, cfg, tuned, nets, "cnn", test, other, weights, sures, decodings
        ):
            if name != "cnn":
                yield f"{name} {label}", scores
    if not unlabelled:
        return
    teacher = models[
        "cnn" if teacher_kind == "cnn" else _setting(weights[0], sures[-1] if sures else None)
    ]
    pseudo = labelled_by(teacher, list(unlabelled))
    log(f"  +{len(pseudo)} corpus sentences labelled by {teacher.name} (of {len(unlabelled)})")
    tuned, nets = trainer.fit_taggers(train + pseudo, lm, vocab, side, cfg, log=lambda _: None)
    for name, scores, _ in _neural_member(
        trainer, cfg, tuned, nets, "cnn-self", test, crf_model, weights, sures, decodings
    ):
        yield name + " +self", scores


def _neural_member(trainer, cfg, tuned, nets, tag, test, crf_model, weights, sures, decodings=None):
    """(setting, scores, model JSON) of one neural member alone and in the fold's ensembles;
    `decodings` {label: decoding overrides}: each ensemble also scored with those (`… label`)."""
    folder = crf_model.parent
    gold = [[t for _, t in s] for s in test]
    tokens = [[w for w, _ in s] for s in test]
    # the committed ensemble's decoding steps, so a fold's vote is decoded as the pipeline's
    decoding = json.loads(NAMED_MODELS["crf+cnn"].read_text(encoding="utf-8"))["decoding"]
    neural = trainer.write_model(
        folder,
        f"arabic-ner-{tag}",
        trainer.export_arrays(tuned, nets),
        {**cfg, "seeds": cfg["seeds"][: len(nets)]},
        MODELS_DIR / CLUSTERS_FILE,
        {},
    )
    predicted = load_model(neural).tag_labels(tokens)
    yield "cnn", _without_confusion(evaluate(gold, predicted)), neural
    variants = {"": {}, **{f" {k}": v for k, v in (decodings or {}).items()}}
    for weight in weights:
        for sure in [None, *sures]:
            for label, overrides in variants.items():
                path = folder / f"ensemble-{tag}-{weight:g}-{sure}{label.replace(' ', '-')}.json"
                meta = {
                    "kind": "ensemble",
                    "crf_model": crf_model.name,
                    "neural_model": neural.name,
                    "crf_weight": weight,
                    "decoding": {**decoding, **overrides},
                }
                if sure is not None:
                    meta["crf_sure"] = sure
                path.write_text(json.dumps(meta), "utf-8")
                predicted = load_model(path).tag_labels(tokens)
                scores = _without_confusion(evaluate(gold, predicted))
                yield _setting(weight, sure) + label, scores, path


def _setting(weight: float, sure: float | None) -> str:
    """The name of the ensemble setting at CRF weight `weight` (and cascade threshold `sure`)."""
    return f"crf+cnn w={weight:g}" + ("" if sure is None else f" sure={sure:g}")


def _without_confusion(scores: dict) -> dict:
    scores.pop("confusion", None)
    return scores


def run(
    sentences: list[Sentence],
    folds: int = 5,
    biases: Sequence[float] = (0.0,),
    self_train: Sequence[int] = (),
    corpus_dir: Path | None = None,
    threshold: float = 0.9,
    seed: int = 0,
    only: Sequence[int] | None = None,
    out: Path | None = None,
    log=print,
    history: Sequence[str] = (),
    history_sentences: int = 80_000,
    min_count: int = 3,
    self_alone: bool = True,
    neural: dict | None = None,
    weights: Sequence[float] = (8.0,),
    sures: Sequence[float] = (),
    heads: Sequence[int] = (),
    block: int = 50,
    neural_self: int = 0,
    self_teacher: str = "ensemble",
    extra: Sequence[Sentence] = (),
    self_member: bool = False,
    decodings: dict[str, dict] | None = None,
    **params,
) -> dict:
    """{setting: [fold scores]}, a setting being `crf bias=B`, `crf+self bias=B` or
    `crf+hist:V bias=B`, V a history variant: `w` (folded word), `wb` (word and base), with
    `@P` only sentences the first stage tagged with sequence probability >= P, with an `x`
    before it cross-fitted (`train.HISTORY`). `block`: sentences per contiguous block (0: one
    block per fold, each fold a contiguous run of documents, like a held-out test part).
    `extra`: labelled sentences added to the training of each fold's plain CRF, the `crf
    bias=B` settings (`--extra`, e.g. AQMAR); the self-trained, history and neural refits
    do not see them. `self_member`: each fold's CRF self-trained on the first of `self_train`
    also votes with the neural heads (`crf+cnn … crf+self`). `decodings` {label: overrides of
    the committed ensemble's decoding}: every ensemble also scored with each."""
    ids = fold_ids(len(sentences), folds, block=block, seed=seed)
    corpus = corpus_dir or default_corpus_dir()
    candidates = corpus_sentences(corpus, max(self_train), seed) if self_train else []
    history_corpus = corpus_sentences(corpus, history_sentences, seed) if history else []
    unlabelled = corpus_sentences(corpus, neural_self, seed) if neural_self else []
    results: dict[str, list[dict]] = {}
    pretrained = _pretrain_neural(corpus, neural, log) if neural is not None else None
    with tempfile.TemporaryDirectory(prefix="ner-cv-") as tmp:
        for k in range(folds):
            if only is not None and k not in only:
                continue
            train = [s for s, f in zip(sentences, ids, strict=True) if f != k]
            test = [s for s, f in zip(sentences, ids, strict=True) if f == k]
            started = time.perf_counter()
            model = _fit(train, list(extra), Path(tmp) / f"fold{k}", dict(params))
            for bias in biases:
                results.setdefault(f"crf bias={bias:g}", []).append(_score(model, test, bias))
            log(
                f"fold {k}: {len(train)} train / {len(test)} test sentences, crf fit+score"
                f" {time.perf_counter() - started:.0f} s"
            )
            labeller = Tagger.load(model, label_bias={})
            pseudo_by_n = {}
            self_crf: Path | None = None  # the CRF self-trained on self_train[0], when it votes
            if self_member and self_train and pretrained is not None:
                n = self_train[0]
                pseudo_by_n[n] = pseudo_label(labeller, candidates[:n], threshold)
                self_crf = _fit(train, pseudo_by_n[n], Path(tmp) / f"fold{k}-self{n}", dict(params))
            if pretrained is not None:
                started = time.perf_counter()
                for name, scores in _neural_fold(
                    train,
                    test,
                    model,
                    pretrained,
                    weights,
                    log,
                    sures,
                    heads,
                    unlabelled,
                    self_teacher,
                    {"crf+self": self_crf} if self_crf else None,
                    decodings,
                ):
                    results.setdefault(name, []).append(scores)
                log(f"fold {k}: neural fit+score {time.perf_counter() - started:.0f} s")
            params["history_cache"] = {}  # per fold: the cross-fitted part tables
            if history:
                started = time.perf_counter()
                # the fold's own first-stage model tags the corpus once for every variant
                labelled = list(
                    label_corpus(
                        labeller._crf,
                        labeller._extractor,
                        history_corpus,
                        probability=any("@" in v for v in history),
                    )
                )
                log(f"fold {k}: corpus tagged in {time.perf_counter() - started:.0f} s")
            for variant in history:
                started = time.perf_counter()
                if corpus_dir is not None:
                    params["corpus_dir"] = corpus_dir
                recipe = history_recipe(variant, history_sentences, min_count, seed)
                cut = recipe["threshold"]
                table = write_history(
                    Path(tmp) / f"fold{k}-{variant}.history.tsv.gz",
                    count_history(((t, g) for t, g, p in labelled if p >= cut), min_count),
                )
                hparams = {**params, "history_table": table, "history": recipe}
                refit = _fit(train, [], Path(tmp) / f"fold{k}-hist-{variant}", hparams)
                for bias in biases:
                    name = f"crf+hist:{variant} bias={bias:g}"
                    results.setdefault(name, []).append(_score(refit, test, bias))
                for n in self_train:
                    if n not in pseudo_by_n:
                        pseudo_by_n[n] = pseudo_label(labeller, candidates[:n], threshold)
                    both = _fit(
                        train, pseudo_by_n[n], Path(tmp) / f"fold{k}-hist-{variant}-self", hparams
                    )
                    for bias in biases:
                        name = f"crf+hist:{variant}+self{n} bias={bias:g}"
                        results.setdefault(name, []).append(_score(both, test, bias))
                log(f"fold {k}: history {variant}, fit+score {time.perf_counter() - started:.0f} s")
            for n in self_train if self_alone else ():
                started = time.perf_counter()
                pseudo = pseudo_by_n.get(n) or pseudo_label(labeller, candidates[:n], threshold)
                if self_crf is not None and n == self_train[0]:
                    refit = self_crf
                else:
                    refit = _fit(train, pseudo, Path(tmp) / f"fold{k}-self{n}", dict(params))
                for bias in biases:
                    name = f"crf+self{n}@{threshold:g} bias={bias:g}"
                    results.setdefault(name, []).append(_score(refit, test, bias))
                log(
                    f"fold {k}: +{len(pseudo)} pseudo-labelled sentences of {n},"
                    f" fit+score {time.perf_counter() - started:.0f} s"
                )
            if out is not None:
                Path(out).write_text(json.dumps(results, indent=1), "utf-8")
            log(format_summary(results))
    return results


def extra_sentences(files: Sequence[Path], without: set[str] = frozenset()) -> list[Sentence]:
    """The sentences of `files`, less those tagging a type in `without` (e.g. AQMAR's MISC, an
    open class annotated otherwise than ANERcorp's)."""
    return [
        s
        for f in files
        for s in load_labelled(f)
        if not any(kind in without for _, _, kind in decode([t for _, t in s]))
    ]


def learning_curve(
    sentences: list[Sentence],
    fractions: Sequence[float],
    recipes: dict[str, dict],
    dev_fraction: float = 0.1,
    log=print,
    keep: Path | None = None,
) -> dict[str, dict[float, dict]]:
    """{recipe: {fraction: dev scores}}: each recipe (`train_model` params) fit on the first
    `fraction` of the train part of the dev split that `train.py` carves, scored on that dev.
    `keep`: a folder to leave the models in (one sub-folder each), else they are thrown away."""
    train, dev = split_dev(sentences, dev_fraction)
    out: dict[str, dict[float, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="ner-curve-") as scratch:
        tmp = keep or scratch
        for name, params in recipes.items():
            for fraction in fractions:
                started = time.perf_counter()
                part = train[: round(len(train) * fraction)]
                model = _fit(part, [], Path(tmp) / f"{name}-{fraction:g}", dict(params))
                out.setdefault(name, {})[fraction] = _score(model, dev, 0.0)
                log(
                    f"{name} {fraction:.0%} ({len(part)} sentences):"
                    f" dev micro {out[name][fraction]['micro']['f1']:.2f},"
                    f" {time.perf_counter() - started:.0f} s"
                )
    return out


def format_curve(curve: dict[str, dict[float, dict]]) -> str:
    """One row per recipe and fraction: per-type F1, micro P/R/F1, macro F1 on the dev split."""
    head = f"{'recipe':<12} {'train':>5} " + " ".join(
        f"{h:>8}" for h in (*ENTITY_TYPES, "micro P", "micro R", "micro F1", "macro F1")
    )
    lines = [head]
    for name, rows in curve.items():
        for fraction, r in rows.items():
            cols = [r["per_type"][t]["f1"] for t in ENTITY_TYPES]
            cols += [r["micro"][m] for m in ("precision", "recall", "f1")] + [r["macro"]["f1"]]
            lines.append(f"{name:<12} {fraction:>5.0%} " + " ".join(f"{c:>8.2f}" for c in cols))
    return "\n".join(lines)


def _mean_sd(values: list[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.fmean(values):6.2f} ±{sd:4.2f}"


def format_summary(results: dict[str, list[dict]], per_fold: bool = False) -> str:
    """Mean ± sd over folds of per-type F1 and micro/macro P/R/F1, one row per setting."""
    head = f"{'setting':<24} {'n':>2} " + " ".join(
        f"{h:>13}" for h in (*ENTITY_TYPES, "micro P", "micro R", "micro F1", "macro F1")
    )
    lines = [head]
    for name, runs in results.items():
        cols = [[r["per_type"][t]["f1"] for r in runs] for t in ENTITY_TYPES]
        cols += [[r["micro"][m] for r in runs] for m in ("precision", "recall", "f1")]
        cols.append([r["macro"]["f1"] for r in runs])
        lines.append(f"{name:<24} {len(runs):>2} " + " ".join(_mean_sd(c) for c in cols))
        if per_fold:  # P/R/F1 of each type, micro and macro
            for k, r in enumerate(runs):
                parts = [(t, r["per_type"][t]) for t in ENTITY_TYPES]
                parts += [("micro", r["micro"]), ("macro", r["macro"])]
                lines.append(
                    f"  fold {k:<3}"
                    + "  ".join(
                        f"{t} {v['precision']:.1f}/{v['recall']:.1f}/{v['f1']:.2f}"
                        for t, v in parts
                    )
                )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m marsad.ner.crossval", description=__doc__)
    parser.add_argument("--model", default="crf", choices=["crf"], help="the recipe (CRF)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bias", default="0", help="comma-separated O-label biases to try")
    parser.add_argument(
        "--self-train", default="", help="comma-separated numbers of corpus sentences to label"
    )
    parser.add_argument("--threshold", type=float, default=0.9, help="min sentence probability")
    parser.add_argument(
        "--history",
        default="",
        help="comma-separated prediction-history variants: w, wb, w@0.9 (see `run`)",
    )
    parser.add_argument("--history-sentences", type=int, default=80_000)
    parser.add_argument("--min-count", type=int, default=3, help="history: min occurrences")
    parser.add_argument(
        "--no-self-alone", action="store_true", help="self-training only with history"
    )
    parser.add_argument(
        "--block",
        type=int,
        default=50,
        help="sentences per contiguous block dealt to folds (0: each fold one contiguous part,"
        " so no document has sentences on both sides, as with a held-out test part)",
    )
    parser.add_argument("--only", default=None, help="comma-separated fold numbers to run")
    parser.add_argument("--data", default=None, help="CoNLL file (default ../shared ANERcorp)")
    parser.add_argument("--out", default=None, help="JSON file for all fold scores")
    parser.add_argument(
        "--curve",
        default="",
        help="instead of folds: dev-split F1 at these train fractions (e.g. 0.25,0.5,1) for the"
        " plain recipe and, with --history V, the history recipe V",
    )
    parser.add_argument("--keep", default=None, help="with --curve: folder to keep the models in")
    parser.add_argument(
        "--neural",
        action="store_true",
        help="also fit the neural tagger per fold (needs the train extra) and score it alone and"
        " voting with the fold's CRF (`crf+cnn`) at each --weights",
    )
    parser.add_argument("--weights", default="8", help="with --neural: CRF vote weights to try")
    parser.add_argument(
        "--sure",
        default="",
        help="with --neural: comma-separated `crf_sure` thresholds: each weight also as the"
        " cascade (the CRF's path where its sentence probability reaches it, the vote elsewhere)",
    )
    parser.add_argument(
        "--lm-cache",
        default=None,
        help="with --neural: reuse (or keep) the pretrained vectors here",
    )
    parser.add_argument(
        "--heads",
        default="",
        help="with --neural: also score the member with only its first N tagger heads (e.g. 3,4)",
    )
    parser.add_argument(
        "--neural-params",
        default="{}",
        help="with --neural: JSON overriding neural_train.DEFAULTS, e.g. '{\"seeds\": [0, 1, 2, 3]}'",
    )
    parser.add_argument(
        "--neural-self",
        type=int,
        default=0,
        help="with --neural: label this many ANT corpus sentences with the fold's ensemble (the"
        " first weight, the last --sure), add those holding a name to training and refit the"
        " neural tagger (self-training; scored as `… +self`)",
    )
    parser.add_argument(
        "--extra",
        default="",
        help="comma-separated CoNLL files added whole to each fold's plain CRF training (the"
        " `crf bias=` settings; e.g. AQMAR)",
    )
    parser.add_argument(
        "--extra-without",
        default="",
        help="with --extra: drop its sentences holding one of these comma-separated types",
    )
    parser.add_argument(
        "--neural-self-teacher",
        default="ensemble",
        choices=["ensemble", "cnn"],
        help="with --neural-self: who labels the corpus sentences, the fold's ensemble or its net",
    )
    parser.add_argument(
        "--self-member",
        action="store_true",
        help="with --neural and --self-train N: the fold's CRF self-trained on N corpus sentences"
        " also votes with the neural heads (scored as `crf+cnn … crf+self`)",
    )
    parser.add_argument(
        "--decodings",
        default="{}",
        help="with --neural: JSON {label: decoding overrides}, each ensemble also scored with"
        ' each, e.g. \'{"w40": {"propagate_window": 40}}\'',
    )
    args = parser.parse_args(argv)
    data = Path(args.data) if args.data else default_training_files()[0]
    if args.curve:
        recipes: dict[str, dict] = {"crf": {}}
        for variant in (v for v in args.history.split(",") if v):
            recipe = history_recipe(variant, args.history_sentences, args.min_count, args.seed)
            recipes[f"crf+hist:{variant}"] = {"history": recipe}
        curve = learning_curve(
            load_labelled(data),
            [float(f) for f in args.curve.split(",")],
            recipes,
            log=lambda m: print(m, file=sys.stderr, flush=True),
            keep=Path(args.keep) if args.keep else None,
        )
        print(format_curve(curve))
        return
    results = run(
        load_labelled(data),
        folds=args.folds,
        biases=[float(b) for b in args.bias.split(",")],
        self_train=[int(n) for n in args.self_train.split(",") if n],
        threshold=args.threshold,
        seed=args.seed,
        only=[int(k) for k in args.only.split(",")] if args.only else None,
        out=Path(args.out) if args.out else None,
        history=[v for v in args.history.split(",") if v],
        history_sentences=args.history_sentences,
        min_count=args.min_count,
        self_alone=not args.no_self_alone,
        neural={"lm_cache": args.lm_cache, **json.loads(args.neural_params)}
        if args.neural
        else None,
        weights=[float(w) for w in args.weights.split(",")],
        sures=[float(v) for v in args.sure.split(",") if v],
        heads=[int(v) for v in args.heads.split(",") if v],
        block=args.block,
        neural_self=args.neural_self,
        self_teacher=args.neural_self_teacher,
        self_member=args.self_member,
        decodings=json.loads(args.decodings),
        extra=extra_sentences(
            [Path(f) for f in args.extra.split(",") if f],
            {t for t in args.extra_without.split(",") if t},
        ),
        log=lambda m: print(m, file=sys.stderr, flush=True),
    )
    print(format_summary(results, per_fold=True))


if __name__ == "__main__":
    main(sys.argv[1:])
