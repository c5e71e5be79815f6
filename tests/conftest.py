"""Shared fixtures: where ../shared lives, and the rule that CI never silently skips real data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from tests.helpers import copy_sample

REPO_ROOT = Path(__file__).resolve().parents[1]


def _require(path: Path, what: str) -> Path:
    if path.exists():
        return path
    message = f"{what} not found at {path}: tests over real data need ../shared beside the checkout"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _require((REPO_ROOT / ".." / "shared").resolve(), "../shared")


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return _require(shared_dir / "corpora" / "ant-multisource-v2.1", "the ANT corpus")


@pytest.fixture(scope="session")
def seed_file(shared_dir: Path) -> Path:
    return _require(shared_dir / "seed" / "000_1c1f25c93cd78aa3.txt", "the seed article")


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The sample's warehouse, built once per session (per xdist worker) into a temp folder."""
    root = tmp_path_factory.mktemp("sample_wh")
    landing = copy_sample(root / "landing")
    settings = Settings(landing, root / "warehouse.duckdb", root / "stages")
    run_all(settings, workers=1)
    return settings.warehouse
