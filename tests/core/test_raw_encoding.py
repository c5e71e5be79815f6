"""Encoding detection: every encoding a landing file may come in decodes to the same text."""

from __future__ import annotations

import codecs

import pytest

from marsad.sources.encoding import decode_bytes, looks_arabic, normalise_newlines

ARABIC = "البرلمان العراقي يؤجل التصويت على الموازنة\n\nوقال رئيس البرلمان إن التأجيل مؤقت.\n"
ENGLISH_JSON = '{"title": "Budget vote delayed", "body": "The session was postponed."}\n'


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "utf-16"),
        (ARABIC.encode("utf-16-le"), "utf-16-le"),
        (ARABIC.encode("utf-16-be"), "utf-16-be"),
        (ARABIC.encode("cp1256"), "cp1256"),
        (codecs.BOM_UTF32_LE + ARABIC.encode("utf-32-le"), "utf-32"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1256", "utf32"],
)
def test_each_encoding_decodes_to_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded is not None
    assert decoded.text == ARABIC
    assert decoded.encoding == encoding


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_of_mostly_ascii_text(codec: str) -> None:
    decoded = decode_bytes(ENGLISH_JSON.encode(codec))
    assert decoded is not None and decoded.text == ENGLISH_JSON and decoded.encoding == codec


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,  # binary
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20,
        "Le conseil des ministres a adopté le budget à l'unanimité.".encode("latin-1"),
    ],
    ids=["all-bytes", "png-like", "latin1-french"],
)
def test_non_arabic_legacy_bytes_are_not_guessed_as_cp1256(data: bytes) -> None:
    assert decode_bytes(data) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("a\r\nb\r\n", "a\nb\n"), ("a\rb\r", "a\nb\n"), ("a\r\n\r\nb", "a\n\nb"), ("a\nb", "a\nb")],
)
def test_line_ends_are_normalised(raw: str, expected: str) -> None:
    assert normalise_newlines(raw) == expected
    decoded = decode_bytes(raw.encode("utf-8"))
    assert decoded is not None and decoded.text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بغداد وبيروت ودمشق", True),
        ("العراق ولبنان وسوريا في قمة بغداد (Baghdad summit)", True),
        ("ÇáÈÑáãÇä ÇáÚÑÇÞí", False),  # cp1256 bytes read as Latin-1
        ("Hello world", False),
        ("12345", False),
    ],
)
def test_looks_arabic(text: str, expected: bool) -> None:
    assert looks_arabic(text) is expected
