"""Every SQL example in the README runs on the sample's warehouse and returns rows.

A reader copies these first; an example that returns nothing (or fails) on the bundled sample
teaches them that the warehouse is empty or broken. Each `sql` block is split into statements;
every SELECT must return rows, and a `CREATE TABLE … AS` must create a non-empty table.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.helpers import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sql\n(.*?)```", README, flags=re.S)


def _code(statement: str) -> str:
    """The statement without its leading comment lines."""
    lines = statement.splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("--")).strip()


def _comment(statement: str) -> str:
    return " ".join(line.strip("- ") for line in statement.splitlines() if line.startswith("--"))


def test_the_readme_has_sql_examples():
    assert len(BLOCKS) >= 3


def _connect(warehouse, block: str) -> duckdb.DuckDBPyConnection:
    """A scratch database; the warehouse attached read-only and in use, unless the block attaches
    it itself (the README's way to keep one's own tables apart)."""
    con = duckdb.connect()
    if not re.search(r"^ATTACH", block, flags=re.M):
        con.execute(f"ATTACH '{warehouse}' AS sample (READ_ONLY)")
        con.execute("USE sample")
    return con


def _statements(block: str) -> list[str]:
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", block) if s.strip()]


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_every_readme_statement_returns_rows(sample_warehouse, index):
    block = BLOCKS[index]
    con = _connect(sample_warehouse, block)
    try:
        for statement in _statements(block):
            code = _code(statement)
            head = code.split(None, 1)[0].upper()
            if head == "ATTACH":  # the README's warehouse path: the sample's instead
                con.execute(re.sub(r"'[^']*warehouse\.duckdb'", f"'{sample_warehouse}'", code))
            elif head == "CREATE":
                con.execute(code)
                name = re.match(r"CREATE\s+TABLE\s+(\w+)", code, flags=re.I).group(1)
                assert con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0] > 0, code
            else:
                rows = con.execute(code).fetchall()
                assert rows, f"no rows on the sample: {_comment(statement) or code[:80]}"
    finally:
        con.close()


def test_the_latest_month_query_is_about_the_latest_month(sample_warehouse):
    """The headline query says 'in the latest month': every row must be in that month."""
    (statement,) = [s for b in BLOCKS for s in _statements(b) if "latest month" in _comment(s)]
    con = _connect(sample_warehouse, statement)
    try:
        rows = con.execute(_code(statement)).fetchall()
        latest = con.execute("SELECT max(published_date) FROM articles").fetchall()[0][0]
    finally:
        con.close()
    assert rows and all((d.year, d.month) == (latest.year, latest.month) for d, *_ in rows)


def test_the_sample_shows_sources_and_a_located_quarantine(sample_warehouse):
    """Every sample article names its outlet; the broken file shows quarantine at work."""
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        missing = con.execute("SELECT count(*) FROM articles WHERE source IS NULL").fetchall()
        quarantined = con.execute(
            "SELECT stage, reason, line_no FROM quarantine WHERE message <> '' ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()
    assert missing == [(0,)]
    assert quarantined == [("parsed", "missing_body", 1), ("raw", "malformed_record", 2)]
