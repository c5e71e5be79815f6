"""One in-memory DuckDB per process for the small jobs that need a database and no file: reading
a table's DDL (`marsad.schema`), running a check file over shards (`assets.checks`).

A connection of their own cost each job ~19 ms (a database and its threads started, then
stopped), and a run does dozens; a cursor on the shared database costs ~0.3 ms and runs beside
the others (checks run on threads). The database is closed before the process forks (the
worker server forks the stage workers): its threads do not follow a fork, and a child that used
or closed the copy it inherited crashed. The next cursor, in parent or child, opens a new one.
"""

from __future__ import annotations

import os
import threading

import duckdb

_database: list[duckdb.DuckDBPyConnection] = []
_lock = threading.Lock()


def cursor() -> duckdb.DuckDBPyConnection:
    """A new connection to this process's in-memory database (close it when done)."""
    with _lock:
        if not _database:
            _database.append(duckdb.connect(":memory:"))
        return _database[0].cursor()


def _close() -> None:
    with _lock:
        while _database:
            _database.pop().close()


def _fresh_lock() -> None:
    global _lock
    _lock = threading.Lock()


os.register_at_fork(before=_close, after_in_child=_fresh_lock)
