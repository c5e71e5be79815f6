"""Offset maps: from a normalised text back to the raw text it was made from.

Every cleaning step may delete characters (tatweel, bidi controls), merge several into one
(`&amp;` -> `&`, runs of spaces) or expand one into several (`ﻻ` -> `لا`, `ﷲ` -> `الله`).
A mention found later in the display or match text must still be cut out of the raw text
exactly, so each step records what it changed and the changes are composed into one map.

The map is a list of *segments* over the normalised text.  A *copy* segment maps character
by character (the usual case: almost all text is unchanged).  A *block* segment is atomic:
each of its characters maps to the whole raw range of the block, so a span that touches a
ligature, an entity or a collapsed run of spaces always takes all of its raw characters.
Raw characters between two segments were deleted; they belong to neither neighbour.

Stored form (`to_lists`): two equal-length int lists of anchor points (text_idx, raw_idx),
one at each segment boundary.  Between anchors the segment is a copy when both sides
advance by the same amount, a block otherwise; a block whose sides happen to be of equal
length (three marks reordered by NFC, say) is flagged by repeating its first anchor.
An article of 2,000 characters usually needs a few dozen anchors.

Span rule: text span [s, e) maps to raw [start_of(s), end_of(e - 1)).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np


class Segment(NamedTuple):
    """Text [t0, t1) comes from raw [r0, r1); `block` says whether it is atomic."""

    t0: int
    t1: int
    r0: int
    r1: int
    block: bool


Edit = tuple[int, int, str]  # (start, end, replacement) in the text a step rewrote


def identity_segments(raw_start: int, raw_end: int) -> list[Segment]:
    """The map of an untouched slice raw[raw_start:raw_end]."""
    if raw_end <= raw_start:
        return []
    return [Segment(0, raw_end - raw_start, raw_start, raw_end, False)]


def edits_to_segments(edits: Sequence[Edit], n_in: int) -> tuple[list[Segment], int]:
    """Turn one step's edits (sorted, non-overlapping) into segments out -> in.

    A one-character substitution stays a copy: it moves no boundary.
    Returns the segments and the length of the rewritten text.
    """
    segs: list[Segment] = []
    out = 0
    pos = 0
    for start, end, repl in edits:
        if start > pos:
            segs.append(Segment(out, out + start - pos, pos, start, False))
            out += start - pos
        n = len(repl)
        if n:
            segs.append(Segment(out, out + n, start, end, not (n == 1 and end - start == 1)))
            out += n
        pos = end
    if n_in > pos:
        segs.append(Segment(out, out + n_in - pos, pos, n_in, False))
        out += n_in - pos
    return tidy(segs), out


def _start_of(segs: Sequence[Segment], t0s: Sequence[int], i: int) -> int:
    s = segs[bisect_right(t0s, i) - 1]
    return s.r0 if s.block else s.r0 + i - s.t0


def _end_of(segs: Sequence[Segment], t0s: Sequence[int], i: int) -> int:
    s = segs[bisect_right(t0s, i) - 1]
    return s.r1 if s.block else s.r0 + i - s.t0 + 1


def tidy(segs: Sequence[Segment]) -> list[Segment]:
    """Merge contiguous copies and overlapping raw ranges (a block cut in two by a later step)."""
    out: list[Segment] = []
    for s in segs:
        if s.t1 <= s.t0:
            continue
        if s.block and s.t1 - s.t0 == 1 and s.r1 - s.r0 == 1:
            s = Segment(s.t0, s.t1, s.r0, s.r1, False)
        if out:
            p = out[-1]
            if p.r0 <= s.r0 < p.r1:
                out[-1] = Segment(p.t0, s.t1, p.r0, max(p.r1, s.r1), True)
                continue
            if not p.block and not s.block and p.r1 == s.r0 and p.t1 == s.t0:
                out[-1] = Segment(p.t0, s.t1, p.r0, s.r1, False)
                continue
        out.append(s)
    return out


def compose(outer: Sequence[Segment], inner: Sequence[Segment], raw_end: int) -> list[Segment]:
    """outer maps mid -> raw, inner maps out -> mid; return out -> raw.

    `raw_end` places an insertion made at the very end of the mid text.
    """
    if not inner:
        return []
    if len(inner) == 1 and not inner[0].block and inner[0].t0 == inner[0].r0 == 0:
        if outer and inner[0].t1 == outer[-1].t1:
            return list(outer)  # inner is the identity
    if not outer:
        return tidy([Segment(s.t0, s.t1, raw_end, raw_end, True) for s in inner])
    t0s = [s.t0 for s in outer]
    n_mid = outer[-1].t1
    res: list[Segment] = []
    for t0, t1, m0, m1, block in inner:
        if block:
            if m1 > m0:
                r0, r1 = _start_of(outer, t0s, m0), _end_of(outer, t0s, m1 - 1)
            else:
                r0 = r1 = _start_of(outer, t0s, m0) if m0 < n_mid else outer[-1].r1
            res.append(Segment(t0, t1, r0, r1, True))
            continue
        k = bisect_right(t0s, m0) - 1
        while k < len(outer) and outer[k].t0 < m1:
            o = outer[k]
            x0, x1 = max(m0, o.t0), min(m1, o.t1)
            a, b = t0 + x0 - m0, t0 + x1 - m0
            if o.block:
                res.append(Segment(a, b, o.r0, o.r1, True))
            else:
                res.append(Segment(a, b, o.r0 + x0 - o.t0, o.r0 + x1 - o.t0, False))
            k += 1
    return tidy(res)


def shift(segs: Sequence[Segment], dt: int) -> list[Segment]:
    """Move segments along the text by dt (pieces joined into one text)."""
    return [Segment(s.t0 + dt, s.t1 + dt, s.r0, s.r1, s.block) for s in segs]


@dataclass(frozen=True, slots=True, eq=False)
class OffsetMap:
    """Anchor points (text_idx, raw_idx); see the module docstring for the rules."""

    text_idx: np.ndarray  # int64, non-decreasing, first 0, last = len(text)
    raw_idx: np.ndarray  # int64
    block: np.ndarray  # bool per segment (len(text_idx) - 1)

    @classmethod
    def from_lists(cls, text_idx: Sequence[int], raw_idx: Sequence[int]) -> OffsetMap:
        t = np.asarray(text_idx, dtype=np.int64)
        r = np.asarray(raw_idx, dtype=np.int64)
        if t.ndim != 1 or t.shape != r.shape or t.size == 0:
            raise ValueError("an offset map needs two equal, non-empty lists of anchors")
        if t[0] != 0 or np.any(np.diff(t) < 0):
            raise ValueError("text anchors must start at 0 and never decrease")
        dt, dr = np.diff(t), np.diff(r)
        repeated = np.zeros(dt.size, dtype=bool)
        if dt.size > 1:
            repeated[1:] = (dt[:-1] == 0) & (dr[:-1] == 0)
        return cls(t, r, (dt != dr) | repeated)

    @classmethod
    def from_segments(cls, segs: Sequence[Segment], raw_start: int = 0) -> OffsetMap:
        """Anchors of a segment list; `raw_start` anchors an empty text."""
        t: list[int] = []
        r: list[int] = []
        blk: list[bool] = []  # one flag per gap between anchors
        for t0, t1, r0, r1, block in segs:
            if block and t1 - t0 == 1 and r1 - r0 == 1:
                block = False
            if not block and blk and not blk[-1] and t[-1] == t0 and r[-1] == r0:
                t[-1], r[-1] = t1, r1  # a copy continuing a copy
                continue
            if not t or t[-1] != t0 or r[-1] != r0:
                if t:
                    blk.append(True)  # a deletion gap (never looked up)
                t.append(t0)
                r.append(r0)
            if block and t1 - t0 == r1 - r0:
                blk.append(False)
                t.append(t0)
                r.append(r0)
            blk.append(block or t1 - t0 != r1 - r0)
            t.append(t1)
            r.append(r1)
        if not t:
            t, r = [0], [raw_start]
        return cls(
            np.array(t, dtype=np.int64), np.array(r, dtype=np.int64), np.array(blk, dtype=bool)
        )

    @classmethod
    def identity(cls, n: int, raw_start: int = 0) -> OffsetMap:
        return cls.from_segments(identity_segments(raw_start, raw_start + n), raw_start)

    def to_lists(self) -> tuple[list[int], list[int]]:
        return self.text_idx.tolist(), self.raw_idx.tolist()

    def segments(self) -> list[Segment]:
        """The segments back from the anchors (skipping the deletion gaps)."""
        t, r, b = self.text_idx.tolist(), self.raw_idx.tolist(), self.block.tolist()
        return [
            Segment(t[k], t[k + 1], r[k], r[k + 1], b[k]) for k in range(len(b)) if t[k + 1] > t[k]
        ]

    @property
    def text_len(self) -> int:
        return int(self.text_idx[-1])

    def _seg(self, i: np.ndarray) -> np.ndarray:
        k = np.searchsorted(self.text_idx, i, side="right") - 1
        return np.clip(k, 0, max(self.block.size - 1, 0))

    def starts(self, i: np.ndarray | Sequence[int]) -> np.ndarray:
        """Raw start of each text character i (vectorised)."""
        i = np.asarray(i, dtype=np.int64)
        if self.block.size == 0:
            return np.full(i.shape, self.raw_idx[0])
        k = self._seg(i)
        r0 = self.raw_idx[k]
        return np.where(self.block[k], r0, r0 + i - self.text_idx[k])

    def ends(self, i: np.ndarray | Sequence[int]) -> np.ndarray:
        """Raw end (exclusive) of each text character i (vectorised)."""
        i = np.asarray(i, dtype=np.int64)
        if self.block.size == 0:
            return np.full(i.shape, self.raw_idx[0])
        k = self._seg(i)
        r0 = self.raw_idx[k]
        return np.where(self.block[k], self.raw_idx[k + 1], r0 + i - self.text_idx[k] + 1)

    def spans(
        self, start: np.ndarray | Sequence[int], end: np.ndarray | Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Raw spans of text spans [start, end); an empty span maps to an empty raw span."""
        s = np.asarray(start, dtype=np.int64)
        e = np.asarray(end, dtype=np.int64)
        n = self.text_len
        rs = np.where(s < n, self.starts(np.minimum(s, max(n - 1, 0))), self.raw_idx[-1])
        re_ = self.ends(np.clip(e - 1, 0, max(n - 1, 0)))
        empty = e <= s
        return rs, np.where(empty, rs, np.maximum(re_, rs))

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """The smallest text span around [start, end) that cuts no block.

        Normalising raw[raw_span(start, end)] gives back exactly text[widen(start, end)].
        """
        if end <= start or self.block.size == 0:
            return start, end
        k0 = int(self._seg(np.int64(start)))
        k1 = int(self._seg(np.int64(end - 1)))
        s = int(self.text_idx[k0]) if self.block[k0] else start
        e = int(self.text_idx[k1 + 1]) if self.block[k1] else end
        return s, e

    def __len__(self) -> int:
        return int(self.text_idx.size)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, OffsetMap)
            and np.array_equal(self.text_idx, other.text_idx)
            and np.array_equal(self.raw_idx, other.raw_idx)
        )

    __hash__ = None  # type: ignore[assignment]


def raw_span(m: OffsetMap, start: int, end: int) -> tuple[int, int]:
    """Raw [start, end) of the text span [start, end) under map m."""
    rs, re_ = m.spans([start], [end])
    return int(rs[0]), int(re_[0])


def spans_many(
    text_idx: np.ndarray,
    raw_idx: np.ndarray,
    lengths: np.ndarray,
    which: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """`OffsetMap.from_lists(t_k, r_k).spans(start, end)` for many maps in one vectorised
    pass: the maps' anchors concatenated (`text_idx`, `raw_idx`; map k has `lengths[k]`
    anchors), row j's span mapped by map `which[j]`.  A per-map call costs more in numpy
    set-up than the mapping itself (an article has a few dozen anchors)."""
    t = np.asarray(text_idx, dtype=np.int64)
    r = np.asarray(raw_idx, dtype=np.int64)
    size = np.asarray(lengths, dtype=np.int64)
    off = np.cumsum(size) - size
    last = off + size - 1
    n = t[last]  # text length of each map
    base = np.cumsum(n + 1) - (n + 1)  # maps laid end to end, one apart
    keys = t + np.repeat(base, size)
    # block flags per gap, padded to one per anchor; no gap runs from one map into the next
    inner = np.ones(t.size, dtype=bool)
    inner[last] = False
    dt, dr = np.diff(t), np.diff(r)
    block = np.zeros(t.size, dtype=bool)
    repeated = np.zeros(dt.size, dtype=bool)
    if dt.size > 1:
        repeated[1:] = (dt[:-1] == 0) & (dr[:-1] == 0) & inner[:-2]
    block[:-1] = ((dt != dr) | repeated) & inner[:-1]

    which = np.asarray(which, dtype=np.int64)
    s = np.asarray(start, dtype=np.int64)
    e = np.asarray(end, dtype=np.int64)
    o, nn, single = off[which], n[which], size[which] == 1
    cap = np.maximum(nn - 1, 0)
    top = np.maximum(size[which] - 2, 0)

    def seg(i: np.ndarray) -> np.ndarray:
        k = np.searchsorted(keys, i + base[which], side="right") - 1 - o
        return o + np.clip(k, 0, top)

    i = np.minimum(s, cap)
    k = seg(i)
    starts = np.where(block[k], r[k], r[k] + i - t[k])
    starts = np.where(single, r[o], starts)
    i = np.clip(e - 1, 0, cap)
    k = seg(i)
    ends = np.where(block[k], r[np.minimum(k + 1, t.size - 1)], r[k] + i - t[k] + 1)
    ends = np.where(single, r[o], ends)
    rs = np.where(s < nn, starts, r[last[which]])
    return rs, np.where(e <= s, rs, np.maximum(ends, rs))
