"""One writer per warehouse: every run (CLI, Dagster job, sensor-launched run) holds its lock.

The lock is an OS file lock (`filelock`) on `<warehouse>.lock` beside the warehouse, so it is
released by the kernel when its holder dies, even by SIGKILL: a crash never leaves a stale lock.
The holder writes who it is (pid, host, command, start time) to `<warehouse>.lock.holder`, so
the run that is refused can say which run it waited for. Within one process the lock is
re-entrant: `marsad run` holds it for the whole run and the assets it materialises in-process
pass straight through.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from marsad.stages.commit import recover
from marsad.stages.storage import Location

_held: dict[str, int] = {}  # lock path -> nesting depth, in this process


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse lock."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def holder_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock.holder")


def describe_holder(warehouse: Path) -> str:
    try:
        info = json.loads(holder_path(warehouse).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "another run (holder unknown)"
    return (
        f"pid {info.get('pid')} on {info.get('host')} ({info.get('command')}, "
        f"since {info.get('since')})"
    )


@contextmanager
def warehouse_lock(warehouse: Path, command: str, timeout: float = 0) -> Iterator[None]:
    """Hold the warehouse's write lock; wait up to `timeout` s (-1: forever), else WarehouseBusy."""
    path = lock_path(warehouse)
    key = str(path)
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    if not warehouse.parent.is_dir():
        raise FileNotFoundError(f"no folder {warehouse.parent} for the warehouse {warehouse.name}")
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise WarehouseBusy(
            f"warehouse {warehouse} is busy: a run is already in progress, held by "
            f"{describe_holder(warehouse)}. Wait for it to finish (or pass --wait SECONDS)."
        ) from None
    _held[key] = 1
    try:
        holder_path(warehouse).write_text(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "command": command or " ".join(sys.argv),
                    "since": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            ),
            encoding="utf-8",
        )
        yield
    finally:
        _held.pop(key, None)
        holder_path(warehouse).unlink(missing_ok=True)
        lock.release()


def is_locked(warehouse: Path) -> bool:
    """True when some run holds the lock (a sensor uses it to skip instead of queueing)."""
    if _held.get(str(lock_path(warehouse))):
        return True
    if not warehouse.parent.is_dir():
        return False
    lock = FileLock(str(lock_path(warehouse)), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    lock.release()
    return False


def holds(warehouse: Path) -> bool:
    """True when this process already holds the warehouse lock."""
    return bool(_held.get(str(lock_path(warehouse))))


@contextmanager
def exclusive_run(
    warehouse: Path,
    stages: Path,
    command: str,
    timeout: float = 0,
    shards: Location | None = None,
) -> Iterator[dict[str, int]]:
    """Hold the warehouse lock; on first acquisition, finish or undo what a crashed run left
    (committed journals replayed, temporary shards and half-built warehouses removed)."""
    outer = not holds(warehouse)
    with warehouse_lock(warehouse, command, timeout):
        cleaned: dict[str, int] = {}
        if outer:
            cleaned = recover(stages, shards)
            cleaned["building"] = remove_build_leftovers(warehouse)
        yield cleaned


def remove_build_leftovers(warehouse: Path) -> int:
    """Delete half-built warehouses a crashed publish left (`.<name>.*.building` and WALs).
    Call only while holding the warehouse lock."""
    removed = 0
    if warehouse.parent.is_dir():
        for leftover in warehouse.parent.glob(f".{warehouse.name}.*.building*"):
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed
