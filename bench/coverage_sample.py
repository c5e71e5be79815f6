"""Draw the coverage-gold article sample: a fixed seed, the same count from each source.

Run `python -m bench.coverage_sample` to print the chosen files; the gold in
tests/gold/coverage/ was annotated on exactly this list (seed 14, 11 per source).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "ant-multisource-v2.1"
SOURCES = ("Alarabia", "BBC", "CNN", "France24", "SkyNews")
SEED = 14
PER_SOURCE = 11


def sample(corpus: Path = CORPUS, seed: int = SEED, per_source: int = PER_SOURCE) -> list[Path]:
    """`per_source` files from each source folder, drawn by one seeded generator in source order."""
    rng = random.Random(seed)
    chosen: list[Path] = []
    for source in SOURCES:
        files = sorted((corpus / source).rglob("*.txt"))
        chosen.extend(sorted(rng.sample(files, per_source)))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    for path in sample(args.corpus.resolve()):
        print(path.relative_to(args.corpus.resolve()).as_posix())


if __name__ == "__main__":
    main()
