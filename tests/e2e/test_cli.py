"""The `marsad` command as a user runs it."""

from __future__ import annotations

import json

from marsad.cli import main
from tests.helpers import copy_sample, query


def test_parse_prints_one_json_object_per_article(seed_file, capsys):
    assert main(["parse", str(seed_file)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    article = json.loads(line)
    assert article["title"] == "اجتماعات بين العراق وأمريكا بحث الانسحاب المرتقب"
    assert article["published_at"] == "2020-11-19T00:53:00"
    assert (article["visits"], article["comments"], article["section"]) == (889, 0, "العراق")
    assert len(article["paragraphs"]) == 14


def test_run_prints_a_summary_and_builds_the_warehouse(tmp_path, capsys):
    landing = copy_sample(tmp_path / "landing")
    warehouse = tmp_path / "out" / "w.duckdb"
    assert (
        main(["run", "--landing", str(landing), "--warehouse", str(warehouse), "--workers", "1"])
        == 0
    )
    out = capsys.readouterr().out
    assert "rows per table:" in out and "articles" in out
    n = query(warehouse, "SELECT count(*) FROM articles")[0][0]
    assert f"parsed {n:,}" in out
