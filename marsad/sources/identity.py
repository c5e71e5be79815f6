"""Article ids: derived from content, so the same article landed twice gets the same id.

The id hashes the record's decoded text after Unicode NFC, collapsing whitespace runs (NBSP
included) and stripping, so a copy saved in another encoding, with CRLF line ends or a BOM, or
re-wrapped with different blank lines, is recognised as a duplicate rather than a new article.
Records made of named fields (JSON, CSV, Parquet, HTML pages) hash their title and body
instead of their serialisation, so one article landed in several of those layouts is one id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from marsad.records import RawRecord
from marsad.sources.fielded import content_text

_WHITESPACE = re.compile(r"[\s\u200b\ufeff]+")
ID_HEX_CHARS = 16


def content_key(text: str) -> str:
    """The normalised text an id is computed from."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_id(text: str) -> str:
    """16 hex characters of BLAKE2b over the normalised text."""
    digest = hashlib.blake2b(content_key(text).encode("utf-8"), digest_size=ID_HEX_CHARS // 2)
    return digest.hexdigest()


def article_id(record: RawRecord) -> str:
    """The content-derived id of a raw record (layout and file name play no part)."""
    content = content_text(record)
    return text_id(record.raw_text if content is None else content)
