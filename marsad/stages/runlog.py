"""Where a run's story is kept: the Dagster event log file and the record of each command's run.

`marsad run` and `marsad backfill` write Dagster's event log to `<stages>/logs/<started>.log`
(the console shows only progress and a summary) and, when they end, one JSON object to
`<stages>/logs/runs.jsonl`: the command, when it started, how long it took, its outcome, the
error if any, the Dagster runs it made and the log file. `marsad status` reads them back.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

KEEP_LOGS = 50  # event log files kept; older ones are deleted when a run starts


def logs_dir(stages: Path) -> Path:
    return stages / "logs"


def new_log_path(stages: Path, started: datetime) -> Path:
    """A fresh event log file for a run starting at `started`; prunes the oldest beyond KEEP_LOGS."""
    folder = logs_dir(stages)
    folder.mkdir(parents=True, exist_ok=True)
    old = sorted(folder.glob("*.log"))
    for path in old[: max(0, len(old) - KEEP_LOGS + 1)]:
        path.unlink(missing_ok=True)
    return folder / f"{started.astimezone(UTC).strftime('%Y%m%dT%H%M%S.%fZ')}.log"


def record_run(stages: Path, record: dict[str, Any]) -> None:
    """Append one run's record (one JSON line; appends of a line this size are atomic)."""
    folder = logs_dir(stages)
    folder.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False, default=str, sort_keys=True)
    with open(folder / "runs.jsonl", "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def run_records(stages: Path) -> list[dict[str, Any]]:
    """Every recorded run, oldest first (a torn last line from a crash is skipped)."""
    path = logs_dir(stages) / "runs.jsonl"
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def now() -> datetime:
    return datetime.now(UTC)
