"""Rebuild the committed word-cluster map (`marsad/ner/models/clusters-ant-v2.1.tsv.gz`).

Run once by hand: `python -m marsad.ner.build_clusters ANT_CORPUS_DIR OUT.tsv.gz` (the ANT corpus
v2.1 in ../shared/corpora; 9.37M tokens, about a minute). The tagger only reads the result
(`marsad.ner.clusters`), so a fresh install needs neither the corpus nor this module.

Method (cheap stand-in for Brown clusters): count left/right neighbour words at distance 1 and 2
for the most frequent words, weight by positive PMI, reduce with a randomised SVD, then k-means
(cosine) at several granularities. Each word gets one id per granularity. The parameters are
`clusters.RECIPE`, which the model's JSON records.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from marsad.ner.clusters import RECIPE
from marsad.ner.orthography import tokenize
from marsad.sources import trec_xml


def corpus_texts(corpus_dir: Path, every: int = 1) -> Iterator[str]:
    """TITLE and TEXT of every (`every`-th) TREC-style document under `corpus_dir`, in path
    order."""
    for path in sorted(Path(corpus_dir).rglob("*.txt"))[:: max(1, every)]:
        raw = path.read_text(encoding="utf-8", errors="replace")
        yield from trec_xml.field_values(raw, ("TITLE", "TEXT"))


def corpus_tokens(corpus_dir: Path) -> Iterator[list[str]]:
    """Folded tokens of each line of the corpus (a line is roughly a paragraph)."""
    for text in corpus_texts(corpus_dir):
        for line in text.splitlines():
            tokens = tokenize(line)
            if tokens:
                yield tokens


def build_clusters(
    lines: Sequence[list[str]],
    vocab_size: int = RECIPE["vocab_size"],
    context_size: int = RECIPE["context_size"],
    dims: int = RECIPE["dims"],
    ks: Sequence[int] = tuple(RECIPE["ks"]),
    min_count: int = RECIPE["min_count"],
    seed: int = RECIPE["seed"],
) -> dict[str, tuple[int, ...]]:
    """word -> one cluster id per k in `ks`, from neighbour counts over tokenised `lines`."""
    counts = Counter(token for line in lines for token in line)
    vocab = [w for w, n in counts.most_common(vocab_size) if n >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = min(context_size, len(vocab))

    ids = np.fromiter(
        (index.get(t, -1) for line in lines for t in [*line, "\n"]), dtype=np.int64
    )  # "\n" (never in vocab) separates lines so contexts do not cross them
    offsets = (-2, -1, 1, 2)
    matrix = np.zeros((len(vocab), n_ctx * len(offsets)), dtype=np.float32)
    for block, offset in enumerate(offsets):
        words = ids[max(0, -offset) : len(ids) - max(0, offset)]
        ctx = ids[max(0, offset) : len(ids) + min(0, offset)]
        keep = (words >= 0) & (ctx >= 0) & (ctx < n_ctx)
        flat = words[keep] * n_ctx + ctx[keep]
        matrix[:, block * n_ctx : (block + 1) * n_ctx] = np.bincount(
            flat, minlength=len(vocab) * n_ctx
        ).reshape(len(vocab), n_ctx)

    # positive PMI with context-distribution smoothing (alpha 0.75)
    total = matrix.sum()
    row = matrix.sum(axis=1, keepdims=True) + 1e-9
    col = matrix.sum(axis=0, keepdims=True) ** 0.75
    col = col / col.sum() * total + 1e-9
    with np.errstate(divide="ignore"):
        matrix = np.log(matrix * total / (row * col))
    np.maximum(matrix, 0, out=matrix)

    vectors = _randomized_svd(matrix, dims, np.random.default_rng(seed))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    weights = np.log1p(np.array([counts[w] for w in vocab], dtype=np.float32))
    labels = [_kmeans(vectors, k, weights, np.random.default_rng(seed + k)) for k in ks]
    return {w: tuple(int(lab[i]) for lab in labels) for i, w in enumerate(vocab)}


def _randomized_svd(matrix, dims: int, rng, oversample: int = 20, iterations: int = 3):
    """Left singular vectors scaled by sqrt(singular values) (Halko et al. 2011)."""
    probe = rng.standard_normal((matrix.shape[1], dims + oversample)).astype(np.float32)
    basis = matrix @ probe
    for _ in range(iterations):
        basis, _ = np.linalg.qr(basis)
        basis, _ = np.linalg.qr(matrix.T @ basis)
        basis = matrix @ basis
    basis, _ = np.linalg.qr(basis)
    small = basis.T @ matrix
    u, s, _ = np.linalg.svd(small, full_matrices=False)
    return (basis @ u[:, :dims]) * np.sqrt(s[:dims])


def _kmeans(vectors, k: int, weights, rng, iterations: int = 25):
    """Spherical k-means, k-means++-lite init from frequent words; returns labels."""
    k = min(k, len(vectors))
    top = np.argsort(-weights)[: max(k * 4, k)]
    centres = vectors[rng.choice(top, size=k, replace=False)].copy()
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        labels = np.argmax(vectors @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, vectors * weights[:, None])
        empty = np.linalg.norm(sums, axis=1) == 0
        sums[empty] = vectors[rng.choice(len(vectors), size=int(empty.sum()))]
        centres = sums / np.linalg.norm(sums, axis=1, keepdims=True)
    return labels


def write_clusters(path: Path, clusters: dict[str, tuple[int, ...]], ks: Sequence[int]) -> None:
    """Gzipped TSV: a header naming the granularities, then `word id id ...` per line."""
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("word\t" + "\t".join(f"k{k}" for k in ks) + "\n")
        for word, ids in clusters.items():
            handle.write(word + "\t" + "\t".join(map(str, ids)) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Rebuild the map from the corpus with `RECIPE`; prints its word count."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m marsad.ner.build_clusters CORPUS_DIR OUT.tsv.gz", file=sys.stderr)
        return 2
    clusters = build_clusters(list(corpus_tokens(Path(args[0]))))
    write_clusters(Path(args[1]), clusters, RECIPE["ks"])
    print(f"{len(clusters)} words -> {args[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
