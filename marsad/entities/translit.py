"""Whether an Arabic name is the transliteration of a Latin one, by their sounds.

News writes foreign places as sounded out: Texas «تكساس», Florida «فلوريدا», Pennsylvania
«بنسلفانيا».  Both scripts reduce to classes (g/j/k/q and ج غ ق ك one, kh and خ one, p/b
one, v/f one, s/z and the sibilants one, a vowel run and the long vowels V, h and ه ح ع h;
runs of one class written once); the consonants must agree and the Arabic's vowels stand
where the Latin has them (`sounds_alike`).  `build_places` uses it to give an ISO 3166-2
subdivision that no library names in Arabic the name a gazetteer or GeoNames writes for it.
"""

from __future__ import annotations

import re
import unicodedata

from marsad.text.normalize import to_match

_ARABIC = {
    **dict.fromkeys("ب", "b"),
    **dict.fromkeys("تطث", "t"),
    **dict.fromkeys("جقكغ", "k"),
    "خ": "x",
    **dict.fromkeys("دذض", "d"),
    **dict.fromkeys("ر", "r"),
    **dict.fromkeys("زسصشظ", "s"),
    **dict.fromkeys("ف", "f"),
    **dict.fromkeys("ل", "l"),
    **dict.fromkeys("م", "m"),
    **dict.fromkeys("ن", "n"),
    **dict.fromkeys("اويىءئؤ", "V"),
    **dict.fromkeys("هحع", "h"),
}
_DIGRAPHS = (
    ("sch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("th", "t"),
    ("ph", "f"),
    ("kh", "1"),
    ("gh", "k"),
    ("dh", "d"),
    ("ck", "k"),
    ("qu", "k"),
    ("x", "ks"),
)
_LATIN = {
    **dict.fromkeys("bp", "b"),
    "t": "t",
    **dict.fromkeys("gjkq", "k"),
    "d": "d",
    "r": "r",
    **dict.fromkeys("sz", "s"),
    **dict.fromkeys("fv", "f"),
    "l": "l",
    "m": "m",
    "n": "n",
    **dict.fromkeys("aeiouyw", "V"),
    "h": "h",
    "1": "x",
}
_SOFT_C = re.compile(r"c(?=[eiy])")
_NOT_LETTER = re.compile(r"[^a-z]+")
_QUIET = frozenset("Vh")


def _squeeze(classes: list[str]) -> str:
    return "".join(c for i, c in enumerate(classes) if i == 0 or c != classes[i - 1])


def latin_sounds(name: str) -> str:
    """A Latin-script name as classes: consonants, V for a vowel run, h: Texas -> tVksVs."""
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    plain = _NOT_LETTER.sub("", plain)
    for digraph, sound in _DIGRAPHS:
        plain = plain.replace(digraph, sound)
    plain = _SOFT_C.sub("s", plain).replace("c", "k")
    return _squeeze([_LATIN[c] for c in plain if c in _LATIN])


def arabic_sounds(name: str) -> str:
    """The same of an Arabic name without its article; a final ة is a vowel: «تكساس» ->
    tksVs."""
    form = to_match(name).replace(" ", "").replace("-", "")
    if form.startswith("ال") and len(form) > 4:
        form = form[2:]
    classes = [_ARABIC.get(c, "") for c in form]
    if form.endswith("ه"):
        classes[-1] = "V"
    return _squeeze([c for c in classes if c])


def key(sounds: str) -> str:
    """The consonants of `latin_sounds`/`arabic_sounds`, what candidates are looked up by."""
    return _squeeze([c for c in sounds if c not in _QUIET])


def latin_key(name: str) -> str:
    return key(latin_sounds(name))


def arabic_key(name: str) -> str:
    return key(arabic_sounds(name))


def _within(short: str, long: str) -> bool:
    rest = iter(long)
    return all(c in rest for c in short)


def sounds_alike(latin: str, arabic: str) -> bool:
    """Same consonants, every vowel and h the Arabic writes stands where the Latin has one
    (Arabic leaves short vowels out and may open a cluster with an alif: «استوكهولم»), a
    name opening on a vowel opens on one in Arabic, and no more words than the Latin:
    «أونتاريو» is Ontario, «انتر» (Inter) is not, «هارريسون» and «راسين» are not Arizona,
    «ديل ريو» is not Delaware."""
    if len(arabic.split()) > len(latin.split()):
        return False
    lat, ar = latin_sounds(latin), arabic_sounds(arabic)
    if ar[:1] == "V" and lat[:1] not in _QUIET and to_match(arabic)[:1] == "ا":
        ar = ar[1:]
    elif lat[:1] == "V" and ar[:1] != "V":
        return False
    if latin.rstrip()[-1:].lower() in "aio" and ar[-1:] != "V":
        return False  # a final a, i, o is written («جورجيا»; not «كورك» for Georgia)
    consonants = [c for c in lat if c not in _QUIET], [c for c in ar if c not in _QUIET]
    return consonants[0] == consonants[1] and _within(ar, lat) and _enough_vowels(lat, ar)


def _enough_vowels(lat: str, ar: str) -> bool:
    """The Arabic writes most of the Latin's vowels as long vowels (all but one, all but
    two of four or more)."""
    n = lat.count("V")
    return ar.count("V") >= n - 1 - (n >= 4)
