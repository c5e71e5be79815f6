"""Arabic named-entity tagging (PERS, LOC, ORG, MISC) with a CPU-only CRF.

`Tagger.load().tag(sentences)` is the entry point; `train_model` rebuilds the committed model.
"""

from marsad.ner.conll import evaluate, format_scores, read_conll, write_conll
from marsad.ner.tagger import Tagger, eval_conll, tag_conll
from marsad.ner.train import train_model

__all__ = [
    "Tagger",
    "eval_conll",
    "evaluate",
    "format_scores",
    "read_conll",
    "tag_conll",
    "train_model",
    "write_conll",
]
