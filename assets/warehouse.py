"""The published warehouse: a DuckDB file built from every stage's shards and swapped in atomically."""

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import dagster as dg
import duckdb

from marsad.assets.checks import Finding, description
from marsad.assets.entities import entity_catalog
from marsad.assets.marts import MART_CHECKS, MART_SPECS, mart_results, published_check_spec
from marsad.assets.raw import raw_articles
from marsad.assets.resources import POOL, MarsadResource
from marsad.sql import sql
from marsad.stages.layout import QUARANTINE_SOURCES, SHARDED_TABLES, TableSource, ddl
from marsad.stages.progress import report
from marsad.stages.runner import stop_worker_server
from marsad.stages.warehouse import drift_counts, publish


def _shards(sources: list[TableSource]) -> list[dg.AssetKey]:
    return [dg.AssetKey([s.stage, s.shard]) for s in sources]


@dataclass(frozen=True)
class Drift:
    """A measure of the whole warehouse that should move slowly from one publish to the next:
    a jump means a stage changed behaviour (a broken parser, a new model, a lost gazetteer)."""

    name: str  # the check
    table: str  # the warehouse asset whose materialisation records the measure
    measure: str  # metadata key holding the value
    tolerance: float  # allowed change: relative for a rate per words, absolute for a share
    relative: bool
    about: str


DRIFTS = [
    Drift(
        "entities_per_1000_words_stable",
        "mentions",
        "entities_per_1000_words",
        0.25,
        True,
        "Linked mentions per 1,000 words moved by less than 25% since the previous publish (WARN).",
    ),
    Drift(
        "quarantine_rate_stable",
        "quarantine",
        "quarantine_rate",
        0.05,
        False,
        "Share of records quarantined moved by less than 5 points since the previous publish (WARN).",
    ),
    Drift(
        "unlinked_share_stable",
        "mentions",
        "unlinked_share",
        0.10,
        False,
        "Share of mentions linked to no catalogue entity moved by less than 10 points since the "
        "previous publish (WARN).",
    ),
]


def drift_measures(counts: dict[str, int]) -> dict[str, float]:
    """The drift measures from a publish's counts (`marsad.stages.warehouse.drift_counts`)."""
    mentions, words = counts["mentions"], counts["words"]
    quarantined, articles = counts["quarantined"], counts["articles"]
    return {
        "entities_per_1000_words": round(1000 * mentions / words, 3) if words else 0.0,
        "quarantine_rate": round(quarantined / (quarantined + articles), 4)
        if quarantined + articles
        else 0.0,
        "unlinked_share": round(counts["unlinked"] / mentions, 4) if mentions else 0.0,
    }


def published_counts(path: str) -> dict[str, int]:
    """The drift counts of a published file, counted (a file published before they were kept)."""
    con = duckdb.connect(path, read_only=True)
    try:
        return drift_counts(con)
    finally:
        con.close()


def previous_measure(instance: dg.DagsterInstance, drift: Drift) -> float | None:
    """The measure recorded by the asset's latest materialisation (this run's is not yet stored)."""
    event = instance.get_latest_materialization_event(dg.AssetKey(["warehouse", drift.table]))
    value = event.asset_materialization.metadata.get(drift.measure) if event else None
    return None if value is None else float(value.value)


def drift_result(drift: Drift, now: float, before: float | None) -> dg.AssetCheckResult:
    change = None if before is None else now - before
    if change is not None and drift.relative:
        change = change / before if before else (0.0 if now == 0 else float("inf"))
    passed = change is None or abs(change) <= drift.tolerance
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(["warehouse", drift.table]),
        check_name=drift.name,
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "now": now,
            "previous": before if before is not None else "no previous materialisation",
            "change": round(change, 4) if change is not None else 0.0,
            "tolerance": drift.tolerance,
            "kind": "relative" if drift.relative else "absolute (share points)",
        },
    )


# Each published table and the stage assets it is loaded from (the lineage in the UI).
PUBLISHED = {
    "raw_articles": [raw_articles.key],
    **{t.table: _shards([t]) for t in SHARDED_TABLES},
    "entities": [entity_catalog.key, dg.AssetKey(["entities", "mentions"])],
    "quarantine": [raw_articles.key, *_shards(QUARANTINE_SOURCES)],
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            dg.AssetKey(["warehouse", table]),
            deps=deps,
            group_name="warehouse",
            kinds={"duckdb"},
            description=ddl(table).splitlines()[0].removeprefix("-- "),
        )
        for table, deps in PUBLISHED.items()
    ]
    + MART_SPECS,
    check_specs=[
        dg.AssetCheckSpec(d.name, asset=dg.AssetKey(["warehouse", d.table]), description=d.about)
        for d in DRIFTS
    ],
    can_subset=False,
    pool=POOL,
)
def warehouse(context: dg.AssetExecutionContext, marsad: MarsadResource):
    """Build the DuckDB file under a temporary name and rename it over the published one, so an
    analyst's open connection never blocks a run nor sees a half-built warehouse."""
    settings = marsad.settings()
    stop_worker_server()  # the stages are done: their warm server's memory goes before the build
    report("publish", 0, 1, "build")
    with marsad.exclusive("warehouse"):
        result = publish(marsad.store(), settings.warehouse)
    report("publish", 1, 1, "build")
    context.log.info(
        f"{'published' if result.published else 'unchanged'} {settings.warehouse}: {result.rows}"
    )
    measures = drift_measures(result.drift or published_counts(str(settings.warehouse)))
    previous = {d.name: previous_measure(context.instance, d) for d in DRIFTS}
    for table in PUBLISHED:
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey(["warehouse", table]),
            metadata={
                "path": str(settings.warehouse),
                "rows": result.rows.get(table, 0),
                "rebuilt": result.published,
                **{d.measure: measures[d.measure] for d in DRIFTS if d.table == table},
            },
        )
    yield from mart_results(marsad, result.rows, result.published)
    for d in DRIFTS:
        yield drift_result(d, measures[d.measure], previous[d.name])


@contextmanager
def published_connection(marsad: MarsadResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the published file, closed after."""
    con = duckdb.connect(str(marsad.settings().warehouse), read_only=True)
    try:
        yield con
    finally:
        con.close()


def published_finding(con: duckdb.DuckDBPyConnection, statement: str, table: str) -> Finding:
    """A check file over the published file; `checked` counts the table's rows."""
    violations, examples = con.execute(sql(statement)).fetchall()[0]
    (checked,) = con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0]
    return Finding(int(violations or 0), checked, list(examples or []))


def article_ids_unique(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """Each published article appears once."""
    finding = published_finding(con, "checks/duplicate_article_ids", "articles")
    return finding.result(dg.AssetKey(["warehouse", "articles"]), "article_ids_unique")


def mention_entities_exist(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """Every mention joins an entity, and only model-found names lack a catalogue entry."""
    finding = published_finding(con, "checks/mention_entities_exist", "mentions")
    return finding.result(dg.AssetKey(["warehouse", "mentions"]), "mention_entities_exist")


def every_record_accounted_for(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """Every raw record is loaded, quarantined, or a duplicate of another: nothing vanishes."""
    missing = con.execute(sql("checks/unaccounted_records")).fetchall()[0][0]
    return dg.AssetCheckResult(
        passed=missing == 0,
        asset_key=dg.AssetKey(["warehouse", "quarantine"]),
        check_name="every_record_accounted_for",
        metadata={"unaccounted_records": missing},
    )


# Every check of the published file, with what evaluates it: base tables, then marts.
PUBLISHED_CHECKS: list[
    tuple[dg.AssetCheckSpec, Callable[[duckdb.DuckDBPyConnection], dg.AssetCheckResult]]
] = [
    (
        published_check_spec(
            "articles", "article_ids_unique", description("checks/duplicate_article_ids")
        ),
        article_ids_unique,
    ),
    (
        published_check_spec(
            "mentions", "mention_entities_exist", description("checks/mention_entities_exist")
        ),
        mention_entities_exist,
    ),
    (
        published_check_spec(
            "quarantine", "every_record_accounted_for", every_record_accounted_for.__doc__
        ),
        every_record_accounted_for,
    ),
    *((check.spec(), check) for check in MART_CHECKS),
]


@dg.multi_asset_check(specs=[spec for spec, _ in PUBLISHED_CHECKS], can_subset=True)
def published_checks(context: dg.AssetCheckExecutionContext, marsad: MarsadResource):
    """The published file's checks in one step on one connection: as nine steps, each opening
    its own connections, they cost a +1% run 0.47 s; in one, 0.16-0.28 s; on two threads (a
    cursor each: most are small queries DuckDB runs on one core), less again. Each still shows,
    passes and fails on its own."""
    wanted = [e for spec, e in PUBLISHED_CHECKS if spec.key in context.selected_asset_check_keys]
    with published_connection(marsad) as con, ThreadPoolExecutor(2) as pool:
        yield from pool.map(lambda evaluate: _on_cursor(con, evaluate), wanted)


def _on_cursor(
    con: duckdb.DuckDBPyConnection,
    evaluate: Callable[[duckdb.DuckDBPyConnection], dg.AssetCheckResult],
) -> dg.AssetCheckResult:
    cursor = con.cursor()
    try:
        return evaluate(cursor)
    finally:
        cursor.close()
