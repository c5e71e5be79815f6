"""The coverage-gold scorer on a hand-made gold and a real DuckDB file built with the project's
DDL: the numbers below are worked out by hand from the rows."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from bench.coverage_gold import GOLD as GOLD_FILE
from bench.coverage_gold import key, load_gold, main, score
from bench.coverage_sample import sample
from marsad.sources import read_landing_file
from marsad.sources.identity import article_id
from marsad.sql import sql

GOLD = [
    {
        "doc_no": "A",
        "source": "BBC",
        "source_file": "BBC/a.txt",
        "url": "http://a",
        "article_id": "a1",
        "entities": [
            {"type": "PER", "name": "سعد الحريري", "forms": ["سعد الحريري", "الحريري"]},
            {"type": "PER", "name": "ميشال عون", "forms": ["ميشال عون", "عون"]},
            {"type": "PER", "name": "فيتالي كليتشكو", "forms": ["فيتالي"]},
            {"type": "PER", "name": "فلاديمير كليتشكو", "forms": ["فلاديمير كليتشكو"]},
            {"type": "ORG", "name": "مجلس النواب", "forms": ["مجلس النواب"]},
            {"type": "ORG", "name": "ليفربول", "forms": ["ليفربول"]},
            {"type": "LOC", "name": "لبنان", "forms": ["لبنان"]},
        ],
        "boilerplate_mentions": [
            {"kind": "footer", "type": "ORG", "name": "بي بي سي عربي", "forms": ["بي بي سي عربي"]}
        ],
        "medium_mentions": [{"type": "ORG", "name": "تويتر", "forms": ["تويتر"]}],
    },
    {  # not in the warehouse
        "doc_no": "B",
        "source": "CNN",
        "source_file": "CNN/b.txt",
        "url": "http://b",
        "article_id": "b1",
        "entities": [{"type": "LOC", "name": "دبي", "forms": ["دبي"]}],
    },
    {  # found by its url: the warehouse id differs
        "doc_no": "C",
        "source": "CNN",
        "source_file": "CNN/c.txt",
        "url": "http://c",
        "article_id": "stale",
        "entities": [{"type": "LOC", "name": "بغداد", "forms": ["بغداد"]}],
    },
]

# (article_id, entity_id, surface, type, gentilic, entity name)
MENTIONS = [
    ("a1", "e1", "سعد الحريري", "person", False, "سعد الحريري"),
    ("a1", "e2", "الحريري", "person", False, "الحريري"),  # split of e1's gold entity
    ("a1", "e3", "الرئيس ميشال عون", "person", False, "ميشال عون"),  # span took the title
    ("a1", "e4", "ليفربول", "place", False, "ليفربول"),  # the city, gold has the club
    ("a1", "e5", "تويتر", "organisation", False, "تويتر"),  # neutral
    ("a1", "e6", "بي بي سي عربي", "organisation", False, "بي بي سي عربي"),  # footer
    ("a1", "e7", "لبنان", "place", False, "لبنان"),
    ("a1", "e7", "اللبناني", "place", True, "لبنان"),  # adjective: not a mention
    ("a1", "e8", "اللبنانية", "place", True, "لبنان"),  # an id seen only as an adjective
    ("a1", "e9", "فيتالي وفلاديمير كليتشكو", "person", False, "فيتالي وفلاديمير كليتشكو"),  # merge
    ("a1", "e10", "أوسكار", "other", False, "أوسكار"),
    ("a1", "e11", "مجلس", "organisation", False, "مجلس"),  # not in gold
    ("c1", "e12", "بغداد", "place", False, "بغداد"),
]


def make_warehouse(path: Path, flag_footer: bool = False) -> Path:
    with duckdb.connect(str(path)) as con:
        for name in ("parsed/articles", "entities/mentions", "entities/entities"):
            con.execute(sql(name))
        con.executemany(
            "INSERT INTO articles (article_id, url) VALUES (?, ?)",
            [("a1", "http://a"), ("c1", "http://c")],
        )
        names = {m[1]: (m[3], m[5]) for m in MENTIONS}
        con.executemany(
            "INSERT INTO entities (entity_id, type, name_ar, source) VALUES (?, ?, ?, 'test')",
            [(e, t, n) for e, (t, n) in names.items()],
        )
        con.executemany(
            'INSERT INTO mentions (article_id, mention_no, "start", "end", surface, entity_id,'
            " type, link_source, gentilic, metonymy, from_model, in_boilerplate)"
            " VALUES (?, ?, 0, 1, ?, ?, ?, 'test', ?, false, true, false)",
            [(a, n, s, e, t, g) for n, (a, e, s, t, g, _) in enumerate(MENTIONS)],
        )
        if flag_footer:
            con.execute("UPDATE mentions SET in_boilerplate = true WHERE entity_id = 'e6'")
    return path


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD) + "\n", "utf-8")
    return path


def test_scores_match_the_hand_count(tmp_path: Path, gold_file: Path) -> None:
    result, scores = score(load_gold(gold_file), make_warehouse(tmp_path / "w.duckdb"))
    assert result["missing_articles"] == ["B"]
    assert result["types"]["PER"] | {} == {
        "gold": 4,
        "gold_matched": 4,
        "predicted": 4,
        "predicted_matched": 4,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    org = result["types"]["ORG"]
    assert (org["gold"], org["gold_matched"], org["predicted"], org["predicted_matched"]) == (
        2,
        0,
        2,
        0,
    )
    loc = result["types"]["LOC"]
    assert (loc["gold"], loc["gold_matched"], loc["predicted"], loc["predicted_matched"]) == (
        2,
        2,
        3,
        2,
    )
    assert result["all"]["precision"] == pytest.approx(6 / 9, abs=1e-4)
    assert result["all"]["recall"] == pytest.approx(6 / 8, abs=1e-4)
    assert result["all"]["f1"] == pytest.approx(2 * (6 / 9) * (6 / 8) / (6 / 9 + 6 / 8), abs=1e-4)
    assert (result["splits"], result["split_share"], result["merges"]) == (1, 0.125, 1)
    assert result["neutral_predictions"] == 1
    assert result["boilerplate_by_kind"] == {"footer": 1}
    assert result["boilerplate_share"] == pytest.approx(1 / 9, abs=1e-4)
    a = next(s for s in scores if s.doc_no == "A")
    assert {(f["name"], f["reason"]) for f in a.fn} == {
        ("مجلس النواب", "missed"),
        ("ليفربول", "typed as LOC"),
    }
    assert {f["entity_id"]: f["reason"].split(":")[0] for f in a.fp} == {
        "e4": "type",
        "e6": "boilerplate",
        "e11": "not in gold",
    }


def test_mentions_flagged_as_boilerplate_are_left_out(tmp_path: Path, gold_file: Path) -> None:
    warehouse = make_warehouse(tmp_path / "w.duckdb", flag_footer=True)
    result, _ = score(load_gold(gold_file), warehouse)
    assert result["boilerplate_flag_columns"] == ["in_boilerplate"]
    assert result["boilerplate_predictions"] == 0
    assert result["types"]["ORG"]["predicted"] == 1


def test_keys_fold_spelling_clitics_and_punctuation() -> None:
    assert key("عبد الله الثاني") == key("عبدالله الثاني")
    assert key("سي. إن. إن") == key("سي إن إن")
    assert key("الولايات المتّحدة") == key("الولايات المتحدة")
    assert key("وإيران") == key("إيران")


def test_command_writes_the_table_and_json(
    tmp_path: Path, gold_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "result.json"
    warehouse = make_warehouse(tmp_path / "w.duckdb")
    assert main(["--warehouse", str(warehouse), "--gold", str(gold_file), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "splits 1 (12.5% of gold entities), merges 1" in printed
    saved = json.loads(out.read_text("utf-8"))
    assert saved["all"]["recall"] == 0.75
    assert any(e["doc_no"] == "A" and e["fn"] for e in saved["errors"])


@pytest.mark.corpus
def test_gold_is_the_seeded_sample_and_its_forms_are_in_the_articles(corpus_dir: Path) -> None:
    """The committed gold covers exactly `bench.coverage_sample`'s draw, keys each article by
    the id the warehouse gives it, and every form is written in the article's title or body."""
    rows = [json.loads(line) for line in GOLD_FILE.read_text("utf-8").splitlines()]
    assert [r["source_file"] for r in rows] == [
        p.relative_to(corpus_dir).as_posix() for p in sample(corpus_dir)
    ]
    assert Counter(r["source"] for r in rows) == dict.fromkeys(
        ["AlArabiya", "BBC", "CNN", "France24", "SkyNews"], 11
    )
    for row in rows:
        path = corpus_dir / row["source_file"]
        records, _ = read_landing_file(path, corpus_dir)
        assert [article_id(r) for r in records] == [row["article_id"]]
        text = path.read_text("utf-8")
        fields = [re.search(f"<{f}>(.*?)</{f}>", text, re.S).group(1) for f in ("TITLE", "TEXT")]
        written = re.sub('["«»‘’“”#]', "", "\n".join(fields)).replace("_", " ")
        groups = ("entities", "boilerplate_mentions", "medium_mentions")
        for form in (f for g in groups for e in row.get(g, []) for f in e["forms"]):
            elided = form.startswith("ال") and "لل" + form[2:] in written  # ل + ال
            assert form in written or elided, (row["doc_no"], form)
