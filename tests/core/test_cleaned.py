"""The cleaned stage end to end: per article, in batch, and over a slice of the real corpus."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.clean import clean_article, clean_many, raw_span
from marsad.text.normalize import DISPLAY, MATCH, removed_from_display
from marsad.text.offsets import OffsetMap

RAW = (
    "<TITLE>ﺑﺎت واﯾﺖ في بغداد</TITLE>\n"
    "<TEXT>\n"
    "وقال الرئيسُ\u200f إن &quot;الاجتماع&quot; انتهى. وللمرة الأولى ﻻ خلاف.\n"
    "   \n"
    "ارتفع المؤشر ٣٫٥ في المئة.\n"
    "</TEXT>"
)


def _spans(raw: str) -> list[tuple[int, int]]:
    title = re.search(r"<TITLE>(.*?)</TITLE>", raw)
    body = re.search(r"<TEXT>\n(.*?)\n</TEXT>", raw, re.DOTALL)
    lines = [
        m.span() for m in re.finditer(r"[^\n]+", raw[: body.end(1)]) if m.start() >= body.start(1)
    ]
    return [title.span(1), *lines]


def test_clean_article_texts_and_paragraphs():
    c = clean_article(RAW, _spans(RAW))
    assert c.display_text.split("\n") == [
        "بات وايت في بغداد",
        'وقال الرئيسُ إن "الاجتماع" انتهى. وللمرة الأولى لا خلاف.',
        "",  # a blank line normalises to an empty paragraph, kept so numbering holds
        "ارتفع المؤشر ٣٫٥ في المئة.",
    ]
    assert c.match_text.split("\n")[1] == 'وقال الرييس ان "الاجتماع" انتهي. وللمره الاولي لا خلاف.'
    assert [c.display_text[a:b] for a, b in c.paragraphs] == c.display_text.split("\n")
    assert [(s.paragraph_no, c.display_text[s.start : s.end]) for s in c.sentences] == [
        (0, "بات وايت في بغداد"),
        (1, 'وقال الرئيسُ إن "الاجتماع" انتهى.'),
        (1, "وللمرة الأولى لا خلاف."),
        (3, "ارتفع المؤشر ٣٫٥ في المئة."),
    ]


def test_tokens_cut_raw_exactly_and_carry_clitics():
    c = clean_article(RAW, _spans(RAW))
    by_text = {c.display_text[t.start : t.end]: t for t in c.tokens}
    assert (by_text["وللمرة"].proclitics, by_text["وللمرة"].stem) == ("و+ل+ال", "مرة")
    assert by_text["الرئيسُ"].kind == "word" and by_text["الرئيسُ"].stem == "رئيس"
    assert by_text["٣٫٥"].kind == "number"
    assert by_text["بات"].proclitics == ""  # بات is not ب + ات
    for t in c.tokens:
        rs, re_ = raw_span(c.display_map, t.start, t.end)
        assert DISPLAY(RAW[rs:re_]) == c.display_text[t.start : t.end]
    t = by_text["بات"]
    assert RAW[slice(*raw_span(c.display_map, t.start, t.end))] == "ﺑﺎت"
    t = by_text['"']
    assert RAW[slice(*raw_span(c.display_map, t.start, t.end))] == "&quot;"
    assert [(t.sentence_no, t.token_no) for t in c.tokens[:3]] == [(0, 0), (0, 1), (0, 2)]


def test_match_map_reaches_the_marks_of_the_last_letter():
    c = clean_article(RAW, _spans(RAW))
    i = c.match_text.index("الرييس")
    rs, re_ = raw_span(c.match_map, i, i + len("الرييس"))
    assert RAW[rs:re_] == "الرئيسُ"


def test_newline_between_paragraphs_maps_to_the_raw_gap():
    spans = _spans(RAW)
    c = clean_article(RAW, spans)
    nl = c.display_text.index("\n")
    assert raw_span(c.display_map, nl, nl + 1) == (spans[0][1], spans[1][0])


def test_empty_and_odd_inputs():
    c = clean_article("", [])
    assert (c.display_text, c.sentences, c.tokens, c.paragraphs) == ("", [], [], [])
    c = clean_article("abc", [(0, 0), (0, 3)])
    assert c.display_text == "\nabc"
    assert c.paragraphs == [(0, 0), (1, 4)]


def test_spans_may_be_record_spans():
    from marsad.records import Span

    spans = _spans(RAW)
    c = clean_article(RAW, [Span(a, b) for a, b in spans])
    assert c.display_text == clean_article(RAW, spans).display_text
    empty = clean_article("  ", [Span(0, 2)])
    assert empty.display_text == "" and empty.display_map.to_lists() == ([0], [0])


def test_clean_many_frames():
    rows = [("a1", RAW, _spans(RAW)), ("a2", "عنوان\nنص. نص آخر", [(0, 5), (6, 16)])]
    frames = clean_many(rows)
    arts, sents, toks = frames["cleaned_articles"], frames["sentences"], frames["tokens"]
    assert arts.columns == [
        "article_id",
        "display_text",
        "match_text",
        "display_map_text_idx",
        "display_map_raw_idx",
        "match_map_text_idx",
        "match_map_raw_idx",
        "n_sentences",
        "n_tokens",
    ]
    assert arts.schema["display_map_raw_idx"] == pl.List(pl.Int32)
    assert sents.columns == [
        "article_id",
        "sentence_no",
        "paragraph_no",
        "start",
        "end",
        "raw_start",
        "raw_end",
        "text",
    ]
    assert toks.columns == [
        "article_id",
        "sentence_no",
        "token_no",
        "start",
        "end",
        "raw_start",
        "raw_end",
        "text",
        "match",
        "proclitics",
        "stem",
        "kind",
    ]
    assert arts["n_sentences"].to_list() == [4, 3]
    assert sents.group_by("article_id").len().sort("article_id")["len"].to_list() == [4, 3]
    assert arts["n_tokens"].sum() == toks.height
    assert sents.filter(article_id="a2")["sentence_no"].to_list() == [0, 1, 2]
    assert sents.filter(article_id="a2")["paragraph_no"].to_list() == [0, 1, 1]

    single = clean_article(RAW, _spans(RAW))
    a1 = arts.row(0, named=True)
    assert a1["display_text"] == single.display_text
    assert (
        OffsetMap.from_lists(a1["display_map_text_idx"], a1["display_map_raw_idx"])
        == single.display_map
    )
    assert (
        OffsetMap.from_lists(a1["match_map_text_idx"], a1["match_map_raw_idx"]) == single.match_map
    )
    mine = toks.filter(article_id="a1")
    assert mine["text"].to_list() == [single.display_text[t.start : t.end] for t in single.tokens]
    assert mine["stem"].to_list() == [t.stem for t in single.tokens]
    for row in mine.iter_rows(named=True):
        assert DISPLAY(RAW[row["raw_start"] : row["raw_end"]]) == row["text"]
        assert MATCH(row["text"]) == row["match"]


def test_clean_many_of_nothing():
    frames = clean_many([])
    assert frames["tokens"].height == 0 and frames["cleaned_articles"].height == 0


# -- the offset property through clean_article, pieces joined -----------------------------

_PIECE = st.lists(
    st.sampled_from(
        [
            *"بغداد الرئيس",
            "ﺑ",
            "ﺎ",
            "ﻻ",
            "ﷲ",
            "\u064e",
            "\u0651",
            "\u0640",
            "\u200f",
            "\u00a0",
            "  ",
            "&amp;",
            "&#1604;",
            "<br>",
            "A",
            "٣",
            ".",
            "؟",
            "\u0654",
            "ﹰ",
        ]
    ),
    max_size=15,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECE, min_size=1, max_size=5), st.data())
def test_offset_property_through_clean_article(pieces, data):
    raw = "##".join(pieces)
    spans, pos = [], 0
    for p in pieces:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    c = clean_article(raw, spans)
    assert len(c.paragraphs) == len(pieces)
    assert not removed_from_display().search(c.display_text)
    for text, m, norm in (
        (c.display_text, c.display_map, DISPLAY),
        (c.match_text, c.match_map, lambda t: MATCH(DISPLAY(t))),
    ):
        lines = [(x.start(), x.end()) for x in re.finditer(r"[^\n]+", text)]
        if not lines:
            continue
        a, b = lines[data.draw(st.integers(0, len(lines) - 1))]
        s = data.draw(st.integers(a, b - 1))
        e = data.draw(st.integers(s + 1, b))
        rs, re_ = raw_span(m, s, e)
        ws, we = m.widen(s, e)
        assert norm(raw[rs:re_]) == text[ws:we]


# -- real text --------------------------------------------------------------------------


def _read_ant(path: Path) -> tuple[str, str, list[tuple[int, int]]]:
    raw = path.read_text(encoding="utf-8")
    title = re.search(r"<TITLE>(.*?)</TITLE>", raw, re.DOTALL)
    text = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.DOTALL)
    spans = [title.span(1) if title else (0, 0)]
    if text:
        spans += [m.span() for m in re.compile(r"[^\n]*\S[^\n]*").finditer(raw, *text.span(1))]
    return path.stem, raw, spans


@pytest.mark.corpus
def test_corpus_slice(corpus_dir):
    files = sorted(corpus_dir.rglob("*.txt"))
    rng = random.Random(7)
    rows = [_read_ant(p) for p in rng.sample(files, 500)]
    raws = {aid: raw for aid, raw, _ in rows}
    frames = clean_many(rows)
    arts = frames["cleaned_articles"]
    bad = removed_from_display()
    assert not [
        aid
        for aid, d in zip(arts["article_id"], arts["display_text"], strict=True)
        if bad.search(d)
    ]
    assert frames["sentences"].height > 2000 and frames["tokens"].height > 50_000
    checked = 0
    for row in arts.sample(200, seed=1).iter_rows(named=True):
        raw = raws[row["article_id"]]
        for kind, norm in (("display", DISPLAY), ("match", lambda t: MATCH(DISPLAY(t)))):
            text = row[f"{kind}_text"]
            m = OffsetMap.from_lists(row[f"{kind}_map_text_idx"], row[f"{kind}_map_raw_idx"])
            for line in re.finditer(r"[^\n]+", text):
                s = rng.randrange(line.start(), line.end())
                e = rng.randrange(s + 1, line.end() + 1)
                rs, re_ = raw_span(m, s, e)
                ws, we = m.widen(s, e)
                assert norm(raw[rs:re_]) == text[ws:we], (row["article_id"], s, e)
                checked += 1
    assert checked > 1000
    toks = frames["tokens"].sample(2000, seed=2)
    for row in toks.iter_rows(named=True):
        raw = raws[row["article_id"]]
        assert DISPLAY(raw[row["raw_start"] : row["raw_end"]]) == row["text"]
    words = frames["tokens"].filter(kind="word")
    share = (words["proclitics"] != "").mean()
    assert 0.2 < share < 0.5, share
    assert np.all(frames["sentences"]["end"].to_numpy() > frames["sentences"]["start"].to_numpy())
