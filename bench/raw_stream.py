"""Does a big Parquet file stream through the raw stage? Peak memory and speed per file size.

    .venv/bin/python -m bench.raw_stream [--sizes-mb 100,500,2000] [--articles 3000] [--out /tmp/…]

Writes Parquet files of roughly each size (uncompressed, so the size is the text's) built from
ANT corpus articles repeated with a copy number added to the title and url (a new article id
per copy; the real dates, so copies fall on the corpus's ~330 days), then runs the raw stage
(`ingest`, one worker) over each in a fresh child process and reports the child's peak RSS and
articles per second. The files go to `--out` (default: a temporary folder) and are deleted
afterwards; nothing is committed. Flat memory means the peak does not grow with the file.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bench.corpus import corpus_files, shuffled
from bench.layouts import DEFAULT_CORPUS, original

ROW_GROUP = 2_000

CHILD = """
import json, sys, time
from pathlib import Path
from marsad.stages.raw import ingest
from marsad.stages.store import StageStore
started = time.perf_counter()
summary = ingest(Path(sys.argv[1]), StageStore(Path(sys.argv[2])))
print(json.dumps({"seconds": time.perf_counter() - started, "records": summary.records_read,
                  "batches": summary.batches, "days": len(summary.days_touched)}))
"""


def sample_docs(corpus: Path, articles: int) -> list[dict]:
    docs = []
    for name in shuffled(corpus_files(corpus)):
        doc = original(corpus / name)
        if doc is not None:
            docs.append(doc)
        if len(docs) == articles:
            break
    return docs


def write_big_parquet(docs: list[dict], path: Path, megabytes: int) -> int:
    """Copies of `docs` until the file holds about `megabytes` of text; returns the rows."""
    per_copy = sum(len(d["title"].encode()) + len(d["body"].encode()) for d in docs)
    copies = max(1, round(megabytes * 1024**2 / per_copy))
    schema = pa.schema(
        [("title", pa.string()), ("content", pa.string()), ("published", pa.int64()),
         ("url", pa.string()), ("source", pa.string()), ("section", pa.string())]
    )  # fmt: skip
    rows = 0
    with pq.ParquetWriter(path, schema, compression="none") as writer:
        for copy in range(copies):
            table = pa.table(
                {
                    "title": [f"{d['title']} ({copy})" for d in docs],
                    "content": [d["body"] for d in docs],
                    "published": [int(d["when"].timestamp() * 1000) for d in docs],
                    "url": [f"{d['url']}?copy={copy}" for d in docs],
                    "source": [d["source"] for d in docs],
                    "section": [d["section"] for d in docs],
                },
                schema=schema,
            )
            writer.write_table(table, row_group_size=ROW_GROUP)
            rows += table.num_rows
    return rows


def run_child(landing: Path, stages: Path) -> tuple[dict, float]:
    """The raw stage in a fresh process: its result and its peak RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(landing), str(stages)],
        check=True,
        capture_output=True,
        text=True,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak < before:  # ru_maxrss of children is the max over all of them so far
        peak = before
    return json.loads(done.stdout.strip().splitlines()[-1]), peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes-mb", default="100,500,2000")
    parser.add_argument("--articles", type=int, default=3000, help="distinct corpus articles")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    docs = sample_docs(args.corpus, args.articles)
    base = Path(tempfile.mkdtemp(prefix="marsad-raw-stream-", dir=args.out))
    print(f"{len(docs)} corpus articles; work folder {base}", file=sys.stderr)
    results = []
    try:
        for size in sorted(int(s) for s in args.sizes_mb.split(",")):
            landing, stages = base / f"landing{size}", base / f"stages{size}"
            landing.mkdir()
            path = landing / "articles.parquet"
            rows = write_big_parquet(docs, path, size)
            file_mb = path.stat().st_size / 1024**2
            started = time.perf_counter()
            result, peak_mb = run_child(landing, stages)
            wall = time.perf_counter() - started
            row = {
                "file_mb": round(file_mb),
                "rows": rows,
                "records": result["records"],
                "batches": result["batches"],
                "days": result["days"],
                "ingest_s": round(result["seconds"], 1),
                "articles_per_s": round(rows / result["seconds"]),
                "peak_rss_mb": round(peak_mb),
                "wall_s": round(wall, 1),
            }
            results.append(row)
            print(json.dumps(row), flush=True)
            shutil.rmtree(landing)
            shutil.rmtree(stages)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
