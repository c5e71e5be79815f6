"""Corpus prediction history: how a first-stage CRF tagged each word across unlabelled news.

The CRF knows the names it saw in training; a name it never saw still stands, somewhere in the
ANT corpus, after «الرئيس» or before «قال». Tagging a sample of the corpus with the first-stage
model and counting, per folded word (and per clitic-stripped base), how often each occurrence
was tagged PERS/LOC/ORG/MISC/O turns those many contexts into one feature of the word (Ratinov &
Roth 2009, "extended prediction history", here over a corpus rather than one document). The
second-stage CRF is trained with these as attributes of the word and its +-1 neighbours.

The table is a derived artefact (`<model>.history.tsv.gz` next to the model): one line per word
seen at least `min_count` times, its label counts. Tagging reads it once and looks words up.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from marsad.ner.orthography import fold, strip_prefix

TYPES = ("PERS", "LOC", "ORG", "MISC")
# the columns of the table after the key: counts of each entity type (B and I together), of the
# B- tags among them (a first word vs. a later word of a name), and of all occurrences
COLUMNS = (*TYPES, "B", "n")


def count(
    tagged: Iterable[tuple[Sequence[str], Sequence[str]]], min_count: int = 3
) -> dict[str, dict[str, tuple[int, ...]]]:
    """{"w": word -> counts, "b": base -> counts} over (tokens, tags) pairs; words seen fewer
    than `min_count` times are left out (their share is noise, and they bloat the file)."""
    tables: dict[str, dict[str, Counter]] = {"w": {}, "b": {}}
    for tokens, tags in tagged:
        for token, tag in zip(tokens, tags, strict=True):
            folded = fold(token)
            base = strip_prefix(folded)[1]
            for kind, key in (("w", folded), ("b", base)):
                counter = tables[kind].get(key)
                if counter is None:
                    counter = tables[kind][key] = Counter()
                counter["n"] += 1
                if tag != "O":
                    counter[tag[2:]] += 1
                    if tag[0] == "B":
                        counter["B"] += 1
    return {
        kind: {k: tuple(c[col] for col in COLUMNS) for k, c in table.items() if c["n"] >= min_count}
        for kind, table in tables.items()
    }


def write(path: Path, tables: Mapping[str, Mapping[str, tuple[int, ...]]]) -> Path:
    """Gzipped TSV: a header, then `kind key counts...` (kind w: folded word, b: its base)."""
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("kind\tkey\t" + "\t".join(COLUMNS) + "\n")
        for kind in ("w", "b"):
            for key, counts in sorted(tables.get(kind, {}).items()):
                handle.write(f"{kind}\t{key}\t" + "\t".join(map(str, counts)) + "\n")
    return path


def read(path: Path) -> dict[str, dict[str, tuple[int, ...]]]:
    """The table `write` wrote."""
    tables: dict[str, dict[str, tuple[int, ...]]] = {"w": {}, "b": {}}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            kind, key, *counts = line.rstrip("\n").split("\t")
            tables[kind][key] = tuple(map(int, counts))
    return tables


def _bucket(share: float) -> str | None:
    if share >= 0.8:
        return "4"
    if share >= 0.5:
        return "3"
    if share >= 0.2:
        return "2"
    if share >= 0.05:
        return "1"
    return None


def attributes(counts: tuple[int, ...] | None, prefix: str) -> tuple[list[str], list[str]]:
    """(attributes of the word itself, attributes its neighbours see) for one table row.

    Shares are bucketed (≥5%, ≥20%, ≥50%, ≥80%) so the CRF learns a few weights per type rather
    than one per word; the word itself also gets its frequency band and whether its name tags
    mostly begin a name.
    """
    if counts is None:
        return [prefix + "=unk"], [prefix + "=unk"]
    *typed, first, n = counts
    entity = sum(typed)
    own: list[str] = []
    for kind, c in zip(TYPES, typed, strict=True):
        band = _bucket(c / n)
        if band:
            own.append(f"{prefix}={kind}:{band}")
    band = _bucket(entity / n)
    own.append(f"{prefix}e={band or '0'}")
    near = list(own)
    own.append(f"{prefix}n={'3' if n < 10 else '10' if n < 100 else '100'}")
    if entity >= 3 and entity / n >= 0.2:
        top = max(zip(typed, TYPES, strict=True))[1]
        own.append(f"{prefix}t={'B' if first * 2 >= entity else 'I'}-{top}")
    return own, near


def word_attributes(
    tables: Mapping[str, Mapping[str, tuple[int, ...]]], folded: str, base: str, use_base: bool
) -> tuple[list[str], list[str]]:
    """The history attributes of one folded word (and of its base, if `use_base`)."""
    own, near = attributes(tables["w"].get(folded), "ph")
    if use_base:
        b_own, b_near = attributes(tables["b"].get(base), "phb")
        own += b_own
        near += b_near
    return own, near


def label(crf, extractor, sentences: Iterable[Sequence[str]], probability: bool = False):
    """(tokens, tags, sequence probability or 1.0) for each sentence, tagged by a first-stage
    crfsuite tagger `crf` with its feature `extractor` (Viterbi tags, no decoding steps)."""
    for tokens in sentences:
        crf.set(extractor.sentence(tokens))
        tags = crf.tag()
        yield tokens, tags, crf.probability(tags) if probability else 1.0
