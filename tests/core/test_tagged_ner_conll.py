"""CoNLL reading/writing, BIO decoding and exact-span scoring on hand-made examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.ner.bio import decode, decode_scored, encode
from marsad.ner.conll import evaluate, format_scores, normalize_tag, read_conll, spans, write_conll


def test_round_trip(tmp_path: Path) -> None:
    sentences = [[("قال", "O"), ("فؤاد", "B-PERS"), ("حسين", "I-PERS")], [("بغداد", "B-LOC")]]
    path = tmp_path / "x.txt"
    write_conll(path, sentences)
    assert path.read_text(encoding="utf-8") == "قال O\nفؤاد B-PERS\nحسين I-PERS\n\nبغداد B-LOC\n\n"
    assert read_conll(path) == sentences


def test_read_tolerates_one_column_and_blank_runs(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("\n\nفي\nبغداد\n\n\n\nامس\n", encoding="utf-8")
    assert read_conll(path) == [[("في", None), ("بغداد", None)], [("امس", None)]]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PERS", "I-PERS", "O", "B-LOC"], {("PERS", 0, 1), ("LOC", 3, 3)}),
        (["B-ORG", "B-ORG"], {("ORG", 0, 0), ("ORG", 1, 1)}),
        (["I-LOC", "I-LOC", "O"], {("LOC", 0, 1)}),  # IOB1-style start, as conlleval reads it
        (["B-PERS", "I-LOC"], {("PERS", 0, 0), ("LOC", 1, 1)}),
        (["O", "O"], set()),
    ],
)
def test_spans(tags: list[str], expected: set) -> None:
    assert spans(tags) == expected
    assert {(kind, a, b - 1) for a, b, kind in decode(tags)} == expected


def test_decode_is_ordered_and_scored() -> None:
    tags = ["B-LOC", "O", "B-PERS", "I-PERS", "I-ORG", "X"]
    assert decode(tags) == [(0, 1, "LOC"), (2, 4, "PERS"), (4, 5, "ORG")]
    scored = decode_scored(list(zip(tags, [0.5, 1.0, 0.25, 0.75, 0.9, 1.0], strict=True)))
    assert scored == [(0, 1, "LOC", 0.5), (2, 4, "PERS", 0.5), (4, 5, "ORG", 0.9)]


@pytest.mark.parametrize("length", [1, 2, 4])
def test_encode_round_trips(length: int) -> None:
    assert decode(["O", *encode("ORG", length), "O"]) == [(1, 1 + length, "ORG")]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("B-PER", "B-PERS"), ("I-MIS", "I-MISC"), ("B-LOC", "B-LOC"), ("O", "O"), (None, "O")],
)
def test_normalize_tag(tag: str | None, expected: str) -> None:
    assert normalize_tag(tag) == expected


def test_partly_right_span_is_wrong() -> None:
    gold = [["B-PERS", "I-PERS", "I-PERS", "O", "B-LOC"]]
    pred = [["B-PERS", "I-PERS", "O", "O", "B-LOC"]]
    scores = evaluate(gold, pred)
    assert scores["per_type"]["PERS"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "gold": 1,
        "predicted": 1,
        "correct": 0,
    }
    assert scores["per_type"]["LOC"]["f1"] == 100.0
    assert scores["micro"]["precision"] == 50.0
    assert scores["micro"]["recall"] == 50.0


def test_known_precision_recall_f1() -> None:
    # gold: PERS, LOC, ORG, ORG; predicted: PERS (right), LOC typed as ORG (wrong), ORG (right)
    gold = [["B-PERS", "O", "B-LOC"], ["B-ORG", "I-ORG", "O", "B-ORG"]]
    pred = [["B-PERS", "O", "B-ORG"], ["B-ORG", "I-ORG", "O", "O"]]
    scores = evaluate(gold, pred)
    micro = scores["micro"]
    assert (micro["correct"], micro["predicted"], micro["gold"]) == (2, 3, 4)
    assert micro["precision"] == pytest.approx(66.67)
    assert micro["recall"] == 50.0
    assert micro["f1"] == pytest.approx(57.14)
    assert scores["per_type"]["ORG"]["precision"] == 50.0
    assert scores["per_type"]["ORG"]["recall"] == 50.0
    # macro over the types present in gold: PERS 100, LOC 0, ORG 50 (MISC absent)
    assert scores["macro"]["f1"] == pytest.approx(50.0)
    # the LOC typed as ORG is a confusion on the same span; the missed ORG pairs with "-"
    confusion = scores["confusion"]
    assert confusion["LOC"]["ORG"] == 1 and confusion["ORG"]["-"] == 1
    assert confusion["PERS"]["PERS"] == 1 and confusion["ORG"]["ORG"] == 1
    assert sum(n for row in confusion.values() for n in row.values()) == 4
    table = format_scores(scores)
    lines = table.splitlines()
    assert lines[0].split() == ["type", "P", "R", "F1", "gold", "pred"]
    assert "57.14" in next(line for line in lines if line.startswith("micro"))
    loc_row = next(line for line in lines[lines.index("") :] if line.startswith("LOC"))
    assert loc_row.split() == ["LOC", "0", "0", "1", "0", "0"]


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError):
        evaluate([["O", "O"]], [["O"]])
