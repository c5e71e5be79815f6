"""Named normalisers, the display and match pipelines, and the offset property on random text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.normalize import (
    DISPLAY,
    MATCH,
    CharMap,
    collapse_spaces,
    compat_normalize,
    compat_singles,
    decode_html,
    display_piece,
    display_pieces,
    fold_letters,
    fold_punctuation,
    lowercase_latin,
    match_segments,
    normalize_alef,
    normalize_alef_maksura,
    normalize_digits,
    normalize_hamza_carriers,
    normalize_teh_marbuta,
    remove_invisibles,
    removed_from_display,
    strip_tashkeel,
    to_display,
    to_match,
)
from marsad.text.offsets import OffsetMap


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        (decode_html, "الأمن &amp; السلام", "الأمن & السلام"),
        (decode_html, "&quot;داعش&quot;", '"داعش"'),
        (decode_html, "&#1576;&#x627;", "با"),
        (decode_html, "قال<br/>إن", "قال إن"),
        (decode_html, "<b>بغداد</b>", "بغداد"),
        (decode_html, "a < b > c &unknown;", "a < b > c &unknown;"),
        (remove_invisibles, "بـــغداد", "بغداد"),
        (remove_invisibles, "\u200fبغداد\u200e \u202bلبنان\u202c", "بغداد لبنان"),
        (remove_invisibles, "\ufeffال\u00adعراق\u061c", "العراق"),
        (compat_singles, "ﺑﺎت", "بات"),
        (compat_singles, "واﯾﺖ", "وایت"),
        (compat_singles, "بغداد\u00a0اليوم", "بغداد اليوم"),
        (compat_normalize, "ﻻ", "لا"),
        (compat_normalize, "ﷲ", "الله"),
        (compat_normalize, "﷽", "بسم الله الرحمن الرحيم"),
        (compat_normalize, "ا\u0654", "أ"),
        (compat_normalize, "بّ\u064e", "بَّ"),
        (compat_normalize, "ب\ufe70", "بً"),
        (compat_normalize, "…", "..."),
        (fold_letters, "ایران کرکوک ھذه ۀ", "ايران كركوك هذه ه"),
        (fold_punctuation, "“قال” ‘نعم’ – — «كلا»", "\"قال\" 'نعم' - - «كلا»"),
        (collapse_spaces, "بغداد   \t\nاليوم", "بغداد اليوم"),
        (strip_tashkeel, "مُحَمَّدٌ", "محمد"),
        (strip_tashkeel, "هٰذا", "هذا"),
        (normalize_alef, "أحمد إلى آخر ٱلله", "احمد الى اخر الله"),
        (normalize_alef_maksura, "مصطفى", "مصطفي"),
        (normalize_teh_marbuta, "القاهرة", "القاهره"),
        (normalize_hamza_carriers, "مسؤول مسئول", "مسوول مسيول"),
        (normalize_digits, "٣٫٥ ۱۲ 19", "3.5 12 19"),
        (lowercase_latin, "BBC News İ", "bbc news i"),
    ],
)
def test_named_normaliser(step, text, expected):
    assert step(text) == expected
    new, _ = step.apply(text)
    assert new == expected


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("ﺑﺎت واﯾﺖ", "بات وايت"),
        ("  قال\u00a0\u00a0الرئيس  ", "قال الرئيس"),
        ("ﻻ يوجد", "لا يوجد"),
        ("الْعِرَاقُ", "الْعِرَاقُ"),  # display keeps tashkeel
        ("عام ٢٠٢٠", "عام ٢٠٢٠"),  # and the digits as written
        ("«الجزيرة»", "«الجزيرة»"),
        ("&lt;بغداد&gt;", "<بغداد>"),
    ],
)
def test_display_form(raw, display):
    assert to_display(raw) == display


@pytest.mark.parametrize(
    ("display", "match"),
    [
        ("الْعِرَاقُ", "العراق"),
        ("إلى القاهرة", "الي القاهره"),
        ("مسؤولون أمريكيون", "مسوولون امريكيون"),
        ("عام ٢٠٢٠ و BBC", "عام 2020 و bbc"),
    ],
)
def test_match_form(display, match):
    assert to_match(display) == match


def test_charmap_rejects_many_to_one_tables():
    with pytest.raises(ValueError):
        CharMap.of("bad", {"ﻻ": "لا"})


def test_removed_classes_cover_what_the_display_form_removes():
    bad = removed_from_display()
    for ch in "\u0640\u200b\u200f\u202b\u2066\ufeff\u061c\u00ad\u00a0ﺑﻻﷲ":
        assert bad.search(ch), hex(ord(ch))
    assert not bad.search("بات وايت ﴾الله﴿ «» ٣")


def test_piece_map_cuts_raw_exactly():
    raw = "xx  ﺑﺎت&amp;ﻻ\u200fبَـّ<br>  yy"
    text, segs = display_piece(raw, 2, len(raw) - 2)
    m = OffsetMap.from_segments(segs)
    assert text == "بات&لابَّ"
    for s in range(len(text)):
        for e in range(s + 1, len(text) + 1):
            rs, re_ = m.spans([s], [e])
            ws, we = m.widen(s, e)
            assert DISPLAY(raw[int(rs[0]) : int(re_[0])]) == text[ws:we]


def test_pieces_are_joined_by_newlines_that_map_to_the_gap():
    raw = "TITLE\n\n  first  \nsecond"
    text, segs = display_pieces(raw, [(0, 5), (7, 16), (17, 23)])
    assert text == "TITLE\nfirst\nsecond"
    m = OffsetMap.from_segments(segs)
    assert m.spans([5], [6])[0][0] == 5 and m.spans([5], [6])[1][0] == 7
    rs, re_ = m.spans([6], [11])
    assert raw[int(rs[0]) : int(re_[0])] == "first"


def test_a_piece_holding_the_separator_falls_back_to_one_by_one():
    raw = "a\ue000b|c"
    text, _ = display_pieces(raw, [(0, 3), (4, 5)])
    assert text == "a\ue000b\nc"


# -- the offset property on random text -------------------------------------------------

_UNITS = st.sampled_from(
    [
        *"بغدادلبنانالعراقوأإآىةؤئء",
        "ﺑ",
        "ﺎ",
        "ﺖ",
        "ﯾ",
        "ﻻ",
        "ﷲ",
        "﷽",
        "ﹰ",
        "ﱞ",  # presentation forms, ligatures
        "\u064e",
        "\u064b",
        "\u0651",
        "\u0652",
        "\u0670",
        "\u0654",  # tashkeel, hamza above
        "\u0640",
        "\u200f",
        "\u200e",
        "\u202b",
        "\u202c",
        "\u2067",
        "\ufeff",
        "\u00ad",
        "\u061c",
        " ",
        "  ",
        "\u00a0",
        "\t",
        "\n",
        "&amp;",
        "&quot;",
        "&#1604;",
        "&nbsp;",
        "&#x627;",
        "&lt;",
        "<b>",
        "</p>",
        "<br/>",
        "A",
        "b",
        "İ",
        "3",
        "٣",
        "۴",
        "٫",
        "“",
        "”",
        "–",
        "«",
        "»",
        ".",
        "ی",
        "ک",
        "ھ",
        "ۀ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_UNITS, max_size=40).map("".join), st.data())
def test_offset_property_on_random_raw_text(raw, data):
    """raw[raw_span(s, e)] normalised gives back exactly the span (widened to whole blocks),
    for display text and for match text."""
    display, dsegs = display_piece(raw, 0, len(raw))
    assert not removed_from_display().search(display)
    match, msegs = match_segments(display)
    assert match == MATCH(display)
    from marsad.text.offsets import compose

    for text, m, norm in (
        (display, OffsetMap.from_segments(dsegs), DISPLAY),
        (
            match,
            OffsetMap.from_segments(compose(dsegs, msegs, len(raw))),
            lambda t: MATCH(DISPLAY(t)),
        ),
    ):
        if not text:
            continue
        s = data.draw(st.integers(0, len(text) - 1))
        e = data.draw(st.integers(s + 1, len(text)))
        rs, re_ = m.spans([s], [e])
        ws, we = m.widen(s, e)
        assert norm(raw[int(rs[0]) : int(re_[0])]) == text[ws:we]


@settings(max_examples=300, deadline=None)
@given(st.lists(_UNITS, max_size=30).map("".join))
def test_compat_steps_equal_whole_string_nfkc(text):
    """Cluster-by-cluster NFKC gives what NFKC of the whole string gives (mark presentation
    forms keep only their marks, ﷽ is spelled out)."""
    import unicodedata

    from marsad.text.normalize import _MARK_FORMS

    expected = unicodedata.normalize("NFKC", text.translate(_MARK_FORMS))
    assert compat_normalize(compat_singles(text)) == expected
