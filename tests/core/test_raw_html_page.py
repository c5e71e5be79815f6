"""Saved HTML pages: main text without page furniture, metadata from meta/time/JSON-LD."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from marsad.sources.html_page import extract
from marsad.sources.identity import article_id
from tests.core.raw_helpers import assert_spans_exact, load, reasons

PARAGRAPHS = [
    "أعلنت وزارة الصحة اللبنانية اليوم عن افتتاح مستشفى جديد في مدينة طرابلس شمال البلاد.",
    "وقال الوزير في مؤتمر صحفي إن المستشفى يضم مئتي سرير ويخدم أكثر من نصف مليون نسمة.",
    "وأضاف أن العمل جار على تجهيز أقسام الطوارئ والعناية المركزة خلال الأشهر المقبلة.",
]
TITLE = "افتتاح مستشفى جديد في طرابلس"


def page(head: str = "", before: str = "") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">
<title>{TITLE} - موقع الأخبار</title>{head}</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li></ul></nav>
<article><h1>{TITLE}</h1>{before}
{body}
<div class="social-share">شارك على فيسبوك تويتر واتساب</div>
<div class="related"><h3>اقرأ أيضا</h3><ul><li><a href="/b">خبر آخر لا علاقة له بالمستشفى</a></li>
</ul></div></article>
<footer><p>جميع الحقوق محفوظة لموقع الأخبار 2020</p></footer></body></html>"""


META = """<meta property="article:published_time" content="2020-02-03T10:15:00+02:00">
<meta name="author" content="طرابلس - سامر خالد">
<meta property="article:section" content="صحة"><meta property="og:site_name" content="الأخبار">
<link rel="canonical" href="https://news.example/a/1">"""
JSON_LD = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
{"@type": "WebPage"}, {"@type": "NewsArticle", "headline": "%s",
"datePublished": "2020-02-03T08:15:00Z", "author": {"@type": "Person", "name": "سامر خالد"},
"articleSection": "صحة", "publisher": {"@type": "Organization", "name": "الأخبار"}}]}</script>"""


def test_meta_tags_and_main_text(tmp_path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(META), encoding="utf-8")
    records, parsed, rejected = load(path)
    assert rejected == []
    ((record, article),) = parsed
    assert record.layout == "html_page" and json.loads(record.raw_text)["title"] == TITLE
    assert article.title == TITLE
    assert article.paragraphs == PARAGRAPHS  # no nav, share, «اقرأ أيضا» or footer text
    assert (article.published_at, article.utc_offset_minutes) == (datetime(2020, 2, 3, 10, 15), 120)
    assert (article.author, article.dateline_place) == ("سامر خالد", "طرابلس")
    assert (article.section, article.source, article.url) == (
        "صحة", "الأخبار", "https://news.example/a/1",
    )  # fmt: skip
    assert_spans_exact(record, article)


def test_json_ld_news_article() -> None:
    fields = extract(page(JSON_LD % TITLE))
    assert fields["title"] == TITLE
    assert fields["published_at"] == "2020-02-03T08:15:00Z"
    assert (fields["author"], fields["section"], fields["source"]) == (
        "سامر خالد",
        "صحة",
        "الأخبار",
    )


@pytest.mark.parametrize(
    ("markup", "written"),
    [
        (
            '<time datetime="2020-02-03T10:15:00+02:00">3 فبراير 2020</time>',
            "2020-02-03T10:15:00+02:00",
        ),
        ('<div class="byline">نشر في 3 فبراير 2020</div>', "3 فبراير 2020"),  # visible text
    ],
)
def test_date_from_time_tag_or_visible_text(markup, written) -> None:
    assert extract(page(before=markup))["published_at"] == written


def test_same_article_as_html_and_json_is_one_id(tmp_path) -> None:
    html_path = tmp_path / "a.html"
    html_path.write_text(page(META), encoding="utf-8")
    json_path = tmp_path / "a.json"
    item = {"title": TITLE, "content": "\n\n".join(PARAGRAPHS), "date": "2020-02-03"}
    json_path.write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8")
    (from_html,), _, _ = load(html_path)
    (from_json,), _, _ = load(json_path)
    assert article_id(from_html) == article_id(from_json)


def test_a_page_without_article_text_is_quarantined(tmp_path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text("<!DOCTYPE html><html><head><title>قائمة</title></head><body></body></html>")
    records, parsed, rejected = load(path)
    assert reasons(rejected) == [("missing_body", 0)]


def test_an_extractor_crash_is_one_rejection_not_a_stopped_batch(tmp_path, monkeypatch) -> None:
    from marsad.sources import html_page

    def boom(page: str) -> dict:
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(html_page, "extract", boom)
    path = tmp_path / "page.html"
    path.write_text(page(META), encoding="utf-8")
    records, parsed, rejected = load(path)
    assert records == [] and reasons(rejected) == [("stage_error", None)]
    assert "RuntimeError: extractor bug" in rejected[0].message


def test_a_windows_1256_page_decodes_by_its_declared_charset(tmp_path) -> None:
    markup = page(META).replace('<meta charset="utf-8">', '<meta charset="windows-1256">')
    markup = markup.replace("<nav>", "<nav>" + "<a href='/x'>link</a>" * 200)  # mostly Latin
    path = tmp_path / "old.html"
    path.write_bytes(markup.encode("cp1256"))
    records, parsed, rejected = load(path)
    assert rejected == [] and records[0].encoding == "cp1256"
    assert parsed[0][1].paragraphs == PARAGRAPHS
