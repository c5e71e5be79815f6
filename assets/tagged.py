"""The NER model and the tagged stage as assets."""

import json
import time
from pathlib import Path

import dagster as dg

from marsad.assets.checks import DayCheck, Finding, Scope, span_finding
from marsad.assets.day_stage import StageAssets
from marsad.stages.layout import model_path
from marsad.stages.pipeline import TAGGED
from marsad.stages.store import StageStore


def mention_spans(store: StageStore, scope: Scope) -> Finding:
    return span_finding(store, scope, "tagged", "entity_mentions")


class NerModelConfig(dg.Config):
    """Where to write the trained model (empty: the model folder the pipeline tags with)."""

    out_dir: str = ""
    max_sentences: int = 0  # 0: all of the training data (CRF only)
    refit_all: bool = True  # after scoring on dev, refit on train + dev (as the committed model)
    # which model to retrain: "" the one the pipeline tags with, else "crf" or "cnn" (the neural
    # tagger: needs the `train` extra, PyTorch, and ../shared/corpora for its language model)
    kind: str = ""


@dg.asset(group_name="tagged", key_prefix="tagged", kinds={"python"})
def ner_model(context: dg.AssetExecutionContext, config: NerModelConfig) -> dg.MaterializeResult:
    """The NER tagger for PERS, ORG, LOC and MISC (the feature CRF or the neural tagger, whichever
    the pipeline tags with, or `kind`), trained on ANERcorp's train part (with a dev split carved
    from it) when ../shared/ner is present; otherwise the committed model is reported as it is. A new model changes the tagged stage's version, so every day is re-tagged
    by the next update (a backfill)."""
    # the training code (the tagger, its word lists) is loaded only to train
    from marsad.ner import train_model
    from marsad.ner.registry import CRF_MODEL
    from marsad.ner.train import default_corpus_dir, default_training_files, train_neural

    current = model_path()
    # the default retrains the CRF (of `crf+cnn` too: the vote's version follows its members)
    neural = json.loads(current.read_text("utf-8")).get("kind") == "neural"
    kind = config.kind or ("cnn" if neural else "crf")
    target = Path(config.out_dir) if config.out_dir else current.parent
    name = "arabic-ner-cnn" if kind == "cnn" else "arabic-ner"
    files = default_training_files()
    if files:
        started = time.perf_counter()
        if kind == "cnn":
            # the self-training teacher votes with the CRF beside it (the committed one if none)
            crf = target / CRF_MODEL.name
            metrics = train_neural(
                files,
                target,
                default_corpus_dir(),
                refit_all=config.refit_all,
                crf_model=crf if crf.exists() else CRF_MODEL,
                log=context.log.info,
            )
        else:
            metrics = train_model(
                files,
                target,
                max_sentences=config.max_sentences or None,
                refit_all=config.refit_all,
            )
        context.log.info(
            f"trained in {time.perf_counter() - started:.0f} s: {metrics.get('version')}"
        )
    else:
        context.log.warning("no training data beside the checkout: reporting the committed model")
    meta = json.loads((target / f"{name}.json").read_text(encoding="utf-8"))
    dev = meta.get("dev", {})
    return dg.MaterializeResult(
        metadata={
            "version": meta["version"],
            "path": str(target),
            "trained": bool(files),
            **{f"dev_{k}_f1": dev[k]["f1"] for k in ("micro", "macro") if k in dev},
            **{f"dev_{t}_f1": s["f1"] for t, s in dev.get("per_type", {}).items()},
        }
    )


tagged = StageAssets(
    TAGGED,
    deps=[dg.AssetKey(["cleaned", "sentences"]), dg.AssetKey(["cleaned", "tokens"]), ner_model.key],
    description=(
        "Every cleaned sentence tagged by the NER model: person, organisation, place and other "
        "mentions with their span in the display text and, through the offset map, in the raw "
        "text, a confidence, and the model version that produced them."
    ),
    tables={"tagged_articles": "The articles the tagger has handled (its ledger for re-runs)."},
    preview_table="entity_mentions",
    preview_columns=["article_id", "type", "surface", "confidence"],
    checks=[
        DayCheck(
            "mention_spans_cut_surface", "entity_mentions", "checks/mention_spans", mention_spans
        )
    ],
)
