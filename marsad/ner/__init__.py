"""Arabic named-entity tagging (PERS, LOC, ORG, MISC) on CPU: a feature CRF and a neural tagger
(numpy runtime) behind one interface.

`load_model(name_or_path).tag(sentences)` is the entry point; `train_model` rebuilds the CRF,
`train_model(..., kind="cnn")` the neural tagger (needs the `train` extra).
"""

from marsad.ner.conll import evaluate, format_scores, read_conll, write_conll
from marsad.ner.tagger import Tagger, eval_conll, load_model, tag_conll
from marsad.ner.train import train_model

__all__ = [
    "Tagger",
    "eval_conll",
    "evaluate",
    "format_scores",
    "load_model",
    "read_conll",
    "tag_conll",
    "train_model",
    "write_conll",
]
