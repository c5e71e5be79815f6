"""Benchmark landings: nested, deterministic samples of the corpus, linked rather than copied.

Smaller sizes are prefixes of one seeded shuffle, so every size is a subset of the next and a
re-run picks the same files. Landings hold symlinks, so building one costs no corpus copy and the
repo never holds corpus text.
"""

from __future__ import annotations

import math
import os
import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

NOT_ARTICLES = frozenset({"README.md"})  # files in the corpus root that are documentation
NEW_DIR = "new"  # where changed copies go when the corpus has no unused article left
INCREMENTAL_FRACTION = 0.01


def corpus_files(corpus: Path) -> list[str]:
    """Sorted POSIX paths (relative to `corpus`) of every article file; hidden files skipped."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        top = Path(dirpath) == corpus
        for name in filenames:
            if name.startswith(".") or (top and name in NOT_ARTICLES):
                continue
            found.append((Path(dirpath) / name).relative_to(corpus).as_posix())
    return sorted(found)


def shuffled(files: Sequence[str], seed: int = 0) -> list[str]:
    """One seeded permutation of `files`; size n's sample is its first n entries."""
    return random.Random(seed).sample(list(files), len(files))


def parse_sizes(spec: str, total: int) -> list[int]:
    """'1000,4k,all' -> [1000, 4000, total]; sizes above `total` are clipped, repeats dropped."""
    sizes: list[int] = []
    for part in (p.strip().lower() for p in spec.split(",") if p.strip()):
        if part == "all":
            n = total
        elif part.endswith("k"):
            n = int(float(part[:-1]) * 1000)
        else:
            n = int(part)
        if n <= 0:
            raise ValueError(f"size must be positive: {part}")
        sizes.append(min(n, total))
    return sorted(set(sizes))


def link_landing(corpus: Path, files: Sequence[str], landing: Path) -> None:
    """Make `landing` mirror `files` of `corpus` as symlinks (the folders themselves are real)."""
    for rel in files:
        target = landing / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to((corpus / rel).resolve())


def incremental_count(size: int) -> int:
    return max(1, math.ceil(size * INCREMENTAL_FRACTION))


@dataclass(frozen=True)
class IncrementalPlan:
    unused: list[str]  # corpus files outside the sample, landed as they are
    changed: list[str]  # sample files landed again under new/ with their text changed


def plan_incremental(order: Sequence[str], size: int) -> IncrementalPlan:
    """1% new articles for a sample of `size`: unused corpus files first, changed copies after."""
    want = incremental_count(size)
    unused = list(order[size : size + want])
    return IncrementalPlan(unused, list(order[: want - len(unused)]))


def changed_copy(raw: bytes, serial: int) -> bytes:
    """The article with one sentence added at the end of its TEXT, so its content id is new."""
    sentence = f"وهذه جملة أضيفت لقياس التحديث رقم {serial}.\n".encode()
    cut = raw.rfind(b"</TEXT>")
    return raw + sentence if cut < 0 else raw[:cut] + sentence + raw[cut:]


def write_changed_copies(corpus: Path, files: Sequence[str], landing: Path) -> list[Path]:
    """Land changed copies of `files` under `landing/new/`; returns the paths written."""
    written = []
    for serial, rel in enumerate(files):
        target = landing / NEW_DIR / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(changed_copy((corpus / rel).read_bytes(), serial))
        written.append(target)
    return written


def unland_incremental(plan: IncrementalPlan, landing: Path) -> None:
    """Take the planned new articles out of `landing` again (to land them once more on a
    restored warehouse, see `bench.harness.measure_increments`)."""
    for rel in plan.unused:
        (landing / rel).unlink(missing_ok=True)
    shutil.rmtree(landing / NEW_DIR, ignore_errors=True)


def land_incremental(corpus: Path, plan: IncrementalPlan, landing: Path) -> int:
    """Add the planned new articles to `landing`; returns how many files were added."""
    link_landing(corpus, plan.unused, landing)
    write_changed_copies(corpus, plan.changed, landing)
    return len(plan.unused) + len(plan.changed)
