"""Boilerplate: lines a source repeats across its articles are marked, the rest of the body is not."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from marsad.stages.boilerplate_table import (
    COUNTED_FILE,
    COUNTS_FILE,
    KEPT_MIN_ARTICLES,
    TITLES_FILE,
    learn,
)
from marsad.stages.cleaned import FREQUENT_FILE, credit_spans
from marsad.stages.pipeline import CLEANED, PARSED
from marsad.stages.raw import ingest
from marsad.stages.runner import run_days
from marsad.stages.state import StageState
from marsad.stages.store import StageStore
from marsad.text.boilerplate import (
    frequent,
    key_counts,
    line_key,
    merge_spans,
    prompted_keys,
    tail_hits,
)
from marsad.text.clean import clean_many


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("رابط الخبر: http://example.com/news/123", "رابط الخبر: http://example.com/news/98"),
        (
            "** جميع المقالات المنشورة تمثل رأي كتابها فقط.",
            "جميع المقالات المنشوره تمثل راي كتابها فقط",
        ),
        ("ارتفع بنسبة 2.5 بالمئة", "ارتفع بنسبة 7.1 بالمئة"),
    ],
)
def test_line_key_ignores_digits_links_punctuation_and_spelling(a, b):
    assert line_key(a)[0] == line_key(b)[0]


def test_line_key_tells_different_lines_apart():
    assert line_key("اقرأ أيضاً:")[0] != line_key("اقرأ المزيد")[0]


def _seen(rows: list[tuple]) -> pl.DataFrame:
    """(article_id, source, day of March, key[, raw_start]) rows as the parsed stage keys them."""
    return pl.DataFrame(
        [(aid, src, date(2018, 3, d), key, at[0] if at else 0) for aid, src, d, key, *at in rows],
        schema={
            "article_id": pl.String,
            "source": pl.String,
            "day": pl.Date,
            "key": pl.UInt64,
            "raw_start": pl.Int32,
        },
        orient="row",
    )


def test_a_line_closing_five_stories_is_a_teaser_only_at_the_close():
    """Keys are even (lines).  Five stories (own first line 100+i) end with teaser 2; story 0
    also has it in the middle, before its own line 50; and three copies of one story (one
    first line, 10) share line 4: one story, not boilerplate."""
    rows = [(f"s{i}", "s", 1, 100 + 2 * i, 0) for i in range(5)]
    rows += [(f"s{i}", "s", 1, 2, 90) for i in range(1, 5)]
    rows += [("s0", "s", 1, 2, 40), ("s0", "s", 1, 50, 60)]
    rows += [(f"c{i}", "s", 2, k, at) for i in range(3) for k, at in ((10, 0), (4, 30))]
    seen = _seen(rows)
    known = frequent(key_counts(seen))
    assert known.select("key", "tail").rows() == [(2, True)]
    keys = seen.with_columns((pl.col("raw_start") + 5).alias("raw_end"))
    hits = tail_hits(keys, known)
    assert sorted(hits["article_id"]) == ["s1", "s2", "s3", "s4"]  # not s0's, mid-body


def test_frequent_needs_articles_on_several_days_of_one_source():
    footer = [(f"a{i}", "s", 1 + i, 7) for i in range(6)]  # six articles, six days
    same_day = [(f"b{i}", "s", 9, 8) for i in range(5)]  # five copies of one story, one day
    other_source = [(f"c{i}", "t" if i < 3 else "s", 1 + i, 9) for i in range(6)]
    found = frequent(key_counts(_seen(footer + same_day + other_source)))
    assert found.select("source", "key").rows() == [("s", 7)]


def test_merge_spans_joins_touching_lines():
    spans = pl.DataFrame(
        {
            "article_id": ["a", "a", "a", "b"],
            "raw_start": [10, 30, 80, 5],
            "raw_end": [30, 50, 90, 9],
            "n_articles": [4, 6, 3, 3],
        }
    )
    assert merge_spans(spans).rows() == [("a", 10, 50, 6), ("a", 80, 90, 3), ("b", 5, 9, 3)]


FOOTER = "تطبيق بي بي سي عربي على هاتفكم"  # BBC Arabic's app notice, at the end of many articles


LEARNED = [FREQUENT_FILE, TITLES_FILE, COUNTS_FILE, COUNTED_FILE]


def parse_and_clean(landing: Path, stages: Path) -> tuple[StageStore, list]:
    """Ingest the landing folder and run the parsed and cleaned stages over every day."""
    store = StageStore(stages)
    ingest(landing, store)
    days = sorted(StageState(store.root / "raw").load())
    run_days(store, PARSED, days)
    run_days(store, CLEANED, days)
    return store, days


@pytest.mark.corpus
def test_real_footer_is_marked_and_a_one_off_sentence_is_not(corpus_dir, tmp_path):
    files = sorted((corpus_dir / "BBC").rglob("*.txt"))[:150]
    landing = tmp_path / "landing"
    landing.mkdir()
    for f in files:
        os.symlink(f, landing / f.name)
    store, days = parse_and_clean(landing, tmp_path / "stages")
    assert store.table("parsed", "line_keys").days() == days
    assert store.file("cleaned", FREQUENT_FILE).exists()

    arts = store.table("cleaned", "cleaned_articles").read(columns=["article_id", "display_text"])
    marks = store.table("cleaned", "boilerplate").read()
    sentences = store.table("cleaned", "sentences").read()
    with_footer = arts.filter(pl.col("display_text").str.contains(FOOTER))
    assert with_footer.height >= 10
    for aid, text in with_footer.iter_rows():
        mine = marks.filter(pl.col("article_id") == aid)
        at = text.index(FOOTER)
        assert any(s <= at < e for s, e in mine.select("start", "end").iter_rows()), aid

    # the title is never boilerplate, and a body sentence seen in one article only is not either
    joined = sentences.join(marks, on="article_id", suffix="_b").filter(
        (pl.col("start") >= pl.col("start_b")) & (pl.col("end") <= pl.col("end_b"))
    )
    assert joined.filter(pl.col("paragraph_no") == 0).height == 0

    def keyed(frame: pl.DataFrame) -> pl.DataFrame:
        keys = [(line_key(t) or (None,))[0] for t in frame["text"].to_list()]
        return frame.with_columns(pl.Series("key", keys, dtype=pl.UInt64))

    body = keyed(sentences.filter(pl.col("paragraph_no") > 0))
    once = body.group_by("key").agg(pl.len().alias("n")).filter(pl.col("n") == 1)
    marked = set(keyed(joined)["key"].to_list())
    assert once.height > 1000
    # ... unless it is the headline of another story: a link to it
    titles = store.table("parsed", "articles").read(columns=["title"])["title"].to_list()
    headlines = {k for k, _ in filter(None, map(line_key, titles))}
    assert not (marked & set(once["key"].to_list())) - headlines
    # marked text is a small part of the body: the articles themselves are not boilerplate
    covered = (marks["end"] - marks["start"]).sum()
    assert covered < 0.05 * arts["display_text"].str.len_chars().sum()

    # a second run changes nothing
    before = marks.sort("article_id", "start")
    run_days(store, CLEANED, days, reuse=True)
    after = store.table("cleaned", "boilerplate").read().sort("article_id", "start")
    assert before.equals(after)


@pytest.mark.corpus
def test_small_batch_learns_from_the_persisted_table(corpus_dir, tmp_path):
    """Articles that arrive one day at a time are still marked: the stage counts lines over
    every article it has seen, not only the day's."""
    files = sorted((corpus_dir / "BBC").rglob("*.txt"))[:150]
    with_footer = [f for f in files if FOOTER in f.read_text(encoding="utf-8")]
    landing = tmp_path / "landing"
    landing.mkdir()
    for f in files:
        if f != with_footer[-1]:
            os.symlink(f, landing / f.name)
    store, days = parse_and_clean(landing, tmp_path / "stages")
    new = with_footer[-1]
    os.symlink(new, landing / new.name)
    ingest(landing, store)
    state = StageState(store.root / "raw").load()
    new_days = [d for d in sorted(state) if d not in days] or sorted(state)
    run_days(store, PARSED, new_days, reuse=True)
    run_days(store, CLEANED, new_days, reuse=True)
    arts = store.table("cleaned", "cleaned_articles").read(new_days, ["article_id", "display_text"])
    target = arts.filter(pl.col("display_text").str.contains(FOOTER))
    marks = store.table("cleaned", "boilerplate").read(new_days)
    assert target.height >= 1
    assert set(target["article_id"]) <= set(marks["article_id"])


@pytest.mark.corpus
def test_learning_from_new_articles_alone_gives_the_table_of_a_full_count(corpus_dir, tmp_path):
    """The learned tables brought up to date from an increment's articles mark the same lines
    as a count over every article (the counts of keys too rare to be boilerplate not kept)."""
    files = sorted((corpus_dir / "BBC").rglob("*.txt"))[:200]
    landing = tmp_path / "landing"
    landing.mkdir()
    for f in files[:150]:
        os.symlink(f, landing / f.name)
    store, _ = parse_and_clean(landing, tmp_path / "stages")
    for f in files[150:]:
        os.symlink(f, landing / f.name)
    ingest(landing, store)
    run_days(store, PARSED, sorted(StageState(store.root / "raw").load()), reuse=True)
    assert learn(store) == "added 50 articles"
    added = {name: pl.read_parquet(store.file("cleaned", name)) for name in LEARNED}
    for name in LEARNED:
        store.file("cleaned", name).unlink()
    assert learn(store) == "full"
    for name, frame in added.items():
        full = pl.read_parquet(store.file("cleaned", name))
        assert frame.sort(frame.columns).equals(full.sort(full.columns)), name
    counts = added[COUNTS_FILE]
    assert counts.height > 0 and counts["n_articles"].min() >= KEPT_MIN_ARTICLES


def _cleaned(paragraphs: list[str]) -> tuple[str, pl.DataFrame]:
    raw = "\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 1
    return raw, clean_many([("a1", raw, spans)])["cleaned_articles"]


@pytest.mark.parametrize(
    ("body", "credited"),
    [
        ("دمشق - سانا: أعلنت وزارة الدفاع السورية أمس", "دمشق - سانا"),  # dateline + credit
        (
            "دبي، الإمارات العربية المتحدة (CNN)-- اعتبر الوزير أن",
            "دبي، الإمارات العربية المتحدة (CNN)--",
        ),
        ("قال الجيش إن الهجوم وقع فجرا، بحسب رويترز.", "بحسب رويترز"),
        ("وقال مسؤول لوكالة فرانس برس إن القصف استمر", "لوكالة فرانس برس"),
        ('وقال مسؤول لوكالة "فرانس برس" إن القصف استمر', 'لوكالة "فرانس برس"'),
        ("*نقلاً عن الاتحاد الإماراتية", "*نقلاً عن الاتحاد الإماراتية"),
        # a subject between the verb and the agency, «لما», an agency by its description
        ('بحسب ما أفاد مصدر قضائي وكالة "فرانس برس".', 'بحسب ما أفاد مصدر قضائي وكالة "فرانس برس"'),
        ('وذلك وفقا لما نقلته وكالة "فرانس برس".', 'وفقا لما نقلته وكالة "فرانس برس"'),
        ("وأوضح الباحث لوكالة الأنباء الفرنسية أن الفكرة جديدة", "لوكالة الأنباء الفرنسية"),
        ("وقالت خطيبته لبي بي سي إنه دخل القنصلية", "لبي بي سي"),
        ("وقال الوزير لشبكة سي إن إن إن الحوار مستمر", "لشبكة سي إن إن"),
        # the speaker before «لوكالة» is news, not part of the credit
        ('وقالت مؤسسة "سنيرد" لوكالة فرانس برس إن', "لوكالة فرانس برس"),
    ],
)
def test_agency_credits_are_marked(body: str, credited: str):
    raw, cleaned = _cleaned(["عنوان الخبر", body])
    spans = credit_spans(cleaned)
    assert [raw[s:e] for s, e in spans.select("raw_start", "raw_end").iter_rows()] == [credited]


def test_a_passing_mention_of_an_agency_is_no_credit():
    _, cleaned = _cleaned(["عنوان", "وانتقد الرئيس تغطية رويترز للأحداث في بلاده"])
    assert credit_spans(cleaned).height == 0


# one of the leads of other stories closing CNN articles of 16-17 Aug 2018 (a "related" block)
TEASED = "إن الحكومة القطرية أخطأت"
RELATED_DAYS = ("CN-middleEast-123", "CN-middleEast-124")  # 1230-1249: 16-17 Aug 2018


@pytest.mark.corpus
def test_related_teasers_closing_an_article_are_marked(corpus_dir, tmp_path):
    """Ten real CNN articles of two days: the lines closing several of them are the leads of
    other stories (each in five or more), on fewer than three days.  They are marked
    `related`; the articles' own text (every first line) is not."""
    files = sorted(
        f
        for f in (corpus_dir / "CNN" / "middleEast").glob("*.txt")
        if f.name.startswith(RELATED_DAYS)
    )
    assert len(files) >= 8
    landing = tmp_path / "landing"
    landing.mkdir()
    for f in files:
        os.symlink(f, landing / f.name)
    store, _ = parse_and_clean(landing, tmp_path / "stages")
    arts = store.table("cleaned", "cleaned_articles").read(columns=["article_id", "display_text"])
    marks = store.table("cleaned", "boilerplate").read()
    related = marks.filter(pl.col("kind") == "related")
    teased = [
        (aid, text.index(TEASED))
        for aid, text in arts.iter_rows()
        if TEASED in text and text.index(TEASED) > text.index("\n") + 200
    ]
    assert len(teased) >= 3
    for aid, at in teased:
        mine = related.filter(pl.col("article_id") == aid)
        assert any(s <= at < e for s, e in mine.select("start", "end").iter_rows()), aid
    for aid, text in arts.iter_rows():  # the title and the first body line are the article's
        first = text.index("\n") + 1
        second = text.find("\n", first)
        mine = marks.filter((pl.col("article_id") == aid) & (pl.col("kind") == "related"))
        assert all(s >= second for s in mine["start"]), aid


# Sites link their other stories by their headlines: BBC's of 13 May 2018 stands alone on a
# line of a 2 July 2018 article; CNN's of 15 March 2018 after «قد يهمك/» in one of 1 May 2018.
# Each occurs once in the whole corpus.
@pytest.mark.corpus
@pytest.mark.parametrize(
    ("folder", "linked", "linking"),
    [
        ("BBC/technology", "BB-technology-212-20180513.txt", "BB-technology-298-20180702.txt"),
        ("CNN/middleEast", "CN-middleEast-270-20180315.txt", "CN-middleEast-774-20180501.txt"),
    ],
)
def test_a_line_that_is_another_storys_title_is_a_link(
    corpus_dir, tmp_path, folder, linked, linking
):
    files = sorted((corpus_dir / folder).glob("*.txt"))
    chosen = [f for f in files if f.name in (linked, linking)] + files[:30]
    landing = tmp_path / "landing"
    landing.mkdir()
    for f in dict.fromkeys(chosen):
        os.symlink(f, landing / f.name)
    store, _ = parse_and_clean(landing, tmp_path / "stages")
    arts = store.table("parsed", "articles").read(columns=["article_id", "source_file", "title"])
    by_file = {Path(f).name: (a, t) for a, f, t in arts.iter_rows()}
    title = by_file[linked][1]
    cleaned = store.table("cleaned", "cleaned_articles").read(
        columns=["article_id", "display_text"]
    )
    text = dict(cleaned.iter_rows())[by_file[linking][0]]
    marks = store.table("cleaned", "boilerplate").read()
    mine = marks.filter(pl.col("article_id") == by_file[linking][0])
    at = text.index(title[:20], text.index("\n"))
    assert any(
        s <= at < e and k == "related"
        for s, e, k in mine.select("start", "end", "kind").iter_rows()
    )
    # the linked story's own text is not marked by its title
    theirs = marks.filter(pl.col("article_id") == by_file[linked][0])
    assert theirs.filter(pl.col("kind") == "related").height == 0


def test_a_prompt_opening_a_line_is_keyed_by_what_follows():
    text = "عنوان\nقد يهمك/ محمد بن سلمان: إذا طورت إيران قنبلة نووية\nوقال الوزير إن الحوار مستمر."
    keys = prompted_keys([("a1", text, [(6, len(text))])])
    assert keys["key"].to_list() == [line_key("محمد بن سلمان: إذا طورت إيران قنبلة نووية")[0]]
    s, e = keys.select("raw_start", "raw_end").row(0)
    assert text[s:e].startswith("قد يهمك/") and text[s:e].endswith("نووية")
