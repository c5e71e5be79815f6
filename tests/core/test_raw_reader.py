"""read_landing_file over the committed sample data and the bad-input fixtures."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from marsad.records import RawRecord, Reason
from marsad.sources import parse_many, read_landing_file
from marsad.sources.identity import article_id, content_key

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
BAD = REPO / "tests" / "fixtures" / "bad_landing"


@pytest.mark.parametrize(
    ("name", "layout", "encoding", "records"),
    [
        ("seed/000_1c1f25c93cd78aa3.txt", "scraped_page", "utf-8", 1),
        ("scraped/lebanon_electricity_cp1256.txt", "scraped_page", "cp1256", 1),
        ("scraped/iraq_budget_utf8bom_crlf.txt", "scraped_page", "utf-8-sig", 1),
        ("scraped/iraq_marshes_undated.txt", "scraped_page", "utf-8", 1),
        ("trec/regional_two_docs_utf16le.xml", "trec_xml", "utf-16", 2),
        ("jsonl/levant_three_articles.jsonl", "jsonl", "utf-8", 3),
    ],
)
def test_sample_files_load_without_rejections(
    name: str, layout: str, encoding: str, records: int
) -> None:
    found, rejected = read_landing_file(SAMPLE / name, SAMPLE)
    assert rejected == []
    assert len(found) == records
    assert {(r.layout, r.encoding, r.source_file) for r in found} == {(layout, encoding, name)}
    assert [r.record_no for r in found] == list(range(records))
    assert all("\r" not in r.raw_text and "\ufeff" not in r.raw_text for r in found)
    parsed, parse_rejected = parse_many(found)
    assert parse_rejected == [] and len(parsed) == records


# (file, stage, reason, record_no, line_no, records that still load)
BAD_CASES = [
    ("empty.txt", "raw", Reason.EMPTY_FILE, None, None, 0),
    ("garbage.bin", "raw", Reason.UNDECODABLE_TEXT, None, None, 0),
    ("ledger.txt", "raw", Reason.UNKNOWN_LAYOUT, None, None, 0),
    ("table.csv", "parsed", Reason.MISSING_BODY, 0, 2, 0),
    ("trec_one_malformed.xml", "raw", Reason.MALFORMED_RECORD, 1, 17, 1),
    ("jsonl_one_bad_line.jsonl", "raw", Reason.MALFORMED_RECORD, 2, 3, 3),
    ("bad_date.txt", "parsed", Reason.UNPARSEABLE_DATE, 0, 1, 0),
    ("no_title.txt", "parsed", Reason.MISSING_TITLE, 0, 1, 0),
    ("no_body.txt", "parsed", Reason.MISSING_BODY, 0, 1, 0),
]


@pytest.mark.parametrize(
    ("name", "stage", "reason", "record_no", "line_no", "good"),
    BAD_CASES,
    ids=[case[0] for case in BAD_CASES],
)
def test_bad_inputs_are_rejected_with_a_located_reason(
    name: str, stage: str, reason: Reason, record_no: int | None, line_no: int | None, good: int
) -> None:
    found, rejected = read_landing_file(BAD / name, BAD)
    parsed, parse_rejected = parse_many(found)
    rejections = rejected + parse_rejected
    assert len(rejections) == 1
    (rejection,) = rejections
    assert (rejection.stage, rejection.reason) == (stage, reason)
    assert (rejection.record_no, rejection.line_no) == (record_no, line_no)
    assert rejection.source_file == name
    assert rejection.message
    assert len(parsed) == good
    if record_no is not None:
        assert rejection.article_id is not None and len(rejection.article_id) == 16
        assert record_no not in {rec.record_no for rec, _ in parsed}


def test_bad_date_message_quotes_the_text() -> None:
    found, _ = read_landing_file(BAD / "bad_date.txt", BAD)
    _, (rejection,) = parse_many(found)
    assert "'يوم ما من شهر ما - قبل الظهر'" in rejection.message


def test_file_too_large_is_rejected_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "big.txt"
    path.parent.mkdir()
    path.write_bytes(b"x" * 2000)
    found, (rejection,) = read_landing_file(path, tmp_path, max_bytes=1000)
    assert found == [] and rejection.reason is Reason.FILE_TOO_LARGE
    assert rejection.source_file == "sub/big.txt"


@pytest.mark.parametrize("content", [b"   \n\n", "\u00a0\n".encode(), codecs.BOM_UTF8 + b"\n"])
def test_whitespace_only_file_is_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    found, (rejection,) = read_landing_file(path, tmp_path)
    assert found == [] and rejection.reason is Reason.EMPTY_FILE


def test_unreadable_path_is_rejected_not_raised(tmp_path: Path) -> None:
    folder = tmp_path / "looks_like_a_file.txt"
    folder.mkdir()
    found, (rejection,) = read_landing_file(folder, tmp_path)
    assert found == [] and rejection.reason is Reason.UNREADABLE_FILE


ARTICLE = (
    "الحكومة اللبنانية تقر خطة للكهرباء\n\n"
    "تاريخ الإضافة الثلاثاء 14 آذار 2023 - 04:20 م \u00a0\u00a0القسم لبنان\n\n"
    "أقر مجلس الوزراء اللبناني خطة طارئة للكهرباء.\n\nوقال وزير الطاقة إن الخطة ممولة.\n"
)


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("cp1256"),
        codecs.BOM_UTF8 + ARTICLE.replace("\n", "\r\n").encode("utf-8"),
        codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
        ARTICLE.encode("utf-16-be"),
        ARTICLE.replace("\n\n", "\n\n\n").encode("utf-8"),
    ],
    ids=["cp1256", "utf8-bom-crlf", "utf16le-bom", "utf16be", "extra-blank-lines"],
)
def test_same_article_in_any_encoding_gets_the_same_id(tmp_path: Path, data: bytes) -> None:
    reference = tmp_path / "reference.txt"
    reference.write_bytes(ARTICLE.encode("utf-8"))
    copy = tmp_path / "copy.txt"
    copy.write_bytes(data)
    (ref,), _ = read_landing_file(reference, tmp_path)
    (other,), _ = read_landing_file(copy, tmp_path)
    assert other.encoding != ref.encoding or data != ARTICLE.encode("utf-8")
    assert article_id(other) == article_id(ref)


def test_different_articles_get_different_ids() -> None:
    def record(text: str) -> RawRecord:
        return RawRecord("a.txt", 0, 1, "utf-8", "scraped_page", text)

    edited = ARTICLE.replace("خطة طارئة", "خطة عاجلة")
    assert article_id(record(ARTICLE)) != article_id(record(edited))
    assert len(article_id(record(ARTICLE))) == 16
    assert content_key(" أ\u00a0\u00a0ب\r\n\tج ") == "أ ب ج"


def test_sample_ids_are_unique_across_files() -> None:
    ids = []
    for path in sorted(p for p in SAMPLE.rglob("*") if p.is_file()):
        found, _ = read_landing_file(path, SAMPLE)
        ids.extend(article_id(r) for r in found)
    assert len(ids) == 10 and len(set(ids)) == 10  # 9 articles and the broken file's record
