"""Clean the whole ANT corpus and check what the cleaned stage promises, with the time.

    python bench/cleaning_corpus.py [CORPUS_DIR] [--limit N] [--spans 10000]
    python bench/cleaning_corpus.py --build-vocab      # rewrite marsad/data/vocab.tsv.gz

Checks: no display text holds a character the display form removes (tatweel, bidi and
zero-width controls, presentation forms, NBSP); for random spans of display and match text,
normalising raw_text[raw_span(...)] gives back exactly the (block-widened) span.
Reads TITLE and TEXT with a small regex so it does not depend on the parser.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from marsad.text.clean import clean_many  # noqa: E402
from marsad.text.normalize import (  # noqa: E402
    DISPLAY,
    MATCH,
    removed_from_display,
    strip_tashkeel,
    to_display,
)
from marsad.text.offsets import OffsetMap  # noqa: E402
from marsad.text.tokenize import KINDS, TOKEN_RE, VOCAB_RESOURCE  # noqa: E402

_WORD = KINDS.index("word") + 1
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpora" / "ant-multisource-v2.1"
_DOCNO = re.compile(r"<DOCNO>\s*(.*?)\s*</DOCNO>")
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.DOTALL)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_LINE = re.compile(r"[^\n]*\S[^\n]*")


def read_article(path: Path) -> tuple[str, str, list[tuple[int, int]]]:
    """(article_id, raw_text, [title span, paragraph spans...]) of one ANT file."""
    raw = path.read_text(encoding="utf-8")
    docno = _DOCNO.search(raw)
    title = _TITLE.search(raw)
    spans = [title.span(1) if title else (0, 0)]
    text = _TEXT.search(raw)
    if text:
        spans += [m.span() for m in _LINE.finditer(raw, *text.span(1))]
    return (docno.group(1) if docno else path.stem), raw, spans


def iter_corpus(corpus: Path, limit: int | None = None) -> Iterator[tuple[str, str, list]]:
    files = sorted(corpus.rglob("*.txt"))
    for path in files[:limit]:
        yield read_article(path)


def build_vocab(corpus: Path, top: int = 100_000) -> Path:
    """Count word forms (display text, tashkeel stripped) and write the top ones."""
    counts: Counter[str] = Counter()
    for _, raw, spans in iter_corpus(corpus):
        for a, b in spans:
            text = to_display(raw[a:b])
            counts.update(m.group() for m in TOKEN_RE.finditer(text) if m.lastindex == _WORD)
    light: Counter[str] = Counter()
    for w, n in counts.items():
        light[strip_tashkeel(w)] += n
    out = REPO / "marsad" / "data" / VOCAB_RESOURCE
    out.parent.mkdir(exist_ok=True)
    rows = sorted(light.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    data = "".join(f"{w}\t{n}\n" for w, n in rows).encode("utf-8")
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(data)
    print(f"{len(light)} distinct forms, wrote {len(rows)} to {out} ({out.stat().st_size} bytes)")
    return out


def check_spans(raws: list[str], arts, n_spans: int, seed: int = 0) -> int:
    """Failures of the offset property over n_spans random spans of display and match text."""
    rng = random.Random(seed)
    failures = 0
    rows = arts.select(
        "display_text",
        "match_text",
        "display_map_text_idx",
        "display_map_raw_idx",
        "match_map_text_idx",
        "match_map_raw_idx",
    ).rows()
    for _ in range(n_spans):
        i = rng.randrange(len(rows))
        display, match, dt, dr, mt, mr = rows[i]
        use_match = rng.random() < 0.5
        text = match if use_match else display
        m = OffsetMap.from_lists(mt, mr) if use_match else OffsetMap.from_lists(dt, dr)
        lines = [(x.start(), x.end()) for x in re.finditer(r"[^\n]+", text)]
        if not lines:
            continue
        a, b = rng.choice(lines)
        s = rng.randrange(a, b)
        e = rng.randrange(s + 1, min(b, s + 40) + 1)
        rs, re_ = m.spans([s], [e])
        got = DISPLAY(raws[i][int(rs[0]) : int(re_[0])])
        if use_match:
            got = MATCH(got)
        ws, we = m.widen(s, e)
        if got != text[ws:we]:
            failures += 1
            if failures <= 5:
                print("MISMATCH", repr(text[ws:we]), repr(got))
    return failures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--spans", type=int, default=10_000)
    ap.add_argument("--build-vocab", action="store_true")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    if args.build_vocab:
        build_vocab(corpus)
        return
    t0 = time.perf_counter()
    rows = list(iter_corpus(corpus, args.limit))
    t1, c1 = time.perf_counter(), time.process_time()
    frames = clean_many(rows)
    t2, c2 = time.perf_counter(), time.process_time()
    arts = frames["cleaned_articles"]
    bad = removed_from_display()
    violations = sum(1 for d in arts["display_text"] if bad.search(d))
    failures = check_spans([r[1] for r in rows], arts, args.spans)
    n = arts.height
    ns, nt = frames["sentences"].height, frames["tokens"].height
    print(f"articles            {n}")
    print(f"read                {t1 - t0:.1f} s")
    print(
        f"clean_many          {t2 - t1:.1f} s wall, {c2 - c1:.1f} s CPU ({n / (c2 - c1):.0f} articles/CPU-s)"
    )
    print(f"sentences           {ns} ({ns / n:.1f} per article)")
    print(f"tokens              {nt} ({nt / n:.1f} per article)")
    words = frames["tokens"].filter(kind="word")
    print(
        f"words               {words.height}, with proclitics {words.filter(words['proclitics'] != '').height}"
    )
    anchors = (
        arts["display_map_text_idx"].list.len().sum() + arts["match_map_text_idx"].list.len().sum()
    )
    print(f"map anchors         {anchors} ({anchors / n:.1f} per article)")
    print(f"display violations  {violations}")
    print(f"offset property     {args.spans - failures}/{args.spans} spans exact")
    if violations or failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
