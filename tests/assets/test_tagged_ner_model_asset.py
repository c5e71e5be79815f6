"""The ner_model asset trains from ../shared/ner and records its dev scores."""

import importlib.util
import json

import dagster as dg
import pytest

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


def test_neural_retraining_without_the_train_extra_fails_clearly(shared_dir, tmp_path):
    """The pipeline never installs PyTorch: asking the job for the neural model without the
    `train` extra fails the run with the install command, and writes nothing."""
    if importlib.util.find_spec("torch") is not None:
        pytest.skip("PyTorch is installed here: the neural training itself is tested instead")
    result = dg.materialize(
        [ner_model],
        run_config={
            "ops": {"tagged__ner_model": {"config": {"out_dir": str(tmp_path), "kind": "cnn"}}}
        },
        raise_on_error=False,
    )
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert "pip install -e '.[train]'" in str(failure.step_failure_data.error)
    assert list(tmp_path.iterdir()) == []
