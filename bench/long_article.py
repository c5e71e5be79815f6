"""`python -m bench.long_article MB [--out DIR]`: time and peak memory of one MB-sized article.

Builds one TREC-XML article of about MB megabytes from the paragraphs of real corpus articles
(in a scratch folder, never committed), runs `marsad run --workers 1` on it in a child process
and prints the wall time, the peak RSS and each stage's own time (from `_last_run.json`).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from bench.corpus import corpus_files
from bench.measure import pipeline_command

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "ant-multisource-v2.1"
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


def long_article(corpus: Path, megabytes: float) -> str:
    """One dated TREC article whose TEXT is real paragraphs repeated to `megabytes` MB."""
    paragraphs: list[str] = []
    for name in corpus_files(corpus)[:400]:
        match = _TEXT.search((corpus / name).read_text(encoding="utf-8", errors="replace"))
        if match:
            paragraphs.extend(p.strip() for p in match.group(1).splitlines() if p.strip())
    target = int(megabytes * 1_000_000)
    body: list[str] = []
    size, i = 0, 0
    while size < target:
        body.append(paragraphs[i % len(paragraphs)])
        size += len(body[-1].encode("utf-8")) + 1
        i += 1
    return (
        "<DOC>\n<DOCNO>LONG-1</DOCNO>\n<SRC>bench</SRC>\n<CAT>long</CAT>\n"
        "<TITLE>مقال طويل جدا للاختبار</TITLE>\n<TIME>Sun, 15 Jul 2018 21:56:56 +0400</TIME>\n"
        "<TEXT>\n" + "\n".join(body) + "\n</TEXT>\n</DOC>\n"
    )


def measure(megabytes: float, work: Path) -> dict:
    landing = work / "landing"
    landing.mkdir(parents=True)
    (landing / "long.xml").write_text(long_article(CORPUS, megabytes), encoding="utf-8")
    warehouse = work / "w.duckdb"
    started = time.perf_counter()
    proc = subprocess.run(
        pipeline_command(landing, warehouse, workers=1),
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    stages = {}
    for path in sorted((work / "w.stages").glob("*/_last_run.json")):
        stages[path.parent.name] = json.loads(path.read_text())["seconds"]
    return {
        "megabytes": megabytes,
        "rc": proc.returncode,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_mb),
        "stage_seconds": stages,
        "stderr_tail": proc.stderr[-600:] if proc.returncode else "",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("megabytes", type=float)
    parser.add_argument("--out", help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    work = Path(args.out or tempfile.mkdtemp(prefix="marsad-long-"))
    print(json.dumps(measure(args.megabytes, work), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
