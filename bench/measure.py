"""What the benchmark measures: the floor, a pipeline run's wall time and peak memory, stage times.

The floor is the least any pipeline must do (read every landed file and split it into
whitespace tokens, in one process), so pipeline time is reported as a multiple of it and the
number travels across machines better than seconds do.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import psutil

MB = 1024 * 1024
POLL_SECONDS = 0.05
VERSIONED = ["duckdb", "polars", "dagster", "pyarrow", "pyinstrument"]


@dataclass(frozen=True)
class Floor:
    seconds: float
    files: int
    words: int
    bytes: int


def landing_paths(landing: Path) -> list[Path]:
    """Every non-hidden file below `landing`, in the order the pipeline lists them."""
    paths = []
    for dirpath, dirnames, filenames in os.walk(landing):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        paths.extend(Path(dirpath) / n for n in sorted(filenames) if not n.startswith("."))
    return paths


def read_and_split(paths: list[Path]) -> tuple[int, int]:
    """(whitespace tokens, bytes) of `paths`: the floor's whole work."""
    words = size = 0
    for path in paths:
        data = path.read_bytes()
        size += len(data)
        words += len(data.decode("utf-8", errors="replace").split())
    return words, size


def measure_floor(landing: Path, passes: int = 2) -> Floor:
    """Best of `passes` timed passes; the first also warms the page cache the pipeline then uses."""
    best = float("inf")
    words = size = files = 0
    for _ in range(passes):
        started = time.perf_counter()
        paths = landing_paths(landing)
        words, size = read_and_split(paths)
        best = min(best, time.perf_counter() - started)
        files = len(paths)
    return Floor(round(best, 3), files, words, size)


@dataclass
class TreeUsage:
    """Peak summed RSS and total CPU time of a process and all its descendants (pools,
    forkserver), polled. CPU time shows how much of a wall time was waiting on a busy machine."""

    pid: int
    interval: float = POLL_SECONDS
    peak_bytes: int = 0
    peak_processes: int = 0
    peak_root_bytes: int = 0  # the polled process's own share of the peak
    peak_at: float = 0.0  # time.time() of the peak sample
    samples: int = 0
    _cpu: dict[tuple[int, float], float] = field(default_factory=dict)  # (pid, started) -> s
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @property
    def cpu_seconds(self) -> float:
        """User + system seconds of every process seen (up to its last poll)."""
        return sum(self._cpu.values())

    def sample(self) -> int:
        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0
        total = own = 0
        for proc in procs:
            try:
                with proc.oneshot():
                    rss = proc.memory_info().rss
                    total += rss
                    own = rss if proc.pid == self.pid else own
                    times = proc.cpu_times()
                    self._cpu[(proc.pid, proc.create_time())] = times.user + times.system
            except psutil.Error:
                continue  # exited between listing and reading
        self.samples += 1
        if total > self.peak_bytes:
            self.peak_bytes, self.peak_processes = total, len(procs)
            self.peak_root_bytes, self.peak_at = own, time.time()
        return total

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeUsage:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


@dataclass(frozen=True)
class RunMeasure:
    seconds: float
    peak_rss_mb: float
    peak_processes: int
    cpu_seconds: float  # user + system over the process tree
    peak_main_mb: float  # the `marsad run` process's own RSS at the peak
    peak_stage: str  # the stage running when the peak was sampled
    stages: dict[str, dict]  # stage -> its _last_run.json, for the stages this run executed
    load_before: float  # 1-minute load average when the run started: how busy the machine was
    settle_seconds: float = 0.0  # how long the writes of what ran before took to reach the disk


def stage_runs(stages_dir: Path) -> dict[str, tuple[int, dict]]:
    """stage -> (mtime_ns, payload) of every `<stages>/<stage>/_last_run.json`."""
    found = []
    for path in stages_dir.glob("*/_last_run.json"):
        found.append((path.stat().st_mtime_ns, path.parent.name, path))
    return {name: (mtime, json.loads(p.read_text("utf-8"))) for mtime, name, p in sorted(found)}


def ran_since(before: dict[str, tuple[int, dict]], after: dict[str, tuple[int, dict]]) -> dict:
    """Stages whose _last_run.json changed between two snapshots, in the order they finished."""
    return {
        name: payload
        for name, (mtime, payload) in after.items()
        if before.get(name, (None, None))[0] != mtime
    }


def stage_at(ran: dict[str, dict], finished: dict[str, float], moment: float) -> str:
    """The stage whose run (from its `_last_run.json` time less its seconds, to that time) holds
    `moment` (epoch seconds); otherwise 'other' (startup, Dagster, checks)."""
    for name, payload in ran.items():
        if finished[name] - payload["seconds"] <= moment <= finished[name]:
            return name
    return "other"


def pipeline_command(landing: Path, warehouse: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "marsad.cli",
        "run",
        "--landing",
        str(landing),
        "--warehouse",
        str(warehouse),
        "--workers",
        str(workers),
        "--create",  # the benchmark's run folder is its own
    ]


def run_pipeline(
    landing: Path, warehouse: Path, stages_dir: Path, workers: int, log: Path
) -> RunMeasure:
    """One `marsad run` in a subprocess (ephemeral Dagster instance), timed and memory-polled.
    It starts once what ran before it (the previous run, the landing of new files) is on the
    disk (`os.sync`, timed apart), as a run on a schedule minutes later would: on a VM disk the
    writeback of a full run's 1.4 GB otherwise slowed the next run's landing scan from 0.5 s to
    15 s, measuring the disk's backlog instead of the run."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    before = stage_runs(stages_dir) if stages_dir.exists() else {}
    settling = time.perf_counter()
    os.sync()
    settle = time.perf_counter() - settling
    load = os.getloadavg()[0]
    with log.open("ab") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            pipeline_command(landing, warehouse, workers), stdout=out, stderr=out, env=env
        )
        with TreeUsage(proc.pid) as usage:
            code = proc.wait()
        seconds = time.perf_counter() - started
    if code != 0:
        tail = log.read_text("utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"marsad run failed ({code}); end of {log}:\n{tail}")
    after = stage_runs(stages_dir)
    ran = ran_since(before, after)
    finished = {name: after[name][0] / 1e9 for name in ran}
    return RunMeasure(
        round(seconds, 3),
        round(usage.peak_bytes / MB, 1),
        usage.peak_processes,
        round(usage.cpu_seconds, 1),
        round(usage.peak_root_bytes / MB, 1),
        stage_at(ran, finished, usage.peak_at),
        ran,
        round(load, 2),
        round(settle, 2),
    )


def tree_size_mb(path: Path) -> float:
    if path.is_file():
        return round(path.stat().st_size / MB, 2)
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / MB, 2)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def machine_info() -> dict:
    """What the numbers were measured on."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu_model": _cpu_model(),
        "cores_logical": os.cpu_count(),
        "cores_physical": psutil.cpu_count(logical=False),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        **{name: _version(name) for name in VERSIONED},
    }
