"""What every data check reports, and the checks two stages share.

A red check in the UI should say what to fix: each result carries how many rows break the rule,
how many were looked at, and five examples a person can go and find (article id, mention number,
the text cut). The SQL lives in `sql/checks/`, one statement per file, values as parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import dagster as dg
import duckdb
import polars as pl

from marsad import memory_db
from marsad.sql import sql
from marsad.stages import storage
from marsad.stages.plan import shard_day
from marsad.stages.store import ShardedTable, StageStore
from marsad.text.normalize import to_display

EXAMPLES = 5


@dataclass(frozen=True)
class Finding:
    """The outcome of one check: rows breaking the rule, rows looked at, a few examples."""

    violations: int
    checked: int
    examples: list[str] = field(default_factory=list)

    @staticmethod
    def merge(findings: list[Finding]) -> Finding:
        """One finding for the parts a check looked at one by one (a stage's batches)."""
        return Finding(
            sum(f.violations for f in findings),
            sum(f.checked for f in findings),
            [e for f in findings for e in f.examples][:EXAMPLES],
        )

    def result(
        self,
        asset_key: dg.AssetKey | None = None,
        check_name: str | None = None,
        severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
        **extra,
    ) -> dg.AssetCheckResult:
        shown = self.examples[:EXAMPLES]
        examples = "\n".join(f"- `{e}`" for e in shown) if shown else "_(none)_"
        return dg.AssetCheckResult(
            passed=self.violations == 0,
            asset_key=asset_key,
            check_name=check_name,
            severity=severity,
            metadata={
                "violations": self.violations,
                "checked": self.checked,
                "examples": dg.MetadataValue.md(examples),
                **extra,
            },
        )


@dataclass(frozen=True)
class Scope:
    """What a day check looks at: the days a run computed and, per (stage, table), the shards it
    wrote there (a day's base or the part an increment appended). Tables the run did not write
    (the upstream ones a span check reads) are read whole for those days."""

    days: list[date]
    written: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def files(self, store: StageStore, stage: str, table: str) -> list[str]:
        if (stage, table) in self.written:
            return sorted(self.written[stage, table])
        return day_files(store.table(stage, table), self.days)


@dataclass(frozen=True)
class DayCheck:
    """A check a dated stage runs on the shards of the days the run computed, after writing them
    (a scheduled update checks its changed days, a backfill every day of its months: the cost
    of an increment stays proportional to the increment)."""

    name: str
    table: str  # the stage table (asset) it is attached to
    statement: str  # sql/checks/<file>: its first comment line is the description
    evaluate: Callable[[StageStore, Scope], Finding]
    blocking: bool = True

    def spec(self, stage: str) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(
            self.name,
            asset=dg.AssetKey([stage, self.table]),
            description=description(self.statement),
            blocking=self.blocking,
        )


def description(statement: str) -> str:
    return sql(statement).splitlines()[0].removeprefix("-- ")


def holding_files(table: ShardedTable, days: list[date], ids: list[str]) -> list[str]:
    """The days' shards holding a row of the articles `ids` (all the days' shards when none
    does, so a missing row is reported as such): an increment's span check reads the parts
    holding its new articles, not every touched day whole."""
    return [str(f) for f in table.holding(days, ids or [])] or day_files(table, days)


def day_files(table: ShardedTable, days: list[date]) -> list[str]:
    """The table's shards for those days (days without a shard have no rows to check)."""
    return [str(p) for p in table.files(days)]


def connect() -> duckdb.DuckDBPyConnection:
    con = memory_db.cursor()
    con.execute("SET enable_progress_bar = false")  # checks run inside quiet runs
    return con


def row_count(files: list[str]) -> int:
    if any(storage.is_remote(f) for f in files):
        return sum(storage.read_parquet([f]).height for f in files)
    return pl.scan_parquet(files).select(pl.len()).collect().item() if files else 0


def count_and_examples(statement: str, params: dict) -> tuple[int, list]:
    """Run a check file over shards, returning one row (violations, examples)."""
    con = connect()
    storage.register(con, [f for v in params.values() if isinstance(v, list) for f in v])
    try:
        violations, examples = con.execute(sql(statement), params).fetchall()[0]
    finally:
        con.close()
    return int(violations or 0), list(examples or [])


def shard_finding(
    store: StageStore, scope: Scope, stage: str, table: str, statement: str, **params
) -> Finding:
    """A check file over one stage table's shards in scope (passed as $files)."""
    files = scope.files(store, stage, table)
    if not files:
        return Finding(0, 0)
    violations, examples = count_and_examples(statement, {"files": files, **params})
    return Finding(violations, row_count(files), examples)


def raw_cut_matches(raw_cut: str, surface: str) -> bool:
    """The raw cut, shown as the cleaner shows text (presentation forms, tatweel, entities
    folded), is the surface; or it is one ligature the display text expands to several words
    («ﷺ» → «صلى الله عليه وسلم»), which no raw span can cut finer than the whole character."""
    shown = to_display(raw_cut)
    return shown == surface or (len(raw_cut) < len(surface) and surface in shown)


def span_finding(store: StageStore, scope: Scope, stage: str, table: str) -> Finding:
    """Every mention's display span inside the article's display text and cutting exactly its
    surface; its raw span inside raw_text and cutting the same name (`raw_cut_matches`)."""
    mentions = scope.files(store, stage, table)
    if not mentions:
        return Finding(0, 0)
    days = sorted({d for f in mentions if (d := shard_day(f)) is not None})
    con = connect()
    storage.register(con, mentions)
    try:
        checked, ids = con.execute(
            sql("checks/mention_articles"), {"mentions": mentions}
        ).fetchall()[0]
        inputs = {
            "cleaned": holding_files(store.table("cleaned", "cleaned_articles"), days, ids),
            "articles": holding_files(store.table("parsed", "articles"), days, ids),
            "raw": holding_files(store.table("raw", "records"), days, ids),
        }
        storage.register(con, [f for files in inputs.values() for f in files])
        missing = [name for name, files in inputs.items() if not files]
        if missing:
            return Finding(checked, checked, [f"no {', '.join(missing)} shards for those days"])
        rows = con.execute(
            sql("checks/mention_spans"), {"mentions": mentions, "ids": ids, **inputs}
        ).fetchall()
    finally:
        con.close()
    bad = []
    for article_id, mention_no, surface, start, end, raw_start, raw_end, problem, raw_cut in rows:
        if problem is None and not raw_cut_matches(raw_cut, surface):
            problem = f"raw text cuts «{raw_cut}»"
        if problem is not None:
            bad.append(
                f"{article_id} mention {mention_no} «{surface}» [{start}, {end}) "
                f"raw [{raw_start}, {raw_end}): {problem}"
            )
    return Finding(len(bad), checked, bad[:EXAMPLES])
