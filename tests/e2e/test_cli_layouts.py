"""`marsad parse` on every landing layout: one JSON object per article, problems on stderr."""

from __future__ import annotations

import csv
import gzip
import json

import polars as pl

from marsad.cli import main

ITEM = {"title": "عنوان الخبر", "content": "الفقرة الأولى.\nالفقرة الثانية.", "date": "2021-04-05"}
PAGE = """<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>عنوان الخبر</title>
<meta property="article:published_time" content="2021-04-05T00:00:00"></head><body>
<article><h1>عنوان الخبر</h1><p>الفقرة الأولى.</p><p>الفقرة الثانية.</p></article></body></html>"""


def _write_all(tmp_path):
    files = {
        "a.json": json.dumps([ITEM], ensure_ascii=False),
        "a.jsonl": json.dumps(ITEM, ensure_ascii=False) + "\n",
        "a.html": PAGE,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with open(tmp_path / "a.csv", "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(ITEM))
        writer.writeheader()
        writer.writerow(ITEM)
    pl.DataFrame([ITEM]).write_parquet(tmp_path / "a.parquet")
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(files["a.json"].encode()))
    return sorted(tmp_path.iterdir())


def test_parse_reads_every_layout_to_one_article(tmp_path, capsys):
    paths = _write_all(tmp_path)
    assert main(["parse", *map(str, paths)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["layout"] for r in rows) == [
        "csv", "html_page", "json_array", "json_array", "jsonl", "parquet",
    ]  # fmt: skip
    assert {r["article_id"] for r in rows} == {rows[0]["article_id"]}  # one article, six copies
    assert {(r["title"], r["published_date"], tuple(r["paragraphs"])) for r in rows} == {
        ("عنوان الخبر", "2021-04-05", ("الفقرة الأولى.", "الفقرة الثانية."))
    }


def test_parse_reports_a_bad_row_and_prints_the_rest(tmp_path, capsys):
    path = tmp_path / "b.csv"
    path.write_text("title,body\nعنوان,نص\nسطر مكسور\n", encoding="utf-8")
    assert main(["parse", str(path)]) == 1
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 1
    assert "malformed_record: record 1 (line 3): 1 cells where the header has 2" in out.err
