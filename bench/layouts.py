"""Parse speed per landing layout: corpus articles re-exported as JSON, CSV, Parquet, HTML.

    .venv/bin/python -m bench.layouts [--articles 1000] [--workers 1]

Takes a seeded sample of the ANT corpus, writes it (into a temporary folder) the ways
scrapers and dataset hubs ship news — a JSON array per day, one CSV, one Parquet table, an
HTML page per article, and the TREC originals and JSON Lines for comparison — and times, per
layout, the raw stage (read, decode, split, extract; trafilatura runs here for HTML) and the
parsed stage (fields and spans), reported per 1,000 articles. The writer is shared with the
real-data test (tests/e2e/test_layouts_corpus.py).
"""

from __future__ import annotations

import argparse
import csv
import email.utils
import html
import json
import re
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import polars as pl

from bench.corpus import corpus_files, shuffled

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
DEFAULT_CORPUS = DEFAULT_CORPUS / "ant-multisource-v2.1"
FIELD = re.compile(r"<(TITLE|TIME|TEXT|URL|SRC|CAT|AUTHOR|DOCNO)>(.*?)</\1>", re.S)
LAYOUTS = ("json", "csv", "parquet", "html")


INVISIBLE = re.compile("[\u200e\u200f]")  # bidi marks: HTML extraction drops them


def norm(text: str) -> str:
    """Whitespace runs collapsed, bidi marks dropped: what an HTML page can keep of a text."""
    return " ".join(INVISIBLE.sub("", text).split())


def paragraphs(text: str) -> list[str]:
    return [norm(line) for line in text.split("\n") if norm(line)]


def original(path: Path) -> dict | None:
    """Fields of one TREC document, read with a regex independent of marsad's parser."""
    found = {k: html.unescape(v.strip()) for k, v in FIELD.findall(path.read_text("utf-8"))}
    if not all(found.get(k) for k in ("TITLE", "TIME", "TEXT")):
        return None
    when = email.utils.parsedate_to_datetime(found["TIME"])
    return {
        "docno": found["DOCNO"],
        "title": found["TITLE"],
        "body": found["TEXT"],
        "paragraphs": paragraphs(found["TEXT"]),
        "url": found.get("URL", ""),
        "source": found.get("SRC", ""),
        "section": found.get("CAT", ""),
        "author": found.get("AUTHOR", ""),
        "when": when,  # aware, in the source's own zone
    }


def html_page(doc: dict) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in doc["body"].split("\n") if p.strip())
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{html.escape(doc["title"])} | {html.escape(doc["source"])}</title>
<meta property="article:published_time" content="{doc["when"].isoformat()}">
<meta property="article:section" content="{html.escape(doc["section"])}">
<link rel="canonical" href="{html.escape(doc["url"])}">
</head><body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/world">العالم</a></li>
<li><a href="/sport">رياضة</a></li></ul></nav></header>
<main><article>
<h1>{html.escape(doc["title"])}</h1>
<div class="article-body">
{paragraphs}
</div>
<div class="share-buttons"><a href="#">شارك على فيسبوك</a> <a href="#">تويتر</a></div>
</article>
<aside class="related"><h3>اقرأ أيضا</h3><ul><li><a href="/other">خبر آخر</a></li></ul></aside>
</main>
<footer><p>جميع الحقوق محفوظة</p></footer>
</body></html>
"""


def write_landing(docs: list[dict], root: Path) -> dict[str, Path]:
    folders = {layout: root / layout for layout in LAYOUTS}
    for folder in folders.values():
        folder.mkdir(parents=True)
    by_day: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        by_day[doc["when"].date().isoformat()].append(doc)
    for day, group in by_day.items():  # the scraped-dataset shape, one file per day
        items = [
            {
                "source": d["source"],
                "url": d["url"],
                "date_extracted": d["when"].strftime("%Y-%m-%d %H:%M:%S"),
                "title": d["title"],
                "author": d["author"],
                "content": d["body"],
            }
            for d in group
        ]
        (folders["json"] / f"{day}.json").write_text(
            json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    with open(folders["csv"] / "articles.csv", "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Headline", "Body", "pubDate", "Link", "Category"])
        for d in docs:
            rfc822 = email.utils.format_datetime(d["when"])
            writer.writerow([d["title"], d["body"], rfc822, d["url"], d["section"]])
    pl.DataFrame(
        {
            "title": [d["title"] for d in docs],
            "text": [d["body"] for d in docs],
            "published": [int(d["when"].timestamp() * 1000) for d in docs],
            "url": [d["url"] for d in docs],
            "section": [d["section"] for d in docs],
        }
    ).write_parquet(folders["parquet"] / "articles.parquet", row_group_size=64)
    for d in docs:
        (folders["html"] / f"{d['docno']}.html").write_text(html_page(d), encoding="utf-8")
    return folders


def _time_layout(folder: Path, stages: Path, workers: int) -> tuple[float, float, float, int]:
    """(raw stage s, parsed stage s, parse_record alone s, articles parsed) for one folder."""
    from marsad.sources import parse_many
    from marsad.stages.parsed import to_record
    from marsad.stages.pipeline import PARSED
    from marsad.stages.raw import ingest
    from marsad.stages.runner import run_days
    from marsad.stages.state import StageState
    from marsad.stages.store import StageStore

    store = StageStore(stages)
    started = time.perf_counter()
    ingest(folder, store, workers=workers)
    raw_seconds = time.perf_counter() - started
    days = sorted(StageState(stages / "raw").load())
    started = time.perf_counter()
    run_days(store, PARSED, days, workers=workers)
    parsed_seconds = time.perf_counter() - started
    records = [to_record(row) for row in store.table("raw", "records").read().to_dicts()]
    started = time.perf_counter()
    parse_many(records)
    parse_seconds = time.perf_counter() - started
    articles = store.table("parsed", "articles").read(columns=["article_id"])
    return raw_seconds, parsed_seconds, parse_seconds, 0 if articles is None else articles.height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.layouts", description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    files = shuffled(corpus_files(args.corpus))[: args.articles]
    docs = [d for d in (original(args.corpus / f) for f in files) if d is not None]
    with tempfile.TemporaryDirectory(prefix="marsad-layouts-") as tmp:
        root = Path(tmp)
        folders = write_landing(docs, root / "landing")
        trec = root / "landing" / "trec"
        for name in files:
            target = trec / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to((args.corpus / name).resolve())
        jsonl = root / "landing" / "jsonl"
        jsonl.mkdir()
        with open(jsonl / "articles.jsonl", "w", encoding="utf-8") as stream:
            for d in docs:
                item = {
                    "title": d["title"],
                    "body": d["body"],
                    "published_at": d["when"].isoformat(),
                }
                stream.write(json.dumps(item, ensure_ascii=False) + "\n")
        folders = {"trec": trec, "jsonl": jsonl, **folders}
        print(f"{len(docs)} articles, workers={args.workers}; seconds per 1,000 articles")
        print(
            f"{'layout':<8} {'raw stage':>10} {'parsed stage':>13} {'parse only':>11} {'articles':>9}"
        )
        for layout, folder in folders.items():
            raw_s, parsed_s, parse_s, n = _time_layout(
                folder, root / "stages" / layout, args.workers
            )
            per = 1000 / max(len(docs), 1)
            print(
                f"{layout:<8} {raw_s * per:>10.2f} {parsed_s * per:>13.2f} "
                f"{parse_s * per:>11.2f} {n:>9}"
            )
        shutil.rmtree(root / "stages", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
