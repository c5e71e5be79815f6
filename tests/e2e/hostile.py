"""A generated hostile landing batch: every kind of file and directory entry an operator's
landing folder can hold, around real corpus articles that must all come through intact.

`make_batch(corpus, landing, scale)` writes it and returns the URLs of the articles that must be
published. scale=1.0 is the full batch (1,000+ entries, a 52 MB file, a 1 MB single line);
CI uses a tenth. Generated under tmp, never committed.
"""

from __future__ import annotations

import codecs
import os
import random
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import corpus_files, shuffled
from marsad.records import Rejection
from marsad.sources import parse_record, read_landing_file

_URL = re.compile(r"<URL>(.*?)</URL>")
_TIME = re.compile(r"<TIME>.*?</TIME>\n?")


@dataclass
class Batch:
    must_publish: set[str] = field(default_factory=set)  # URLs of valid articles
    entries: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    sockets: list[socket.socket] = field(default_factory=list)


def _parses(path: Path) -> bool:
    records, rejections = read_landing_file(path, path.parent)
    return (
        len(records) == 1 and not rejections and not isinstance(parse_record(records[0]), Rejection)
    )


def make_batch(corpus: Path, landing: Path, scale: float = 1.0, seed: int = 11) -> Batch:
    rng = random.Random(seed)
    batch = Batch()
    landing.mkdir(parents=True, exist_ok=True)
    pool = iter(shuffled(corpus_files(corpus), seed=seed))

    def n(count: int) -> int:
        return max(1, round(count * scale))

    def put(kind: str, name: str, data: bytes | str) -> Path:
        path = landing / kind / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        batch.kinds[kind] = batch.kinds.get(kind, 0) + 1
        batch.entries += 1
        return path

    def valid_article() -> tuple[str, str]:
        """(text, url) of a corpus article that parses on its own."""
        while True:
            name = next(pool)
            text = (corpus / name).read_text(encoding="utf-8")
            if _parses(corpus / name):
                return text, _URL.search(text).group(1)

    def must(kind: str, name: str, data: bytes | str, url: str) -> None:
        put(kind, name, data)
        batch.must_publish.add(url)

    for i in range(n(300)):
        text, url = valid_article()
        must("utf8", f"a{i}.xml", text, url)
    for i in range(n(60)):
        text, url = valid_article()
        must("cp1256", f"a{i}.xml", text.encode("cp1256", errors="replace"), url)
    utf16 = [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ]
    for i in range(n(60)):
        text, url = valid_article()
        codec, bom = utf16[i % 4]
        must("utf16", f"a{i}.xml", bom + text.encode(codec), url)
    for i in range(n(80)):  # invalid UTF-8 inside valid text: 1 to 3 stray bytes in the body
        text, url = valid_article()
        data = bytearray(text.encode("utf-8"))
        body = data.index(b"<TEXT>") + 8
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(body, len(data) - 20)
            while data[at] & 0xC0 == 0x80:  # land between characters, not inside one
                at += 1
            data[at:at] = bytes([rng.choice([0xFF, 0xFE, 0xC0, 0x80, 0xE2])])
        must("badbytes", f"a{i}.xml", bytes(data), url)
    for i in range(n(40)):  # NUL runs and other C0 controls inside valid text
        text, url = valid_article()
        body = text.index("<TEXT>") + 8
        at = text.index(" ", body + 10)
        noisy = text[:at] + "\x00" * rng.randint(1, 40) + "\x07" + text[at:]
        must("nul", f"a{i}.xml", noisy, url)
    names = ["with space.xml", "new\nline.xml", "خبر عاجل.xml", "tab\there.xml", "ü-é.xml"]
    for i in range(n(20)):
        text, url = valid_article()
        must("names", f"{i}-{names[i % len(names)]}", text, url)
    text, url = valid_article()
    for i in range(20):  # one article under 20 names
        must("dup", f"copy {i}.xml" if i % 2 else f"نسخة-{i}.xml", text, url)

    for i in range(n(100)):
        put("random", f"r{i}.bin", rng.randbytes(rng.randint(1, 20_000)))
    for i in range(n(80)):
        text, _ = valid_article()
        cut = text[: rng.randint(10, len(text) // 2)]
        put("truncated", f"t{i}.xml", cut)
    for i in range(n(40)):
        text, _ = valid_article()
        put("malformed", f"m{i}.xml", text.replace("</TEXT>", "</TEXTE>").replace("<DOC>", "<DOC"))
    for i in range(n(40)):
        put("empty", f"e{i}.txt", "" if i % 2 else " \n\t  \r\n " * rng.randint(1, 50))
    for i in range(n(40)):
        put(
            "html",
            f"p{i}.html",
            f"<!DOCTYPE html><html><head><title>Page {i}</title></head>"
            f"<body><p>{'Lorem ipsum dolor sit amet. ' * 30}</p></body></html>",
        )
    for i in range(n(40)):
        put("latin", f"l{i}.txt", f"Breaking news {i}\n\n" + "The minister said today. " * 40)
    for i in range(n(30)):
        text, _ = valid_article()
        put("undated", f"u{i}.xml", _TIME.sub("", text))
    for i in range(n(30)):
        text, _ = valid_article()
        put(
            "future", f"f{i}.xml", _TIME.sub("<TIME>Mon, 01 Jun 2099 10:00:00 +0300</TIME>\n", text)
        )

    links = landing / "links"
    links.mkdir()
    for i in range(n(10)):
        os.symlink(landing / "nowhere" / f"{i}.xml", links / f"dangling{i}.xml")
        batch.entries += 1
    for i in range(max(1, n(5))):
        os.symlink(links / f"loop{i}b", links / f"loop{i}a")
        os.symlink(links / f"loop{i}a", links / f"loop{i}b")
        batch.entries += 2
    special = landing / "special"
    special.mkdir()
    os.mkfifo(special / "pipe")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(special / "sock"))
    batch.sockets.append(sock)
    batch.entries += 2
    if scale >= 1:
        put("huge", "big.xml", b"<DOC>\n" + b"x" * 52_000_000)
        text, url = valid_article()
        one_line = text.replace("\n", " ").replace("</TEXT>", ("وقال الوزير " * 80_000) + "</TEXT>")
        must("oneline", "line.xml", one_line, url)
    return batch


ARABIC = re.compile(r"[\u0621-\u064A]")
TA_ZA = re.compile(r"[\u0637\u0638]")  # ط ظ: the lead bytes of UTF-8 Arabic read as cp1256
GARBAGE = re.compile(r"[\u00C0-\u00FF\u2020-\u203A\uFB50-\uFDFF\uFE70-\uFEFF]")


def looks_mojibake(text: str) -> bool:
    """UTF-8 Arabic misread as cp1256 is half ط/ظ with ‡ and Latin-1 letters between."""
    arabic = len(ARABIC.findall(text))
    if arabic >= 20 and len(TA_ZA.findall(text)) / arabic > 0.25:
        return True
    visible = sum(1 for ch in text if not ch.isspace())
    return visible >= 20 and len(GARBAGE.findall(text)) / visible > 0.05
