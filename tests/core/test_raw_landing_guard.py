"""Bad directory entries are rows, not crashes; a mass removal is refused."""

from __future__ import annotations

import os
import socket

import polars as pl
import pytest

from marsad.stages import landing_guard
from marsad.stages.landing_guard import (
    STAT_CHUNK,
    LandingMissing,
    MassRemoval,
    check_removals,
    scan_landing,
)


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


@pytest.mark.parametrize("disk", ["warm", "slow"])
def test_the_scan_lists_every_file_once_with_its_folders_mapping(tmp_path, monkeypatch, disk):
    """Folders are listed and files stat-ed in the calling thread while that is quick, on several
    threads once it is slow (a cold cache): either way a deep tree and a folder larger than one
    stat chunk give each file once, sorted, with the nearest `_fields.toml`."""
    pools = []
    real_pool = landing_guard.ThreadPoolExecutor
    monkeypatch.setattr(
        landing_guard, "ThreadPoolExecutor", lambda *a, **k: pools.append(1) or real_pool(*a, **k)
    )
    if disk == "slow":  # every listing counts as slow once a few files are listed
        monkeypatch.setattr(landing_guard, "WARM_PROBE_FILES", 3)
        monkeypatch.setattr(landing_guard, "WARM_SECONDS_PER_FILE", 0.0)
    expected = []
    for source in ("alpha", "beta"):
        for section in ("a", "b-c"):
            folder = tmp_path / source / section / "2018"
            folder.mkdir(parents=True)
            for k in range(3):
                (folder / f"{k}.txt").write_text("خبر", encoding="utf-8")
                expected.append(f"{source}/{section}/2018/{k}.txt")
    big = tmp_path / "big"
    big.mkdir()
    for k in range(STAT_CHUNK * 2 + 7):
        (big / f"{k:05d}.json").write_text("[]")
        expected.append(f"big/{k:05d}.json")
    (tmp_path / "beta" / "_fields.toml").write_text('title = "headline"\n')
    listing = scan_landing(tmp_path).listing
    assert listing["source_file"].to_list() == sorted(expected)
    mapped = listing.filter(pl.col("fields_hash") != "")["source_file"].to_list()
    assert mapped == sorted(e for e in expected if e.startswith("beta/"))
    assert pools == ([1] if disk == "slow" else [])


def test_a_scan_handed_over_is_taken_once_and_only_while_fresh(tmp_path, monkeypatch):
    """The CLI's up-to-date check leaves its scan to the run's raw stage (one scan per run);
    a second ingest, or one after a long wait for the lock, scans the folder again."""
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    handed = landing_guard.scan_landing(tmp_path)
    landing_guard.hand_over(tmp_path, handed)
    (tmp_path / "b.txt").write_text("y", encoding="utf-8")
    assert landing_guard.scan_landing(tmp_path, reuse=True) is handed
    assert landing_guard.scan_landing(tmp_path, reuse=True).listing.height == 2
    landing_guard.hand_over(tmp_path, handed)
    monkeypatch.setattr(landing_guard, "HAND_OVER_SECONDS", -1.0)
    assert landing_guard.scan_landing(tmp_path, reuse=True) is not handed
    assert landing_guard.scan_landing(tmp_path).listing.height == 2
