"""Which key of a fielded record (JSON, CSV, Parquet) holds which article field.

Out of the box the common names are recognised, case-insensitively, in the order listed in
`KNOWN_KEYS` (the first one a record has wins). A landing sub-folder can override the choice
with a `_fields.toml` beside its files (the nearest one up to the landing folder applies):

    # landing/alyaum/_fields.toml
    [fields]
    body = "nass"            # the key holding the article text
    title = "onwan"
    published_at = "tarikh"

A field named in the file is read from that key only; fields it does not name keep the
defaults. A `[values]` table gives text fields a value for every record in the folder that has
none of its own, in any layout (a folder of one outlet's saved pages: `source = "alyaum"`);
such a value has no span, since it is not in the record's text. The mapping a file was read with is recorded on each of its raw records
(`raw_articles.field_map`, JSON), so a reader of the warehouse sees which key fed which field.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FIELDS_FILE = "_fields.toml"

# canonical field -> recognised key names, most specific first (compared lower-cased)
KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    name: tuple(keys.split())
    for name, keys in {
        "title": "title headline head heading",
        "body": "body text content article story article_body articlebody full_text fulltext "
        "article_text main_text maintext",
        "published_at": "published_at date_published datepublished published publish_date "
        "publication_date pubdate pub_date date datetime date_extracted created_at time "
        "timestamp ts",
        "url": "url link href permalink canonical_url",
        "author": "author byline writer authors by",
        "section": "section category categories tags topic cat",
        "source": "source site publisher website sitename outlet newspaper",
    }.items()
}
FIELD_NAMES = tuple(KNOWN_KEYS)
VALUE_FIELDS = ("source", "section", "author")  # fields a `[values]` table may fill


class FieldMapError(ValueError):
    """A `_fields.toml` that cannot be used (bad TOML, unknown field, a value not a string)."""


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Explicit keys from a mapping file (field -> key) and where they came from."""

    explicit: dict[str, str] = field(default_factory=dict)
    origin: str = "default"  # "default" or the mapping file, relative to the landing folder
    values: dict[str, str] = field(default_factory=dict)  # field -> value for records without it

    def resolve(self, keys: Iterable[str]) -> dict[str, str]:
        """field -> the key of `keys` it is read from (fields with no key are left out)."""
        by_lower: dict[str, str] = {}
        for key in keys:
            by_lower.setdefault(key.lower(), key)
        chosen: dict[str, str] = {}
        for name, candidates in KNOWN_KEYS.items():
            wanted = self.explicit.get(name)
            if wanted is not None:
                key = wanted if wanted in by_lower.values() else by_lower.get(wanted.lower())
                if key is not None:
                    chosen[name] = key
                continue
            for candidate in candidates:
                key = by_lower.get(candidate)
                if key is not None and key not in chosen.values():
                    chosen[name] = key
                    break
        return chosen

    def body_keys(self) -> list[str]:
        """The keys a body is looked for under (for the missing-body message)."""
        if "body" in self.explicit:
            return [self.explicit["body"]]
        return list(KNOWN_KEYS["body"])


DEFAULT = FieldMap()


def parse_fields_file(text: str, origin: str) -> FieldMap:
    """A FieldMap from the text of a `_fields.toml`; FieldMapError says what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FieldMapError(f"{origin}: not valid TOML ({error})") from None
    values = data.pop("values", {})
    if not isinstance(values, dict) or any(
        name not in VALUE_FIELDS or not isinstance(v, str) or not v for name, v in values.items()
    ):
        known = ", ".join(VALUE_FIELDS)
        raise FieldMapError(f'{origin}: [values] must give text values to {known} (name = "value")')
    table = data.get("fields", data)
    if not isinstance(table, dict):
        raise FieldMapError(f'{origin}: [fields] must be a table of field = "key"')
    explicit: dict[str, str] = {}
    for name, key in table.items():
        if name not in KNOWN_KEYS:
            known = ", ".join(FIELD_NAMES)
            raise FieldMapError(f"{origin}: unknown field {name!r} (known: {known})")
        if not isinstance(key, str) or not key:
            raise FieldMapError(f"{origin}: {name} must name a key as a string, not {key!r}")
        explicit[name] = key
    return FieldMap(explicit, origin, dict(values))


def for_file(path: Path, landing_root: Path) -> FieldMap:
    """The mapping for a landing file: the nearest `_fields.toml` up to the landing folder."""
    folder = path.parent
    root = landing_root.resolve()
    while True:
        candidate = folder / FIELDS_FILE
        if candidate.is_file():
            try:
                origin = candidate.resolve().relative_to(root).as_posix()
            except ValueError:
                origin = candidate.as_posix()
            return parse_fields_file(candidate.read_text(encoding="utf-8"), origin)
        if folder.resolve() == root or folder.parent == folder:
            return DEFAULT
        folder = folder.parent


def from_recorded(recorded: str | None) -> FieldMap:
    """The FieldMap a raw record was read with, from its recorded JSON (None: the defaults)."""
    if not recorded:
        return DEFAULT
    data = json.loads(recorded)
    explicit = data.get("explicit") or {}
    values = data.get("values") or {}
    if not explicit and not values:
        return DEFAULT
    return FieldMap(dict(explicit), data.get("from", "default"), dict(values))


def record_json(fmap: FieldMap, keys: Iterable[str]) -> str:
    """What a raw record stores: the explicit override (to re-apply it) and the resolved keys."""
    data: dict = {"from": fmap.origin, "fields": fmap.resolve(keys)}
    if fmap.explicit:
        data["explicit"] = fmap.explicit
    if fmap.values:
        data["values"] = fmap.values
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def values_json(fmap: FieldMap) -> str | None:
    """What a record of a layout without keys (scraped page, TREC) stores: the folder's values."""
    if not fmap.values:
        return None
    return json.dumps(
        {"from": fmap.origin, "values": fmap.values}, ensure_ascii=False, sort_keys=True
    )
