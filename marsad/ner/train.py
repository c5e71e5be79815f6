"""Training the CRF tagger and recording what it scored.

The dev split is carved from the first training file deterministically: its last `dev_fraction`
of sentences (ANERcorp is ordered by document, so a tail split keeps whole documents out of
training, which is closer to tagging unseen news than every-n-th-sentence would be). Further
files (e.g. AQMAR) are used whole for training. Gazetteers from ../shared, when given, are added
as one-name training sequences, so the model needs no list at tagging time.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import importlib.util
import json
import math
import os
import random
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.ner.bio import decode, encode
from marsad.ner.clusters import RECIPE, read_clusters
from marsad.ner.conll import evaluate, normalize_tag, read_conll
from marsad.ner.crfbias import shift_labels
from marsad.ner.features import FeatureConfig, FeatureExtractor
from marsad.ner.gazetteer import library_gazetteer, shared_entries
from marsad.ner.history import count as count_history
from marsad.ner.history import label as label_corpus
from marsad.ner.history import read as read_history
from marsad.ner.history import write as write_history
from marsad.ner.orthography import tokenize
from marsad.ner.selftrain import corpus_sentences, pseudo_label
from marsad.ner.tagger import Tagger

MODELS_DIR = Path(__file__).resolve().parent / "models"
MODEL_NAME = "arabic-ner"
CLUSTERS_FILE = "clusters-ant-v2.1.tsv.gz"
# Added to the "O" score at every token at decode time (`crfbias`), to trade precision for
# recall. Five-fold CV over ANERcorp train (`crossval`) found no bias that raises F1: off.
O_BIAS = 0.0
# Self-training (`selftrain`; five-fold CV in README): how many ANT corpus sentences the model fit
# on the train part labels, and the sequence probability a sentence needs to join training.
# Off for the default model (+0.25 micro in CV, 4 of 5 folds, is within noise); the committed
# `crf-self` model is this recipe with {"candidates": 9000}.
SELF_TRAIN = {"candidates": 0, "threshold": 0.9, "seed": 0}
# Corpus prediction history (`history`): a first-stage CRF fit on the same sentences tags
# `sentences` ANT corpus sentences (a seeded sample); per word (and, with `base`, per
# clitic-stripped base) seen >= `min_count` times, the shares of its tags become attributes of the
# second-stage CRF. `threshold`: only sentences whose tag sequence has at least that probability
# count. Off when `sentences` is 0: five-fold CV gave +0.13 micro / -0.26 macro F1 (README).
# `crossfit` k: see `train_model`'s `fit` (0: the second stage sees the full first stage's table).
HISTORY = {
    "sentences": 0,
    "min_count": 3,
    "threshold": 0.0,
    "base": False,
    "crossfit": 0,
    "seed": 0,
}

Sentence = list[tuple[str, str]]


def split_dev(sentences: list[Sentence], dev_fraction: float) -> tuple[list, list]:
    """(train, dev): dev is the last ceil(n * dev_fraction) sentences."""
    n_dev = math.ceil(round(len(sentences) * dev_fraction, 6)) if dev_fraction > 0 else 0
    cut = len(sentences) - n_dev
    return sentences[:cut], sentences[cut:]


def load_labelled(path: Path) -> list[Sentence]:
    """A CoNLL file with its tags mapped to B-/I- PERS LOC ORG MISC."""
    return [[(tok, normalize_tag(tag)) for tok, tag in sent] for sent in read_conll(path)]


def gazetteer_sequences(shared_dir: Path) -> list[Sentence]:
    """Each listed name as a tiny labelled sentence (B-TYPE I-TYPE ...)."""
    out = []
    for name, kind in shared_entries(shared_dir):
        tokens = tokenize(name)
        if tokens:
            out.append(list(zip(tokens, encode(kind, len(tokens)), strict=True)))
    return out


def replace_entities(
    sentences: list[Sentence], names: list[Sentence], seed: int = 0
) -> list[Sentence]:
    """Copies of the sentences that have entities, each entity swapped for a listed name of its type.

    Puts gazetteer names into real contexts (mention replacement, Dai & Adel 2020), so the model
    learns the names without learning that a lone name is a sentence.
    """
    rng = random.Random(seed)
    by_type: dict[str, list[Sentence]] = {}
    for name in names:
        by_type.setdefault(name[0][1][2:], []).append(name)
    out = []
    for sent in sentences:
        entities = decode([tag for _, tag in sent])
        if not entities:
            continue
        new: Sentence = []
        pos = 0
        for start, stop, kind in entities:
            pool = by_type.get(kind)
            if pool:
                new += sent[pos:start]
                new += rng.choice(pool)
                pos = stop
        new += sent[pos:]
        out.append(new)
    return out


def with_names_swapped(sentences: list[Sentence], copies: int) -> list[Sentence]:
    """`copies` rounds of the sentences that hold names, each name swapped for another name of
    its type from the same sentences: every context is seen with other names, so a model leans
    on the context more than on the names it saw (mention replacement with the data's own names)."""
    if copies <= 0:
        return []
    names: dict[tuple, None] = {}
    for sent in sentences:
        for start, stop, _ in decode([tag for _, tag in sent]):
            names.setdefault(tuple(sent[start:stop]), None)
    pool = [list(name) for name in names]
    return [s for k in range(copies) for s in replace_entities(sentences, pool, seed=k)]


def write_active_attributes(model_path: Path, out_path: Path) -> Path:
    """The attributes the model kept a weight for (L1 drops most), so tagging can skip the rest.

    The same strings are inside the model file; listing them saves a slow dump at load time.
    """
    crf = pycrfsuite.Tagger()
    crf.open(str(model_path))
    attributes = sorted({attr for attr, _ in crf.info().state_features})
    crf.close()
    with gzip.open(out_path, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("\n".join(attributes) + "\n")
    return out_path


def train_model(
    train_files: list[Path],
    out_dir: Path,
    dev_fraction: float = 0.1,
    max_sentences: int | None = None,
    **params: Any,
) -> dict:
    """Train a CRF into `out_dir`, score it on the dev split, write `<name>.json`; return it.

    params: c1, c2, max_iterations, minfreq (crfsuite); clusters (Path or None: default the
    committed map, None turns the family off); gazetteer_dir (../shared, for name-list training
    sequences); feature families as booleans (see `FeatureConfig`); name; refit_all (after
    scoring on dev, refit the file on train + dev: what the committed model does); o_bias (the
    decode-time bias on "O", default `O_BIAS`); self_train (overrides of `SELF_TRAIN`; the
    corpus is `corpus_dir`, default `default_corpus_dir()`); history (overrides of `HISTORY`:
    two-stage training with corpus prediction-history attributes); history_table (a table
    already built, e.g. by cross-validation from its fold's first-stage model: used as it is).
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = params.pop("name", MODEL_NAME)
    c1 = float(params.pop("c1", 0.05))
    c2 = float(params.pop("c2", 0.05))
    max_iterations = int(params.pop("max_iterations", 200))
    minfreq = float(params.pop("minfreq", 1))
    clusters_path = params.pop("clusters", MODELS_DIR / CLUSTERS_FILE)
    gazetteer_dir = params.pop("gazetteer_dir", None)
    gazetteer_mode = params.pop("gazetteer_mode", "replace")
    window = int(params.pop("propagate_window", 20))
    refit_all = bool(params.pop("refit_all", False))
    o_bias = float(params.pop("o_bias", O_BIAS))
    bias = {"O": o_bias} if o_bias else {}
    self_train = {**SELF_TRAIN, **params.pop("self_train", {})}
    corpus_dir = params.pop("corpus_dir", None)
    history = {**HISTORY, **params.pop("history", {})}
    history_table = params.pop("history_table", None)
    # cross-validation fits several variants on one fold: the part tables are the same for all
    history_cache = params.pop("history_cache", {})
    config = FeatureConfig(
        **{k: bool(params.pop(k)) for k in list(params) if k in FeatureConfig.__dataclass_fields__}
    )
    if params:
        raise TypeError(f"unknown training parameters: {sorted(params)}")
    use_history = bool(history["sentences"]) or history_table is not None
    config = replace(config, history=use_history, history_base=use_history and history["base"])

    first = load_labelled(Path(train_files[0]))
    if max_sentences is not None:
        first = first[:max_sentences]
    train, dev = split_dev(first, dev_fraction)
    for extra in train_files[1:]:
        train = train + load_labelled(Path(extra))
    n_gazetteer = 0
    if gazetteer_dir is not None:
        names = gazetteer_sequences(Path(gazetteer_dir))
        extra = replace_entities(train, names) if gazetteer_mode == "replace" else names
        n_gazetteer = len(extra)
        train = train + extra

    clusters = read_clusters(Path(clusters_path)) if clusters_path and config.clusters else None
    extractor = FeatureExtractor(
        config, clusters, library_gazetteer() if config.gazetteer else None
    )
    crf_params = {
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "feature.minfreq": minfreq,
        "feature.possible_transitions": True,
    }
    model_path = out_dir / f"{name}.crfsuite"
    history_path = out_dir / f"{name}.history.tsv.gz" if use_history else None
    if use_history:
        plain = FeatureExtractor(
            replace(config, history=False, history_base=False),
            extractor.clusters,
            extractor.gazetteer,
        )
        corpus: list[list[str]] = []

    def corpus_sample() -> list[list[str]]:
        if not corpus:
            root = Path(corpus_dir or default_corpus_dir())
            corpus.extend(corpus_sentences(root, history["sentences"], history["seed"]))
        return corpus

    def history_of(sentences: list[Sentence]) -> dict:
        """The table of a plain CRF fit on the sentences (fit into `model_path`, overwritten
        by the second stage) over the corpus sample."""
        _fit(plain, sentences, crf_params, model_path)
        return _history_counts(model_path, plain, corpus_sample(), history)

    def fit(sentences: list[Sentence]) -> float:
        """Fit `model_path` on the sentences; with history, first the plain CRF, whose tags
        over the corpus sample make the table the second stage is fit with. With `crossfit`
        k, each k-th part of the sentences (blocks of 50) gets its attributes from the table of
        a plain CRF fit without that part, so the second stage learns how far a table built
        without a name can be trusted (as at tagging time), not how well the first stage
        remembers its own training names."""
        if history_path is None:
            return _fit(extractor, sentences, crf_params, model_path)
        started = time.perf_counter()
        if history_table is not None:
            if Path(history_table).resolve() != history_path.resolve():
                shutil.copyfile(history_table, history_path)
        else:
            write_history(history_path, history_of(sentences))
        extractor.history = read_history(history_path)
        extractor._cache.clear()
        k = int(history.get("crossfit", 0))
        if k < 2:
            return _fit(extractor, sentences, crf_params, model_path)
        part = [i // 50 % k for i in range(len(sentences))]
        groups = []
        for j in range(k):
            held = [s for s, p in zip(sentences, part, strict=True) if p == j]
            key = (len(sentences), k, j, history["threshold"], history["min_count"])
            if key not in history_cache:
                rest = [s for s, p in zip(sentences, part, strict=True) if p != j]
                history_cache[key] = history_of(rest)
            table = history_cache[key]
            groups.append(
                (FeatureExtractor(config, clusters, extractor.gazetteer, history=table), held)
            )
        _fit_groups(groups, crf_params, model_path)
        return time.perf_counter() - started

    fit_seconds = fit(train)

    cluster_file = None
    if clusters is not None:
        cluster_file = Path(clusters_path).name
        if Path(clusters_path).resolve() != (out_dir / cluster_file).resolve():
            shutil.copyfile(clusters_path, out_dir / cluster_file)

    attributes_file = out_dir / f"{name}.attributes.gz"
    facts = _file_facts(model_path, attributes_file, bias, history_path)
    meta: dict[str, Any] = {
        "version": facts["version"],
        "model_file": model_path.name,
        "clusters_file": cluster_file,
        "attributes_file": attributes_file.name,
        "history_file": history_path.name if history_path else None,
        "history": _history_facts(history, history_path, history_table),
        "clusters": RECIPE if cluster_file else None,
        "features": config.to_dict(),
        "decoding": {"propagate_window": window, "label_bias": bias},
        "crf": {
            "algorithm": "lbfgs",
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": minfreq,
        },
        "data": {
            "train_files": ["/".join(Path(p).parts[-2:]) for p in train_files],
            "dev": f"last {dev_fraction:.0%} of sentences of {Path(train_files[0]).name}",
            "dev_fraction": dev_fraction,
            "max_sentences": max_sentences,
            "train_sentences": len(train) - n_gazetteer,
            "gazetteer_sequences": n_gazetteer,
            "dev_sentences": len(dev),
            "dev_tokens": sum(len(s) for s in dev),
        },
        "model_bytes": facts["model_bytes"],
        "fit_seconds": round(fit_seconds, 1),
    }
    meta_path = out_dir / f"{name}.json"
    _write_meta(meta_path, meta)

    pseudo: list[Sentence] = []
    if self_train["candidates"]:
        # the model fit on the train part labels the corpus; it is refit with what it was sure of
        labeller = Tagger.load(meta_path, label_bias={})
        candidates = corpus_sentences(
            Path(corpus_dir or default_corpus_dir()),
            self_train["candidates"],
            self_train["seed"],
        )
        pseudo = pseudo_label(labeller, candidates, self_train["threshold"])
        meta["fit_seconds"] = round(_fit(extractor, train + pseudo, crf_params, model_path), 1)
        meta.update(_file_facts(model_path, attributes_file, bias, history_path))
        meta["self_training"] = {**self_train, "sentences": len(pseudo)}
        _write_meta(meta_path, meta)
    if dev:
        meta["dev"] = _score(meta_path, dev)
    if dev and refit_all:
        # The dev scores above are the recipe's held-out estimate; the file is then refit on
        # train + dev, since every sentence counts (dev F1 rose 2.7 points from 67.5% to 90% of
        # the data). Its own dev score is only a check that it loads and tags as trained.
        refit = train + dev + pseudo
        meta["fit_seconds"] = round(fit(refit), 1)
        meta.update(_file_facts(model_path, attributes_file, bias, history_path))
        meta["history"] = _history_facts(history, history_path, history_table)
        meta["data"]["refit_on_dev"] = True
        meta["data"]["train_sentences"] += len(dev)
        _write_meta(meta_path, meta)
        meta["dev_after_refit"] = _score(meta_path, dev)
    meta["train_seconds"] = round(time.perf_counter() - started, 1)
    _write_meta(meta_path, meta)
    return {**meta, "model_path": str(model_path)}


def train_neural(train_files: list[Path], out_dir: Path, corpus_dir: Path, **params: Any) -> dict:
    """Train the neural tagger (`marsad.ner.neural_train`, PyTorch) into `out_dir`.

    PyTorch is the `train` extra only: the module is imported by name here so that the pipeline,
    which imports this module, never loads it, and a missing extra fails with the fix in words.
    """
    if importlib.util.find_spec("torch") is None:
        raise RuntimeError("training the neural NER model needs PyTorch: pip install -e '.[train]'")
    trainer = importlib.import_module("marsad.ner.neural_train")
    params.setdefault("clusters_path", MODELS_DIR / CLUSTERS_FILE)
    return trainer.train_neural_model(train_files, out_dir, corpus_dir, **params)


def default_corpus_dir() -> Path:
    """The unlabelled news the neural tagger's language model reads: MARSAD_NER_CORPUS or
    ../shared/corpora/ant-multisource-v2.1 beside the checkout."""
    root = os.environ.get("MARSAD_NER_CORPUS")
    if root:
        return Path(root)
    base = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"
    return (base / "ant-multisource-v2.1").resolve()


def _history_counts(
    model_path: Path, plain: FeatureExtractor, corpus: list[list[str]], history: dict
) -> dict:
    """The history table of the first-stage model at `model_path` over the corpus sentences."""
    crf = pycrfsuite.Tagger()
    crf.open(str(model_path))
    # the attributes the model has weights for: tagging the corpus skips the rest
    labeller = FeatureExtractor(
        plain.config,
        plain.clusters,
        plain.gazetteer,
        active=frozenset(attr for attr, _ in crf.info().state_features),
    )
    threshold = float(history["threshold"])
    tagged = (
        (tokens, tags)
        for tokens, tags, p in label_corpus(crf, labeller, corpus, probability=threshold > 0)
        if p >= threshold
    )
    tables = count_history(tagged, int(history["min_count"]))
    crf.close()
    return tables


def _history_facts(history: dict, path: Path | None, table: Path | None) -> dict | None:
    if path is None:
        return None
    facts = {"table": "given"} if table is not None else dict(history)
    facts["bytes"] = path.stat().st_size
    return facts


def _file_facts(
    model_path: Path,
    attributes_path: Path | None,
    bias: dict[str, float],
    history_path: Path | None = None,
) -> dict[str, Any]:
    """Write the model's attribute list; its version (named by the hash of the weights it tags
    with, decode-time bias and history table included, so either is a new version) and size."""
    if attributes_path is not None:
        write_active_attributes(model_path, attributes_path)
    digest = hashlib.sha256(shift_labels(model_path.read_bytes(), bias))
    if history_path is not None:
        digest.update(history_path.read_bytes())
    digest = digest.hexdigest()[:8]
    return {
        "version": f"crf-{datetime.now(UTC):%Y.%m}-{digest}",
        "model_bytes": model_path.stat().st_size,
    }


def _write_meta(path: Path, meta: dict) -> None:
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), "utf-8")


def _fit(extractor: FeatureExtractor, sentences: list[Sentence], params: dict, path: Path) -> float:
    """Train a CRF on the sentences into `path`; returns the fit's seconds."""
    return _fit_groups([(extractor, sentences)], params, path)


def _fit_groups(
    groups: list[tuple[FeatureExtractor, list[Sentence]]], params: dict, path: Path
) -> float:
    """Train one CRF on groups of sentences, each group's attributes made by its own extractor."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for extractor, sentences in groups:
        for sent in sentences:
            trainer.append(extractor.sentence([t for t, _ in sent]), [tag for _, tag in sent])
    trainer.set_params(params)
    started = time.perf_counter()
    trainer.train(str(path))
    return time.perf_counter() - started


def _score(model_json: Path, sentences: list[Sentence], bias: dict | None = None) -> dict:
    tagger = Tagger.load(model_json, label_bias=bias)
    predicted = tagger.tag_labels([[t for t, _ in s] for s in sentences])
    return evaluate([[tag for _, tag in s] for s in sentences], predicted)


def default_training_files() -> list[Path]:
    """The training data the committed model was built from, if it is beside the checkout:
    MARSAD_NER_DATA (a folder holding anercorp/train.txt) or ../shared/ner."""
    root = os.environ.get("MARSAD_NER_DATA")
    base = Path(root) if root else Path(__file__).resolve().parents[2] / ".." / "shared" / "ner"
    train = base / "anercorp" / "train.txt"
    return [train.resolve()] if train.exists() else []
