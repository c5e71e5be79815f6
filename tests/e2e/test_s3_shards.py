"""Day shards on an object store: a run whose shards live on a local S3-compatible server (moto,
started here on 127.0.0.1) publishes the same warehouse as a run on local disk, first run and
incremental run alike."""

from __future__ import annotations

import json
import os
import shutil

import fsspec
import pytest
from moto.server import ThreadedMotoServer

from bench.compare_warehouses import compare
from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from tests.helpers import SAMPLE

pytestmark = pytest.mark.corpus
BUCKET = "marsad-test"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    fs.mkdir(BUCKET)
    yield fs
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def runs(s3_server, corpus_dir, tmp_path_factory):
    """The same landing run twice (first run, then one more article) with local and S3 shards."""
    landing = tmp_path_factory.mktemp("landing")
    shutil.copytree(SAMPLE, landing, dirs_exist_ok=True)
    files = sorted(corpus_dir.rglob("*.txt"))
    for path in files[::1000][:30]:
        (landing / path.name).symlink_to(path)
    root = tmp_path_factory.mktemp("wh")
    local = Settings(landing, root / "local.duckdb", root / "local.stages")
    remote = Settings(
        landing, root / "s3.duckdb", root / "s3.stages", f"s3://{BUCKET}/marsad/stages"
    )
    first = {}
    for name, settings in (("local", local), ("s3", remote)):
        run_all(settings, workers=1)
        first[name] = root / f"{name}-first.duckdb"
        shutil.copyfile(settings.warehouse, first[name])
    (landing / files[5].name).symlink_to(files[5])
    modes = {}
    for name, settings in (("local", local), ("s3", remote)):
        run_all(settings, workers=1)
        last = json.loads((settings.stages / "publish" / "_last_run.json").read_text("utf-8"))
        modes[name] = last["mode"]
    return {"local": local, "s3": remote, "first": first, "modes": modes, "fs": s3_server}


def test_the_shards_are_on_the_object_store(runs):
    fs = runs["fs"]
    days = fs.ls(f"{BUCKET}/marsad/stages/parsed/articles", refresh=True)
    assert len(days) >= 10 and all(d.endswith(".parquet") for d in days)
    assert fs.ls(f"{BUCKET}/marsad/stages/entities/mentions", refresh=True)
    assert not list((runs["s3"].stages / "parsed").rglob("*.parquet"))  # nothing local
    assert not [k for k in fs.find(BUCKET) if k.rsplit("/", 1)[-1].startswith(".")]  # no temps


def test_a_first_run_on_s3_equals_a_local_run(runs):
    assert compare(str(runs["first"]["local"]), str(runs["first"]["s3"])) == []


def test_an_incremental_run_on_s3_equals_a_local_run(runs):
    assert runs["modes"] == {"local": "incremental", "s3": "incremental"}
    assert compare(str(runs["local"].warehouse), str(runs["s3"].warehouse)) == []


def test_a_no_op_run_on_s3_does_not_publish(runs):
    assert not run_all(runs["s3"], workers=1).published
