"""The ner_model asset trains from ../shared/ner and records its dev scores."""

import json

import dagster as dg

from marsad.assets.tagged import ner_model


def test_ner_model_asset_trains_and_records_dev_scores(shared_dir, tmp_path):
    result = dg.materialize(
        [ner_model],
        run_config={
            "ops": {
                "tagged__ner_model": {"config": {"out_dir": str(tmp_path), "max_sentences": 300}}
            }
        },
    )
    assert result.success
    (materialization,) = result.asset_materializations_for_node("tagged__ner_model")
    meta = materialization.metadata
    assert meta["trained"].value is True
    assert 0 < meta["dev_micro_f1"].value <= 100
    written = json.loads((tmp_path / "arabic-ner.json").read_text(encoding="utf-8"))
    assert written["version"] == meta["version"].value
