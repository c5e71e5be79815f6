"""BIO tags to entity spans and back: the one decoder scoring, tagging, training and the tagged
stage share, so a span means the same thing wherever it is read."""

from __future__ import annotations

from collections.abc import Sequence


def decode(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """`(first, stop, type)` of each entity, left to right (`stop` one past its last token).

    Read the way conlleval reads tags: an `I-X` that does not continue an `X` entity opens a new
    one (IOB1 tolerance); any tag without a `B-`/`I-` prefix is outside.
    """
    found: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind and start >= 0
        if start >= 0 and not continues:
            found.append((start, i, kind))
            start, kind = -1, ""
        if prefix == "B" or (prefix == "I" and not continues):
            start, kind = i, label
    return found


def decode_scored(tags: Sequence[tuple[str, float]]) -> list[tuple[int, int, str, float]]:
    """`decode` of `(tag, confidence)` pairs, each entity with its tokens' mean confidence."""
    found = []
    for start, stop, kind in decode([tag for tag, _ in tags]):
        total = 0.0
        for _, confidence in tags[start:stop]:
            total += confidence
        found.append((start, stop, kind, total / (stop - start)))
    return found


def encode(kind: str, length: int) -> list[str]:
    """The tags of one `length`-token entity of type `kind`: `B-kind I-kind …`."""
    return [f"B-{kind}"] + [f"I-{kind}"] * (length - 1)
