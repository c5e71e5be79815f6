"""CoNLL files and CoNLL-style span scoring.

A sentence is a list of `(token, tag)` rows; sentences are separated by blank lines. Scoring
follows conlleval: a predicted entity counts only when its type, first and last token all match
a gold entity exactly, so a partly right span is simply wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from marsad.ner.bio import decode

ENTITY_TYPES = ("PERS", "LOC", "ORG", "MISC")

# AQMAR (and some other Arabic NER sets) spell the types differently.
TYPE_ALIASES = {"PER": "PERS", "PERSON": "PERS", "MIS": "MISC", "GPE": "LOC"}


def read_conll(path: Path) -> list[list[tuple[str, str | None]]]:
    """Sentences of `(token, tag)`; tag is None when a line has a single column."""
    sentences: list[list[tuple[str, str | None]]] = []
    current: list[tuple[str, str | None]] = []
    with Path(path).open(encoding="utf-8-sig") as handle:
        for line in handle:
            fields = line.split()
            if not fields:
                if current:
                    sentences.append(current)
                    current = []
                continue
            current.append((fields[0], fields[-1] if len(fields) > 1 else None))
    if current:
        sentences.append(current)
    return sentences


def write_conll(path: Path, sentences: Iterable[Sequence[tuple[str, str]]]) -> None:
    """Write `token TAG` lines with a blank line after each sentence."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for sentence in sentences:
            for token, tag in sentence:
                handle.write(f"{token} {tag}\n")
            handle.write("\n")


def normalize_tag(tag: str | None) -> str:
    """Map a tag to the B-/I- PERS LOC ORG MISC scheme (`B-PER` -> `B-PERS`, `MIS` -> `MISC`)."""
    if not tag or tag == "O" or "-" not in tag:
        return "O"
    prefix, _, kind = tag.partition("-")
    kind = TYPE_ALIASES.get(kind, kind)
    return f"{prefix}-{kind}" if prefix in ("B", "I") and kind in ENTITY_TYPES else "O"


def spans(tags: Sequence[str]) -> set[tuple[str, int, int]]:
    """Entities as `(type, first, last)` token positions, the form exact-span scoring compares
    (decoded by `bio.decode`)."""
    return {(kind, start, stop - 1) for start, stop, kind in decode(tags)}


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float | int]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(100 * precision, 2),
        "recall": round(100 * recall, 2),
        "f1": round(100 * f1, 2),
        "gold": gold,
        "predicted": predicted,
        "correct": correct,
    }


def evaluate(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """Per-type, micro and macro P/R/F1 (percent) over exactly matching entity spans."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    counts = {kind: [0, 0, 0] for kind in ENTITY_TYPES}  # correct, predicted, gold
    confusion = {g: dict.fromkeys((*ENTITY_TYPES, NONE), 0) for g in (*ENTITY_TYPES, NONE)}
    for n, (gold_tags, pred_tags) in enumerate(zip(gold, pred, strict=True)):
        if len(gold_tags) != len(pred_tags):
            raise ValueError(
                f"sentence {n}: {len(gold_tags)} gold tags, {len(pred_tags)} predicted"
            )
        g = spans([normalize_tag(t) for t in gold_tags])
        p = spans([normalize_tag(t) for t in pred_tags])
        for kind, *_ in g:
            counts[kind][2] += 1
        for kind, *_ in p:
            counts[kind][1] += 1
        for kind, *_ in g & p:
            counts[kind][0] += 1
        _confuse(confusion, g, p)
    per_type = {kind: _prf(*c) for kind, c in counts.items()}
    micro = _prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    present = [s for s in per_type.values() if s["gold"]]
    macro = {
        key: round(sum(s[key] for s in present) / len(present), 2) if present else 0.0
        for key in ("precision", "recall", "f1")
    }
    return {"per_type": per_type, "micro": micro, "macro": macro, "confusion": confusion}


NONE = "-"  # no entity with that exact span on that side


def _confuse(table: dict, gold: set, pred: set) -> None:
    """Count (gold type, predicted type) over exact spans; a span only one side has pairs with
    `NONE` (a missed entity, or a spurious one; a wrong boundary counts as both)."""
    g = {(a, b): kind for kind, a, b in gold}
    p = {(a, b): kind for kind, a, b in pred}
    for span, kind in g.items():
        table[kind][p.get(span, NONE)] += 1
    for span, kind in p.items():
        if span not in g:
            table[NONE][kind] += 1


def format_scores(scores: dict) -> str:
    """A fixed-width table of per-type, micro and macro scores (what `marsad ner eval` prints)."""
    lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for kind, s in scores["per_type"].items():
        lines.append(
            f"{kind:<6} {s['precision']:>6.2f} {s['recall']:>6.2f} {s['f1']:>6.2f}"
            f" {s['gold']:>6} {s['predicted']:>6}"
        )
    m = scores["micro"]
    lines.append(
        f"{'micro':<6} {m['precision']:>6.2f} {m['recall']:>6.2f} {m['f1']:>6.2f}"
        f" {m['gold']:>6} {m['predicted']:>6}"
    )
    a = scores["macro"]
    lines.append(f"{'macro':<6} {a['precision']:>6.2f} {a['recall']:>6.2f} {a['f1']:>6.2f}")
    confusion = scores.get("confusion")
    if confusion:
        kinds = list(confusion)
        lines += ["", "confusion (rows gold, columns predicted, exact spans; - = no such span)"]
        lines.append(f"{'':<6}" + "".join(f" {k:>6}" for k in kinds))
        for g in kinds:
            lines.append(f"{g:<6}" + "".join(f" {confusion[g][k]:>6}" for k in kinds))
    return "\n".join(lines)
