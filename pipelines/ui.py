"""`python -m marsad.pipelines.ui` (or `make ui`): the Dagster UI and daemon, stopped cleanly.

Dagster 1.13 marks `dagster dev` superseded by `dg dev`, and `dg` ships in dagster-dg-cli, which
pulls a cloud CLI, git and crypto libraries and pins dagster itself. What `dagster dev` wraps are
two services any deployment runs: `dagster-webserver` (the UI) and `dagster-daemon` (schedules,
sensors, the run queue). This starts those two, both installed with dagster, in one process
group of their own, with DAGSTER_HOME holding marsad's dagster.yaml (telemetry off, a run queue
that lets one warehouse-writing run in at a time). On Ctrl-C or SIGTERM it stops the whole
group, code servers included, and returns once no process of it is left (a few seconds).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from importlib.resources import files
from pathlib import Path

from marsad.settings import default_home

LOCATION = "marsad"
WORKSPACE = f"""# The one code location, named `{LOCATION}` in the UI (written by marsad.pipelines.ui).
load_from:
  - python_module:
      module_name: marsad.pipelines.definitions
      attribute: defs
      location_name: {LOCATION}
"""


def prepare_home(home: Path) -> Path:
    """Create DAGSTER_HOME with marsad's dagster.yaml and a workspace file; an existing
    dagster.yaml (yours, perhaps edited) is left as it is."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(files(__package__).joinpath("dagster.yaml").read_text(encoding="utf-8"))
    workspace = home / "workspace.yaml"
    if not workspace.exists():
        workspace.write_text(WORKSPACE, encoding="utf-8")
    return home


def script(name: str) -> str:
    """A console script installed beside this Python (the venv's), else found on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def commands(home: Path, host: str, port: int) -> list[list[str]]:
    workspace = str(home / "workspace.yaml")
    return [
        [script("dagster-webserver"), "-w", workspace, "-h", host, "-p", str(port)],
        [script("dagster-daemon"), "run", "-w", workspace],
    ]


class Services:
    """The webserver and the daemon in one new process group (their code servers join it)."""

    def __init__(
        self, home: Path, host: str = "127.0.0.1", port: int = 3000, env: dict | None = None
    ) -> None:
        env = {**(env or os.environ), "DAGSTER_HOME": str(prepare_home(home))}
        webserver, daemon = commands(home, host, port)
        self.procs = [subprocess.Popen(webserver, env=env, process_group=0)]
        self.group = self.procs[0].pid
        self.procs.append(subprocess.Popen(daemon, env=env, process_group=self.group))

    def alive(self) -> bool:
        try:
            os.killpg(self.group, 0)
        except ProcessLookupError:
            return False
        return True

    def stop(self, grace: float = 3.0) -> None:
        """SIGTERM to the group, SIGKILL to whatever is left after `grace` seconds; returns when
        the group is empty."""
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
            if not self.alive():
                break
            os.killpg(self.group, sig)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                for proc in self.procs:
                    proc.poll()  # reap our own children so they do not linger as zombies
                if not self.alive():
                    return
                time.sleep(0.1)

    def wait(self) -> int:
        """Block until a service exits on its own (then stop the other)."""
        while all(p.poll() is None for p in self.procs):
            time.sleep(0.5)
        code = next(p.returncode for p in self.procs if p.returncode is not None)
        self.stop()
        return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m marsad.pipelines.ui", description=__doc__)
    parser.add_argument(
        "--home",
        type=Path,
        default=Path(os.environ.get("DAGSTER_HOME") or default_home() / ".dagster_home"),
        help="DAGSTER_HOME (default: $DAGSTER_HOME, else .dagster_home in MARSAD_HOME/checkout)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    args = parser.parse_args(argv)
    services = Services(args.home.resolve(), args.host, args.port)
    print(f"Dagster UI on http://{args.host}:{args.port} (DAGSTER_HOME={args.home}); Ctrl-C stops")

    def stop(signum, frame):
        services.stop()
        sys.exit(128 + signum)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    return services.wait()


if __name__ == "__main__":
    sys.exit(main())
