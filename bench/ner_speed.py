"""Tagging speed of the committed NER model on one core, features included.

Usage: python bench/ner_speed.py [CONLL_FILE] [--marginals] [--model=crf|crf-self|cnn|PATH]
Default input: ../shared/ner/anercorp/train.txt (tokens only; tags are ignored).
Prints model load time and tokens/s by wall clock and by process CPU time (the latter holds
up when other work shares the machine). Pin to one core with `taskset -c 0`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from marsad.ner.conll import read_conll
from marsad.ner.tagger import load_model

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    model = next((a.partition("=")[2] for a in argv if a.startswith("--model=")), None)
    path = Path(args[0]) if args else REPO / ".." / "shared" / "ner" / "anercorp" / "train.txt"
    sentences = [[tok for tok, _ in sent] for sent in read_conll(path)]
    started = time.perf_counter()
    tagger = load_model(model)
    load = time.perf_counter() - started
    n = sum(len(s) for s in sentences)
    started, cpu_started = time.perf_counter(), time.process_time()
    if "--marginals" in argv:
        tagger.tag(sentences)
    else:
        tagger.tag_labels(sentences)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(f"model {tagger.version}: load {load:.2f} s")
    print(f"{n} tokens in {seconds:.2f} s wall = {n / seconds:,.0f} tokens/s")
    print(f"{n} tokens in {cpu:.2f} s CPU = {n / cpu:,.0f} tokens/s (what a free core would do)")


if __name__ == "__main__":
    main(sys.argv[1:])
