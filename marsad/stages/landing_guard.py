"""Guards against publishing a loss nobody asked for, and a landing scan that never crashes.

- The landing folder must exist and be readable: a mistyped `--landing`, an unmounted share or
  a run started from another folder is an error that changes nothing (`LandingMissing`).
- Every directory entry becomes either a file to read or one quarantine row: a dangling or
  looping symlink, a socket, a FIFO or device, an unreadable sub-folder. The batch goes on.
- An unreadable sub-folder keeps the records it had (its files are not counted as removed).
- A run that would drop more than `max_removal_share` of the articles the raw stage holds stops
  (`MassRemoval`) unless removals are allowed explicitly.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from marsad.records import Reason, Rejection
from marsad.sources.field_map import FIELDS_FILE

# fields_hash: a hash of the `_fields.toml` that applies to the file ("" when none), so editing a
# folder's mapping makes the raw stage read that folder's files again
LISTING_SCHEMA = {
    "source_file": pl.String,
    "file_bytes": pl.Int64,
    "mtime_ns": pl.Int64,
    "fields_hash": pl.String,
}
DEFAULT_MAX_REMOVAL_SHARE = 0.10
# Quarantine reasons about directory entries: recomputed from the landing folder on every scan.
ENTRY_REASONS = frozenset(
    {Reason.DANGLING_LINK, Reason.LINK_LOOP, Reason.SPECIAL_FILE, Reason.UNREADABLE_FOLDER}
)


class LandingMissing(RuntimeError):
    """The landing folder is missing or unreadable: nothing may be ingested or published."""


class MassRemoval(RuntimeError):
    """A run would remove more of the published articles than allowed."""


@dataclass
class LandingScan:
    listing: pl.DataFrame  # source_file, file_bytes, mtime_ns of every regular file
    rejections: list[Rejection] = field(default_factory=list)  # one per bad entry
    unreadable_dirs: list[str] = field(default_factory=list)  # relative, '/'-separated


def check_landing(landing: Path) -> None:
    if not landing.exists():
        raise LandingMissing(
            f"landing folder {landing} does not exist (mistyped --landing, share not mounted, "
            "or MARSAD_HOME/MARSAD_LANDING unset?); nothing was changed"
        )
    if not landing.is_dir():
        raise LandingMissing(f"landing {landing} is not a folder; nothing was changed")
    try:
        with os.scandir(landing):
            pass
    except OSError as error:
        raise LandingMissing(
            f"landing folder {landing} is unreadable ({error}); nothing was changed"
        ) from None


def _entry_rejection(reason: Reason, message: str, source_file: str) -> Rejection:
    return Rejection("raw", reason, message, source_file)


def _fields_hash(folder: Path, entries: list[os.DirEntry]) -> str | None:
    """A hash of the folder's own `_fields.toml` (None when it has none; "unreadable" when it
    cannot be read, which the reader reports per file)."""
    if not any(e.name == FIELDS_FILE for e in entries):
        return None
    try:
        return hashlib.blake2b((folder / FIELDS_FILE).read_bytes(), digest_size=8).hexdigest()
    except OSError:
        return "unreadable"


# Threads that list folders and stat files at once when the disk is the bound: on a cold cache (a
# no-op run minutes after the last one) 31.8k files took 4.9 s one at a time and 1.8 s on 8
# threads (the GIL is released in every system call). On a warm cache (a run right after files
# landed) it took 0.25-0.33 s in one thread and 0.48-0.79 s on 8 threads, which contend for the
# GIL. So the scan starts in the calling thread and moves the rest to the threads once it has
# listed WARM_PROBE_FILES files at more than WARM_SECONDS_PER_FILE each (warm ~10 us a file,
# cold ~150 us: listing the folders is the slow part, their files' inodes come with them).
SCAN_THREADS = 8
WARM_PROBE_FILES = 1024
WARM_SECONDS_PER_FILE = 40e-6
# Files of one folder stat-ed per task, so one huge folder is spread over the threads too.
STAT_CHUNK = 512


@dataclass
class _Folder:
    """What listing one folder found: its files (to stat), sub-folders, and bad entries."""

    files: list[tuple[os.DirEntry, str]] = field(default_factory=list)  # (entry, relative name)
    folders: list[tuple[Path, str]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    fields_hash: str = ""


def _list_folder(landing: Path, folder: Path, rel: str, fields_hash: str) -> _Folder:
    found = _Folder(fields_hash=fields_hash)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as error:
        if not rel:
            raise LandingMissing(f"landing folder {landing} is unreadable ({error})") from None
        found.unreadable.append(rel)
        found.rejections.append(
            _entry_rejection(
                Reason.UNREADABLE_FOLDER,
                f"cannot list the folder ({error.strerror}); its earlier records are kept",
                rel,
            )
        )
        return found
    found.fields_hash = _fields_hash(folder, entries) or fields_hash  # the nearest mapping applies
    for entry in entries:
        if entry.name.startswith(".") or entry.name == FIELDS_FILE:  # a folder's field mapping
            continue
        name = f"{rel}/{entry.name}" if rel else entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                found.folders.append((Path(entry.path), name))
                continue
            if entry.is_symlink() and entry.is_dir():
                continue  # symlinked folders are not followed (no loops, no double counting)
        except OSError:
            pass
        found.files.append((entry, name))
    return found


def _stat_files(files: list[tuple[os.DirEntry, str]], fields_hash: str) -> tuple[list, list]:
    """(listing rows as (name, bytes, mtime, fields hash) tuples, rejections) of landing file
    entries: regular files (through symlinks) are listed; dangling or looping links and special
    files are rejected. Tuples, not dicts: the threads share one interpreter lock, and a dict a
    file held it a third of a warm scan."""
    rows: list[tuple] = []
    rejections: list[Rejection] = []
    for entry, name in files:
        try:
            info = entry.stat()  # follows symlinks; cached when `is_dir` followed one already
        except FileNotFoundError:
            target = os.readlink(entry.path) if entry.is_symlink() else "?"
            rejections.append(
                _entry_rejection(
                    Reason.DANGLING_LINK, f"symlink to {target!r}, which does not exist", name
                )
            )
            continue
        except OSError as error:
            reason = Reason.LINK_LOOP if error.errno == errno.ELOOP else Reason.UNREADABLE_FILE
            rejections.append(
                _entry_rejection(reason, f"cannot stat the entry ({error.strerror})", name)
            )
            continue
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "socket"
                if stat.S_ISSOCK(info.st_mode)
                else "FIFO"
                if stat.S_ISFIFO(info.st_mode)
                else "device or other special file"
            )
            rejections.append(
                _entry_rejection(Reason.SPECIAL_FILE, f"a {kind}, not a regular file", name)
            )
            continue
        rows.append((name, info.st_size, info.st_mtime_ns, fields_hash))
    return rows, rejections


# A scan the CLI's up-to-date check took and found changes in, handed to the raw stage of the
# run it then starts in the same process: one scan of the landing per run, not two. Taken once,
# and only while this fresh (a run that waited for the lock scans again).
HAND_OVER_SECONDS = 60.0
_handed: dict[str, tuple[float, LandingScan]] = {}


def hand_over(landing: Path, scan: LandingScan) -> None:
    _handed[str(landing.resolve())] = (time.monotonic(), scan)


def scan_landing(landing: Path, reuse: bool = False) -> LandingScan:
    """Every regular file below `landing` (hidden entries skipped, symlinked folders not
    followed), sorted, and one rejection per entry that cannot be a landing file. Folders are
    listed and files stat-ed in this thread while that is quick, else on `SCAN_THREADS` threads.
    With `reuse`, the scan handed over for this landing folder, if fresh (`hand_over`)."""
    handed = _handed.pop(str(landing.resolve()), None) if reuse else None
    if handed is not None and time.monotonic() - handed[0] <= HAND_OVER_SECONDS:
        return handed[1]
    check_landing(landing)
    rows: list[tuple] = []
    scan = LandingScan(pl.DataFrame(schema=LISTING_SCHEMA))

    def found(result: _Folder | tuple) -> list[tuple]:
        """Keep what a task found; the tasks it leads to."""
        if isinstance(result, tuple):  # a chunk of stat-ed files
            rows.extend(result[0])
            scan.rejections.extend(result[1])
            return []
        scan.rejections.extend(result.rejections)
        scan.unreadable_dirs.extend(result.unreadable)
        tasks = [(_list_folder, landing, f, rel, result.fields_hash) for f, rel in result.folders]
        for start in range(0, len(result.files), STAT_CHUNK):
            chunk = result.files[start : start + STAT_CHUNK]
            tasks.append((_stat_files, chunk, result.fields_hash))
        return tasks

    tasks = [(_list_folder, landing, landing, "", "")]
    started, listed = time.perf_counter(), 0
    while tasks:  # in this thread while the folders list quickly
        function, *args = tasks.pop()
        result = function(*args)
        listed += len(result.files) if isinstance(result, _Folder) else 0
        tasks.extend(found(result))
        seconds = time.perf_counter() - started
        if listed >= WARM_PROBE_FILES and seconds > listed * WARM_SECONDS_PER_FILE:
            break
    if tasks:  # the rest on threads: the disk is the bound
        with ThreadPoolExecutor(SCAN_THREADS, thread_name_prefix="landing-scan") as pool:
            pending = {pool.submit(*task) for task in tasks}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    pending.update(pool.submit(*task) for task in found(future.result()))
    scan.listing = pl.DataFrame(rows, schema=LISTING_SCHEMA, orient="row").sort("source_file")
    scan.rejections.sort(key=lambda r: r.source_file or "")
    scan.unreadable_dirs.sort()
    return scan


def under(folders: list[str]) -> pl.Expr:
    """source_file lies below one of `folders`."""
    expr = pl.lit(False)
    for folder in folders:
        expr = expr | pl.col("source_file").str.starts_with(folder + "/")
    return expr


def check_removals(
    before: pl.DataFrame, after: pl.DataFrame, max_share: float, allowed: bool
) -> int:
    """Articles (distinct article_id) in `before` missing from `after`; MassRemoval if more than
    `max_share` of `before` and not `allowed`."""
    if before.height == 0:
        return 0
    old = set(before["article_id"].to_list())
    lost = len(old - set(after["article_id"].to_list()))
    if lost and not allowed and lost / len(old) > max_share:
        raise MassRemoval(
            f"this run would remove {lost:,} of {len(old):,} articles ({lost / len(old):.0%}, "
            f"over the {max_share:.0%} limit): files vanished from the landing folder. Nothing was "
            "changed. If the removal is intended, re-run with --allow-removals (or raise "
            "MARSAD_MAX_REMOVAL_SHARE)."
        )
    return lost
