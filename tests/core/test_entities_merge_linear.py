"""The linear `merge` keeps the exact result of the original all-pairs version."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.entities.link import LIBRARY, Mention, merge


def merge_reference(candidates):
    """The original quadratic merge (issue 11), kept as the specification; since issue 14 the
    catalogue names replacing an unlinked model span do not overlap each other, and a person's
    span does not give way to rule-found names or library places inside it."""
    pool = sorted(candidates, key=lambda m: (-(m.last - m.first), m.rank, m.first))
    taken = []
    for m in pool:
        clash = [t for t in taken if t.first < m.last and m.first < t.last]
        if not clash:
            taken.append(m)
            continue
        for t in clash:
            if m.from_model and t.first <= m.first and m.last <= t.last:
                t.from_model = True
                t.confidence = max(t.confidence, m.confidence)
    unlinked = [m for m in taken if m.from_model and m.row is None and m.link_source == "name"]
    for m in unlinked:
        inside = [
            c
            for c in pool
            if c is not m
            and not c.from_model
            and not c.gentilic
            and (c.row is not None or c.link_source == "name")
            and m.first <= c.first
            and c.last <= m.last
            and not (  # a person's name keeps shorter rule names and library places in it
                m.type == "person"
                and (c.row is None or (c.type == "place" and c.link_source in LIBRARY))
            )
        ]
        if inside:  # the longest of the names inside that do not overlap (issue 14)
            taken.remove(m)
            kept = []
            for c in inside:
                if all(c.last <= k.first or k.last <= c.first for k in kept):
                    kept.append(c)
                    c.from_model = True
                    taken.append(c)
    return sorted(taken, key=lambda m: m.first)


@st.composite
def mentions(draw):
    out = []
    for k in range(draw(st.integers(0, 25))):
        first = draw(st.integers(0, 30))
        last = first + draw(st.integers(1, 4))
        out.append(
            Mention(
                first, last, first * 5, last * 5, f"e{k}", "person",
                draw(st.sampled_from(["name", "catalogue"])),
                row=draw(st.sampled_from([None, 1])),
                gentilic=draw(st.booleans()),
                from_model=draw(st.booleans()),
                confidence=draw(st.floats(0, 1)),
                rank=draw(st.integers(0, 1)),
            )
        )  # fmt: skip
    return out


@settings(max_examples=300, deadline=None)
@given(mentions())
def test_merge_equals_the_reference(cands):
    expected = merge_reference(copy.deepcopy(cands))
    assert merge(copy.deepcopy(cands)) == expected
