"""One commit point for a set of stage files: they become visible together or not at all.

A stage-day writes several shards (`cleaned_articles`, `sentences`, `tokens`, ...) and the raw
stage several files (day shards, index, manifest, state). Each is first written complete under a
temporary name beside its target; then a small journal listing every (temporary, target) pair is
written atomically: that rename is the commit point. The renames that follow are replayed from
the journal by the next run if a crash interrupts them (`recover`), so after any crash the
files are either all old (no journal: the temporaries are deleted) or all new (journal: the
renames are finished). Readers never read a stage while a run holds the warehouse lock, and every
run recovers before it reads.

`crash_point(name)` is fault injection for the crash tests: with `MARSAD_CRASH_AT=name[:n]` the
process SIGKILLs itself at the n-th time (default 1st) it passes `name`. Unset, it costs nothing.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import polars as pl

from marsad.stages import storage
from marsad.stages.storage import Location
from marsad.stages.store import write_json_atomic

JOURNAL_DIR = "_pending"
TMP_SUFFIX = ".tmp"
_crash_hits: dict[str, int] = {}


def crash_point(name: str) -> None:
    """SIGKILL this process here when MARSAD_CRASH_AT names this point (crash tests only)."""
    wanted = os.environ.get("MARSAD_CRASH_AT")
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _crash_hits[name] = _crash_hits.get(name, 0) + 1
    if _crash_hits[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def _temporary(target: Location) -> Location:
    """A fresh name beside `target` (`.<name>.<random>.tmp`, which `recover` deletes), not
    created: a day stage's increment writes thousands of small shards, and creating each name
    first (mkstemp) cost a third as much as writing the shard."""
    return storage.temporary_beside(target, TMP_SUFFIX)


class Commit:
    """Files to replace (or delete) together; nothing is visible until `apply()`."""

    def __init__(self, stage_dir: Path, name: str) -> None:
        self.journal = stage_dir / JOURNAL_DIR / f"{name}.json"
        self.writes: list[tuple[str | None, str]] = []  # (temporary or None = delete, target)

    def parquet(
        self,
        frame: pl.DataFrame | None,
        target: Location,
        keep_empty: bool = False,
        statistics: bool = True,
    ) -> None:
        """Replace `target` by `frame`; an absent (or, unless `keep_empty`, empty) frame removes
        the file. `statistics`: see `storage.write_parquet`."""
        if frame is None or (frame.height == 0 and not keep_empty):
            self.delete(target)
            return
        tmp = _temporary(target)
        try:
            storage.write_parquet(frame, tmp, statistics)
        except BaseException:
            storage.delete(tmp)
            raise
        self.writes.append((str(tmp), str(target)))

    def parquet_groups(
        self, frame: pl.DataFrame, key: str, targets: dict, statistics: bool = True
    ) -> dict:
        """Replace `targets[value]` by the rows of `frame` whose `key` is `value` (without
        `key`), for every value `frame` holds (each must have a target), in one write (see
        `storage.write_parquet_groups`). Returns the temporary each value was written to."""
        values = frame[key].unique().to_list()
        temporaries = {value: _temporary(targets[value]) for value in values}
        try:
            storage.write_parquet_groups(frame, key, temporaries, statistics)
        except BaseException:
            for tmp in temporaries.values():
                storage.delete(tmp)
            raise
        self.writes.extend((str(temporaries[v]), str(targets[v])) for v in values)
        return temporaries

    def json(self, payload: Any, target: Path) -> None:
        tmp = _temporary(target)
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=1, sort_keys=True, default=str)
        self.writes.append((str(tmp), str(target)))

    def delete(self, target: Location) -> None:
        self.writes.append((None, str(target)))

    def apply(self) -> None:
        """Commit: write the journal (the commit point), do the renames, drop the journal."""
        crash_point("commit.before_journal")
        write_json_atomic({"writes": self.writes}, self.journal)
        crash_point("commit.after_journal")
        _replay(self.journal)

    def abort(self) -> None:
        for tmp, _ in self.writes:
            if tmp is not None:
                storage.delete(storage.as_location(tmp))
        self.writes.clear()


def _replay(journal: Path) -> None:
    """Finish the renames a journal lists (idempotent: a rename already done is skipped)."""
    writes = json.loads(journal.read_text(encoding="utf-8"))["writes"]
    for k, (tmp, target) in enumerate(writes):
        if k == 1:
            crash_point("commit.mid_rename")
        if tmp is None:
            storage.delete(storage.as_location(target))
        elif storage.exists(storage.as_location(tmp)):
            storage.move(storage.as_location(tmp), storage.as_location(target))
    journal.unlink()


def recover(stages: Path, shards: Location | None = None) -> dict[str, int]:
    """Finish every committed journal under `stages`, then delete temporaries nobody will use
    (under `shards` too, when the day shards are stored elsewhere).

    Call only while holding the warehouse lock (no other run may be writing)."""
    replayed = removed = 0
    if not stages.exists():
        return {"replayed": 0, "removed": 0}
    for journal in sorted(stages.glob(f"*/{JOURNAL_DIR}/*.json")):
        _replay(journal)
        replayed += 1
    for tmp in stages.rglob(f".*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
        removed += 1
    if shards is not None and storage.is_remote(shards):
        for tmp in storage.find(shards, ".", TMP_SUFFIX):
            storage.delete(tmp)
            removed += 1
    return {"replayed": replayed, "removed": removed}
