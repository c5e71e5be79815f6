"""The cleaned stage's learned boilerplate, kept up to date from the new articles alone.

`frequent` needs, per source and key, the articles, days and stories a line key occurs in; a
full count reads every parsed line key and hashes every title, each run. Kept beside the
frequent table: the counts of the keys that may be frequent (`_key_counts.parquet`), each
counted article with its source and story lead (`_counted.parquet`) and the title keys
(`_titles.parquet`). A run that only adds articles reads their keys, recounts just the keys
they hold (those keys' rows over every day) and adds their titles' keys: the same tables as a
full count, which is what a removed article, another parsed-stage version or a missing table
get. The four files are committed together.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from marsad.stages import storage
from marsad.stages.commit import Commit, crash_point
from marsad.stages.state import StageState, fingerprint, output_version
from marsad.stages.store import StageStore, day_of, files_among
from marsad.text.boilerplate import (
    MIN_ARTICLES,
    TAIL_STORIES,
    TITLE_WORDS,
    article_leads,
    frequent,
    per_key,
    source_volume,
    title_keys,
)

STAGE = "cleaned"
FREQUENT_FILE = "_boilerplate.parquet"
TITLES_FILE = "_titles.parquet"  # the title keys of every parsed article (`title_keys`)
COUNTS_FILE = "_key_counts.parquet"  # per_key of the parsed line keys (KEPT_MIN_ARTICLES)
COUNTED_FILE = "_counted.parquet"  # article_id, source, lead, keyed, version of what is counted
KEY_COLUMNS = ["article_id", "source", "day", "key", "raw_start"]
# The counts of keys found in fewer articles are not kept: `frequent` never picks them (it
# needs MIN_ARTICLES articles, or TAIL_STORIES stories, each an article of its own), and a run
# counts the keys its new articles hold afresh. They were 90% of the counts (560k rows at 31.5k
# articles), read and written again by every run.
KEPT_MIN_ARTICLES = min(MIN_ARTICLES, TAIL_STORIES)
TITLE_COLUMNS = ["article_id", "source", "title"]


def learn(store: StageStore) -> str:
    """Bring the learned tables up to date with every parsed day; says how ("full", "added N
    articles", "unchanged")."""
    parsed = StageState(store.root / "parsed").load()
    days = sorted(parsed)
    if not days:
        return "unchanged"
    version = fingerprint(
        TITLE_WORDS, KEPT_MIN_ARTICLES, sorted({output_version(fp) or "" for fp in parsed.values()})
    )
    articles = store.table("parsed", "articles")
    # every parsed article id with its file, in one read: the new ones' files come from it too
    found = articles.file_ids(days)
    now = found if found is not None else articles.read(days, columns=["article_id"])
    if now is None:
        return "unchanged"
    counted = _stored(store, COUNTED_FILE)
    usable = counted is not None and all(
        store.file(STAGE, name).exists() for name in (FREQUENT_FILE, TITLES_FILE, COUNTS_FILE)
    )
    if not usable or counted["version"].unique().to_list() != [version]:
        return _full(store, days, version)
    new = now.filter(~pl.col("article_id").is_in(counted["article_id"].implode()))["article_id"]
    if counted.height + new.len() != now.height:  # an article counted before is gone
        return _full(store, days, version)
    if new.len() == 0:
        return "unchanged"
    _add(store, days, version, new, counted, found)
    return f"added {new.len()} articles"


def _stored(store: StageStore, name: str) -> pl.DataFrame | None:
    path = store.file(STAGE, name)
    return pl.read_parquet(path) if path.exists() else None


def _full(store: StageStore, days: list[date], version: str) -> str:
    seen = store.table("parsed", "line_keys").read(days, columns=KEY_COLUMNS)
    articles = store.table("parsed", "articles").read(days, columns=TITLE_COLUMNS)
    if seen is None:
        seen = pl.DataFrame(schema=_key_schema())
    leads = article_leads(seen)
    counted = _counted(articles, seen, leads, version)
    counts = per_key(seen.join(leads, on="article_id", how="left"))
    _commit(store, counted, counts, title_keys(articles))
    return "full"


def _add(
    store: StageStore,
    days: list[date],
    version: str,
    new: pl.Series,
    counted: pl.DataFrame,
    found: pl.DataFrame | None = None,
) -> None:
    """`found`: article_id and file of every parsed article (`ShardedTable.file_ids`), if read."""
    parsed = store.table("parsed", "articles")
    holding = (
        parsed.holding(days, new)
        if found is None
        else files_among(found.filter(pl.col("article_id").is_in(new.implode())))
    )
    articles = parsed.read_files(holding, TITLE_COLUMNS).filter(
        pl.col("article_id").is_in(new.implode())
    )
    # the new articles' line keys are on their days (mostly in the parts this run appended)
    seen = store.table("parsed", "line_keys").read_articles(
        sorted({day_of(f) for f in holding}), new, KEY_COLUMNS
    )
    seen = pl.DataFrame(schema=_key_schema()) if seen is None else seen.select(KEY_COLUMNS)
    counted = pl.concat(
        [counted, _counted(articles.select(TITLE_COLUMNS), seen, article_leads(seen), version)]
    )
    touched = seen.select("source", "key").unique()
    rows = _rows_of_keys(store, days, touched).join(
        counted.select("article_id", "lead"), on="article_id", how="left"
    )
    counts = pl.concat(
        [
            _stored(store, COUNTS_FILE).join(touched, on=["source", "key"], how="anti"),
            per_key(rows),
        ]
    )
    titles = pl.concat([_stored(store, TITLES_FILE), title_keys(articles)])
    _commit(store, counted, counts, titles)


def _rows_of_keys(store: StageStore, days: list[date], keys: pl.DataFrame) -> pl.DataFrame:
    """Every parsed line key row (article_id, source, day, key) of the (source, key) pairs."""
    table = store.table("parsed", "line_keys")
    files = table.files(days)
    wanted = keys["key"].unique().implode()
    columns = ["article_id", "source", "day", "key"]
    if any(storage.is_remote(f) for f in files):
        found = table.read(days, columns=columns).filter(pl.col("key").is_in(wanted))
    else:
        found = (
            pl.scan_parquet([str(f) for f in files])
            .select(columns)
            .filter(pl.col("key").is_in(wanted))
            .collect()
        )
    return found.join(keys, on=["source", "key"], how="semi")


def _counted(
    articles: pl.DataFrame, seen: pl.DataFrame, leads: pl.DataFrame, version: str
) -> pl.DataFrame:
    """One row per article: its source, its lead, whether it has any line key (only those count
    towards its source's volume)."""
    keyed = seen["article_id"].unique().implode()
    return (
        articles.select("article_id", "source")
        .join(leads, on="article_id", how="left")
        .with_columns(
            pl.col("article_id").is_in(keyed).alias("keyed"), pl.lit(version).alias("version")
        )
    )


def _commit(
    store: StageStore, counted: pl.DataFrame, counts: pl.DataFrame, titles: pl.DataFrame
) -> None:
    volume = source_volume(counted.filter(pl.col("keyed")))
    commit = Commit(store.root / STAGE, "boilerplate")
    commit.parquet(
        frequent(counts.join(volume, on="source")),
        store.file(STAGE, FREQUENT_FILE),
        keep_empty=True,
    )
    commit.parquet(
        titles.sort("source", "key", "article_id"), store.file(STAGE, TITLES_FILE), keep_empty=True
    )
    kept = counts.filter(pl.col("n_articles") >= KEPT_MIN_ARTICLES)
    commit.parquet(kept, store.file(STAGE, COUNTS_FILE), keep_empty=True)
    commit.parquet(counted, store.file(STAGE, COUNTED_FILE), keep_empty=True)
    crash_point("cleaned.boilerplate_written")
    commit.apply()


def _key_schema() -> dict[str, pl.DataType]:
    return {
        "article_id": pl.String,
        "source": pl.String,
        "day": pl.Date,
        "key": pl.UInt64,
        "raw_start": pl.Int32,
    }
