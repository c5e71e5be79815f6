"""Decoding that keeps what is valid: stray bytes replaced and counted, cp1256 only for bytes
that are not mostly UTF-8, NUL and other C0 controls removed and counted."""

from __future__ import annotations

import pytest

from marsad.sources.encoding import MAX_ERROR_SHARE, decode_bytes

ARABIC = "البرلمان العراقي يؤجل التصويت على الموازنة\n\nوقال رئيس البرلمان إن التأجيل مؤقت.\n" * 5


@pytest.mark.parametrize("bad", [b"\xff", b"\xc0", b"\x80", b"\xe2\x82", b"\xfe\xff"])
def test_a_few_bad_bytes_keep_utf8_and_are_counted(bad: bytes) -> None:
    data = ARABIC.encode("utf-8")
    at = data.index(b" ")
    decoded = decode_bytes(data[:at] + bad + data[at:])
    assert decoded is not None
    assert decoded.encoding == "utf-8"
    assert decoded.errors >= 1
    assert decoded.text.replace("\ufffd", "") == ARABIC


def test_cp1256_is_still_recognised() -> None:
    decoded = decode_bytes(ARABIC.encode("cp1256"))
    assert decoded is not None and decoded.encoding == "cp1256" and decoded.text == ARABIC


def test_too_many_bad_bytes_in_utf8_is_undecodable() -> None:
    data = ARABIC.encode("utf-8").replace(b" ", b"\xff")  # one in six characters
    assert len(ARABIC.split(" ")) / len(ARABIC) > MAX_ERROR_SHARE
    assert decode_bytes(data) is None


@pytest.mark.parametrize(
    ("noise", "count"), [("\x00", 1), ("\x00" * 50, 50), ("\x07\x1b", 2), ("\x00\x0b", 2)]
)
def test_controls_are_removed_and_counted(noise: str, count: int) -> None:
    decoded = decode_bytes((ARABIC[:30] + noise + ARABIC[30:]).encode("utf-8"))
    assert decoded is not None
    assert decoded.text == ARABIC
    assert decoded.controls == count


def test_tabs_newlines_and_form_feeds_are_kept() -> None:
    text = "عنوان\tالخبر\n\fنص الخبر\n"
    decoded = decode_bytes(text.encode("utf-8"))
    assert decoded is not None and decoded.text == text and decoded.controls == 0


def test_random_bytes_stay_undecodable() -> None:
    import random

    assert decode_bytes(random.Random(1).randbytes(4000)) is None


def test_short_cp1256_article_with_a_long_latin_url() -> None:
    text = (
        "<DOC>\n<URL>https://arabic.cnn.com/tech/2018/05/29/tech-290518-california-digital-"
        "license-plate-pilot-program-orig</URL>\n<TITLE>لوحات سيارات رقمية</TITLE>\n"
        "<TEXT>\nتجربة جديدة في كاليفورنيا.\n</TEXT>\n</DOC>\n"
    )
    decoded = decode_bytes(text.encode("cp1256"))
    assert decoded is not None and decoded.encoding == "cp1256" and decoded.text == text
