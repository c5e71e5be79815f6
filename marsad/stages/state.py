"""Which publication days a stage must (re)compute: input fingerprints per day.

Each stage records, per day it wrote, a fingerprint of what it was computed from (the upstream
day's fingerprint and the stage's own version). A day is dirty for a stage when the upstream
fingerprint or the stage version changed, when the day is new upstream, or when it vanished
upstream (its shard must go). This makes a no-op re-run cost nothing, a crash mid-run resumable
(the state is written after the shards), and a new model or parser version a clean backfill.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from marsad.stages.store import read_json, write_json_atomic

STATE_FILE = "_state.json"


def fingerprint(*parts: object) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


class StageState:
    """Per-day fingerprints of one stage's outputs, kept in `<stages>/<stage>/_state.json`."""

    def __init__(self, stage_dir: Path) -> None:
        self.path = stage_dir / STATE_FILE

    def load(self) -> dict[date, str]:
        raw = read_json(self.path, {})
        return {date.fromisoformat(k): v for k, v in raw.items()}

    def save(self, states: Mapping[date, str]) -> None:
        write_json_atomic({d.isoformat(): fp for d, fp in sorted(states.items())}, self.path)

    def update(self, written: Mapping[date, str | None]) -> None:
        """Record fingerprints of days just written (None: the day has no output any more)."""
        states = self.load()
        for day, fp in written.items():
            if fp is None:
                states.pop(day, None)
            else:
                states[day] = fp
        self.save(states)


def chained_version(upstream_fp: str | None, stage_version: str) -> str:
    """The stage's version after its upstream's, which holds its own upstream's, and so on
    (`entities-10<tagged-3+crf-…<cleaned-2<parsed-2`): an article's rows are reused only when
    no stage before it changed version either (a new cleaning moves the offsets the tagger's
    rows point into, though the article id stays the same)."""
    upstream = output_version(upstream_fp)
    return f"{stage_version}<{upstream}" if upstream else stage_version


def output_fingerprint(upstream_fp: str, stage_version: str) -> str:
    """`<chained version>:<hash>`: the versions stay readable, to know whether rows can be
    reused."""
    chain = chained_version(upstream_fp, stage_version)
    return f"{chain}:{fingerprint(upstream_fp, stage_version)}"


def output_version(output_fp: str | None) -> str | None:
    """The chained version an output fingerprint was written under (None: no fingerprint, or
    one without a version, like the raw stage's)."""
    if output_fp is None or ":" not in output_fp:
        return None
    return output_fp.rsplit(":", 1)[0]


def dirty_days(
    upstream: Mapping[date, str],
    own: Mapping[date, str],
    stage_version: str,
    window: tuple[date, date] | None = None,
) -> list[date]:
    """Days in `window` (inclusive) whose output is missing, stale, or orphaned."""
    days: set[date] = set()
    for day, fp in upstream.items():
        if own.get(day) != output_fingerprint(fp, stage_version):
            days.add(day)
    days.update(day for day in own if day not in upstream)
    if window is not None:
        days = {d for d in days if window[0] <= d <= window[1]}
    return sorted(days)
