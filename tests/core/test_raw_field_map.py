"""Field mapping: defaults, per-folder `_fields.toml` overrides, dates of fielded records."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from marsad.records import RawRecord, Reason
from marsad.sources import parse_record
from marsad.sources.field_map import DEFAULT, FieldMapError, parse_fields_file
from marsad.stages.raw import list_landing
from tests.core.raw_helpers import assert_spans_exact, load, reasons


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["title", "body"], {"title": "title", "body": "body"}),
        (["Headline", "CONTENT", "pubDate"], {"title": "Headline", "body": "CONTENT",
                                             "published_at": "pubDate"}),
        (["title", "text", "content"], {"title": "title", "body": "text"}),  # earlier name wins
        (["Title", "story", "date_extracted", "link", "writer", "tags", "site"],
         {"title": "Title", "body": "story", "published_at": "date_extracted", "url": "link",
          "author": "writer", "section": "tags", "source": "site"}),
    ],
)  # fmt: skip
def test_default_resolution(keys, expected) -> None:
    assert DEFAULT.resolve(keys) == expected


def test_a_folder_override_applies_below_it(tmp_path) -> None:
    folder = tmp_path / "alyaum" / "2015"
    folder.mkdir(parents=True)
    (tmp_path / "alyaum" / "_fields.toml").write_text(
        '# keys of the alyaum export\n[fields]\nbody = "nass"\ntitle = "onwan"\n', "utf-8"
    )
    item = {"onwan": "عنوان", "nass": "النص.", "title": "ليس العنوان", "date": "2015-07-21"}
    path = folder / "day.json"
    path.write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8")
    records, parsed, rejected = load(path, tmp_path)
    assert rejected == []
    ((record, article),) = parsed
    assert (article.title, article.paragraphs) == ("عنوان", ["النص."])
    assert article.published_date.isoformat() == "2015-07-21"  # fields not named keep defaults
    mapping = json.loads(record.field_map)
    assert mapping["from"] == "alyaum/_fields.toml"
    assert mapping["fields"]["title"] == "onwan"
    assert_spans_exact(record, article)
    assert [f for f in list_landing(tmp_path)["source_file"]] == ["alyaum/2015/day.json"]


def test_an_overridden_key_a_record_lacks_is_missing(tmp_path) -> None:
    (tmp_path / "_fields.toml").write_text('[fields]\nbody = "nass"\n', "utf-8")
    path = tmp_path / "x.json"
    path.write_text(json.dumps([{"title": "ع", "content": "نص"}]), encoding="utf-8")
    _, parsed, rejected = load(path, tmp_path)
    assert reasons(rejected) == [("missing_body", 0)]
    assert "under any of the keys nass" in rejected[0].message


def test_folder_values_fill_fields_a_record_lacks_in_any_layout(tmp_path) -> None:
    """[values] gives every record of the folder a source it does not state itself, without a
    span (the value is not in its text); a record naming its own source keeps it."""
    (tmp_path / "_fields.toml").write_text('[values]\nsource = "alyaum"\n', "utf-8")
    page = tmp_path / "page.txt"
    page.write_text("عنوان الخبر\n\nالقسم العراق\n\nنص الخبر الأول.\n", encoding="utf-8")
    own = tmp_path / "x.jsonl"
    own.write_text(json.dumps({"title": "ع", "body": "نص", "source": "سانا"}) + "\n", "utf-8")
    ((page_record, page_article),) = load(page, tmp_path)[1]
    ((_, own_article),) = load(own, tmp_path)[1]
    assert page_record.layout == "scraped_page"
    assert (page_article.source, page_article.section) == ("alyaum", "العراق")
    assert "source" not in page_article.spans
    assert json.loads(page_record.field_map)["values"] == {"source": "alyaum"}
    assert own_article.source == "سانا"
    assert_spans_exact(page_record, page_article)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[fields\nbody = 1", "not valid TOML"),
        ('[fields]\nbody_text = "x"', "unknown field 'body_text'"),
        ("[fields]\nbody = 3", "body must name a key as a string"),
        ('[values]\ntitle = "x"', r"\[values\] must give text values to source"),
    ],
)
def test_bad_mapping_files(tmp_path, text, problem) -> None:
    with pytest.raises(FieldMapError, match=problem):
        parse_fields_file(text, "_fields.toml")
    (tmp_path / "_fields.toml").write_text(text, "utf-8")
    path = tmp_path / "x.json"
    path.write_text("[]", encoding="utf-8")
    records, _, rejected = load(path, tmp_path)
    assert records == [] and [r.reason for r in rejected] == [Reason.BAD_FIELD_MAP]


@pytest.mark.parametrize(
    ("written", "value", "offset"),
    [
        ("Tue, 21 Jul 2015 02:51:32 +0300", datetime(2015, 7, 21, 2, 51, 32), 180),  # RFC 822
        ("2015-07-21T02:51:32Z", datetime(2015, 7, 21, 2, 51, 32), 0),
        ("2015-07-21T02:51:32.250+03:00", datetime(2015, 7, 21, 2, 51, 32), 180),
        ("2015-07-21 02:51:32", datetime(2015, 7, 21, 2, 51, 32), None),
        ("2015-07-21", datetime(2015, 7, 21), None),
        ("1437447092", datetime(2015, 7, 21, 2, 51, 32), 0),  # Unix seconds
        ("1437447092.5", datetime(2015, 7, 21, 2, 51, 32, 500000), 0),
        ("1437447092000", datetime(2015, 7, 21, 2, 51, 32), 0),  # Unix milliseconds
        ("الثلاثاء 21 يوليو 2015 - 02:51 م", datetime(2015, 7, 21, 14, 51), None),
        ("٢١ تموز ٢٠١٥", datetime(2015, 7, 21), None),
    ],
)
def test_dates_of_fielded_records(written, value, offset) -> None:
    line = json.dumps({"title": "ع", "body": "ن", "date": written}, ensure_ascii=False)
    article = parse_record(RawRecord("x.jsonl", 0, 1, "utf-8", "jsonl", line))
    assert (article.published_at, article.utc_offset_minutes) == (value, offset)
    assert article.date_text == written


def test_a_json_number_date_is_unix_time() -> None:
    line = json.dumps({"title": "ع", "body": "ن", "timestamp": 1437447092000})
    article = parse_record(RawRecord("x.jsonl", 0, 1, "utf-8", "jsonl", line))
    assert article.published_at == datetime(2015, 7, 21, 2, 51, 32)
    span = article.spans["date"]
    assert line[span.start : span.end] == "1437447092000"


def test_raw_shards_from_before_field_map_still_merge(tmp_path) -> None:
    """A day shard written before the field_map column existed takes new records as before."""
    import polars as pl

    from marsad.stages.raw import ingest
    from marsad.stages.store import StageStore

    landing = tmp_path / "landing"
    landing.mkdir()
    item = {"title": "ع", "body": "ن", "date": "2021-04-05"}
    (landing / "a.json").write_text(json.dumps([item]), encoding="utf-8")
    store = StageStore(tmp_path / "stages")
    ingest(landing, store)
    (shard,) = (tmp_path / "stages" / "raw" / "records").glob("*.parquet")
    pl.read_parquet(shard).drop("field_map").write_parquet(shard)  # an older raw stage's shard
    (landing / "b.json").write_text(json.dumps([item | {"title": "آخر"}]), encoding="utf-8")
    ingest(landing, store)
    merged = store.table("raw", "records").read()  # the old base shard and the appended part
    assert merged.height == 2
    assert merged["field_map"].null_count() == 1  # the old record: no mapping recorded
