"""Word clusters: the corpus is read with the sources' TREC reader, and a map round-trips."""

from __future__ import annotations

from pathlib import Path

from marsad.ner.build_clusters import (
    build_clusters,
    corpus_texts,
    corpus_tokens,
    main,
    write_clusters,
)
from marsad.ner.clusters import read_clusters


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "a").mkdir(parents=True)
    (tmp_path / "a" / "1.txt").write_text(
        "<DOC>\n<TITLE>قال الرئيس</TITLE>\n<TIME>x</TIME>\n<TEXT>\nفي بغداد &amp; البصرة\n"
        "قال الوزير</TEXT>\n</DOC>\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text("<DOC><TEXT>لم يغلق</DOC>", encoding="utf-8")  # malformed
    return tmp_path


def test_corpus_is_title_and_text_of_well_formed_docs(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    assert list(corpus_texts(corpus)) == ["قال الرئيس", "\nفي بغداد & البصرة\nقال الوزير"]
    assert list(corpus_tokens(corpus)) == [
        ["قال", "الرئيس"],
        ["في", "بغداد", "&", "البصره"],
        ["قال", "الوزير"],
    ]


def test_built_map_round_trips(tmp_path: Path) -> None:
    lines = [["في", "بغداد"], ["في", "البصره"], ["قال", "الرئيس"]] * 5
    clusters = build_clusters(lines, dims=2, ks=(2, 3), min_count=1)
    assert set(clusters) == {"في", "بغداد", "البصره", "قال", "الرئيس"}
    assert all(len(ids) == 2 for ids in clusters.values())
    out = tmp_path / "map.tsv.gz"
    write_clusters(out, clusters, (2, 3))
    assert read_clusters(out) == {w: tuple(map(str, ids)) for w, ids in clusters.items()}


def test_main_wants_a_corpus_and_an_output() -> None:
    assert main([]) == 2
