"""OffsetMap: anchors, the span rule, blocks, deletions, composition and serialisation."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.text.offsets import (
    OffsetMap,
    Segment,
    compose,
    edits_to_segments,
    identity_segments,
    raw_span,
    spans_many,
)


def _map(edits, n_in: int) -> OffsetMap:
    segs, _ = edits_to_segments(edits, n_in)
    return OffsetMap.from_segments(segs)


def test_identity_is_two_anchors_and_maps_every_span_to_itself():
    m = OffsetMap.identity(10, raw_start=5)
    assert m.to_lists() == ([0, 10], [5, 15])
    assert raw_span(m, 2, 7) == (7, 12)


@pytest.mark.parametrize(
    ("edits", "n_in", "span", "expected"),
    [
        # raw "a&amp;b" -> "a&b": the "&" takes all five raw characters
        ([(1, 6, "&")], 7, (1, 2), (1, 6)),
        ([(1, 6, "&")], 7, (0, 3), (0, 7)),
        ([(1, 6, "&")], 7, (2, 3), (6, 7)),
        # raw "xﻻy" -> "xلاy": either half of the ligature takes the ligature
        ([(1, 2, "لا")], 3, (1, 2), (1, 2)),
        ([(1, 2, "لا")], 3, (2, 3), (1, 2)),
        ([(1, 2, "لا")], 3, (2, 4), (1, 3)),
        # raw "ab\u200fcd" -> "abcd": a deleted character belongs to neither neighbour
        ([(2, 3, "")], 5, (1, 2), (1, 2)),
        ([(2, 3, "")], 5, (2, 3), (3, 4)),
        ([(2, 3, "")], 5, (1, 3), (1, 4)),
        # an empty span maps to an empty raw span at its place
        ([(2, 3, "")], 5, (2, 2), (3, 3)),
        ([(2, 3, "")], 5, (4, 4), (5, 5)),
    ],
)
def test_span_rule(edits, n_in, span, expected):
    assert raw_span(_map(edits, n_in), *span) == expected


def test_one_to_one_substitution_moves_no_anchor():
    m = _map([(1, 2, "ي"), (3, 4, "ك")], 5)
    assert m.to_lists() == ([0, 5], [0, 5])


def test_equal_length_block_is_flagged_by_a_repeated_anchor():
    # two marks reordered by NFC: 2 raw -> 2 text, but atomic
    m = _map([(1, 3, "َّ")], 4)
    t, r = m.to_lists()
    assert t == [0, 1, 1, 3, 4] and r == [0, 1, 1, 3, 4]
    assert raw_span(m, 2, 3) == (1, 3)
    back = OffsetMap.from_lists(t, r)
    assert back == m and np.array_equal(back.block, m.block)


@pytest.mark.parametrize(
    "edits",
    [[], [(1, 6, "&")], [(1, 2, "لا"), (2, 3, "")], [(0, 2, "")], [(1, 3, "ab")], [(3, 3, "x")]],
)
def test_lists_round_trip_keeps_block_flags(edits):
    m = _map(edits, 7)
    back = OffsetMap.from_lists(*m.to_lists())
    assert back == m
    assert np.array_equal(back.block, m.block)
    assert back.segments() == m.segments()


def test_vectorised_spans_agree_with_raw_span():
    m = _map([(1, 6, "&"), (8, 9, "لا"), (10, 12, "")], 15)
    n = m.text_len
    starts = np.array([s for s in range(n) for e in range(s + 1, n + 1)])
    ends = np.array([e for s in range(n) for e in range(s + 1, n + 1)])
    rs, re_ = m.spans(starts, ends)
    assert [(int(a), int(b)) for a, b in zip(rs, re_, strict=True)] == [
        raw_span(m, int(s), int(e)) for s, e in zip(starts, ends, strict=True)
    ]
    assert np.all(re_ >= rs)


def test_widen_covers_whole_blocks_only():
    m = _map([(1, 2, "لا")], 4)  # text "xلاyz"
    assert m.widen(1, 2) == (1, 3)
    assert m.widen(2, 3) == (1, 3)
    assert m.widen(3, 5) == (3, 5)


def test_compose_maps_through_two_steps():
    # raw "a&amp;ﻻ" -> mid "a&ﻻ" -> out "a&لا"
    first, _ = edits_to_segments([(1, 6, "&")], 7)
    second, _ = edits_to_segments([(2, 3, "لا")], 3)
    m = OffsetMap.from_segments(compose(first, second, 7))
    assert raw_span(m, 1, 2) == (1, 6)
    assert raw_span(m, 2, 3) == (6, 7)
    assert raw_span(m, 3, 4) == (6, 7)
    assert raw_span(m, 0, 4) == (0, 7)


def test_compose_merges_a_block_cut_by_a_later_step():
    # raw "ﻻَ" -> mid "لاَ" (ligature expanded) -> out "لا" (the mark attached to its alef)
    first, _ = edits_to_segments([(0, 1, "لا")], 2)
    second, _ = edits_to_segments([(1, 3, "ا")], 3)
    m = OffsetMap.from_segments(compose(first, second, 2))
    assert raw_span(m, 0, 2) == (0, 2)
    assert raw_span(m, 1, 2)[1] == 2


def test_compose_with_identity_is_a_no_op():
    outer, _ = edits_to_segments([(1, 6, "&")], 7)
    assert compose(outer, identity_segments(0, 3), 7) == outer


def test_segments_skip_gaps():
    segs = [Segment(0, 2, 0, 2, False), Segment(2, 4, 5, 7, False)]
    m = OffsetMap.from_segments(segs)
    assert m.to_lists() == ([0, 2, 2, 4], [0, 2, 5, 7])
    assert m.segments() == segs


@pytest.mark.parametrize(
    ("t", "r"),
    [([], []), ([0, 1], [0]), ([1, 2], [0, 1]), ([0, 2, 1], [0, 2, 3])],
)
def test_from_lists_rejects_bad_anchors(t, r):
    with pytest.raises(ValueError):
        OffsetMap.from_lists(t, r)


def test_empty_text_maps_to_its_raw_start():
    m = OffsetMap.from_segments([], raw_start=9)
    assert m.to_lists() == ([0], [9])
    assert raw_span(m, 0, 0) == (9, 9)


def test_spans_many_maps_every_span_as_its_own_map_does():
    """The batch mapping the entities stage uses agrees with OffsetMap.spans span for span,
    over maps with blocks, deletions, repeated anchors, empty texts and spans past the end."""
    rng = np.random.default_rng(7)
    maps = [OffsetMap.identity(0, 3), OffsetMap.identity(12), _map([(1, 6, "&")], 7)]
    for _ in range(200):
        steps = rng.choice([0, 1, 2, 3, 5], size=(int(rng.integers(0, 7)), 2))
        t = np.concatenate([[0], np.cumsum(steps[:, 0])])
        r = np.concatenate([[0], np.cumsum(steps[:, 1])]) + int(rng.integers(0, 5))
        maps.append(OffsetMap.from_lists(t, r))
    which = np.repeat(np.arange(len(maps)), 25)
    n = np.array([maps[k].text_len for k in which])
    start = rng.integers(0, n + 3)
    end = start + rng.integers(-2, 6, size=start.size)
    got = spans_many(
        np.concatenate([m.text_idx for m in maps]),
        np.concatenate([m.raw_idx for m in maps]),
        np.array([len(m) for m in maps]),
        which,
        start,
        end,
    )
    for j, k in enumerate(which):
        one = maps[k].spans(start[j : j + 1], end[j : j + 1])
        assert (got[0][j], got[1][j]) == (one[0][0], one[1][0]), (k, start[j], end[j])
