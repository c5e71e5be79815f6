"""The `marsad` command as a user runs it."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import polars as pl
import pytest

from marsad.cli import main
from tests.helpers import copy_sample, query


def test_parse_prints_one_json_object_per_article(seed_file, capsys):
    assert main(["parse", str(seed_file)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    article = json.loads(line)
    assert article["title"] == "اجتماعات بين العراق وأمريكا بحث الانسحاب المرتقب"
    assert article["published_at"] == "2020-11-19T00:53:00"
    assert (article["visits"], article["comments"], article["section"]) == (889, 0, "العراق")
    assert len(article["paragraphs"]) == 14


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    """`marsad run` on a copy of the sample with a persistent Dagster instance (DAGSTER_HOME),
    as a user who also opens the UI has; its output captured line by line."""
    root = tmp_path_factory.mktemp("cli")
    landing = copy_sample(root / "landing")
    warehouse = root / "out" / "w.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        (root / "dagster_home").mkdir()  # telemetry off, as in the README's dagster.yaml
        (root / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        out, err = io.StringIO(), io.StringIO()
        args = ["run", "--landing", str(landing), "--warehouse", str(warehouse)]
        with redirect_stdout(out), redirect_stderr(err):
            code = main([*args, "--workers", "1", "--create"])
        yield SimpleNamespace(
            code=code,
            out=out.getvalue(),
            err=err.getvalue(),
            landing=landing,
            warehouse=warehouse,
            home=root / "dagster_home",
        )


def _dagster_runs(home: Path) -> list:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return list(instance.get_runs())


def test_run_prints_progress_and_a_short_summary(cli_run):
    assert cli_run.code == 0, cli_run.err[-2000:]
    lines = (cli_run.out + cli_run.err).splitlines()
    assert len(lines) <= 30, "\n".join(lines)
    assert not [line for line in lines if "DEBUG" in line or "Warning" in line]
    for stage in ("raw", "parsed", "cleaned", "tagged", "entities", "publish"):
        (bar,) = [line for line in cli_run.err.splitlines() if line.startswith(stage)]
        assert "━" in bar  # one progress bar per stage
    assert re.search(r"7/7\s+files", cli_run.err)  # the sample's seven landing files
    n = query(cli_run.warehouse, "SELECT count(*) FROM articles")[0][0]
    assert f"parsed {n:,}" in cli_run.out
    assert re.search(r"6 of 6 OK\s+publish", cli_run.out)


def test_the_dagster_event_log_is_on_disk_where_the_summary_says(cli_run):
    (line,) = [line for line in cli_run.out.splitlines() if line.startswith("Dagster event log:")]
    log = Path(line.split(": ", 1)[1].split()[0])
    assert log.is_file() and log.parent == cli_run.warehouse.with_name("w.stages") / "logs"
    text = log.read_text(encoding="utf-8")
    for event in ("RUN_START", "STEP_START", "ASSET_MATERIALIZATION", "RUN_SUCCESS"):
        assert event in text
    assert "ingest_job" in text and "update_job" in text


def test_runs_are_recorded_under_their_job_names(cli_run):
    jobs = sorted(run.job_name for run in _dagster_runs(cli_run.home))
    assert jobs == ["ingest_job", "update_job"]


def test_a_run_with_nothing_new_answers_without_starting_dagster(cli_run, capsys):
    settings = ["--landing", str(cli_run.landing), "--warehouse", str(cli_run.warehouse)]
    runs = len(_dagster_runs(cli_run.home))
    published = query(cli_run.warehouse, "SELECT published_at FROM marsad_meta")
    assert main(["run", *settings, "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("marsad: OK up to date, no change")
    assert len(_dagster_runs(cli_run.home)) == runs  # nothing to do: no Dagster run at all
    assert query(cli_run.warehouse, "SELECT published_at FROM marsad_meta") == published
    record = json.loads(
        (cli_run.warehouse.with_name("w.stages") / "logs" / "runs.jsonl")
        .read_text()
        .splitlines()[-1]
    )
    assert set(record["check_seconds"]) == {"landing", "stages", "warehouse"}  # where it went
    # a touched landing file is a change: the full run starts and reads it again
    manifest = cli_run.warehouse.with_name("w.stages") / "raw" / "manifest.parquet"
    touched = cli_run.landing / pl.read_parquet(manifest)["source_file"][0]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    assert main(["run", *settings, "--workers", "1", "--quiet"]) == 0
    capsys.readouterr()
    new = _dagster_runs(cli_run.home)[: len(_dagster_runs(cli_run.home)) - runs]  # newest first
    assert new and new[-1].job_name == "ingest_job"  # the full run read it again


def test_the_command_ends_with_its_output_written_and_its_exit_code(cli_run, tmp_path):
    """`python -m marsad.cli` (like the `marsad` script) ends without the interpreter's teardown
    (`exit_now`): what it printed still reaches a pipe, and its exit code is the command's."""
    settings = ["--landing", str(cli_run.landing), "--warehouse", str(cli_run.warehouse)]
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    command = [sys.executable, "-m", "marsad.cli"]
    done = subprocess.run([*command, "run", *settings], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.rstrip().endswith("warehouse unchanged (no Dagster run was needed).")
    missing = ["--landing", str(tmp_path / "nowhere"), "--warehouse", str(cli_run.warehouse)]
    refused = subprocess.run([*command, "run", *missing], capture_output=True, text=True, env=env)
    assert refused.returncode == 2 and "nowhere" in refused.stderr
    usage = subprocess.run([*command, "no-such-command"], capture_output=True, text=True, env=env)
    assert usage.returncode == 2 and "invalid choice" in usage.stderr
    # under a profiler the command ends the ordinary way, so the profiler writes its report
    report = tmp_path / "profile.txt"
    profiled = [sys.executable, "-m", "pyinstrument", "-o", str(report), "-m", "marsad.cli"]
    done = subprocess.run([*profiled, "run", *settings], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "cmd_run" in report.read_text(encoding="utf-8")


# What the `marsad` process's exit handlers see of the cyclic collector after the command.
_COLLECTOR_PROBE = """
import atexit, gc, sys
import marsad.cli as cli
atexit.register(lambda: print("collector", gc.isenabled(), gc.get_freeze_count() > 0))
sys.argv = ["marsad", *sys.argv[1:]]
cli.entry()
"""


def test_a_run_starts_without_the_collector_and_ends_with_it_on(tmp_path):
    """The `marsad` process imports Dagster with the cyclic collector off, then turns it back on
    with the imports frozen out of its sight: a run is never left without it (memory would grow
    with every cycle it makes). The stage workers' server does the same with its preload."""
    landing = copy_sample(tmp_path / "landing")
    warehouse = tmp_path / "out" / "w.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    args = ["run", "--landing", str(landing), "--warehouse", str(warehouse), "--create"]
    done = subprocess.run(
        [sys.executable, "-c", _COLLECTOR_PROBE, *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "OK published" in done.stdout or "Done in" in done.stdout
    assert done.stdout.rstrip().endswith("collector True True")
    warm = "import gc, marsad.stages.warm; print(gc.isenabled(), gc.get_freeze_count() > 0)"
    done = subprocess.run([sys.executable, "-c", warm], capture_output=True, text=True, env=env)
    assert done.stdout.split() == ["True", "True"], done.stderr[-2000:]


def test_status_reports_staleness_last_runs_counts_and_errors(cli_run, capsys):
    settings = ["--landing", str(cli_run.landing), "--warehouse", str(cli_run.warehouse)]
    assert main(["status", *settings, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    stages = {s["stage"]: s for s in report["stages"]}
    assert not any(s["stale"] for s in stages.values())
    assert all(s["last_run"]["outcome"] == "ok" for s in stages.values())
    n = query(cli_run.warehouse, "SELECT count(*) FROM articles")[0][0]
    assert report["tables"]["articles"] == n and report["tables"]["quarantine"] >= 1
    assert report["last_error"] is None
    # a new file makes the raw stage stale; a run refused for mass removal is the last error
    (cli_run.landing / "late.jsonl").write_text(
        '{"title": "خبر", "published_at": "2023-06-14", "body": "نص الخبر."}\n', encoding="utf-8"
    )
    assert main(["status", *settings]) == 0
    text = capsys.readouterr().out
    assert re.search(r"^raw\s+yes\s+1 new or changed file", text, flags=re.M)
    assert re.search(r"^publish\s+yes\s+after entities", text, flags=re.M)  # what follows
    assert len(text.splitlines()) <= 12
    # without --landing, staleness is judged against the folder the last run read
    assert main(["status", "--warehouse", str(cli_run.warehouse)]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"landing {cli_run.landing.resolve()} -> ")
    assert re.search(r"^raw\s+yes\s+1 new or changed file", text, flags=re.M)
    (cli_run.landing / "late.jsonl").unlink()
    shutil.rmtree(cli_run.landing / "jsonl")
    shutil.rmtree(cli_run.landing / "trec")
    assert main(["run", *settings, "--workers", "1", "--quiet"]) == 2
    capsys.readouterr()
    assert main(["status", *settings, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "MassRemoval" in report["last_error"]["error"]
    assert "MassRemoval" in Path(report["last_error"]["log"]).read_text(encoding="utf-8")
    assert {s["stage"]: s for s in report["stages"]}["raw"]["last_run"]["outcome"] == "failed"


def test_backfill_is_one_run_over_the_range(cli_run, capsys):
    before = {run.run_id for run in _dagster_runs(cli_run.home)}
    tagged = cli_run.warehouse.with_name("w.stages") / "tagged" / "_last_run.json"
    code = main(
        ["backfill", "--from", "2023-06-14", "--to", "2023-06-20", "--stage", "tagged"]
        + ["--warehouse", str(cli_run.warehouse), "--workers", "1", "--quiet"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert len(out.splitlines()) == 1 and out.startswith("marsad: OK")  # --quiet: one line
    (run,) = [r for r in _dagster_runs(cli_run.home) if r.run_id not in before]
    assert run.job_name == "update_job"
    assert run.tags["dagster/asset_partition_range_start"] == "2023-06-01"
    assert json.loads(tagged.read_text())["days"] == 2  # the sample's two days in that range


def test_ner_tag_conll_keeps_tokens_and_eval_scores(shared_dir, tmp_path, capsys):
    lines = (shared_dir / "ner" / "anercorp" / "train.txt").read_text(encoding="utf-8").splitlines()
    gold = tmp_path / "gold.txt"
    gold.write_text("\n".join(lines[-3000:]) + "\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["ner", "tag-conll", str(gold), str(out)]) == 0
    tagged = out.read_text(encoding="utf-8").splitlines()
    source = gold.read_text(encoding="utf-8").splitlines()
    assert [line.split(" ")[0] if line else "" for line in tagged] == [
        line.split()[0] if line.split() else "" for line in source
    ]
    tags = {line.split(" ")[1] for line in tagged if line}
    assert tags <= {"O"} | {f"{p}-{t}" for p in "BI" for t in ("PERS", "LOC", "ORG", "MISC")}
    assert main(["ner", "eval", str(gold)]) == 0
    report = capsys.readouterr().out
    assert "micro" in report and "PERS" in report and "confusion" in report
    # the other committed model, by name, behind the same commands
    assert main(["ner", "eval", str(gold), "--model", "cnn"]) == 0
    neural = capsys.readouterr().out
    assert "confusion" in neural and neural != report
