"""Story signatures and copy pairs kept beside the stages, so a publish only signs new days.

`<stages>/stories/signatures/<day>.parquet` holds each article's signature (`marsad.stories`),
one shard per cleaned day, with the cleaned day's fingerprint in `stories/_state.json`: a day
whose cleaned shard is unchanged is never read or signed again. `stories/pairs.parquet` holds
every verified copy pair, keyed by the later copy's publication day. When days change, only the
pairs of their publication days and the MAX_DAYS after them are recomputed, each day against
the signatures of its window; the rest are kept. Everything a refresh writes is committed at
once (`marsad.stages.commit`), so a crash leaves the old index or the whole new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from marsad.stages.commit import Commit
from marsad.stages.state import StageState, output_fingerprint
from marsad.stages.store import StageStore
from marsad.stories import (
    MAX_DAYS,
    PAIR_SCHEMA,
    SIGNATURE_SCHEMA,
    STORIES_VERSION,
    signatures,
    story_pairs,
)

STAGE = "stories"
ARTICLE_COLUMNS = ["article_id", "origin", "origin_text"]
SIGN_DAYS = 32  # cleaned days signed in one vectorised pass


@dataclass
class StoryIndex:
    articles: pl.DataFrame  # article_id, origin, origin_text of every signed article
    pairs: pl.DataFrame  # PAIR_SCHEMA
    days_signed: list[date]  # cleaned days (re)signed by this refresh
    pair_days: list[date]  # publication days whose pairs were recomputed


def _sign_days(store: StageStore, days: list[date]) -> dict[date, pl.DataFrame]:
    """Signatures of the articles of `days`, by cleaned day; SIGN_DAYS days per batch, so a
    first publish signs the corpus in a few vectorised passes and memory stays bounded."""
    cleaned = store.table("cleaned", "cleaned_articles")
    parsed = store.table("parsed", "articles")
    out: dict[date, pl.DataFrame] = {day: pl.DataFrame(schema=SIGNATURE_SCHEMA) for day in days}
    for start in range(0, len(days), SIGN_DAYS):
        batch = [d for d in days[start : start + SIGN_DAYS] if cleaned.has(d)]
        if not batch:
            continue
        texts = pl.concat(
            [
                cleaned.scan(d)
                .select("article_id", "match_text")
                .with_columns(pl.lit(d).alias("shard_day"))
                .collect()
                for d in batch
            ]
        )
        facts = parsed.read(batch, ["article_id", "published_date", "source"])
        if facts is None:
            continue
        signed = signatures(texts.join(facts, on="article_id", how="left")).join(
            texts.select("article_id", "shard_day"), on="article_id", how="left"
        )
        for (day,), group in signed.group_by("shard_day"):
            out[day] = group.drop("shard_day")
    return out


def refresh(store: StageStore) -> StoryIndex:
    """Bring signatures and pairs in line with the cleaned stage; returns them."""
    shards = store.table(STAGE, "signatures")
    pairs_path = store.file(STAGE, "pairs.parquet")
    state = StageState(store.root / STAGE)
    cleaned_days = set(store.table("cleaned", "cleaned_articles").days())
    wanted = {
        day: output_fingerprint(fp, STORIES_VERSION)
        for day, fp in StageState(store.root / "cleaned").load().items()
        if day in cleaned_days
    }
    held = state.load() if pairs_path.exists() else {}
    changed = sorted(d for d, fp in wanted.items() if held.get(d) != fp)
    gone = sorted(d for d in held if d not in wanted)

    fresh = _sign_days(store, changed)
    old_dates = (
        shards.read(changed + gone, ["published_date"])["published_date"]
        if shards.files(changed + gone)
        else pl.Series("published_date", [], dtype=pl.Date)
    )
    new_dates = [f["published_date"] for f in fresh.values()]
    published = {d for s in [old_dates, *new_dates] for d in s.drop_nulls().to_list()}
    pair_days = sorted({d + timedelta(days=k) for d in published for k in range(MAX_DAYS + 1)})

    kept_days = [d for d in shards.days() if d in wanted and d not in fresh]
    kept = pl.concat([shards.scan(d) for d in kept_days]) if kept_days else None
    pairs = pl.read_parquet(pairs_path) if pairs_path.exists() else pl.DataFrame(schema=PAIR_SCHEMA)
    if pair_days:
        first, last = pair_days[0] - timedelta(days=MAX_DAYS), pair_days[-1]
        parts = [f for f in fresh.values() if f.height]
        if kept is not None:
            parts.append(kept.filter(pl.col("published_date").is_between(first, last)).collect())
        window = pl.concat(parts) if parts else pl.DataFrame(schema=SIGNATURE_SCHEMA)
        pairs = pl.concat(
            [pairs.filter(~pl.col("day").is_in(pair_days)), story_pairs(window, pair_days)]
        ).sort("day", "article_a", "article_b")

    if changed or gone or not pairs_path.exists():
        commit = Commit(store.root / STAGE, "stories")
        for day, frame in fresh.items():
            commit.parquet(frame, shards.path_for(day))
        for day in gone:
            commit.delete(shards.path_for(day))
        commit.parquet(pairs, pairs_path, keep_empty=True)
        commit.json({d.isoformat(): fp for d, fp in sorted(wanted.items())}, state.path)
        commit.apply()

    article_parts = [f.select(ARTICLE_COLUMNS) for f in fresh.values()]
    if kept is not None:
        article_parts.append(kept.select(ARTICLE_COLUMNS).collect())
    articles = (
        pl.concat(article_parts)
        if article_parts
        else pl.DataFrame(schema={c: SIGNATURE_SCHEMA[c] for c in ARTICLE_COLUMNS})
    )
    return StoryIndex(articles, pairs, changed, pair_days)
