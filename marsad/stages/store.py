"""Stage outputs on disk: where the Parquet shards (one per publication date) live, and atomic
single-file writes.

A single file is written to a temporary name in the same folder and renamed over the old one
with `os.replace`, so a reader never sees half a file. A stage-day's several shards are made
visible together by `marsad.stages.commit`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

SHARD_SUFFIX = ".parquet"


def write_parquet_atomic(frame: pl.DataFrame, path: Path) -> None:
    """Write `frame` to `path` so that `path` is either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        frame.write_parquet(tmp, compression="zstd", compression_level=1, statistics=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_atomic(payload: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    os.replace(tmp, path)


def read_json(path: Path, default: Any) -> Any:
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


class ShardedTable:
    """A table stored as one Parquet file per publication date under `root/`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, day: date) -> Path:
        return self.root / f"{day.isoformat()}{SHARD_SUFFIX}"

    def days(self) -> list[date]:
        if not self.root.exists():
            return []
        return sorted(
            date.fromisoformat(p.name.removesuffix(SHARD_SUFFIX))
            for p in self.root.glob(f"*{SHARD_SUFFIX}")
        )

    def files(self, days: Iterable[date] | None = None) -> list[Path]:
        wanted = set(days) if days is not None else None
        return [self.path_for(d) for d in self.days() if wanted is None or d in wanted]

    def read(
        self, days: Iterable[date] | None = None, columns: list[str] | None = None
    ) -> pl.DataFrame | None:
        files = self.files(days)
        if not files:
            return None
        return pl.read_parquet(files, columns=columns)


class StageStore:
    """The folder layout of all stage outputs: `<stages>/<stage>/<table>/<YYYY-MM-DD>.parquet`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def table(self, stage: str, table: str) -> ShardedTable:
        return ShardedTable(self.root / stage / table)

    def file(self, stage: str, name: str) -> Path:
        return self.root / stage / name


def record_last_run(stage_dir: Path, seconds: float, **counts: Any) -> None:
    """Keep the wall time and counts of a stage's latest run (`_last_run.json`, read by bench/)."""
    write_json_atomic({"seconds": round(seconds, 3), **counts}, stage_dir / "_last_run.json")
