"""The per-process in-memory DuckDB (`marsad.memory_db`) survives the worker server's forks."""

from __future__ import annotations

import subprocess
import sys

# A process that has read a schema forks (as the worker server forks each stage worker); the
# child reads a schema and runs a query, then ends the ordinary way, finalisers and all.
FORKED_CHILD = """
import os, sys
from marsad import memory_db
from marsad.schema import table_schema
expected = table_schema("parsed/articles")
pid = os.fork()
if pid == 0:
    con = memory_db.cursor()
    ok = con.execute("SELECT 41 + 1").fetchall() == [(42,)]
    con.close()
    sys.exit(0 if ok and table_schema("parsed/articles") == expected else 2)
_, status = os.waitpid(pid, 0)
con = memory_db.cursor()
assert con.execute("SELECT 1").fetchall() == [(1,)]
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_a_forked_child_gets_a_database_of_its_own_and_both_processes_go_on():
    """A database copied across a fork crashed the child that used or closed it (SIGSEGV as it
    ended): the shared database is closed before each fork and each side opens its own."""
    done = subprocess.run([sys.executable, "-c", FORKED_CHILD], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
