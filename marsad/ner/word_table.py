"""Word tables: the rows a tagger computes for each word it meets the first time (the CRF's
partial scores, the neural net's subword vector and cluster ids), computed once for a corpus'
most frequent words and kept in a file, so a process that tags a small increment starts with
them instead of computing again every word of its first batches (a +1% run's two workers each
met ~13k words new to them: ~0.4 s of its tagged stage's 2 s).

A table is a cache: each row is what the tagger computes for its word, so tagging gives the same
tags with it or without it. It is used only by the model version it was made with, and only if
a sample of its words still computes to its rows (code that changed how a word is scored
without a new model version makes the table stale, not the tags wrong).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from marsad.ner.linear_crf import CRFScorer
from marsad.ner.neural import NeuralNet

# Words a table holds: the corpus' most frequent ones. The whole corpus' top 50k cover ~97% of
# a +1% increment's tokens; computing them costs ~3 s once (after a full tagged run).
WORDS = 50_000
# Words of a table computed again when it is loaded, to tell a stale table.
SAMPLE = 64
SEPARATOR = "\n"
# The entries that hold texts (packed as UTF-8, separated by SEPARATOR); the others are arrays
# with a row per word.
TEXTS = ("words", "crf_folded", "crf_mid", "crf_base")


def parts(model: object) -> tuple[CRFScorer | None, NeuralNet | None]:
    """The word-caching parts of a loaded tagger (`marsad.ner.tagger.load_model`): the CRF's
    scorer (a CRF tagger's own, or an ensemble's CRF's) and the neural net, where it has them."""
    crf = getattr(model, "crf", model)
    scorer = getattr(crf, "_scorer", None)
    net = getattr(model, "net", None)
    return (
        scorer if isinstance(scorer, CRFScorer) else None,
        net if isinstance(net, NeuralNet) else None,
    )


def _pack(texts: list[str]) -> np.ndarray:
    return np.frombuffer(SEPARATOR.join(texts).encode("utf-8"), dtype=np.uint8)


def _unpack(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode("utf-8").split(SEPARATOR) if blob.size else []


def compute(model: object, words: list[str]) -> dict[str, np.ndarray]:
    """The table of `words` (distinct; a word holding the separator is left out) for `model`."""
    words = [w for w in dict.fromkeys(words) if w and SEPARATOR not in w]
    scorer, net = parts(model)
    table = {"words": _pack(words)}
    if scorer is not None:
        entries, rows = scorer.word_rows(words)
        for n, name in enumerate(("folded", "mid", "base")):
            table[f"crf_{name}"] = _pack([e[n] for e in entries])
        table["crf_rows"] = rows
    if net is not None:
        table["net_vectors"], table["net_side"] = net.word_rows(words)
    return table


def concat(tables: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """One table of several made by `compute` for the same model from disjoint word lists."""
    out: dict[str, np.ndarray] = {}
    for name in tables[0]:
        if name in TEXTS:
            out[name] = _pack([t for table in tables for t in _unpack(table[name])])
        else:
            out[name] = np.concatenate([table[name] for table in tables])
    return out


def save(table: dict[str, np.ndarray], path: Path) -> None:
    """Write `table` to `path` (.npz, whatever the name ends with)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        np.savez(handle, **table)


def load(path: Path) -> dict[str, np.ndarray] | None:
    """The table in `path` (None: no such file, or not a readable table)."""
    try:
        with np.load(path) as arrays:
            return {name: arrays[name] for name in arrays.files}
    except (OSError, ValueError, EOFError):
        return None


def install(model: object, table: dict[str, np.ndarray]) -> bool:
    """Start `model`'s word caches with `table`; False (nothing changed) when it does not `fit`."""
    if not fits(model, table):
        return False
    scorer, net = parts(model)
    words = _unpack(table["words"])
    if scorer is not None:
        columns = [_unpack(table[f"crf_{n}"]) for n in ("folded", "mid", "base")]
        scorer.preload(words, list(zip(*columns, strict=True)), table["crf_rows"])
    if net is not None:
        net.preload(words, table["net_vectors"], table["net_side"])
    return True


def fits(model: object, table: dict[str, np.ndarray]) -> bool:
    """Whether `table` holds rows for every word-caching part of `model`, and a sample of its
    words computes to the rows it holds."""
    scorer, net = parts(model)
    try:
        words = _unpack(table["words"])
        crf = (
            ([_unpack(table[f"crf_{n}"]) for n in ("folded", "mid", "base")], table["crf_rows"])
            if scorer is not None
            else None
        )
        neural = (table["net_vectors"], table["net_side"]) if net is not None else None
    except KeyError:
        return False
    if not words:
        return False
    sample = sorted({round(k * (len(words) - 1) / max(SAMPLE - 1, 1)) for k in range(SAMPLE)})
    probe = [words[k] for k in sample]
    if crf is not None:
        columns, rows = crf
        if rows.shape[0] != len(words) or any(len(c) != len(words) for c in columns):
            return False
        entries, fresh = scorer.word_rows(probe)
        held = [(columns[0][k], columns[1][k], columns[2][k]) for k in sample]
        if entries != held or not np.array_equal(fresh, rows[sample]):
            return False
    if neural is not None:
        vectors, side = neural
        if vectors.shape[0] != len(words) or side.shape[0] != len(words):
            return False
        fresh_vectors, fresh_side = net.word_rows(probe)
        if not (
            np.array_equal(fresh_vectors, vectors[sample])
            and np.array_equal(fresh_side, side[sample])
        ):
            return False
    return True
