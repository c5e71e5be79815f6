"""Arabic chart labels: letters joined and right to left, in the string and in the drawn image."""

from __future__ import annotations

import unicodedata

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from marsad.report.arabic import shape  # noqa: E402


def _isolated(text: str) -> str:
    """Each letter in its isolated presentation form, in visual order: what an unshaped label looks like."""
    forms = []
    for char in reversed(text):
        name = unicodedata.name(char, "")
        try:
            forms.append(unicodedata.lookup(f"{name} ISOLATED FORM"))
        except KeyError:
            forms.append(char)
    return "".join(forms)


@pytest.mark.parametrize("label", ["العراق", "دونالد ترامب", "حزب الله", "الأمم المتحدة"])
def test_labels_use_joining_forms(label):
    shaped = shape(label)
    names = [unicodedata.name(c, "") for c in shaped]
    assert any(n.endswith(("INITIAL FORM", "MEDIAL FORM", "FINAL FORM")) for n in names)
    assert shaped != _isolated(label)
    assert all(0xFB50 <= ord(c) <= 0xFEFF or c == " " for c in shaped)  # all drawable forms


def test_the_first_letter_is_drawn_at_the_right():
    assert shape("العراق")[-1] == "\ufe8d"  # alef, isolated form, rightmost in visual order


def test_latin_labels_are_left_alone():
    assert shape("skynews") == "skynews"
    assert shape(None) == ""


def _drawn_width(text: str) -> float:
    fig = plt.figure(figsize=(4, 1))
    artist = fig.text(0.1, 0.5, text, fontsize=20, family="DejaVu Sans")
    fig.canvas.draw()
    width = artist.get_window_extent(fig.canvas.get_renderer()).width
    plt.close(fig)
    return width


def test_the_drawn_label_is_joined_not_isolated_letters():
    label = "المتحدة"
    joined = _drawn_width(shape(label))
    isolated = _drawn_width(_isolated(label))
    assert joined < 0.9 * isolated  # joined letters are narrower than the same letters apart
