"""Reading a trained crfsuite CRF1d model file without crfsuite: its label and attribute tables
and its feature weights, so decoding (`linear_crf`) and label biases (`crfbias`) work on the
file crfsuite wrote.

Layout (crf1d_model.c, little-endian): a 48-byte header whose offsets point at the FEAT chunk
(12-byte chunk header, then 20-byte records: type, source, destination as uint32, weight as
float64; type 0 = state feature attribute -> label, 1 = transition label -> label) and at two
CQDB string tables (labels, attributes), each ending in a "backward" array from id to a record
`id, key size, key\\0`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

HEADER = struct.Struct("<4sI4sIIIIIIIII")
FEATURE = struct.Struct("<IIId")
STATE, TRANSITION = 0, 1
FEATURE_RECORDS = np.dtype(
    [("kind", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")]
)


def strings(model: bytes, offset: int) -> dict[str, int]:
    """The string -> id table of the CQDB chunk at `offset`."""
    magic, _, _, _, n, backward = struct.unpack_from("<4sIIIII", model, offset)
    if magic != b"CQDB":
        raise ValueError("not a crfsuite model: no CQDB string table where the header points")
    out = {}
    for i in range(n):
        (record,) = struct.unpack_from("<I", model, offset + backward + 4 * i)
        if record:
            key_id, size = struct.unpack_from("<II", model, offset + record)
            start = offset + record + 8
            out[model[start : start + size - 1].decode("utf-8")] = key_id
    return out


@dataclass(frozen=True)
class ModelFile:
    labels: dict[str, int]
    attributes: dict[str, int]
    features_at: int  # byte offset of the first feature record
    features: np.ndarray  # FEATURE_RECORDS, one per feature


def read_model(model: bytes) -> ModelFile:
    header = HEADER.unpack_from(model, 0)
    if header[0] != b"lCRF":
        raise ValueError("not a crfsuite model file")
    off_features, off_labels, off_attrs = header[7], header[8], header[9]
    (n,) = struct.unpack_from("<I", model, off_features + 8)
    at = off_features + 12
    records = np.frombuffer(model, dtype=FEATURE_RECORDS, count=n, offset=at)
    return ModelFile(strings(model, off_labels), strings(model, off_attrs), at, records)
