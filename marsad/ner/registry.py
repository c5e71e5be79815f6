"""Which model file a model name means: the committed models by short name, and the default.

Light to import (no CRF or numpy runtime), so the stage versions, which name the model, cost
nothing to a `marsad run` that finds nothing to do.
"""

from __future__ import annotations

import json
from pathlib import Path

MODELS = Path(__file__).resolve().parent / "models"
# The committed models by short name: the feature CRF, the same recipe self-trained on the ANT
# corpus (`crf-self`: +0.25 micro-F1 in 5-fold CV, not yet the default), the neural tagger and
# the two voting (`crf+cnn`).
NAMED_MODELS = {
    "crf": MODELS / "arabic-ner.json",
    "crf-self": MODELS / "arabic-ner-self.json",
    "cnn": MODELS / "arabic-ner-cnn.json",
    "crf+cnn": MODELS / "arabic-ner-ensemble.json",
}
# The pipeline tags with the CRF and the neural net voting where the CRF is unsure (`crf+cnn`,
# the cascade); the CRF alone stays the fallback (`MARSAD_NER_MODEL=crf`) and the default of
# `Tagger.load`.
DEFAULT_NAME = "crf+cnn"
DEFAULT_MODEL = NAMED_MODELS[DEFAULT_NAME]
CRF_MODEL = NAMED_MODELS["crf"]


def resolve_model(value: str | Path | None = None) -> Path:
    """The model JSON a name (`crf`, `cnn`), a JSON path or a model folder points at; the default
    model for None or an empty string. A folder holding both kinds gives the default kind."""
    if value is None or str(value) == "":
        return DEFAULT_MODEL
    if str(value) in NAMED_MODELS:
        return NAMED_MODELS[str(value)]
    path = Path(value)
    if path.is_dir():
        for candidate in (DEFAULT_MODEL.name, *(p.name for p in NAMED_MODELS.values())):
            if (path / candidate).exists():
                return path / candidate
        return path / DEFAULT_MODEL.name
    return path


def model_version(path: Path) -> str:
    """The version a model JSON stands for; an ensemble's names its members' (`crf+cnn`), so
    retraining either member re-tags, as a new single model does."""
    meta = json.loads(Path(path).read_text(encoding="utf-8"))
    if meta.get("kind") == "ensemble":
        members = "+".join(model_version(Path(path).parent / meta[k]) for k in ENSEMBLE_MEMBERS)
        # the vote's settings change its tags as much as a member does
        return f"{members}@w{meta['crf_weight']:g}" + (
            f"s{meta['crf_sure']:g}" if meta.get("crf_sure") is not None else ""
        )
    return meta["version"]


ENSEMBLE_MEMBERS = ("crf_model", "neural_model")
