"""Backfill policy of the dated stages: one run by default, runs of N months when configured."""

import json
import os
import subprocess
import sys

import pytest

SHOW_POLICIES = """
import json
from marsad.pipelines.definitions import defs
graph = defs.get_repository_def().asset_graph
out = {}
for key in graph.get_all_asset_keys():
    node = graph.get(key)
    if node.partitions_def is not None and key.path[0] != "report":
        policy = node.backfill_policy
        out[key.to_user_string()] = [policy.policy_type.value, policy.max_partitions_per_run]
print(json.dumps(out))
"""


def policies(months: str | None) -> dict[str, list]:
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_BACKFILL_MONTHS_PER_RUN"}
    if months is not None:
        env["MARSAD_BACKFILL_MONTHS_PER_RUN"] = months
    done = subprocess.run(
        [sys.executable, "-c", SHOW_POLICIES], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_default_is_one_run_per_backfill():
    found = policies(None)
    assert "parsed/articles" in found and "entities/mentions" in found
    assert {tuple(p) for p in found.values()} == {("SINGLE_RUN", None)}


def test_months_per_run_splits_a_backfill():
    found = policies("3")
    assert "tagged/entity_mentions" in found
    assert {tuple(p) for p in found.values()} == {("MULTI_RUN", 3)}


@pytest.mark.parametrize("bad", ["0", "many"])
def test_a_bad_setting_stops_the_definitions_from_loading(bad):
    with pytest.raises(subprocess.CalledProcessError) as failed:
        policies(bad)
    assert "MARSAD_BACKFILL_MONTHS_PER_RUN" in failed.value.stderr
