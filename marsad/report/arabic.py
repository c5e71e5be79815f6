"""Arabic labels for images: letters joined (arabic-reshaper) and laid out right to left (python-bidi).

Matplotlib draws a string's characters left to right in their isolated forms; a label shaped
here comes out as a reader expects it: «العراق», not «ق ا ر ع ل ا».
"""

from __future__ import annotations

import arabic_reshaper
from bidi import get_display

_ARABIC = range(0x0600, 0x0700)
# The one-glyph «الله» ligature is missing from DejaVu Sans (a box in «حزب الله»): draw the letters.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"ARABIC LIGATURE ALLAH": "no"})


def has_arabic(text: str) -> bool:
    return any(ord(c) in _ARABIC for c in text)


def shape(text: str | None) -> str:
    """The label as it must be drawn: contextual letter forms, visual (right-to-left) order."""
    if not text:
        return ""
    if not has_arabic(text):
        return text
    return get_display(_RESHAPER.reshape(text))
