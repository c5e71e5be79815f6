"""Link entities over a sample of the ANT corpus and report what the linker does.

    python bench/entities_report.py [CORPUS_DIR] [--limit 2000] [--seed 0] [--show 100]

Reads articles with `marsad.sources`, cleans them with `clean_many`, tags them with the
committed NER model when there is one (else the rules run alone), and runs `link_many`.
Prints: the time of each step, the share of mentions linked to a catalogue entity
(curated/pycountry/geonames/gazetteer) versus rule-found names and coreference, the top 30
entities of each type, counts of dates/roles/quotes, and `--show` random links to judge by
eye (the judged precision goes in the report, not in code).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import polars as pl  # noqa: E402

from marsad.entities import build_catalog, link_many  # noqa: E402
from marsad.records import Rejection  # noqa: E402
from marsad.sources import parse_record, read_landing_file  # noqa: E402
from marsad.text.clean import clean_many  # noqa: E402

DEFAULT_CORPUS = REPO / ".." / "shared" / "corpora" / "ant-multisource-v2.1"
CATALOGUE = ("curated", "pycountry", "geonames", "gazetteer")


def read_sample(corpus: Path, limit: int | None, seed: int) -> tuple[list, list]:
    """(clean_many rows, (article_id, published_date) pairs) of a random sample."""
    files = sorted(corpus.rglob("*.txt"))
    if limit:
        files = random.Random(seed).sample(files, min(limit, len(files)))
    rows, meta = [], []
    for path in files:
        records, _ = read_landing_file(path, corpus)
        for record in records:
            article = parse_record(record)
            if isinstance(article, Rejection) or "title" not in article.spans:
                continue
            aid = f"{record.source_file}#{record.record_no}"
            spans = [(article.spans["title"].start, article.spans["title"].end)]
            spans += [(s.start, s.end) for s in article.paragraph_spans]
            rows.append((aid, record.raw_text, spans))
            meta.append((aid, article.published_date))
    return rows, meta


def model_mentions(cleaned: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    from marsad.ner.tagger import DEFAULT_MODEL

    if not DEFAULT_MODEL.exists():
        return None
    from marsad.stages.tagged import tag_tokens, tagger

    display = dict(cleaned["cleaned_articles"].select("article_id", "display_text").iter_rows())
    return tag_tokens(cleaned["tokens"], display, tagger().version)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=2000, help="articles to sample (0: all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=100)
    args = ap.parse_args()

    t0 = time.perf_counter()
    rows, meta = read_sample(args.corpus, args.limit or None, args.seed)
    t1 = time.perf_counter()
    cleaned = clean_many(rows)
    t2 = time.perf_counter()
    mentions = model_mentions(cleaned)
    t3 = time.perf_counter()
    catalog = build_catalog()
    from marsad.entities.index import alias_index

    alias_index()
    t4 = time.perf_counter()
    cpu = time.process_time()
    articles = (
        cleaned["cleaned_articles"]
        .select("article_id", "display_text")
        .join(
            pl.DataFrame(
                meta, schema={"article_id": pl.String, "published_date": pl.Date}, orient="row"
            ),
            on="article_id",
        )
    )
    out = link_many(articles, mentions, cleaned["tokens"])
    t5 = time.perf_counter()
    cpu = time.process_time() - cpu
    linked = out["linked_mentions"]
    n_tokens = cleaned["tokens"].height
    print(
        f"articles {articles.height}, tokens {n_tokens}, model mentions "
        f"{'none (no committed model)' if mentions is None else mentions.height}"
    )
    print(
        f"read+parse {t1 - t0:.1f}s  clean {t2 - t1:.1f}s  tag {t3 - t2:.1f}s  "
        f"catalogue+index {t4 - t3:.1f}s  link_many {t5 - t4:.1f}s wall, {cpu:.1f}s CPU "
        f"({n_tokens / max(t5 - t4, 1e-9) / 1e6:.2f}M tokens/s)"
    )
    print(f"catalogue: {catalog.height} entities")
    print(catalog.group_by("source", "type").len().sort("source", "type"))

    entity = linked.filter(~pl.col("gentilic"))
    share = (
        entity.group_by("link_source")
        .len()
        .with_columns((pl.col("len") / entity.height * 100).round(1).alias("percent"))
    )
    print(f"\nmentions {linked.height} (gentilic {linked.height - entity.height}); by link source:")
    print(share.sort("len", descending=True))
    in_cat = entity.filter(pl.col("link_source").is_in(CATALOGUE)).height
    print(f"linked to a catalogue entity: {in_cat / max(entity.height, 1) * 100:.1f}%")
    print(
        f"metonymy flags {linked['metonymy'].sum()}, dates {out['date_mentions'].height} "
        f"{dict(out['date_mentions'].group_by('kind').len().iter_rows())}, roles {out['roles'].height}, "
        f"quotes {out['quotes'].height} (with speaker entity "
        f"{out['quotes']['speaker_entity_id'].is_not_null().sum()})"
    )

    names = catalog.select("entity_id", "name_ar", "name_en")
    with pl.Config(tbl_rows=40, fmt_str_lengths=40):
        for kind in ("person", "organisation", "place"):
            top = (
                entity.filter(pl.col("type") == kind)
                .group_by("entity_id")
                .agg(pl.len().alias("n"), pl.col("surface").mode().first().alias("surface"))
                .sort("n", descending=True)
                .head(30)
                .join(names, on="entity_id", how="left", maintain_order="left")
            )
            print(f"\ntop 30 {kind}:")
            print(top)

    rng = random.Random(args.seed)
    idx = rng.sample(range(linked.height), min(args.show, linked.height))
    text = dict(articles.select("article_id", "display_text").iter_rows())
    en = dict(names.select("entity_id", "name_en").iter_rows())
    print(f"\n{len(idx)} random links (context … surface … context -> entity):")
    for n, i in enumerate(sorted(idx)):
        r = linked.row(i, named=True)
        t = text[r["article_id"]]
        left = t[max(0, r["start"] - 30) : r["start"]].replace("\n", " ")
        right = t[r["end"] : r["end"] + 30].replace("\n", " ")
        flags = "".join(f for f, on in (("G", r["gentilic"]), ("M", r["metonymy"])) if on)
        print(
            f"{n:3d} {left}【{r['surface']}】{right}  -> {r['entity_id']} "
            f"({en.get(r['entity_id'], '')}; {r['type']}, {r['link_source']}) {flags}"
        )


if __name__ == "__main__":
    main()
