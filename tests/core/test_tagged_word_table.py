"""The tagged stage's word table (`marsad.ner.word_table`): a model started with one tags exactly
as a model without it, a table that no longer fits the model is not used, and a large enough
tagged run leaves one that the next run's workers start with."""

from __future__ import annotations

import os

import numpy as np
import pytest

from marsad.ner import word_table
from marsad.ner.tagger import load_model
from marsad.stages import runner, tagged
from marsad.stages.layout import model_path
from marsad.stages.pipeline import TAGGED
from marsad.stages.runner import run_days
from tests.core.test_cleaned_boilerplate import parse_and_clean
from tests.helpers import python_probe


def _sentences(store) -> list[list[str]]:
    tokens = store.table("cleaned", "tokens").read(columns=["article_id", "sentence_no", "text"])
    grouped = tokens.group_by(["article_id", "sentence_no"], maintain_order=True).agg("text")
    return grouped["text"].to_list()


@pytest.fixture(scope="module")
def cleaned(corpus_dir, tmp_path_factory):
    """A stages folder with 120 Alarabia articles parsed and cleaned."""
    root = tmp_path_factory.mktemp("word_table")
    landing = root / "landing"
    landing.mkdir()
    for f in sorted((corpus_dir / "Alarabia").rglob("*.txt"))[:120]:
        os.symlink(f, landing / f.name)
    store, days = parse_and_clean(landing, root / "stages")
    return store, days


@pytest.mark.corpus
def test_a_model_started_with_a_word_table_tags_exactly_as_without(cleaned):
    store, _ = cleaned
    sentences = _sentences(store)
    learn, tag = sentences[: len(sentences) // 2], sentences[len(sentences) // 2 :]
    words = [w for s in learn for w in s]  # words of other sentences: some shared, some new
    cold = load_model(model_path())
    warm = load_model(model_path())
    table = word_table.compute(warm, words)
    assert word_table.install(warm, table)
    scorer, net = word_table.parts(warm)
    assert len(scorer._index) == len(net._cache) == len(set(words))
    assert warm.tag_documents([tag]) == cold.tag_documents([tag])
    # and word by word, the rows it holds are the ones computed afresh
    fresh_scorer, fresh_net = word_table.parts(cold)
    known = set(words)
    shared = list(dict.fromkeys(w for s in tag for w in s if w in known))[:200]
    assert shared
    assert np.array_equal(
        fresh_scorer.word_rows(shared)[1], scorer._rows[[scorer._index[w][5] for w in shared]]
    )
    assert np.array_equal(
        fresh_net.word_rows(shared)[0], net._vectors[[net._cache[w] for w in shared]]
    )


@pytest.mark.corpus
def test_a_table_that_does_not_fit_the_model_is_not_used(cleaned):
    store, _ = cleaned
    words = list(dict.fromkeys(w for s in _sentences(store) for w in s))
    model = load_model(model_path())
    table = word_table.compute(model, words)
    scorer, net = word_table.parts(model)
    stale = dict(table, crf_rows=table["crf_rows"].copy())
    stale["crf_rows"][0, 0, 0] += 0.5  # the first word is always among the sampled
    assert not word_table.install(model, stale)
    drifted = dict(table, net_vectors=table["net_vectors"] * 1.01)
    assert not word_table.install(model, drifted)
    crf_only = {k: v for k, v in table.items() if not k.startswith("net_")}
    assert not word_table.install(model, crf_only)  # the ensemble needs the net's rows too
    assert len(scorer._index) == len(net._cache) == 0  # nothing installed by any of them
    assert not word_table.fits(model, stale) and word_table.fits(model, table)
    assert word_table.install(model, table)
    # and a file that is no table at all reads as none
    bad = store.root / "not-a-table.npz"
    bad.write_bytes(b"not a zip")
    assert word_table.load(bad) is None


@pytest.mark.corpus
def test_a_large_tagged_run_leaves_a_table_the_next_workers_start_with(cleaned, monkeypatch):
    store, days = cleaned
    monkeypatch.setenv(runner.WORKER_STAGES_ENV, "")  # the pools below set it: restored after
    # below the threshold: no table
    monkeypatch.setenv("MARSAD_WORD_TABLE_MIN_ARTICLES", "100000")
    run_days(store, TAGGED, days)
    folder = store.root / "tagged" / tagged.WORD_TABLE_DIR
    assert not folder.exists()
    # a run that computed enough articles leaves one, of the model's version, made of the
    # cleaned stage's most frequent tokens; another model's table is removed
    monkeypatch.setenv("MARSAD_WORD_TABLE_MIN_ARTICLES", "50")
    monkeypatch.setenv("MARSAD_POOL_MIN_ARTICLES", "0")  # two workers: the table made in halves
    folder.mkdir(parents=True)
    (folder / "an-older-model.npz").write_bytes(b"")
    run_days(store, TAGGED, days, workers=2, reuse=False)
    model = tagged.tagger()
    path = tagged.word_table_path(store.root, model)
    assert [p.name for p in folder.iterdir()] == [path.name]
    table = word_table.load(path)
    words = word_table._unpack(table["words"])
    counts = store.table("cleaned", "tokens").read(columns=["text"])["text"].value_counts()
    top = counts.sort(["count", "text"], descending=[True, False])["text"].to_list()
    assert words == top[: len(words)]
    assert len(words) == min(word_table.WORDS, counts.height)
    whole = word_table.compute(model, words)  # in one piece, in this process
    assert set(whole) == set(table)
    assert all(np.array_equal(whole[k], table[k]) for k in whole)
    # a stale table (code that scores words otherwise) is made again by the next large run
    word_table.save(dict(table, crf_rows=table["crf_rows"] + 0.5), path)
    assert not word_table.fits(model, word_table.load(path))
    run_days(store, TAGGED, days, reuse=False)
    assert word_table.fits(model, word_table.load(path))
    # the workers' server loads it before it forks them: a worker's model already holds it
    runner.stop_worker_server()  # a server started before this test did not load it
    with runner.ProcessPoolExecutor(1, mp_context=runner._worker_context(store)) as pool:
        held = pool.submit(_cached_words).result()
    runner.stop_worker_server()
    assert held == len(words)
    # and the stage's rows are the same as those of a run with a model that has no table
    with_table = store.table("tagged", "entity_mentions").read()
    os.remove(path)
    monkeypatch.setenv("MARSAD_WORD_TABLE_MIN_ARTICLES", "100000")
    monkeypatch.setattr(tagged, "_loaded", {})  # the model loaded again, without the table
    run_days(store, TAGGED, days, reuse=False)
    assert _cached_words() < len(words)
    assert store.table("tagged", "entity_mentions").read().equals(with_table)


def _cached_words() -> int:
    scorer, net = word_table.parts(tagged.tagger())
    return min(len(scorer._index), len(net._cache))


def test_a_word_holding_the_separator_is_left_out():
    class Bare:  # a model without word caches: only the word list is kept
        pass

    table = word_table.compute(Bare(), ["a", "b\nc", "a", "d"])
    assert word_table._unpack(table["words"]) == ["a", "d"]
    assert set(table) == {"words"}


SERVER_PROBE = """
import os, re, sys
os.environ["MARSAD_WORKER_STAGES"] = sys.argv[1]
import marsad.stages.warm  # what the stage workers' server imports before it forks them
from marsad.ner import word_table
from marsad.stages.tagged import tagger
tasks = os.listdir("/proc/self/task")
names = [open(f"/proc/self/task/{t}/comm").read().strip() for t in tasks]
pools = [n for n in names if re.fullmatch(r"polars-\\d+|tokio-rt-worker", n)]
print(len(word_table.parts(tagger())[0]._index), len(pools))
"""


def test_the_workers_server_loads_the_table_without_starting_polars_threads(tmp_path):
    """The server forks every stage worker after its preload: a polars thread pool started
    there (reading a Parquet file was enough) left the forked workers hanging in their first
    polars call. The word table is read with numpy alone."""
    model = load_model(model_path())
    words = ["قال", "الرئيس", "بغداد", "وزارة", "الخارجية"]
    path = tagged.word_table_path(tmp_path, model)
    word_table.save(word_table.compute(model, words), path)
    probe = python_probe(SERVER_PROBE, str(tmp_path), OPENBLAS_NUM_THREADS="1")
    assert probe == [str(len(words)), "0"]
