"""A person's name does not end in a particle: «عبد», «أبو», «بن» … are followed by the rest.

«الفريق أول عبد الأمير يارالله»: «الأمير» is mostly a title ("the prince"), so a tagger can cut
the name after «عبد» and start another at «يارالله». In ANERcorp train's gold, of the 296 person
words that are one of these particles, 295 are followed by another word of the same name (AQMAR
train: all 90). This step extends a person span that ends in a particle over the next word, and
joins it to a person span that starts right after.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.text.normalize import to_match
from marsad.text.wordlists import match_forms

# left out: «آل» (a family, «آل سعود»), which ends two gold names, and «أم», mostly "or"
PARTICLES = match_forms("عبد عبدال أبو أبي أبا ابن بن بنت")


def complete_particles(
    tokens: Sequence[str], tags: Sequence[str], conf: Sequence[float] | None = None
) -> tuple[list[str], list[float] | None]:
    """New tags (and confidences: a word added takes its particle's) for one sentence."""
    out = list(tags)
    scores = None if conf is None else list(conf)
    if "B-PERS" not in out:
        return out, scores  # most sentences: decided without reading a word
    for i in range(len(out) - 1):
        if out[i] not in ("B-PERS", "I-PERS") or out[i + 1] == "I-PERS":
            continue
        if to_match(tokens[i]) not in PARTICLES or not tokens[i + 1].isalpha():
            continue
        if out[i + 1] == "B-PERS":  # «عبد» | «الله»: one name
            out[i + 1] = "I-PERS"
        elif out[i + 1] == "O":  # «عبد» «الأمير» | «يارالله»: the word, and a name right after
            out[i + 1] = "I-PERS"
            if scores is not None:
                scores[i + 1] = scores[i]
            if i + 2 < len(out) and out[i + 2] == "B-PERS":
                out[i + 2] = "I-PERS"
    return out, scores
