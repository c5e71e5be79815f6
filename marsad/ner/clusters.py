"""Distributional word clusters learned from unlabelled news, for NER features.

ANERcorp has 125k tokens; most names in tomorrow's news are not in it. Words that occur in the same
contexts in millions of words of news (names after «الرئيس», cities after «في») fall into the same
cluster, so a cluster id generalises from the names the tagger saw to the ones it did not.

The map (word -> one id per granularity) is a derived artefact stored gzipped next to the model.
This module reads it; `marsad.ner.build_clusters` rebuilds it from the corpus with `RECIPE`, and is
kept apart so that loading the tagger does not import the corpus reader (the TREC reader brings
the date tables with it: half a second more on `import marsad.ner`).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

# How the committed map (models/clusters-ant-v2.1.tsv.gz) was made: 9.37M tokens, ~46 s.
RECIPE: dict[str, Any] = {
    "corpus": "ANT multisource v2.1, TITLE + TEXT, folded, split on spaces and punctuation",
    "vocab_size": 50_000,
    "context_size": 2_000,
    "contexts": "left/right neighbours at distance 1 and 2, PPMI (alpha 0.75)",
    "dims": 100,
    "ks": [64, 256, 1024],
    "min_count": 3,
    "seed": 0,
}


def read_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """word -> cluster ids as strings (ready to be feature values), one per granularity."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        next(handle)
        return {
            word: tuple(ids) for word, *ids in (line.rstrip("\n").split("\t") for line in handle)
        }
