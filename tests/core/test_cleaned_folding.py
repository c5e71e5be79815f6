"""The shared folding tables: what each reader folds, and that they agree where they overlap."""

from __future__ import annotations

import pytest

from marsad.ner.orthography import fold as ner_fold
from marsad.text import folding
from marsad.text.calendars import fold as date_fold
from marsad.text.folding import to_ascii_digits
from marsad.text.normalize import to_display, to_match


@pytest.mark.parametrize(
    ("text", "expected"),
    [("١٩/١١/٢٠٢٠", "19/11/2020"), ("۱۲:۵۳", "12:53"), ("abc ٣ و ۴", "abc 3 و 4")],
)
def test_to_ascii_digits(text: str, expected: str) -> None:
    assert to_ascii_digits(text) == expected


@pytest.mark.parametrize(
    ("word", "folded"),
    [("أحمد", "احمد"), ("إبريل", "ابريل"), ("آمال", "امال"), ("ٱلله", "الله"), ("مصطفى", "مصطفي")]
    + [("حمزة", "حمزه"), ("مُحَمَّد", "محمد"), ("قرآنٰ", "قران"), ("عـــلي", "علي")],
)
def test_every_reader_folds_the_shared_letters_and_marks(word: str, folded: str) -> None:
    assert ner_fold(word) == folded
    assert date_fold(word) == folded
    assert to_match(to_display(word)) == folded  # tatweel goes with display text


@pytest.mark.parametrize(
    ("text", "match", "date", "ner"),
    [
        ("مسئول", "مسيول", "مسئول", "مسئول"),  # hamza seats: match text only
        ("ٲحمد", "احمد", "ٲحمد", "ٲحمد"),  # wavy-hamza alef: match text only
        ("کی", "كي", "كي", "کی"),  # Farsi kaf/yeh: match (via display text) and dates
        ("١٢", "12", "12", "١٢"),  # digits: not in NER features
    ],
)
def test_documented_variants(text: str, match: str, date: str, ner: str) -> None:
    assert to_match(to_display(text)) == match
    assert date_fold(text) == date
    assert ner_fold(text) == ner


def test_variants_are_subsets_of_the_shared_tables() -> None:
    assert folding.PERSIAN_YEH_KAF.items() <= folding.PERSIAN_LETTERS.items()
    assert set(folding.HARAKAT) <= folding.TASHKEEL
    assert sorted(folding.DIGITS.values()) == sorted("0123456789" * 2)
