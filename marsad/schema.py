"""Polars schemas of the published tables, read from their DDL.

A table's columns are written once, in its `CREATE TABLE` file (`sql/<stage>/<table>.sql`).
Whatever builds the table's rows (a stage, or the core function that computes them) takes the
polars schema from here: the DDL is created in an in-memory DuckDB and each column's type is
mapped to the polars dtype the shards store, so a shard and the table it is loaded into cannot
drift apart.
"""

from __future__ import annotations

import threading

import duckdb
import polars as pl

from marsad import memory_db
from marsad.sql import sql

# DuckDB type -> the polars dtype a shard stores it as (lists and structs are mapped recursively)
DTYPES: dict[str, pl.DataType] = {
    "varchar": pl.String(),
    "integer": pl.Int32(),
    "bigint": pl.Int64(),
    "float": pl.Float32(),
    "double": pl.Float64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "timestamp": pl.Datetime("us"),
    "timestamp with time zone": pl.Datetime("us", "UTC"),
}


def polars_dtype(kind: duckdb.DuckDBPyType) -> pl.DataType:
    if kind.id == "list":
        return pl.List(polars_dtype(kind.child))
    if kind.id == "struct":
        return pl.Struct({name: polars_dtype(child) for name, child in kind.children})
    if kind.id not in DTYPES:
        raise ValueError(f"no polars dtype for the DuckDB type {kind} (add it to DTYPES)")
    return DTYPES[kind.id]


# Each DDL is created, read and dropped under this lock (the table names are the DDL's own).
_ddl_lock = threading.Lock()


def table_schema(ddl: str) -> dict[str, pl.DataType]:
    """Column name -> polars dtype of the table created by `sql/<ddl>.sql`, in DDL order."""
    with _ddl_lock:
        con = memory_db.cursor()
        try:
            con.execute(sql(ddl))
            ((table,),) = con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            relation = con.table(table)
            schema = {
                name: polars_dtype(kind)
                for name, kind in zip(relation.columns, relation.dtypes, strict=True)
            }
            con.execute(f"DROP TABLE {table}")  # the name of a table the DDL just created
            return schema
        finally:
            con.close()


RAW_SPAN = ("raw_start", "raw_end")


def display_schema(ddl: str) -> dict[str, pl.DataType]:
    """The table's schema without its raw-text span: the columns a core function computes from
    display text, before the stage maps spans back to the raw text and adds `RAW_SPAN`."""
    return {k: v for k, v in table_schema(ddl).items() if k not in RAW_SPAN}
