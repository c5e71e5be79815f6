"""The README's UI walkthrough, driven in a real browser: `python -m tests.ui.walkthrough`.

Builds the sample warehouse with `marsad run` into a temporary DAGSTER_HOME, starts the UI with
`python -m marsad.pipelines.ui` on 127.0.0.1, and drives Debian's chromium through playwright's
Python package (pointed at /usr/bin/chromium: nothing is downloaded at run time; the script
installs chromium with apt when it is missing). It dismisses the first-run dialog, asserts every
stage asset is on the lineage view, opens the month partitions of parsed/articles, fills in a
backfill of a range of months, launches a one-partition materialisation and waits for its
success, opens the checks, saves a screenshot of each step, then stops the UI with a signal and
asserts no process of it is left. tests/ui/test_walkthrough.py runs it under pytest -m browser.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import dagster as dg

from marsad.assets.partitions import RANGE_START

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
CHROMIUM = Path("/usr/bin/chromium")
VIEW = {"width": 1280, "height": 800}
GROUPS = ["raw", "parsed", "cleaned", "tagged", "entities", "warehouse", "report"]
STAGE_ASSETS = [
    "raw_articles",
    "articles",
    "quarantine",
    "cleaned_articles",
    "sentences",
    "tokens",
    "ner_model",
    "entity_mentions",
    "tagged_articles",
    "entity_catalog",
    "mentions",
    "date_mentions",
    "roles",
    "quotes",
    "linked_articles",
    "entities",
    "actor_day",
    "coverage_report",
]
ONE_PARTITION = "2023-06-01"  # the month holding three of the sample's articles
MONTHS = "[2023-03-01...2023-07-01]"


def ensure_chromium() -> Path:
    """Debian's chromium, installed with apt when missing (playwright downloads nothing)."""
    if not CHROMIUM.exists():
        install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
        if subprocess.run(install).returncode != 0:
            subprocess.run(["apt-get", "update"], check=True)
            subprocess.run(install, check=True)
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def home_processes(home: Path) -> list[int]:
    """Processes running with this DAGSTER_HOME (the UI, daemon, code servers, runs)."""
    marker = f"DAGSTER_HOME={home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_until(what: str, test, timeout: float, every: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = test()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"{what}: not after {timeout:.0f} s")


def serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/server_info", timeout=5) as reply:
            return reply.status == 200
    except OSError:
        return False


class UI:
    """`python -m marsad.pipelines.ui` in a child process, as a person starts it."""

    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home, self.port = home, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "marsad.pipelines.ui", "--home", str(home)]
        self.log = open(home / "ui.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [*command, "--port", str(self.port)], env=env, stdout=self.log, stderr=self.log
        )
        wait_until("the UI answering", lambda: serving(self.url), timeout=600)

    def stop(self, sig: int = signal.SIGTERM) -> float:
        """Signal the launcher; return the seconds until no process with this home is left."""
        started = time.monotonic()
        self.proc.send_signal(sig)
        self.proc.wait(timeout=60)
        wait_until("every UI process gone", lambda: not home_processes(self.home), 30, 0.2)
        self.log.close()
        return time.monotonic() - started


def build_sample(root: Path, env: dict[str, str]) -> None:
    """The sample warehouse, built by `marsad run` with DAGSTER_HOME set (its runs show in the UI)."""
    shutil.copytree(SAMPLE, root / "landing")
    run = [sys.executable, "-m", "marsad.cli", "run", "--create", "--workers", "1"]
    subprocess.run(run, env=env, check=True, capture_output=True, cwd=root)


def shrink(path: Path) -> None:
    """Screenshots go into git: 64 colours keep each PNG small and the UI readable."""
    from PIL import Image  # noqa: PLC0415 - pillow comes with matplotlib; only this script needs it

    Image.open(path).convert("RGB").quantize(colors=64).save(path, optimize=True)


def walkthrough(url: str, home: Path, shots: Path) -> dict[str, Path]:
    from playwright.sync_api import expect, sync_playwright  # noqa: PLC0415 - optional extra

    shots.mkdir(parents=True, exist_ok=True)
    saved: dict[str, Path] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(ensure_chromium()), args=["--no-sandbox"])
        page = browser.new_page(viewport=VIEW)
        page.set_default_timeout(120_000)

        def shot(name: str) -> None:
            page.wait_for_timeout(1500)
            saved[name] = shots / f"{name}.png"
            page.screenshot(path=str(saved[name]))
            shrink(saved[name])

        # 1. Lineage: dismiss the first-run dialog, open every group in the lineage view's tree.
        page.goto(f"{url}/asset-groups")
        skip = page.get_by_role("button", name="Skip")
        try:
            skip.wait_for(timeout=20_000)
            skip.click()
        except Exception:  # noqa: BLE001 - the dialog shows once per browser profile
            pass
        for group in reversed(GROUPS):
            label = page.get_by_text(group, exact=True).first
            box = label.bounding_box()
            page.mouse.click(box["x"] - 40, box["y"] + box["height"] / 2)  # the group's caret
        page.get_by_text("linked_articles", exact=True).first.wait_for()
        words = set(page.inner_text("body").split())
        missing = [a for a in STAGE_ASSETS if a not in words]
        assert not missing, f"not on the lineage view: {missing}"
        for group in GROUPS:
            expect(page.locator("body")).to_contain_text(group)
        shot("lineage")

        # 2. A partitioned asset: the month partitions of parsed/articles.
        page.goto(f"{url}/assets/parsed/articles?view=partitions")
        page.get_by_text("Materialized", exact=False).first.wait_for()
        shot("partitions")

        # 3. A backfill of a range of months, filled in (launched as one run: single-run policy).
        def launch_dialog(partitions: str) -> None:
            page.get_by_role("button", name="Materialize", exact=False).first.click()
            confirm = page.get_by_role("button", name="Confirm")  # parsed/quarantine comes along
            confirm.wait_for()
            confirm.click()
            page.get_by_text("Partition selection").first.wait_for()
            show_all = page.get_by_text("Show all partitions")  # the dialog opens on 90 days
            if show_all.count():
                show_all.first.click()
                page.wait_for_timeout(1000)
            box = page.get_by_role("dialog").locator("input[type=text], input:not([type])").first
            box.fill(partitions)
            box.press("Enter")
            page.wait_for_timeout(1000)

        launch_dialog(MONTHS)
        expect(page.get_by_text("5 partitions", exact=False).first).to_be_visible()
        shot("backfill")
        page.get_by_role("button", name="Cancel", exact=True).click()

        # 4. One partition, launched and followed to success.
        page.goto(f"{url}/assets/parsed/articles?view=partitions")
        launch_dialog(ONE_PARTITION)
        expect(page.get_by_text("1 partition", exact=False).first).to_be_visible()
        page.get_by_role("dialog").get_by_role("button", name=re.compile("^Launch")).click()
        os.environ["DAGSTER_HOME"] = str(home)  # the template's storage reads it
        with dg.DagsterInstance.from_config(str(home)) as instance:
            run = wait_until(
                "the one-partition run to finish",
                lambda: next(
                    (
                        r
                        for r in instance.get_runs()
                        if ONE_PARTITION
                        in (r.tags.get("dagster/partition"), r.tags.get(RANGE_START))
                        and r.status in (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE)
                    ),
                    None,
                ),
                timeout=900,
            )
        os.environ.pop("DAGSTER_HOME")
        assert run.status == dg.DagsterRunStatus.SUCCESS, f"run {run.run_id}: {run.status}"
        page.goto(f"{url}/runs/{run.run_id}")
        page.get_by_text("Success", exact=True).first.wait_for()
        page.get_by_text("Loading run logs").wait_for(state="hidden")
        shot("run")

        # 5. The checks of the published mentions (spans, entity ids, drift).
        page.goto(f"{url}/assets/warehouse/mentions?view=checks")
        for name in ("mention_entities_exist", "unlinked_share_stable"):
            page.get_by_text(name).first.wait_for()  # the checks tab loads slowly under load
        page.get_by_text("mention_entities_exist").first.click()
        page.get_by_text("examples", exact=True).first.wait_for()
        shot("checks")
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--screenshots", type=Path, default=REPO / "docs" / "img")
    args = parser.parse_args(argv)
    run(args.screenshots.resolve())
    return 0


def run(shots: Path) -> dict[str, object]:
    """The whole walkthrough in a temporary folder; returns screenshots and shutdown seconds."""
    root = Path(tempfile.mkdtemp(prefix="marsad-ui-"))
    home = root / "dagster_home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MARSAD_", "DAGSTER_"))}
    env.update(
        DAGSTER_HOME=str(home),
        MARSAD_LANDING=str(root / "landing"),
        MARSAD_WAREHOUSE=str(root / "warehouse.duckdb"),
    )
    ensure_chromium()
    try:
        home.mkdir()
        shutil.copy(REPO / "pipelines" / "dagster.yaml", home / "dagster.yaml")
        started = time.monotonic()
        build_sample(root, env)
        ui = UI(home, env)
        print(f"sample built and UI up in {time.monotonic() - started:.0f} s", flush=True)
        try:
            saved = walkthrough(ui.url, home, shots)
        finally:
            stopped = ui.stop(signal.SIGTERM)
        print(f"walkthrough done; SIGTERM left no process after {stopped:.1f} s", flush=True)
        return {"screenshots": saved, "shutdown_seconds": stopped}
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
