"""The cleaned stage: display and match text with maps to raw, sentences and tokens.

`clean_article` is the per-article entry point (dataclasses, for callers and tests);
`clean_many` is the batch one (polars frames, what the asset stores).  Both run the same
columnar core, so the frames and the dataclasses always agree.

Display text is the normalised pieces (title, then paragraphs) joined with "\\n", one piece
per paragraph, an empty piece kept as an empty paragraph so paragraph_no is the index of
its span.  Each "\\n" maps to the raw text between the two spans it joins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from marsad.text.normalize import display_pieces, match_segments, to_match
from marsad.text.offsets import OffsetMap, compose, raw_span
from marsad.text.segment import Sentence, sentence_spans
from marsad.text.tokenize import KINDS, TOKEN_RE, Token, split_clitics

_WORD = KINDS.index("word")
_NEWLINE = re.compile("\n")

__all__ = ["CleanedArticle", "clean_article", "clean_many", "raw_span", "Sentence", "Token"]


@dataclass(slots=True)
class CleanedArticle:
    display_text: str
    match_text: str
    display_map: OffsetMap  # display index -> raw_text index
    match_map: OffsetMap  # match index -> raw_text index
    paragraphs: list[tuple[int, int]]  # display spans; the title is paragraph 0
    sentences: list[Sentence]
    tokens: list[Token]


@dataclass(slots=True)
class _Columns:
    """One article, column-wise: what both entry points are built from."""

    display_text: str
    match_text: str
    display_map: OffsetMap
    match_map: OffsetMap
    paragraphs: list[tuple[int, int]]
    sent_paragraph: list[int]
    sent_start: list[int]
    sent_end: list[int]
    tok_sentence: list[int]
    tok_no: list[int]
    tok_start: list[int]
    tok_end: list[int]


def _display(raw_text: str, spans: Sequence[tuple[int, int]]):
    text, segs = display_pieces(raw_text, spans)
    cuts = [m.start() for m in _NEWLINE.finditer(text)]
    starts = [0, *(c + 1 for c in cuts)]
    ends = [*cuts, len(text)]
    paragraphs = list(zip(starts, ends, strict=True)) if spans else []
    raw_end = max(spans[-1]) if spans else 0
    return text, segs, paragraphs, raw_end


def _pairs(spans: Sequence) -> list[tuple[int, int]]:
    """(start, end) pairs from tuples or from marsad.records.Span objects."""
    return [
        (int(s.start), int(s.end)) if hasattr(s, "start") else (int(s[0]), int(s[1])) for s in spans
    ]


def _columns(raw_text: str, spans: Sequence[tuple[int, int]]) -> _Columns:
    spans = _pairs(spans)
    display, dsegs, paragraphs, raw_end = _display(raw_text, spans)
    first = spans[0][0] if spans else 0
    match, msegs = match_segments(display)
    match_to_raw = compose(dsegs, msegs, raw_end)
    sp: list[int] = []
    ss: list[int] = []
    se: list[int] = []
    for p_no, (a, b) in enumerate(paragraphs):
        for s, e in sentence_spans(display, a, b):
            sp.append(p_no)
            ss.append(s)
            se.append(e)
    # Sentences cover every non-space character and end at spaces, so no token crosses one.
    found = [m.span() for m in TOKEN_RE.finditer(display)]
    t0 = [x[0] for x in found]
    t1 = [x[1] for x in found]
    ts = np.searchsorted(ss, t0, side="right") - 1 if found else np.empty(0, np.int64)
    sentence_first = np.searchsorted(ts, ts, side="left")  # each sentence's first token
    tn = (np.arange(len(t0)) - sentence_first).tolist()
    return _Columns(
        display,
        match,
        OffsetMap.from_segments(dsegs, first),
        OffsetMap.from_segments(match_to_raw, first),
        paragraphs,
        sp,
        ss,
        se,
        ts.tolist(),
        tn,
        t0,
        t1,
    )


class _Types:
    """Distinct token texts seen so far, each analysed once: a token is then just an id,
    and the text/match/proclitics/stem/kind columns are gathered from these lists."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.text: list[str] = []
        self.match: list[str] = []
        self.proclitics: list[str] = []
        self.stem: list[str] = []
        self.kind: list[int] = []

    def add(self, text: str) -> int:
        kind = TOKEN_RE.fullmatch(text).lastindex - 1  # type: ignore[union-attr]
        if kind == _WORD:
            pro, stem = split_clitics(text)
        else:
            pro, stem = "", text
        self.ids[text] = n = len(self.text)
        self.text.append(text)
        self.match.append(to_match(text))
        self.proclitics.append(pro)
        self.stem.append(stem)
        self.kind.append(kind)
        return n

    def lookup(self, texts: list[str]) -> list[int]:
        ids = list(map(self.ids.get, texts))
        if None in ids:
            for i in [i for i, x in enumerate(ids) if x is None]:
                t = texts[i]
                found = self.ids.get(t)  # added earlier in this same article
                ids[i] = self.add(t) if found is None else found
        return ids  # type: ignore[return-value]


def clean_article(raw_text: str, spans: Sequence[tuple[int, int]]) -> CleanedArticle:
    """Clean one article; spans = [title span, paragraph spans...] into raw_text."""
    c = _columns(raw_text, spans)
    sentences = [
        Sentence(i, p, s, e)
        for i, (p, s, e) in enumerate(zip(c.sent_paragraph, c.sent_start, c.sent_end, strict=True))
    ]
    types = _Types()
    ids = types.lookup([c.display_text[s:e] for s, e in zip(c.tok_start, c.tok_end, strict=True)])
    tokens = [
        Token(sn, tn, s, e, KINDS[types.kind[i]], types.proclitics[i], types.stem[i])
        for sn, tn, s, e, i in zip(
            c.tok_sentence, c.tok_no, c.tok_start, c.tok_end, ids, strict=True
        )
    ]
    return CleanedArticle(
        c.display_text, c.match_text, c.display_map, c.match_map, c.paragraphs, sentences, tokens
    )


def _i32(values: Iterable[int] | np.ndarray) -> pl.Series:
    return pl.Series(np.asarray(values, dtype=np.int32))


def clean_many(
    rows: Iterable[tuple[str, str, Sequence[tuple[int, int]]]],
) -> dict[str, pl.DataFrame]:
    """Clean (article_id, raw_text, spans) rows into the cleaned_articles, sentences and
    tokens frames (spans in display text plus raw_start/raw_end into raw_text)."""
    art: dict[str, list] = {
        k: [] for k in ("id", "display", "match", "dt", "dr", "mt", "mr", "ns", "nt")
    }
    sent: dict[str, list] = {k: [] for k in ("art", "par", "s", "e", "rs", "re", "text")}
    tok: dict[str, list] = {k: [] for k in ("art", "sent", "no", "s", "e", "rs", "re", "type")}
    types = _Types()
    for idx, (article_id, raw_text, spans) in enumerate(rows):
        c = _columns(raw_text, spans)
        d = c.display_text
        art["id"].append(article_id)
        art["display"].append(d)
        art["match"].append(c.match_text)
        for key, m in (("d", c.display_map), ("m", c.match_map)):
            t, r = m.to_lists()
            art[key + "t"].append(t)
            art[key + "r"].append(r)
        art["ns"].append(len(c.sent_start))
        art["nt"].append(len(c.tok_start))

        ns = len(c.sent_start)
        rs, re_ = c.display_map.spans(c.sent_start + c.tok_start, c.sent_end + c.tok_end)
        rs, re_ = rs.astype(np.int32), re_.astype(np.int32)
        sent["art"].append(np.full(ns, idx, dtype=np.int32))
        sent["rs"].append(rs[:ns])
        sent["re"].append(re_[:ns])
        sent["par"] += c.sent_paragraph
        sent["s"] += c.sent_start
        sent["e"] += c.sent_end
        sent["text"] += [d[s:e] for s, e in zip(c.sent_start, c.sent_end, strict=True)]

        tok["art"].append(np.full(len(c.tok_start), idx, dtype=np.int32))
        tok["rs"].append(rs[ns:])
        tok["re"].append(re_[ns:])
        tok["sent"] += c.tok_sentence
        tok["no"] += c.tok_no
        tok["s"] += c.tok_start
        tok["e"] += c.tok_end
        tok["type"] += types.lookup([d[s:e] for s, e in zip(c.tok_start, c.tok_end, strict=True)])

    ids = pl.Series("article_id", art["id"], dtype=pl.String)
    int_list = pl.List(pl.Int32)

    def cat(parts: list) -> np.ndarray:
        if parts and isinstance(parts[0], np.ndarray):
            return np.concatenate(parts)
        return np.asarray(parts, dtype=np.int32)

    articles = pl.DataFrame(
        {
            "article_id": ids,
            "display_text": pl.Series(art["display"], dtype=pl.String),
            "match_text": pl.Series(art["match"], dtype=pl.String),
            "display_map_text_idx": pl.Series(art["dt"], dtype=int_list),
            "display_map_raw_idx": pl.Series(art["dr"], dtype=int_list),
            "match_map_text_idx": pl.Series(art["mt"], dtype=int_list),
            "match_map_raw_idx": pl.Series(art["mr"], dtype=int_list),
            "n_sentences": _i32(art["ns"]),
            "n_tokens": _i32(art["nt"]),
        }
    )
    sent_art = cat(sent["art"])
    sentences = pl.DataFrame(
        {
            "article_id": ids.gather(sent_art),
            "sentence_no": _sequence_within(sent_art),
            "paragraph_no": cat(sent["par"]),
            "start": cat(sent["s"]),
            "end": cat(sent["e"]),
            "raw_start": cat(sent["rs"]),
            "raw_end": cat(sent["re"]),
            "text": pl.Series(sent["text"], dtype=pl.String),
        }
    )
    type_ids = cat(tok["type"])
    kinds = pl.Series(list(KINDS), dtype=pl.String)
    tokens = pl.DataFrame(
        {
            "article_id": ids.gather(cat(tok["art"])),
            "sentence_no": cat(tok["sent"]),
            "token_no": cat(tok["no"]),
            "start": cat(tok["s"]),
            "end": cat(tok["e"]),
            "raw_start": cat(tok["rs"]),
            "raw_end": cat(tok["re"]),
            "text": pl.Series(types.text, dtype=pl.String).gather(type_ids),
            "match": pl.Series(types.match, dtype=pl.String).gather(type_ids),
            "proclitics": pl.Series(types.proclitics, dtype=pl.String).gather(type_ids),
            "stem": pl.Series(types.stem, dtype=pl.String).gather(type_ids),
            "kind": kinds.gather(pl.Series(types.kind, dtype=pl.Int32).gather(type_ids)),
        }
    )
    return {"cleaned_articles": articles, "sentences": sentences, "tokens": tokens}


def _sequence_within(group: np.ndarray) -> np.ndarray:
    """0, 1, 2 … restarting wherever the (sorted) group id changes."""
    if group.size == 0:
        return group.astype(np.int32)
    first = np.searchsorted(group, group, side="left")
    return (np.arange(group.size) - first).astype(np.int32)
