"""Build `marsad/data/name_priors.tsv`: what a bare one-word personal name means in the corpus.

    python -m marsad.entities.build_priors WAREHOUSE.duckdb | MENTIONS.parquet ... [--out PATH]

Reads linked mentions (the warehouse's `mentions` table or the entities stage's parquet) made
with the within-article rules of `marsad.entities.persons`, and counts, per one-word name,
the articles where it joined a full name of the same article (per full name) and those where
it stood alone.  A name gets a `prior` — the full name it joined in at least MIN_ARTICLES
articles and PRIOR_SHARE of all the articles where it joined any («رونالدو» → كريستيانو
رونالدو); any other stays local to each article (single-name people too: a one-word name the
model tags alone is as often a first name or a misread word as a mononym).  Only counts and ids are
written, no text of the corpus.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import polars as pl

from marsad.entities.names import match_tokens, person_form

MIN_ARTICLES = 3
PRIOR_SHARE = 0.7
OUT = Path(__file__).resolve().parents[1] / "data" / "name_priors.tsv"


def _read(paths: list[Path]) -> pl.DataFrame:
    cols = "article_id, surface, entity_id, type, link_source, gentilic"
    if len(paths) == 1 and paths[0].suffix == ".duckdb":
        with duckdb.connect(str(paths[0]), read_only=True) as con:
            return con.sql(f"SELECT {cols} FROM mentions").pl()
    return pl.concat([pl.read_parquet(p).select(cols.split(", ")) for p in paths])


def build(mentions: pl.DataFrame) -> pl.DataFrame:
    """The prior table (short, kind='prior', entity_id, full_name, joined, alone) from linked
    mentions."""
    people = mentions.filter((pl.col("type") == "person") & ~pl.col("gentilic"))
    forms = {s: " ".join(person_form(match_tokens(s))) for s in people["surface"].unique()}
    people = people.with_columns(
        pl.col("surface").replace_strict(forms, return_dtype=pl.String).alias("form")
    )
    single = people.filter(~pl.col("form").str.contains(" ") & (pl.col("form") != ""))
    joined = (
        single.filter(pl.col("link_source") == "coref")
        .group_by("form", "entity_id")
        .agg(pl.col("article_id").n_unique().alias("n"))
    )
    alone = (
        single.filter(pl.col("link_source") == "local")
        .group_by("form")
        .agg(pl.col("article_id").n_unique().alias("alone"))
    )
    total = joined.group_by("form").agg(pl.col("n").sum().alias("joined"))
    top = joined.sort(["n", "entity_id"], descending=[True, False]).group_by("form").first()
    full_names = (
        people.filter(pl.col("form").str.contains(" "))
        .group_by("entity_id")
        .agg(pl.col("surface").mode().sort().first().alias("full_name"))
    )
    table = (
        top.join(total, on="form", how="full", coalesce=True)
        .join(alone, on="form", how="full", coalesce=True)
        .with_columns(pl.col("n", "joined", "alone").fill_null(0))
        .join(full_names, on="entity_id", how="left")
    )
    prior = table.filter(
        (pl.col("n") >= MIN_ARTICLES) & (pl.col("n") >= PRIOR_SHARE * pl.col("joined"))
    ).with_columns(pl.lit("prior").alias("kind"))
    cols = ["form", "kind", "entity_id", "full_name", "joined", "alone"]
    return prior.select(cols).rename({"form": "short"}).sort("short")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    table = build(_read(args.inputs))
    table.write_csv(args.out, separator="\t")
    print(f"{table.height} names -> {args.out}: {dict(table['kind'].value_counts().iter_rows())}")


if __name__ == "__main__":
    main()
