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

# Arabic letter (match form) -> class; V a long vowel or hamza seat, h a guttural.
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
# Latin spellings of one sound, as one symbol (digits for the digraphs).
_DIGRAPHS = (
    ("sch", "2"),
    ("sh", "2"),
    ("ch", "2"),
    ("zh", "j"),
    ("th", "4"),
    ("ph", "f"),
    ("kh", "1"),
    ("gh", "3"),
    ("dh", "5"),
    ("ck", "k"),
    ("qu", "k"),
    ("x", "ks"),
)
# Latin symbol -> (class, the Arabic letters that may write it).
_LATIN = {
    "b": ("b", "ب"),
    "p": ("b", "ب"),
    "t": ("t", "تط"),
    "4": ("t", "ثتذ"),
    "g": ("k", "غجقك"),
    "3": ("k", "غجق"),
    "j": ("k", "ج"),
    "k": ("k", "كق"),
    "q": ("k", "قك"),
    "1": ("x", "خ"),
    "d": ("d", "دض"),
    "5": ("d", "ذدض"),
    "r": ("r", "ر"),
    "s": ("s", "سصزث"),
    "z": ("s", "زسظذ"),
    "2": ("s", "ش"),
    "f": ("f", "ف"),
    "v": ("f", "ف"),
    "l": ("l", "ل"),
    "m": ("m", "م"),
    "n": ("n", "ن"),
    **{v: ("V", v) for v in "aeiouyw"},
    "h": ("h", "هحع"),
}
_SOFT_C = re.compile(r"c(?=[eiy])")
_NOT_LETTER = re.compile(r"[^a-z]+")
_QUIET = frozenset("Vh")

Sounds = list[tuple[str, str]]  # (class, the letters written for it), runs of a class joined


def _squeeze(pairs: list[tuple[str, str]]) -> Sounds:
    out: Sounds = []
    for cls, letters in pairs:
        if out and out[-1][0] == cls:
            out[-1] = (cls, out[-1][1] + letters)
        else:
            out.append((cls, letters))
    return out


def _latin(name: str) -> Sounds:
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    plain = _NOT_LETTER.sub("", plain)
    for digraph, sound in _DIGRAPHS:
        plain = plain.replace(digraph, sound)
    plain = _SOFT_C.sub("s", plain).replace("c", "k")
    return _squeeze([_LATIN[c] for c in plain if c in _LATIN])


def _arabic(name: str) -> Sounds:
    form = to_match(name).replace(" ", "").replace("-", "")
    if form.startswith("ال") and len(form) > 4:
        form = form[2:]
    pairs = [(_ARABIC[c], c) for c in form if c in _ARABIC]
    if form.endswith("ه"):
        pairs[-1] = ("V", "ه")  # a final ة is a vowel
    return _squeeze(pairs)


def _classes(sounds: Sounds) -> str:
    return "".join(cls for cls, _ in sounds)


def latin_sounds(name: str) -> str:
    """A Latin-script name as classes: consonants, V for a vowel run, h: Texas -> tVksVs."""
    return _classes(_latin(name))


def arabic_sounds(name: str) -> str:
    """The same of an Arabic name without its article: «تكساس» -> tksVs."""
    return _classes(_arabic(name))


def key(sounds: str) -> str:
    """The consonants of `latin_sounds`/`arabic_sounds`, what candidates are looked up by."""
    consonants = [c for c in sounds if c not in _QUIET]
    return "".join(c for i, c in enumerate(consonants) if not i or c != consonants[i - 1])


def latin_key(name: str) -> str:
    return key(latin_sounds(name))


def arabic_key(name: str) -> str:
    return key(arabic_sounds(name))


# An Arabic long vowel -> the Latin vowels it writes (alif opening a name: any vowel).
_VOWEL_OF = {"ا": "ae", "و": "ouw", "ي": "iey", "ى": "aie", "ه": "ae"}


def _fits(ar: tuple[str, str], lat: tuple[str, str], first: bool) -> bool:
    if ar[0] != lat[0]:
        return False
    if ar[0] != "V":
        return True
    if first and ar[1][:1] == "ا":
        return True
    return any(set(_VOWEL_OF.get(c, "aeiouyw")) & set(lat[1]) for c in ar[1])


def _within(short: Sounds, long: Sounds) -> bool:
    """Each of the Arabic's sounds in order among the Latin's, a vowel only where the Latin
    has one it may write («و» for o or u, «ي» for i or e, «ا» for a; a run of long vowels
    by one of them: «ايو» for the io of Ohio)."""
    rest = iter(enumerate(long))
    return all(any(_fits(a, lat, i == 0) for i, lat in rest) for a in short)


def sounds_alike(latin: str, arabic: str) -> bool:
    """Same consonants, each written with a letter that writes it («s» may be «ز», «sh»
    only «ش»), every vowel and h the Arabic writes standing where the Latin has one (Arabic
    leaves short vowels out and may open a cluster with an alif: «استوكهولم»), a name
    opening on a vowel opens on one in Arabic, a final a, i, o is written, and no more words
    than the Latin: «أونتاريو» is Ontario, «انتر» (Inter) is not, «هارريسون» and «راسين»
    are not Arizona, «ديل ريو» is not Delaware, «زانجيانغ» is not Chongqing."""
    if len(arabic.split()) > len(latin.split()):
        return False
    lat, ar = _latin(latin), _arabic(arabic)
    if not lat or not ar:
        return False
    if ar[0][0] == "V" and lat[0][0] not in _QUIET:
        if to_match(arabic)[:1] == "ا":
            ar = ar[1:]
    elif lat[0][0] != "V" and lat[0][0] != ar[0][0]:
        return False  # Hong Kong is «هونغ كونغ», not «انكينغ»
    elif lat[0][0] == "V" and ar[0][0] != "V":
        return False
    if latin.rstrip()[-1:].lower() in "aio" and (not ar or ar[-1][0] != "V"):
        return False  # a final a, i, o is written («جورجيا»; not «كورك» for Georgia)
    lat_c = [p for p in lat if p[0] not in _QUIET]
    ar_c = [p for p in ar if p[0] not in _QUIET]
    if [c for c, _ in lat_c] != [c for c, _ in ar_c]:
        return False
    if not all(set(lw) & set(aw) for (_, lw), (_, aw) in zip(lat_c, ar_c, strict=True)):
        return False  # «s» may be written «ز», «sh» only «ش»
    n_lat, n_ar = _classes(lat).count("V"), _classes(ar).count("V")
    return _within(ar, lat) and n_ar >= n_lat - 1 - (n_lat >= 4)
