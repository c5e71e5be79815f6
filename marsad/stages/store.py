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

from marsad.stages import storage
from marsad.stages.storage import Location

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
    """A table stored as one Parquet file per publication date under `root/` (a local folder or
    an object-store prefix, see `marsad.stages.storage`)."""

    def __init__(self, root: Location) -> None:
        self.root = root

    def path_for(self, day: date) -> Location:
        return storage.join(self.root, f"{day.isoformat()}{SHARD_SUFFIX}")

    def has(self, day: date) -> bool:
        return storage.exists(self.path_for(day))

    def days(self) -> list[date]:
        return sorted(
            date.fromisoformat(name.removesuffix(SHARD_SUFFIX))
            for name in storage.names(self.root, SHARD_SUFFIX)
            if not name.startswith(".")
        )

    def files(self, days: Iterable[date] | None = None) -> list[Location]:
        wanted = set(days) if days is not None else None
        return [self.path_for(d) for d in self.days() if wanted is None or d in wanted]

    def read(
        self, days: Iterable[date] | None = None, columns: list[str] | None = None
    ) -> pl.DataFrame | None:
        files = self.files(days)
        if not files:
            return None
        return storage.read_parquet(files, columns=columns)

    def scan(self, day: date) -> pl.LazyFrame:
        """One day's shard, lazily (filters and column choices pushed into the read locally)."""
        return storage.scan_parquet(self.path_for(day))


class StageStore:
    """The folder layout of all stage outputs: `<stages>/<stage>/<table>/<YYYY-MM-DD>.parquet`.

    `root` is a local folder: stage state, commit journals, the raw stage's index and manifest,
    the catalogue and the publish marker live there, beside the warehouse lock. The day shards
    live under `shards` (default: `root`), which may be an object-store prefix."""

    def __init__(self, root: Path, shards: Location | None = None) -> None:
        self.root = root
        self.shards = root if shards is None else storage.as_location(shards)

    def table(self, stage: str, table: str) -> ShardedTable:
        return ShardedTable(storage.join(self.shards, stage, table))

    def file(self, stage: str, name: str) -> Path:
        return self.root / stage / name

    def relative(self, location: Location) -> str:
        """A shard's or file's name under the shards root or the stages folder, `/`-separated."""
        text = str(location)
        for base in (str(self.shards), str(self.root)):
            if text.startswith(base.rstrip("/") + "/"):
                return text[len(base.rstrip("/")) + 1 :]
        return text


def record_last_run(stage_dir: Path, seconds: float, **counts: Any) -> None:
    """Keep the wall time and counts of a stage's latest run (`_last_run.json`, read by bench/)."""
    write_json_atomic({"seconds": round(seconds, 3), **counts}, stage_dir / "_last_run.json")
