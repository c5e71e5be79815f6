"""The story index: days are signed once, a new day is compared only with its window, and the
pairs it keeps are the ones a from-scratch grouping finds."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from marsad.stages.state import StageState, fingerprint
from marsad.stages.store import StageStore
from marsad.stages.story_index import refresh
from marsad.stories import group_stories, stories_from_pairs
from tests.core.test_marts_stories import OTHER, WIRE

DAY = date(2020, 11, 19)


def _land(store: StageStore, rows: list[tuple[str, date, str, str]], version: str = "v") -> None:
    """Write cleaned and parsed shards (and the cleaned state, under `version`) for (id, day,
    source, text) rows."""
    frame = pl.DataFrame(
        rows,
        schema={
            "article_id": pl.String,
            "published_date": pl.Date,
            "source": pl.String,
            "match_text": pl.String,
        },
        orient="row",
    )
    state = StageState(store.root / "cleaned")
    for (day,), group in frame.group_by("published_date"):
        for stage, table, columns in (
            ("cleaned", "cleaned_articles", ["article_id", "match_text"]),
            ("parsed", "articles", ["article_id", "published_date", "source"]),
        ):
            path = store.table(stage, table).path_for(day)
            path.parent.mkdir(parents=True, exist_ok=True)
            group.select(columns).write_parquet(path)
        rows_fp = fingerprint(sorted(group.select("article_id", "match_text").rows()))
        state.update({day: f"{version}:{rows_fp}"})


def _stories(store: StageStore) -> dict[str, str]:
    index = refresh(store)
    return dict(
        stories_from_pairs(index.articles, index.pairs).select("article_id", "story_id").rows()
    )


def test_a_new_day_is_signed_once_and_joins_an_earlier_story(tmp_path) -> None:
    store = StageStore(tmp_path / "stages")
    first = [
        ("a", DAY, "bbc", "اجتماعات لبحث الانسحاب\n" + WIRE),
        ("c", DAY + timedelta(days=1), "cnn", "خطه للكهرباء\n" + OTHER),
    ]
    _land(store, first)
    assert _stories(store) == {"a": "a", "c": "c"}

    again = refresh(store)
    assert again.days_signed == [] and again.pair_days == []  # nothing new: nothing recomputed

    copy = ("b", DAY + timedelta(days=2), "skynews", "بغداد وواشنطن تبحثان الانسحاب\n" + WIRE)
    late = ("d", DAY + timedelta(days=30), "cnn", "عنوان\n" + WIRE)  # a month later: a re-run
    _land(store, [copy, late])
    index = refresh(store)
    assert index.days_signed == [DAY + timedelta(days=2), DAY + timedelta(days=30)]
    assert DAY not in index.pair_days  # the old days' pairs were kept, not recomputed
    incremental = dict(
        stories_from_pairs(index.articles, index.pairs).select("article_id", "story_id").rows()
    )
    assert incremental == {"a": "a", "b": "a", "c": "c", "d": "d"}

    everything = pl.DataFrame(
        [(i, d, s, t) for i, d, s, t in [*first, copy, late]],
        schema=["article_id", "published_date", "source", "match_text"],
        orient="row",
    )
    assert dict(group_stories(everything).select("article_id", "story_id").rows()) == incremental


def test_a_changed_day_drops_its_old_pairs(tmp_path) -> None:
    store = StageStore(tmp_path / "stages")
    _land(store, [("a", DAY, "bbc", "عنوان\n" + WIRE), ("b", DAY, "cnn", "عنوان اخر\n" + WIRE)])
    assert _stories(store) == {"a": "a", "b": "a"}
    # b replaced by another text: a new content id, and b's pair with a goes with it
    _land(store, [("a", DAY, "bbc", "عنوان\n" + WIRE), ("b2", DAY, "cnn", "خطه\n" + OTHER)])
    assert _stories(store) == {"a": "a", "b2": "b2"}


def test_a_day_appended_to_signs_only_its_new_article(tmp_path) -> None:
    store = StageStore(tmp_path / "stages")
    _land(store, [("a", DAY, "bbc", "عنوان\n" + WIRE), ("c", DAY, "cnn", "خطه\n" + OTHER)])
    first = refresh(store)
    signed = store.table("stories", "signatures").read([DAY])
    _land(
        store,
        [
            ("a", DAY, "bbc", "عنوان\n" + WIRE),
            ("c", DAY, "cnn", "خطه\n" + OTHER),
            ("b", DAY, "skynews", "بغداد وواشنطن تبحثان الانسحاب\n" + WIRE),
        ],
    )
    index = refresh(store)
    assert index.days_signed == [DAY]
    assert first.pairs.height == 0 and index.pairs.select("article_a", "article_b").rows() == [
        ("a", "b")
    ]
    again = store.table("stories", "signatures").read([DAY])
    assert (
        again.filter(pl.col("article_id") != "b")
        .sort("article_id")
        .equals(signed.sort("article_id"))
    )


def test_a_new_cleaning_version_signs_the_day_again(tmp_path) -> None:
    store = StageStore(tmp_path / "stages")
    _land(store, [("a", DAY, "bbc", "عنوان\n" + WIRE), ("b", DAY, "cnn", "عنوان اخر\n" + WIRE)])
    assert _stories(store) == {"a": "a", "b": "a"}
    # the same ids, cleaned by a new version into other texts: signed again, not kept
    _land(
        store,
        [("a", DAY, "bbc", "عنوان\n" + WIRE), ("b", DAY, "cnn", "خطه\n" + OTHER)],
        version="v2",
    )
    assert _stories(store) == {"a": "a", "b": "b"}


def test_pairs_found_in_day_chunks_are_the_pairs_of_one_pass(tmp_path, monkeypatch) -> None:
    """A first publish compares the corpus a few publication days at a time (bounded memory):
    a copy published across a chunk's edge, days after its original, is still paired."""
    rows = [
        ("a", DAY, "bbc", "عنوان\n" + WIRE),
        ("b", DAY + timedelta(days=1), "cnn", "عنوان اخر\n" + WIRE),
        ("c", DAY + timedelta(days=3), "skynews", "عنوان ثالث\n" + WIRE),
        ("d", DAY + timedelta(days=2), "cnn", "خطه\n" + OTHER),
        ("e", DAY + timedelta(days=4), "bbc", "خطه للكهرباء\n" + OTHER),
    ]
    whole, chunked = StageStore(tmp_path / "whole"), StageStore(tmp_path / "chunked")
    _land(whole, rows)
    _land(chunked, rows)
    one_pass = refresh(whole).pairs
    monkeypatch.setattr("marsad.stages.story_index.PAIR_DAYS", 1)
    in_chunks = refresh(chunked).pairs
    assert one_pass.height >= 3  # a-b, a-c, b-c (and d-e): copies across the chunks' edges
    assert in_chunks.equals(one_pass)


def _append(store: StageStore, row: tuple[str, date, str, str], number: int) -> None:
    """A later run's part appended to the row's day in cleaned and parsed (new articles only),
    the day's cleaned fingerprint changed, as the stages write an increment."""
    article_id, day, source, text = row
    for stage, table, frame in (
        ("cleaned", "cleaned_articles", {"article_id": [article_id], "match_text": [text]}),
        (
            "parsed",
            "articles",
            {"article_id": [article_id], "published_date": [day], "source": [source]},
        ),
    ):
        pl.DataFrame(frame).write_parquet(store.table(stage, table).part_for(day, number))
    state = StageState(store.root / "cleaned")
    state.update({day: f"v:{fingerprint([article_id, number, state.load()[day]])}"})


def test_a_part_appended_to_a_day_is_signed_into_a_part_of_its_own(tmp_path) -> None:
    """An increment's new articles arrive as parts beside a day's cleaned shard: only they are
    read and signed, into a signature part (the day's signatures are not rewritten), and the
    stories are those of an index built from scratch; a rewrite of the day folds its parts."""
    store = StageStore(tmp_path / "stages")
    rows = [("a", DAY, "bbc", "عنوان\n" + WIRE), ("c", DAY, "cnn", "خطه\n" + OTHER)]
    _land(store, rows)
    refresh(store)
    signatures = store.table("stories", "signatures")
    base = signatures.path_for(DAY)
    before = base.stat().st_mtime_ns
    copy = ("b", DAY + timedelta(days=1), "skynews", "بغداد وواشنطن تبحثان الانسحاب\n" + WIRE)
    _land(store, [copy])  # a new day: b is a copy of a
    late = ("e", DAY, "cnn", "عنوان ثالث\n" + WIRE)  # appended to DAY: a copy of a too
    _append(store, late, 1)
    index = refresh(store)
    assert index.days_signed == [DAY, DAY + timedelta(days=1)]
    assert base.stat().st_mtime_ns == before  # the day's signatures were kept as they were
    assert [f.name for f in signatures.day_files(DAY)] == [base.name, "2020-11-19.p001.parquet"]
    assert signatures.read([DAY])["article_id"].sort().to_list() == ["a", "c", "e"]

    scratch = StageStore(tmp_path / "scratch")
    _land(scratch, [*rows, late, copy])
    assert _stories(store) == _stories(scratch) == {"a": "a", "b": "a", "c": "c", "e": "a"}
    assert refresh(store).pairs.equals(refresh(scratch).pairs)

    later = ("f", DAY, "bbc", "خطه للكهرباء\n" + OTHER)  # a second increment: a copy of c
    _append(store, later, 2)
    assert _stories(store)["f"] == "c"
    assert len(signatures.day_files(DAY)) == 3 and base.stat().st_mtime_ns == before

    for stage, table in (("cleaned", "cleaned_articles"), ("parsed", "articles")):
        for number in (1, 2):
            store.table(stage, table).part_for(DAY, number).unlink()
    _land(store, rows)  # the day rewritten whole (e removed): one base shard again, no part
    assert _stories(store) == {"a": "a", "b": "a", "c": "c"}
    assert signatures.day_files(DAY) == [base]
