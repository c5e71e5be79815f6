"""Story signatures and copy pairs kept beside the stages, so a publish only signs new days.

`<stages>/stories/signatures/<day>.parquet` holds each article's signature (`marsad.stories`),
one shard per cleaned day, with the cleaned day's fingerprint in `stories/_state.json`: a day
whose cleaned shard is unchanged is never read or signed again. A day that only gained cleaned
parts (an increment's new articles, `stories/_files.json` keeps the files each day was signed
from) has only their articles signed, into a signature part beside the day's shard. `stories/pairs.parquet` holds
every verified copy pair, keyed by the later copy's publication day. When days change, only the
pairs of their publication days and the MAX_DAYS after them are recomputed, each day against
the signatures of its window; the rest are kept. Everything a refresh writes is committed at
once (`marsad.stages.commit`), so a crash leaves the old index or the whole new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from marsad.stages import storage
from marsad.stages.commit import Commit
from marsad.stages.state import StageState, output_fingerprint, output_version
from marsad.stages.storage import Location
from marsad.stages.store import (
    MAX_PARTS,
    SHARD_SUFFIX,
    ShardedTable,
    StageStore,
    attach_days,
    part_number,
    read_json,
)
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
# publication days whose pairs are found in one pass (with the MAX_DAYS before them): a first
# publish compares the whole corpus in bounded memory (1.5 GB in one pass at 31.5k articles)
PAIR_DAYS = 32
# stats of the cleaned files each day's signatures were made from (see `_appended_parts`)
FILES = "_files.json"


@dataclass
class StoryIndex:
    articles: pl.DataFrame  # article_id, origin, origin_text of every signed article
    pairs: pl.DataFrame  # PAIR_SCHEMA
    days_signed: list[date]  # cleaned days (re)signed by this refresh
    pair_days: list[date]  # publication days whose pairs were recomputed


def _sign(
    store: StageStore,
    days: list[date],
    only: set[str] | None,
    parts: dict[date, list[Location]] | None = None,
) -> pl.DataFrame:
    """Signatures (with their cleaned `shard_day`) of the articles of `days`, or of those of
    them in `only`, or (`parts`) of the articles of those cleaned files of each day; SIGN_DAYS
    days per pass, so a first publish signs the corpus in a few vectorised passes and memory
    stays bounded."""
    cleaned = store.table("cleaned", "cleaned_articles")
    parsed = store.table("parsed", "articles")
    out = [pl.DataFrame(schema={**SIGNATURE_SCHEMA, "shard_day": pl.Date})]
    for start in range(0, len(days), SIGN_DAYS):
        batch = days[start : start + SIGN_DAYS]
        if parts is None:
            texts = cleaned.read_days(batch, ["article_id", "match_text"])
        else:
            texts = _read_parts({day: parts[day] for day in batch})
        if texts is None:
            continue
        if only is not None:
            texts = texts.filter(pl.col("article_id").is_in(list(only)))
        facts = parsed.read(batch, ["article_id", "published_date", "source"])
        if facts is None or texts.height == 0:
            continue
        signed = signatures(texts.join(facts, on="article_id", how="left")).join(
            texts.select("article_id", "shard_day"), on="article_id", how="left"
        )
        out.append(signed)
    return pl.concat(out)


def _read_parts(parts: dict[date, list[Location]]) -> pl.DataFrame | None:
    """article_id and match_text of the given cleaned files, with their day as `shard_day` (local
    files in one read: a read per small part cost more than the reading)."""
    days = {str(f): day for day, files in parts.items() for f in files}
    if not days:
        return None
    columns = ["article_id", "match_text"]
    if any(storage.is_remote(f) for f in days):
        frames = [
            storage.read_parquet([f], columns).with_columns(pl.lit(day).alias("shard_day"))
            for f, day in days.items()
        ]
        return pl.concat(frames)
    scan = pl.scan_parquet(list(days), include_file_paths="_file")
    return attach_days(scan.select(*columns, "_file").collect(), "_file", days).drop("_file")


def _scan(files: list[Location]) -> pl.LazyFrame | None:
    """Signature shards as one lazy frame: local files in one scan (a scan per file, concatenated,
    cost more to plan than to read), remote ones one by one."""
    if not files:
        return None
    if not any(storage.is_remote(f) for f in files):
        return pl.scan_parquet([str(f) for f in files])
    return pl.concat([storage.scan_parquet(f) for f in files], how="diagonal_relaxed")


def _listing(store: StageStore, table: ShardedTable) -> dict[str, dict[str, list]]:
    """The (size, version) of each of a table's shard files, by day (ISO) and path under the
    stages folder, from one listing of its folder."""
    prefix = store.relative(table.root).rstrip("/")
    out: dict[str, dict[str, list]] = {}
    for name, stat in storage.stats(table.root, SHARD_SUFFIX).items():
        out.setdefault(name[:10], {})[f"{prefix}/{name}"] = stat
    return out


def _appended_parts(
    store: StageStore,
    days: list[date],
    held: dict[str, dict[str, list]],
    cleaned: dict[str, dict[str, list]],
    next_parts: dict[date, int],
) -> dict[date, list[Location]]:
    """The days of `days` whose cleaned files (`cleaned`: `_listing`) are those their signatures
    were made from (`held`) plus new parts, with the new parts: only their articles need signing
    (an appended part holds new articles only), into a signature part beside the day's."""
    out: dict[date, list[Location]] = {}
    for day in days:
        before, now = held.get(day.isoformat()), cleaned.get(day.isoformat(), {})
        new = sorted(name for name in now if name not in (before or {}))
        if (
            before
            and new
            and all(part_number(name) > 0 for name in new)
            and all(now.get(name) == stat for name, stat in before.items())
            and next_parts.get(day, 1) <= MAX_PARTS
        ):
            out[day] = [storage.join(store.shards, *name.split("/")) for name in new]
    return out


def refresh(store: StageStore) -> StoryIndex:
    """Bring signatures and pairs in line with the cleaned stage; returns them.

    A changed cleaned day keeps the signatures of the articles it still holds (an article id is
    a content hash) unless this index or a stage before it changed version; only its new
    articles are signed, and only pairs with a new or removed article change."""
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
    files_path = store.file(STAGE, FILES)
    held_files = read_json(files_path, {}) if held else {}
    changed = sorted(d for d, fp in wanted.items() if held.get(d) != fp)
    gone = sorted(d for d in held if d not in wanted)
    reusable = [
        d for d in changed if d in held and output_version(held[d]) == output_version(wanted[d])
    ]
    cleaned_files = _listing(store, store.table("cleaned", "cleaned_articles"))
    next_parts = shards.next_parts(reusable)
    appended = _appended_parts(store, reusable, held_files, cleaned_files, next_parts)
    rewritten = [d for d in changed if d not in appended]
    reusable = [d for d in reusable if d not in appended]

    before = (
        shards.read_days(rewritten + gone)
        if shards.files(rewritten + gone)
        else pl.DataFrame(schema={**SIGNATURE_SCHEMA, "shard_day": pl.Date})
    )
    now = store.table("cleaned", "cleaned_articles").read_days(reusable, ["article_id"])
    kept = (
        before.join(now, on=["shard_day", "article_id"], how="semi")
        if now is not None
        else before.head(0)
    )
    fresh_days = sorted(set(rewritten) - set(reusable))
    new_ids = (
        set(now["article_id"].to_list()) - set(kept["article_id"].to_list())
        if now is not None
        else set()
    )
    signed = pl.concat(
        [
            _sign(store, fresh_days, None),
            _sign(store, reusable, new_ids),
            _sign(store, sorted(appended), None, appended),
        ]
    )
    touched = set(signed["article_id"].to_list())
    removed = set(before["article_id"].to_list()) - set(kept["article_id"].to_list())

    published = {
        d for d in pl.concat([before["published_date"], signed["published_date"]]).drop_nulls()
    }
    pair_days = sorted({d + timedelta(days=k) for d in published for k in range(MAX_DAYS + 1)})
    pairs = pl.read_parquet(pairs_path) if pairs_path.exists() else pl.DataFrame(schema=PAIR_SCHEMA)
    # days whose stored signatures are all still valid (an appended day's too: it only gains)
    others = [d for d in shards.days() if d in wanted.keys() - set(rewritten)]
    rest = _scan(shards.files(others))
    if touched or removed:
        gone_ids = list(touched | removed)
        pairs = pairs.filter(
            ~pl.col("article_a").is_in(gone_ids) & ~pl.col("article_b").is_in(gone_ids)
        )
    if touched:
        first, last = pair_days[0] - timedelta(days=MAX_DAYS), pair_days[-1]
        parts = [signed.drop("shard_day"), kept.drop("shard_day")]
        if rest is not None:
            parts.append(
                rest.filter(pl.col("published_date").is_between(first, last))
                .select(list(SIGNATURE_SCHEMA))
                .collect()
            )
        window = pl.concat(parts).filter(pl.col("published_date").is_between(first, last))
        found = [pairs]
        for start in range(0, len(pair_days), PAIR_DAYS):
            days = pair_days[start : start + PAIR_DAYS]
            near = pl.col("published_date").is_between(days[0] - timedelta(days=MAX_DAYS), days[-1])
            found.append(story_pairs(window.filter(near), days, touched))
        pairs = pl.concat(found).sort("day", "article_a", "article_b")

    if changed or gone or not pairs_path.exists():
        commit = Commit(store.root / STAGE, "stories")
        targets = {
            day: shards.part_for(day, next_parts.get(day, 1))
            if day in appended
            else shards.path_for(day)
            for day in changed
        }
        # every changed day's shard in one grouped write (a +1% run changes ~170 days: a write
        # per shard cost 0.18 s of a refresh the publish waits for); no column statistics: a
        # refresh reads the shards whole (skipping files by their dates was slower than reading
        # them all: 0.53 against 0.36 s at 31.5k articles)
        written = (
            pl.concat([kept, signed])
            .filter(pl.col("shard_day").is_in(list(targets)))
            .sort("shard_day", "article_id")
        )
        if written.height:
            commit.parquet_groups(written, "shard_day", targets, statistics=False)
        held_days = set(written["shard_day"].unique().to_list())
        for day in changed:
            if day not in held_days:
                commit.delete(targets[day])  # no signatures left on the day
            if day not in appended:
                for part in shards.day_files(day)[1:]:
                    commit.delete(part)  # the day's signatures are all in its new base shard
        for day in gone:
            for shard in shards.day_files(day):
                commit.delete(shard)
        commit.parquet(pairs, pairs_path, keep_empty=True)
        commit.json({d.isoformat(): fp for d, fp in sorted(wanted.items())}, state.path)
        stats = {k: v for k, v in held_files.items() if date.fromisoformat(k) in wanted}
        stats.update({d.isoformat(): cleaned_files.get(d.isoformat(), {}) for d in changed})
        commit.json(stats, files_path)
        commit.apply()

    article_parts = [kept.select(ARTICLE_COLUMNS), signed.select(ARTICLE_COLUMNS)]
    if rest is not None:
        article_parts.append(rest.select(ARTICLE_COLUMNS).collect())
    return StoryIndex(pl.concat(article_parts), pairs, changed, pair_days if touched else [])
