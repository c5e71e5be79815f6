"""The wheel as a server or a Docker image installs it: not editable, in a fresh venv, elsewhere.

Builds a wheel from a copy of the checkout, installs it into a new venv under tmp_path (no
system site-packages, no PYTHONPATH, working directory outside the checkout), runs
`marsad run` on a copy of data/sample and compares the warehouse, table by table, with one the
checkout builds. The install fetches the dependencies through pip, so this is the long test
(a few minutes); `-m "not wheel"` leaves it out of a quick local run, CI runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bench.compare_warehouses import compare
from marsad.cli import main
from tests.helpers import REPO_ROOT, SAMPLE, copy_sample, query

pytestmark = pytest.mark.wheel

# Checkout litter that must not reach the build: venvs, caches, old build output (setuptools
# would reuse a stale build/lib), warehouses.
_NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    ".dagster_home",
    "*.duckdb*",
    "*.stages",
    "runs",
    "tmp*",
)


def _clean_env(venv: Path | None = None) -> dict[str, str]:
    """The environment minus anything that could lead Python or marsad back to the checkout."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "MARSAD_", "DAGSTER_", "VIRTUAL_ENV", "PYTEST"))
    }
    env["PYTHONNOUSERSITE"] = "1"
    env["MARSAD_POOL_MIN_ARTICLES"] = "0"  # the sample is small: use the worker pool anyway
    path = [p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(REPO_ROOT))]
    if venv is not None:
        path.insert(0, str(venv / "bin"))
    env["PATH"] = os.pathsep.join(path)
    return env


def _run(args: list[str | Path], cwd: Path, venv: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_clean_env(venv),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, (
        f"{' '.join(map(str, args))} exited {done.returncode}\n"
        f"--- stdout\n{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"
    )
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the checkout, so no stale build/ or egg-info feeds it."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO_ROOT, source, ignore=_NOT_SOURCE)
    dist = work / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source], cwd=work)
    (built,) = dist.glob("marsad-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A new venv (no system site-packages) with the wheel and its dependencies from pip."""
    work = tmp_path_factory.mktemp("venv")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=work)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], cwd=work, venv=venv)
    return venv


def _members(package: str, folder: Path, pattern: str) -> set[str]:
    """Where the checkout's files matching `pattern` under `folder` must sit in the wheel."""
    prefix = package.replace(".", "/")
    return {f"{prefix}/{p.relative_to(folder).as_posix()}" for p in folder.glob(pattern)}


def test_wheel_carries_the_sql_and_the_model_under_one_top_level_name(wheel):
    members = set(zipfile.ZipFile(wheel).namelist())
    dist_info = {m for m in members if m.split("/")[0].endswith(".dist-info")}
    assert {m.split("/")[0] for m in members - dist_info} == {"marsad"}
    sql = _members("marsad.sql", REPO_ROOT / "sql", "**/*.sql")
    models = _members("marsad", REPO_ROOT / "marsad", "ner/models/*")
    data = _members("marsad", REPO_ROOT / "marsad", "data/*")
    assert sql and models and data
    assert not sql - members, f"SQL files missing from the wheel: {sorted(sql - members)}"
    assert not models - members, f"model files missing from the wheel: {sorted(models - members)}"
    assert not data - members, f"data files missing from the wheel: {sorted(data - members)}"
    assert {"marsad/assets/__init__.py", "marsad/pipelines/definitions.py"} <= members


def test_installed_wheel_runs_the_sample_from_another_directory(venv, tmp_path):
    # one test, so that under pytest-xdist the venv is built once, by one worker
    probe = (
        "import importlib.util, json, marsad, marsad.assets, marsad.pipelines.definitions\n"
        "print(json.dumps({'marsad': marsad.__file__, 'bare': "
        "{n: importlib.util.find_spec(n) is not None for n in ('assets', 'pipelines', 'sql')}}))"
    )
    found = json.loads(_run([venv / "bin" / "python", "-c", probe], cwd=tmp_path, venv=venv))
    assert Path(found["marsad"]).resolve().is_relative_to(venv.resolve()), found["marsad"]
    assert found["bare"] == {"assets": False, "pipelines": False, "sql": False}

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    landing = shutil.copytree(SAMPLE, elsewhere / "landing")
    installed = elsewhere / "out" / "w.duckdb"
    out = _run(
        [venv / "bin" / "marsad", "run", "--landing", landing, "--warehouse", installed]
        + ["--workers", "2", "--create"],  # the pool's workers import marsad from the install too
        cwd=elsewhere,
        venv=venv,
    )
    assert "6 of 6 OK" in out and "records found 11" in out
    assert query(installed, "SELECT count(*) FROM articles") == [(9,)]
    assert query(installed, "SELECT count(*) FROM entity_mentions")[0][0] > 0
    assert query(installed, "SELECT count(*) FROM quarantine") == [(2,)]  # data/sample/broken

    checkout = tmp_path / "checkout" / "w.duckdb"
    landing = copy_sample(tmp_path / "landing")
    assert (
        main(
            [
                "run",
                "--landing",
                str(landing),
                "--warehouse",
                str(checkout),
                "--workers",
                "1",
                "--create",
            ]
        )
        == 0
    )
    assert compare(str(checkout), str(installed)) == []
