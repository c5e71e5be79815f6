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
        main(
            [
                "run",
                "--landing",
                str(landing),
                "--warehouse",
                str(warehouse),
                "--workers",
                "1",
                "--create",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "rows per table:" in out and "articles" in out
    n = query(warehouse, "SELECT count(*) FROM articles")[0][0]
    assert f"parsed {n:,}" in out


def test_ner_tag_conll_keeps_tokens_and_eval_scores(shared_dir, tmp_path, capsys):
    lines = (shared_dir / "ner" / "anercorp" / "train.txt").read_text(encoding="utf-8").splitlines()
    gold = tmp_path / "gold.txt"
    gold.write_text("\n".join(lines[-3000:]) + "\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["ner", "tag-conll", str(gold), str(out)]) == 0
    tagged = out.read_text(encoding="utf-8").splitlines()
    source = gold.read_text(encoding="utf-8").splitlines()
    assert [line.split(" ")[0] if line else "" for line in tagged] == [
        line.split()[0] if line.split() else "" for line in source
    ]
    tags = {line.split(" ")[1] for line in tagged if line}
    assert tags <= {"O"} | {f"{p}-{t}" for p in "BI" for t in ("PERS", "LOC", "ORG", "MISC")}
    assert main(["ner", "eval", str(gold)]) == 0
    report = capsys.readouterr().out
    assert "micro" in report and "PERS" in report and "confusion" in report
    # the other committed model, by name, behind the same commands
    assert main(["ner", "eval", str(gold), "--model", "cnn"]) == 0
    neural = capsys.readouterr().out
    assert "confusion" in neural and neural != report
