"""Bad directory entries are rows, not crashes; a mass removal is refused."""

from __future__ import annotations

import os
import socket

import polars as pl
import pytest

from marsad.stages.landing_guard import LandingMissing, MassRemoval, check_removals, scan_landing


def test_bad_entries_each_become_one_rejection(tmp_path):
    (tmp_path / "good.txt").write_text("خبر", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "also good.txt").write_text("خبر", encoding="utf-8")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "loop-b", tmp_path / "loop-a")
    os.symlink(tmp_path / "loop-a", tmp_path / "loop-b")
    os.mkfifo(tmp_path / "fifo")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    (tmp_path / ".hidden").write_text("x")
    try:
        scan = scan_landing(tmp_path)
    finally:
        sock.close()
    assert scan.listing["source_file"].to_list() == ["good.txt", "sub/also good.txt"]
    reasons = {r.source_file: str(r.reason) for r in scan.rejections}
    assert reasons == {
        "dangling.txt": "dangling_link",
        "loop-a": "link_loop",
        "loop-b": "link_loop",
        "fifo": "special_file",
        "sock": "special_file",
    }


def test_missing_landing_is_an_error(tmp_path):
    with pytest.raises(LandingMissing, match="does not exist"):
        scan_landing(tmp_path / "not-mounted")
    (tmp_path / "file").write_text("x")
    with pytest.raises(LandingMissing, match="not a folder"):
        scan_landing(tmp_path / "file")


@pytest.mark.parametrize(
    ("lost", "allowed", "raises"), [(1, False, False), (2, False, True), (2, True, False)]
)
def test_removal_share(lost, allowed, raises):
    before = pl.DataFrame({"article_id": [f"a{i}" for i in range(10)]})
    after = before.slice(lost)
    if raises:
        with pytest.raises(MassRemoval, match="--allow-removals"):
            check_removals(before, after, 0.10, allowed)
    else:
        assert check_removals(before, after, 0.10, allowed) == lost
