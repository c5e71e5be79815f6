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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from marsad.stages import storage
from marsad.stages.storage import Location

SHARD_SUFFIX = ".parquet"
# A day holding this many appended parts is rewritten into one base shard by its next change.
MAX_PARTS = 8
# Reading at most this many days looks their files up by name; more, by listing the folder once.
PROBE_DAYS = 32
# Stages whose tables keep a row per landed record, duplicates of an article included, so one
# article may have rows in several files of a day. In every other stage's tables an article's
# rows sit in one file of its day (a part holds only articles new to the day).
RECORD_STAGES = {"raw"}


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary name beside `path` for the block to write: renamed over `path` when the block
    ends (so `path` is either the old file or the whole new one), removed if it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_parquet_atomic(frame: pl.DataFrame, path: Path) -> None:
    """Write `frame` to `path` so that `path` is either the old file or the whole new one."""
    with atomic_path(path) as tmp:
        storage.write_parquet(frame, tmp)


def write_json_atomic(payload: Any, path: Path) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=1, sort_keys=True, default=str)


def read_json(path: Path, default: Any) -> Any:
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


# While one batch computes (`remembered_places`): per (stage folder, days), the shard names
# holding articles of those days, found by reading one of the stage's tables.
_places: dict[tuple[str, tuple[date, ...]], pl.DataFrame] | None = None


@contextmanager
def remembered_places() -> Iterator[None]:
    """Within the block, where a stage's rows of an article are is looked up once per stage,
    not once per table: a stage writes all its tables of a day in one commit, a day's base shard
    or its part N in each, so an article's rows sit in files of the same name in every table of
    its stage (the tagged stage reads the tokens of the articles it found in cleaned_articles;
    a scan of ~170 parts' ids saved per such read). Only while upstream shards cannot change:
    one batch's computation."""
    global _places
    outer, _places = _places, {}
    try:
        yield
    finally:
        _places = outer


class ShardedTable:
    """A table stored as Parquet files per publication date under `root/` (a local folder or an
    object-store prefix, see `marsad.stages.storage`): a day's base shard `YYYY-MM-DD.parquet`
    and the parts later runs appended to it, `YYYY-MM-DD.pNNN.parquet` (new articles only, so an
    increment writes its own rows, not the whole day again). Together they are the day's rows."""

    def __init__(self, root: Location, one_file_per_article: bool = False) -> None:
        self.root = root
        self.one_file_per_article = one_file_per_article

    def path_for(self, day: date) -> Location:
        """The day's base shard (a rewrite of the day writes here and drops the parts)."""
        return storage.join(self.root, f"{day.isoformat()}{SHARD_SUFFIX}")

    def part_for(self, day: date, number: int) -> Location:
        return storage.join(self.root, f"{day.isoformat()}.p{number:03d}{SHARD_SUFFIX}")

    def _by_day(self) -> dict[date, list[str]]:
        """Shard names by day, the base first, then the parts in the order they were added."""
        out: dict[date, list[str]] = {}
        for name in storage.names(self.root, SHARD_SUFFIX):
            if name.startswith("."):
                continue
            day = date.fromisoformat(name.split(".", 1)[0])
            out.setdefault(day, []).append(name)
        return {day: sorted(names, key=_shard_order) for day, names in sorted(out.items())}

    def has(self, day: date) -> bool:
        return bool(self.day_files(day))

    def days(self) -> list[date]:
        return list(self._by_day())

    def files(self, days: Iterable[date] | None = None) -> list[Location]:
        wanted = set(days) if days is not None else None
        if wanted is not None and len(wanted) <= PROBE_DAYS and not storage.is_remote(self.root):
            return [f for day in sorted(wanted) for f in self.day_files(day)]
        return [
            storage.join(self.root, name)
            for day, names in self._by_day().items()
            if wanted is None or day in wanted
            for name in names
        ]

    def day_files(self, day: date) -> list[Location]:
        """The day's base shard and parts. Locally by asking for each possible name (a dozen
        stat calls), not by listing a folder of thousands of shards for every day read."""
        if storage.is_remote(self.root):
            return self.files_listed([day])
        stem = os.path.join(self.root, day.isoformat())  # names as strings: a Path is made
        candidates = [stem + SHARD_SUFFIX]  # only of a file found
        candidates += [f"{stem}.p{n:03d}{SHARD_SUFFIX}" for n in range(1, MAX_PARTS + 1)]
        return [Path(c) for c in candidates if os.path.exists(c)]

    def files_listed(self, days: Iterable[date]) -> list[Location]:
        wanted = set(days)
        return [
            storage.join(self.root, name)
            for day, names in self._by_day().items()
            if day in wanted
            for name in names
        ]

    def next_part(self, day: date) -> int:
        """The number the day's next appended part takes (1 + the highest so far)."""
        return self.next_parts([day]).get(day, 1)

    def next_parts(self, days: Iterable[date]) -> dict[date, int]:
        """`next_part` of each of `days` that has shards, from one lookup of their files (for
        many days, from the folder's names alone)."""
        days = set(days)
        if len(days) <= PROBE_DAYS and not storage.is_remote(self.root):
            names = [storage.name_of(f) for f in self.files(days)]
        else:
            wanted = {d.isoformat() for d in days}
            names = [
                n
                for n in storage.names(self.root, SHARD_SUFFIX)
                if not n.startswith(".") and n[:10] in wanted
            ]
        out: dict[date, int] = {}
        for name in names:
            out[day_of(name)] = max(out.get(day_of(name), 1), part_number(name) + 1)
        return out

    def read(
        self, days: Iterable[date] | None = None, columns: list[str] | None = None
    ) -> pl.DataFrame | None:
        files = self.files(days)
        if not files:
            return None
        return storage.read_parquet(files, columns=columns)

    def read_days(
        self, days: Iterable[date], columns: list[str] | None = None
    ) -> pl.DataFrame | None:
        """The rows of `days` with a `shard_day` column (the day whose shards hold each row), in
        one read: a batch of days computed together is split back into its days by it."""
        return self.read_files(self.files(days), columns)

    def file_ids(self, days: Iterable[date], extra: tuple[str, ...] = ()) -> pl.DataFrame | None:
        """article_id (and the `extra` columns) and `file` (the shard holding it) of every row
        of `days`; None when the days have no shards or (object store, shards of different
        stage versions) the files cannot be read together."""
        found = self._file_ids(self.files(days), extra)
        if found is not None:
            self._remember(days, found)
        return found

    def _places_key(self, days: Iterable[date]) -> tuple[str, tuple[date, ...]] | None:
        if _places is None or not self.one_file_per_article or storage.is_remote(self.root):
            return None
        return (str(storage.parent_of(self.root)), tuple(sorted(set(days))))

    def _remember(self, days: Iterable[date], found: pl.DataFrame) -> None:
        """Keep where `found` (article_id, file) says the articles' rows are (see
        `remembered_places`)."""
        key = self._places_key(days)
        if key is not None:
            _places[key] = found.select(
                "article_id", pl.col("file").str.split("/").list.last().alias("name")
            )

    def _remembered(self, days: Iterable[date], wanted: pl.Series) -> list[Location] | None:
        """This table's files of the names that hold `wanted` in a sibling table (None: not
        known for every one of them)."""
        key = self._places_key(days)
        known = _places.get(key) if key is not None else None
        if known is None:
            return None
        hit = known.filter(pl.col("article_id").is_in(wanted.implode()))
        if hit["article_id"].n_unique() != wanted.len():
            return None
        paths = [os.path.join(self.root, n) for n in hit["name"].unique(maintain_order=True)]
        return [Path(p) for p in paths if os.path.exists(p)]

    def _file_ids(self, files: list[Location], extra: tuple[str, ...] = ()) -> pl.DataFrame | None:
        """`file_ids` of some of the table's files."""
        if not files or storage.is_remote(self.root):
            return None
        try:
            return (
                pl.scan_parquet([str(f) for f in files], include_file_paths="file")
                .select("article_id", *extra, "file")
                .collect()
            )
        except (pl.exceptions.SchemaError, pl.exceptions.ColumnNotFoundError):
            return None

    def holding(self, days: Iterable[date], ids: Iterable[str]) -> list[Location]:
        """The files of `days` that hold a row of one of `ids`: an increment's new articles sit
        in the parts it appended, so the days' base shards need not be read whole for them.
        Every file of the days when they cannot be told apart."""
        days, ids = list(days), list(ids)
        wanted = pl.Series(ids, dtype=pl.String).unique()
        remembered = self._remembered(days, wanted) if ids else None
        if remembered is not None:
            return remembered
        files = self.files(days)
        if self.one_file_per_article and ids:
            # an article's rows sit in one file of its day: ids all found in the parts are in
            # no base shard, so the base shards, most of the days' rows, are not read
            parts = self._file_ids([f for f in files if part_number(str(f)) > 0])
            if parts is not None:
                hit = parts.filter(pl.col("article_id").is_in(wanted.implode()))
                if hit["article_id"].n_unique() == wanted.len():
                    self._remember(days, hit)
                    return files_among(hit)
        found = self._file_ids(files)
        if found is None:
            return files
        return files_among(found.filter(pl.col("article_id").is_in(wanted.implode())))

    def read_articles(
        self, days: Iterable[date], ids: Iterable[str], columns: list[str] | None = None
    ) -> pl.DataFrame | None:
        """`read_days` narrowed to the rows of `ids` (the same rows in the same order as reading
        the days whole and filtering), reading only the files that hold them."""
        ids = list(ids)
        frame = self.read_files(self.holding(days, ids), columns)
        if frame is None:
            return None
        return frame.filter(pl.col("article_id").is_in(pl.Series(ids, dtype=pl.String).implode()))

    def read_files(
        self, files: list[Location], columns: list[str] | None = None
    ) -> pl.DataFrame | None:
        """Rows of some of the table's files with their `shard_day` (see `read_days`)."""
        if not files:
            return None
        if not any(storage.is_remote(f) for f in files):
            try:
                scan = pl.scan_parquet([str(f) for f in files], include_file_paths="_file")
                frame = (scan.select(*columns, "_file") if columns else scan).collect()
                days = {str(f): day_of(f) for f in files}
                return attach_days(frame, "_file", days).drop("_file")
            except (pl.exceptions.SchemaError, pl.exceptions.ColumnNotFoundError):
                pass  # shards of different stage versions: read one by one, columns unioned
        frames = [
            storage.read_parquet([f]).with_columns(pl.lit(day_of(f)).alias("shard_day"))
            for f in files
        ]
        frame = pl.concat(frames, how="diagonal_relaxed")
        return frame.select(*columns, "shard_day") if columns else frame

    def scan_days(self, days: Iterable[date]) -> pl.LazyFrame | None:
        """Several days' shards, lazily (None when there are none)."""
        files = self.files(days)
        if not files:
            return None
        return pl.concat([storage.scan_parquet(f) for f in files], how="diagonal_relaxed")


def files_among(found: pl.DataFrame) -> list[Location]:
    """The distinct `file`s of a `file_ids` frame, in the order `files` lists them."""
    return [Path(f) for f in found["file"].unique(maintain_order=True).to_list()]


def with_shard_day(found: pl.DataFrame) -> pl.DataFrame:
    """A `file_ids` frame with the `shard_day` of each row (worked out once per file)."""
    return attach_days(found, "file", {n: day_of(n) for n in found["file"].unique().to_list()})


def attach_days(frame: pl.DataFrame, column: str, days: dict[str, date]) -> pl.DataFrame:
    """`frame` with `shard_day`, the day `days` gives the file named in `column`, in the same
    row order: a join with one row per file (replace_strict with a dict of ~500 shard paths cost
    ten times as much, in every read of an increment's days)."""
    keys = pl.DataFrame(
        {column: list(days), "shard_day": list(days.values())},
        schema={column: frame.schema[column], "shard_day": pl.Date},
    )
    return frame.join(keys, on=column, how="left", maintain_order="left")


def day_of(location: Location) -> date:
    """The publication day of a shard, from its name (`YYYY-MM-DD[.pNNN].parquet`)."""
    return date.fromisoformat(storage.name_of(location)[:10])


def part_number(name: str) -> int:
    """0 for a base shard `YYYY-MM-DD.parquet`, n for a part `YYYY-MM-DD.pNNN.parquet` (a
    name may have folders before it)."""
    name = name.rsplit("/", 1)[-1]
    middle = name.removesuffix(SHARD_SUFFIX).split(".", 1)
    return int(middle[1][1:]) if len(middle) == 2 else 0


def _shard_order(name: str) -> tuple[int, str]:
    """The base shard before its parts, parts by number."""
    return (part_number(name), name)


class StageStore:
    """The folder layout of all stage outputs: `<stages>/<stage>/<table>/<YYYY-MM-DD>.parquet`.

    `root` is a local folder: stage state, commit journals, the raw stage's index and manifest,
    the catalogue and the publish marker live there, beside the warehouse lock. The day shards
    live under `shards` (default: `root`), which may be an object-store prefix."""

    def __init__(self, root: Path, shards: Location | None = None) -> None:
        self.root = root
        self.shards = root if shards is None else storage.as_location(shards)

    def table(self, stage: str, table: str) -> ShardedTable:
        return ShardedTable(
            storage.join(self.shards, stage, table), one_file_per_article=stage not in RECORD_STAGES
        )

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


def catalog_path(store: StageStore) -> Path:
    """Where the published entity catalogue is kept between runs (see marsad.stages.catalog)."""
    return store.root / "catalog" / "entities.parquet"
