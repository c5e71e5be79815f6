"""A person's name cut after «عبد», «أبو» or «بن» is completed, and nothing else is touched."""

from pathlib import Path

import pytest

from marsad.ner.name_particles import PARTICLES, complete_particles
from marsad.ner.train import load_labelled
from marsad.text.normalize import to_match


def completed(sentence: str, tags: str) -> str:
    return " ".join(complete_particles(sentence.split(), tags.split())[0])


def test_a_name_cut_after_a_particle_runs_on_and_joins_the_next_name() -> None:
    sentence = "الجيش الفريق أول عبد الأمير يارالله ، ونائب"
    tags = "O O O B-PERS O B-PERS O O"
    assert completed(sentence, tags) == "O O O B-PERS I-PERS I-PERS O O"
    # the word after the particle already starts a name: one name
    assert completed("عبد الله", "B-PERS B-PERS") == "B-PERS I-PERS"
    assert completed("قال ابن خلدون", "O B-PERS O") == "O B-PERS I-PERS"


def test_the_added_word_takes_its_particles_confidence() -> None:
    tags, conf = complete_particles(["عبد", "الأمير", "قال"], ["B-PERS", "O", "O"], [0.9, 1, 1])
    assert tags == ["B-PERS", "I-PERS", "O"] and conf == [0.9, 0.9, 1]


@pytest.mark.parametrize(
    ("sentence", "tags"),
    [
        ("قال عبد الأمير الشمري", "O B-PERS I-PERS I-PERS"),  # whole already
        ("زار أبو ظبي", "O B-LOC I-LOC"),  # not a person
        ("عبد الله", "O O"),  # no name found: the step creates none
        ("قال أبو ، ثم", "O B-PERS O O"),  # punctuation does not join a name
        ("قال عبد بغداد", "O B-PERS B-LOC"),  # another type's span is left as it is
        ("وقال أبو", "O B-PERS"),  # the sentence ends
    ],
)
def test_leaves_alone(sentence: str, tags: str) -> None:
    assert completed(sentence, tags) == tags


def test_gold_names_almost_never_end_in_a_particle(shared_dir: Path) -> None:
    """The data the rule stands on: ANERcorp train's people (295 of 296 particles go on)."""
    ends = goes_on = 0
    for sentence in load_labelled(shared_dir / "ner" / "anercorp" / "train.txt"):
        for i, (word, tag) in enumerate(sentence):
            if tag.endswith("PERS") and to_match(word) in PARTICLES:
                nxt = sentence[i + 1][1] if i + 1 < len(sentence) else "O"
                goes_on += nxt == "I-PERS"
                ends += nxt != "I-PERS"
    assert goes_on > 250 and ends <= goes_on // 100
