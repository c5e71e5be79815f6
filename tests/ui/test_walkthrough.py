"""The UI walkthrough in a real browser (chromium + playwright), out of the default selection:
`.venv/bin/python -m pytest -m browser tests/ui` (minutes: it builds the sample, starts the UI and
follows a run through the daemon)."""

import pytest

from tests.ui.walkthrough import run


@pytest.mark.browser
def test_walkthrough_in_chromium(tmp_path):
    pytest.importorskip("playwright", reason="pip install -e '.[browser]'")
    outcome = run(tmp_path / "img")
    assert set(outcome["screenshots"]) == {"lineage", "partitions", "backfill", "run", "checks"}
    for path in outcome["screenshots"].values():
        assert 0 < path.stat().st_size < 200_000
    assert outcome["shutdown_seconds"] < 15  # SIGTERM: no process left after a few seconds
