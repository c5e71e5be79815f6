"""Arabic named-entity tagging (PERS, LOC, ORG, MISC) on CPU: a feature CRF and a neural tagger
(numpy runtime) behind one interface.

`load_model(name_or_path).tag(sentences)` is the entry point; `train_model` rebuilds the CRF,
`train_model(..., kind="cnn")` the neural tagger (needs the `train` extra). The names are
imported on first use (PEP 562), so importing `marsad.ner.registry` loads no model code.
"""

from __future__ import annotations

import importlib

_HOMES = {
    "Tagger": "marsad.ner.tagger",
    "eval_conll": "marsad.ner.tagger",
    "evaluate": "marsad.ner.conll",
    "format_scores": "marsad.ner.conll",
    "load_model": "marsad.ner.tagger",
    "read_conll": "marsad.ner.conll",
    "tag_conll": "marsad.ner.tagger",
    "train_model": "marsad.ner.train",
    "write_conll": "marsad.ner.conll",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'marsad.ner' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
