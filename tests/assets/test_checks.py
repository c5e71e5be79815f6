"""Each data check fails on broken data and passes on good data: the sample is built once with
`marsad run`'s own code, copied per test, broken in one place, and checked. The stage checks run
inside their stage's asset over the days it computes: a real run shows them passing; broken
shards are checked by calling the check on them (a run would recompute the shard first). The
warehouse checks are invoked directly; the drift checks run in real publishes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from marsad.assets.checks import EXAMPLES, Finding, Scope, raw_cut_matches
from marsad.assets.cleaned import text_not_empty
from marsad.assets.entities import mention_spans as linked_spans
from marsad.assets.parsed import dates_in_range, parsed
from marsad.assets.partitions import range_tags
from marsad.assets.resources import MarsadResource
from marsad.assets.stages import cleaned_tagged_entities
from marsad.assets.tagged import mention_spans as tagged_spans
from marsad.assets.warehouse import (
    DRIFTS,
    PUBLISHED_CHECKS,
    article_ids_unique,
    drift_result,
    mention_entities_exist,
    published_checks,
    published_connection,
    warehouse,
)
from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from marsad.stages import runner
from marsad.stages.store import StageStore
from tests.helpers import copy_sample

EVERYTHING = range_tags(date(2000, 1, 1), date.today())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("checks")
    wh = root / "wh"
    settings = Settings(copy_sample(root / "landing"), wh / "warehouse.duckdb", wh / "stages")
    run_all(settings, workers=1)
    return settings


@pytest.fixture
def copy(built, tmp_path) -> Settings:
    """A private copy of the built warehouse and its stages, free to break."""
    shutil.copytree(built.warehouse.parent, tmp_path / "wh")
    return Settings(
        built.landing, tmp_path / "wh" / built.warehouse.name, tmp_path / "wh" / built.stages.name
    )


def resource(settings: Settings) -> MarsadResource:
    return MarsadResource(
        landing=str(settings.landing),
        warehouse=str(settings.warehouse),
        stages=str(settings.stages),
        workers=1,
    )


def stage_checks(
    settings: Settings, assets: list[dg.AssetsDefinition], stages: list[str] | None = None
) -> list:
    """A backfill of every month through the stage assets (only the tables of `stages`, when
    given): their check evaluations."""
    keys = [k for a in assets for k in a.keys if stages is None or k.path[0] in stages]
    result = dg.materialize(
        assets,
        selection=keys,
        resources={"marsad": resource(settings)},
        tags=EVERYTHING,
        run_config={"ops": {a.op.name: {"config": {"only_dirty": False}} for a in assets}},
    )
    return result.get_asset_check_evaluations()


def check(settings: Settings, evaluate, stage: str, table: str) -> dg.AssetCheckResult:
    """A stage check over every day of the stage table, as a backfill of all months runs it."""
    store = StageStore(settings.stages)
    return evaluate(store, Scope(store.table(stage, table).days())).result()


def shard(settings: Settings, stage: str, table: str) -> Path:
    """The first day's shard of a stage table that has rows."""
    for path in sorted((settings.stages / stage / table).glob("*.parquet")):
        if pl.read_parquet(path).height:
            return path
    raise AssertionError(f"no rows in {stage}/{table}")


def rewrite(path: Path, change) -> pl.DataFrame:
    frame = pl.read_parquet(path)
    broken = change(frame)
    broken.write_parquet(path)
    return frame


def failed(evaluation, violations: int = 1) -> str:
    assert not evaluation.passed
    assert evaluation.metadata["violations"].value == violations
    return evaluation.metadata["examples"].value


def first_row(column: str, value) -> pl.Expr:
    """`value` in the first row of the column, the others unchanged."""
    return pl.when(pl.int_range(pl.len()) == 0).then(value).otherwise(pl.col(column)).alias(column)


def test_stage_checks_pass_on_the_sample(copy):
    evaluations = stage_checks(copy, [parsed, cleaned_tagged_entities])
    assert sorted((e.asset_key.to_user_string(), e.check_name) for e in evaluations) == [
        ("cleaned/cleaned_articles", "cleaned_text_not_empty"),
        ("entities/mentions", "mention_spans_cut_surface"),
        ("parsed/articles", "published_dates_in_range"),
        ("tagged/entity_mentions", "mention_spans_cut_surface"),
    ]
    for evaluation in evaluations:
        assert evaluation.passed, evaluation.metadata
        assert evaluation.metadata["checked"].value > 0


def test_checks_of_a_stage_run_in_batches_cover_every_batch(copy, monkeypatch):
    """Each batch is checked as soon as it is committed; the stage reports one result over
    all of them: as many rows checked as one check over every day finds. The two stages are
    computed together, batch by batch (one batching for both)."""
    monkeypatch.setattr(runner, "BATCH_ARTICLES", 2)  # the sample's days in several batches
    made: list[int] = []
    packed = runner.batches
    monkeypatch.setattr(runner, "batches", lambda *a: made.append(len(b := packed(*a))) or b)
    evaluations = {
        e.asset_key.to_user_string(): e
        for e in stage_checks(copy, [cleaned_tagged_entities], ["tagged", "entities"])
    }
    assert len(made) == 1 and made[0] > 1
    for name, evaluate, stage, table in [
        ("tagged/entity_mentions", tagged_spans, "tagged", "entity_mentions"),
        ("entities/mentions", linked_spans, "entities", "mentions"),
    ]:
        whole = check(copy, evaluate, stage, table)
        assert evaluations[name].passed and whole.passed
        assert evaluations[name].metadata["checked"].value == whole.metadata["checked"].value > 0


def test_findings_of_batches_add_up_and_keep_the_first_examples():
    first = Finding(3, 10, [f"a{i}" for i in range(3)])
    merged = Finding.merge([first, Finding(0, 5), Finding(4, 7, [f"b{i}" for i in range(4)])])
    assert (merged.violations, merged.checked) == (7, 22)
    assert merged.examples == ["a0", "a1", "a2", "b0", "b1"][:EXAMPLES]
    assert Finding.merge([]) == Finding(0, 0)


def test_a_date_out_of_range_fails_with_the_article(copy):
    path = shard(copy, "parsed", "articles")
    before = rewrite(
        path, lambda f: f.with_columns(first_row("published_date", date(1999, 12, 31)))
    )
    examples = failed(check(copy, dates_in_range, "parsed", "articles"))
    assert before["article_id"][0] in examples and "1999-12-31" in examples


def test_blank_cleaned_text_fails_with_the_article(copy):
    path = shard(copy, "cleaned", "cleaned_articles")
    before = rewrite(path, lambda f: f.with_columns(first_row("display_text", pl.lit("  "))))
    examples = failed(check(copy, text_not_empty, "cleaned", "cleaned_articles"))
    assert f"{before['article_id'][0]}: display_text is empty" in examples


def test_tagged_spans_off_their_surface_fail_one_example_each(copy):
    """Four mentions broken four ways in one shard: four violations, each with its problem."""
    problems = [
        ("start", pl.col("start") + 1, "display text cuts"),
        ("end", pl.lit(10**6), "display span outside the display text"),
        ("raw_end", pl.lit(10**6), "raw span outside raw_text"),
        # one character off in the raw text while the display span still cuts the surface
        ("raw_start", pl.col("raw_start") + 1, "raw text cuts"),
    ]

    def breaking(frame: pl.DataFrame) -> pl.DataFrame:
        row = pl.int_range(pl.len())
        return frame.with_columns(
            pl.when(row == i).then(value).otherwise(pl.col(column)).alias(column)
            for i, (column, value, _) in enumerate(problems)
        )

    before = rewrite(shard(copy, "tagged", "entity_mentions"), breaking)
    examples = failed(check(copy, tagged_spans, "tagged", "entity_mentions"), violations=4)
    for i, (_, _, problem) in enumerate(problems):
        line = next(e for e in examples.splitlines() if f"mention {before['mention_no'][i]} " in e)
        assert before["article_id"][i] in line and problem in line


def test_a_linked_mention_span_off_its_surface_fails(copy):
    path = shard(copy, "entities", "mentions")
    before = rewrite(path, lambda f: f.with_columns(first_row("surface", pl.lit("غيره"))))
    examples = failed(check(copy, linked_spans, "entities", "mentions"))
    assert f"{before['article_id'][0]} mention {before['mention_no'][0]} «غيره»" in examples


def write_published(settings: Settings, *statements: str) -> None:
    con = duckdb.connect(str(settings.warehouse))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def published(check, settings: Settings) -> dg.AssetCheckResult:
    """One check of the published file, evaluated as the `published_checks` step does."""
    with published_connection(resource(settings)) as con:
        return check(con)


def test_a_mention_of_a_missing_entity_fails(copy):
    check = published(mention_entities_exist, copy)
    assert check.passed and check.metadata["checked"].value > 0
    (entity_id,) = (
        duckdb.connect(str(copy.warehouse), read_only=True)
        .execute(
            "SELECT entity_id FROM mentions WHERE entity_id NOT LIKE 'name:%' ORDER BY ALL LIMIT 1"
        )
        .fetchone()
    )
    write_published(copy, f"DELETE FROM entities WHERE entity_id = '{entity_id}'")
    check = published(mention_entities_exist, copy)
    assert not check.passed
    assert f"{entity_id} (not in entities)" in check.metadata["examples"].value


def repeat_one_article(settings: Settings) -> None:
    """Publish one article twice."""
    write_published(
        settings,
        "CREATE TABLE twice AS SELECT * FROM articles UNION ALL "
        "(SELECT * FROM articles ORDER BY article_id LIMIT 1)",
        "DROP TABLE articles CASCADE",
        "ALTER TABLE twice RENAME TO articles",
    )


def test_a_repeated_article_id_fails(copy):
    assert published(article_ids_unique, copy).passed
    repeat_one_article(copy)
    check = published(article_ids_unique, copy)
    assert not check.passed and check.metadata["violations"].value == 1
    assert "appears 2 times" in check.metadata["examples"].value


def drifts(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {
        e.check_name: e
        for e in result.get_asset_check_evaluations()
        if e.check_name in {d.name for d in DRIFTS}
    }


def test_drift_warns_against_the_previous_publish(copy):
    instance = dg.DagsterInstance.ephemeral()
    resources = {"marsad": resource(copy)}
    first = drifts(dg.materialize([warehouse], resources=resources, instance=instance))
    assert all(e.passed for e in first.values())
    again = drifts(dg.materialize([warehouse], resources=resources, instance=instance))
    assert all(e.passed for e in again.values())
    rate = again["entities_per_1000_words_stable"].metadata
    assert rate["previous"].value == rate["now"].value > 0

    # the linker loses its catalogue matches on all but one day: far fewer mentions per word
    days = sorted((copy.stages / "entities" / "mentions").glob("*.parquet"))
    keep = max(days, key=lambda p: pl.read_parquet(p).height)
    for path in days:
        if path != keep:
            rewrite(path, lambda f: f.head(0))
    drifted = drifts(dg.materialize([warehouse], resources=resources, instance=instance))
    evaluation = drifted["entities_per_1000_words_stable"]
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.WARN
    assert evaluation.metadata["now"].value < evaluation.metadata["previous"].value


@pytest.mark.parametrize(
    ("name", "now", "before", "passed"),
    [
        ("quarantine_rate_stable", 0.04, 0.01, True),
        ("quarantine_rate_stable", 0.20, 0.01, False),
        ("unlinked_share_stable", 0.30, 0.18, False),
        ("unlinked_share_stable", 0.20, 0.18, True),
        ("entities_per_1000_words_stable", 100.0, 130.0, True),
        ("entities_per_1000_words_stable", 50.0, 130.0, False),
        ("entities_per_1000_words_stable", 50.0, None, True),
    ],
)
def test_drift_tolerances(name, now, before, passed):
    drift = next(d for d in DRIFTS if d.name == name)
    result = drift_result(drift, now, before)
    assert result.passed is passed
    assert result.severity == dg.AssetCheckSeverity.WARN


@pytest.mark.parametrize(
    ("raw_cut", "surface", "matches"),
    [
        ("ﺑﺎت واﯾﺖ", "بات وايت", True),  # presentation forms fold to the display letters
        ("ﷺ", "الله", True),  # one ligature the display text expands: no finer raw span exists
        ("ﷺ", "محمد", False),
        ("الل", "الله", False),  # one letter short is a broken span, not a ligature
    ],
)
def test_raw_cut_matches(raw_cut, surface, matches):
    assert raw_cut_matches(raw_cut, surface) is matches


def test_the_published_checks_step_reports_each_check_on_its_own(copy):
    """One step evaluates every check of the published file; a broken table fails its own
    check, and the others still pass."""
    repeat_one_article(copy)
    defs = dg.Definitions(
        assets=[warehouse],
        asset_checks=[published_checks],
        jobs=[dg.define_asset_job("checks", selection=dg.AssetSelection.checks(published_checks))],
        resources={"marsad": resource(copy)},
    )
    result = defs.resolve_job_def("checks").execute_in_process(raise_on_error=False)
    outcome = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert set(outcome) == {spec.name for spec, _ in PUBLISHED_CHECKS}
    assert not outcome["article_ids_unique"]
    assert outcome["mention_entities_exist"] and outcome["every_record_accounted_for"]
