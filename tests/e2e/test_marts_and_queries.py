"""The marts in the sample's published warehouse, every library query, and `marsad sql`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from bench.top_entities import markdown, top_entities
from marsad.cli import main
from marsad.queries import bind, library, run
from marsad.sql import sql
from marsad.stages.marts import MARTS, WITHOUT_STORIES, mart_name
from tests.helpers import query

CHECKS = [
    "checks/actor_week_within_week",
    "checks/actor_day_mentions_reconcile",
    "checks/place_day_within_day",
    "checks/stories_cover_articles",
    "checks/article_entity_reconcile",
    "checks/quoted_about_within_speaker",
]


def test_every_mart_is_a_table_with_rows(sample_warehouse):
    tables = {t for (t,) in query(sample_warehouse, sql("queries/base_tables"))}
    for mart in MARTS:
        assert mart_name(mart) in tables
        if mart_name(mart) != "cooccurrence_week":  # the sample has no pair in two articles a week
            assert query(sample_warehouse, f"SELECT count(*) FROM {mart_name(mart)}")[0][0] > 0


def test_the_marts_built_before_the_stories_read_no_story_table():
    # they run while a patch's story index refresh finishes: a story read would see old stories
    for mart in WITHOUT_STORIES:
        assert mart in MARTS
        assert "stor" not in sql(mart).lower().split("create table", 1)[1]


@pytest.mark.parametrize("check", CHECKS)
def test_marts_reconcile_with_the_base_tables(sample_warehouse, check):
    assert query(sample_warehouse, sql(check)) == [(0,)]


def test_actor_shares_are_shares_of_the_period(sample_warehouse):
    (bad,) = query(
        sample_warehouse,
        "SELECT count(*) FROM actor_week WHERE share <= 0 OR share > 1 "
        "OR abs(share - articles / period_articles) > 1e-9 OR stories > articles",
    )[0:1]
    assert bad == (0,)


def test_seed_title_subjects_and_quoted_speakers(sample_warehouse):
    roles = dict(
        query(
            sample_warehouse,
            "SELECT role, count(*) FROM article_entity f JOIN articles a USING (article_id) "
            "WHERE a.title = $t GROUP BY ALL",
            {"t": "اجتماعات بين العراق وأمريكا بحث الانسحاب المرتقب"},
        )
    )
    assert roles["title_subject"] >= 1 and roles["mentioned"] >= 5


# Nine articles: no two of them name the top actor with the same neighbour, so support 1 here.
SAMPLE_PARAMS = {"cooccurrence_neighbours": {"min_support": "1"}}


@pytest.mark.parametrize("name", [q.name for q in library()])
def test_every_library_query_returns_rows_on_the_sample(sample_warehouse, name):
    (q,) = [q for q in library() if q.name == name]
    assert q.description and not q.description.startswith("--")
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        columns, rows = run(con, q.text, bind(q, SAMPLE_PARAMS.get(name, {})))
    finally:
        con.close()
    assert columns and rows


def test_the_library_has_at_least_twelve_queries():
    assert len(library()) >= 12


def test_sql_list_prints_each_querys_first_comment_line(capsys):
    assert main(["sql", "--list"]) == 0
    out = capsys.readouterr().out
    for q in library():
        assert q.name in out and q.description in out


def test_sql_runs_a_statement_and_a_library_query_in_each_format(
    sample_warehouse, tmp_path, capsys
):
    wh = ["--warehouse", str(sample_warehouse)]
    assert main(["sql", "SELECT count(*) AS n FROM articles", *wh]) == 0
    assert "n" in capsys.readouterr().out

    args = ["sql", "--query", "quoted_speakers", "--param", "top=2", *wh]
    assert main([*args, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert 1 <= len(rows) <= 2 and "name_ar" in rows[0]

    assert main([*args, "--format", "json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert json.loads(lines[0])["quotes"] >= 1

    out: Path = tmp_path / "q.parquet"
    assert main([*args, "--format", "parquet", "--out", str(out)]) == 0
    assert pl.read_parquet(out).height == len(lines)


def test_sql_rejects_unknown_queries_and_parameters(sample_warehouse, capsys):
    wh = ["--warehouse", str(sample_warehouse)]
    assert main(["sql", "--query", "no_such_query", *wh]) == 2
    assert main(["sql", "--query", "quoted_speakers", "--param", "nope=1", *wh]) == 2
    assert "nope" in capsys.readouterr().err


def test_sql_opens_the_warehouse_read_only(sample_warehouse):
    assert main(["sql", "CREATE TABLE x AS SELECT 1", "--warehouse", str(sample_warehouse)]) == 1


def test_top_entities_lists_body_coverage_only(sample_warehouse):
    """The top-N lists count body mentions: an entity seen only inside boilerplate is not on them,
    and the counts agree with the mentions table."""
    actors = top_entities(str(sample_warehouse), ["person", "organisation"], 30)
    places = top_entities(str(sample_warehouse), ["place"], 30)
    assert actors and places
    assert {r[1] for r in actors} <= {"person", "organisation"} and {r[1] for r in places} == {
        "place"
    }
    (entity_id, _, _, _, articles, _) = actors[0]
    body = query(
        sample_warehouse,
        "SELECT count(DISTINCT article_id) FROM mentions "
        "WHERE entity_id = $id AND NOT in_boilerplate AND NOT gentilic",
        {"id": entity_id},
    )[0][0]
    assert articles == body
    assert "| 1 |" in markdown(actors)
