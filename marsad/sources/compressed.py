"""Compressed landing files: `.gz` (one file) and `.zip` (any number of files), read in memory.

The inner file is read as if it had landed uncompressed, under its own name (so `x.csv.gz` is
a CSV); its records keep the archive as their source_file, numbered on across a zip's members,
and every record and rejection of a member names the member («2015-07-21.json: …»).
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib

from marsad.sources.field_map import FIELDS_FILE

SUFFIXES = (".gz", ".zip")


class ArchiveError(ValueError):
    """An archive that cannot be opened or that unpacks to more than the byte limit."""


def is_compressed(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def members(data: bytes, name: str, max_bytes: int) -> list[tuple[str, bytes]]:
    """(inner name, bytes) of each file in the archive, in archive order."""
    if name.lower().endswith(".gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
                inner = stream.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise ArchiveError(f"not a readable gzip file: {error}") from None
        if len(inner) > max_bytes:
            raise ArchiveError(f"unpacks to more than the {max_bytes}-byte limit")
        return [(name[:-3], inner)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(f"not a readable zip file: {error}") from None
    found: list[tuple[str, bytes]] = []
    with archive:
        for info in archive.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or not base or base.startswith(".") or "__MACOSX/" in info.filename:
                continue
            if base == FIELDS_FILE:  # a mapping file packed along: not an article file
                continue
            if info.file_size > max_bytes:
                raise ArchiveError(f"{info.filename} unpacks to more than {max_bytes} bytes")
            try:
                found.append((info.filename, archive.read(info)))
            except (zipfile.BadZipFile, OSError, zlib.error) as error:
                raise ArchiveError(f"{info.filename} cannot be unpacked: {error}") from None
    return found
