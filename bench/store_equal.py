"""Is the database the imports produced the one a full rebuild from the import store gives?
(issue #19: "the store stays the source of truth"; bench/run.py's ``store_rebuild_equal``.)

``compare_databases`` attaches both files read-only and compares every table of schema
``main`` of either, table by table: the same columns (by name), the same row count, and no
row of one missing from the other with ``EXCEPT ALL`` both ways (duplicates count). Only
``build_meta``'s rows whose key says when or how the file was built (``SKIPPED_META``) are
left out; nothing else is."""

from __future__ import annotations

from pathlib import Path

import duckdb

__all__ = ["SKIPPED_META", "compare_databases", "differing_tables"]

SKIPPED_META = ("built_at", "replay_resumed", "replay_batches")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(con: duckdb.DuckDBPyConnection, alias: str) -> dict[str, list[str]]:
    rows = con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                       "WHERE database_name = ? AND schema_name = 'main' "
                       "ORDER BY table_name, column_index", [alias]).fetchall()
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() "
                                       "WHERE database_name = ? AND schema_name = 'main'",
                                       [alias]).fetchall()}
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        if table not in views:
            tables.setdefault(table, []).append(column)
    return tables


def _select(alias: str, table: str, columns: list[str]) -> str:
    cols = ", ".join(_quote(c) for c in columns)
    where = ""
    if table == "build_meta":
        skipped = ", ".join(f"'{k}'" for k in SKIPPED_META)
        where = f" WHERE key NOT IN ({skipped})"
    return f"SELECT {cols} FROM {alias}.main.{_quote(table)}{where}"  # noqa: S608 (our names)


def compare_databases(a: Path, b: Path) -> dict[str, dict]:
    """Per differing table of ``a`` and ``b``: why (``missing_in``, ``columns`` or the row
    counts and the rows only in each); an empty dict when they are equal."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{str(a).replace(chr(39), chr(39) * 2)}' AS db_a (READ_ONLY)")
        con.execute(f"ATTACH '{str(b).replace(chr(39), chr(39) * 2)}' AS db_b (READ_ONLY)")
        left, right = _tables(con, "db_a"), _tables(con, "db_b")
        diff: dict[str, dict] = {}
        for table in sorted(set(left) | set(right)):
            if table not in left or table not in right:
                diff[table] = {"missing_in": "a" if table not in left else "b"}
                continue
            if sorted(left[table]) != sorted(right[table]):
                diff[table] = {"columns": [sorted(set(left[table]) - set(right[table])),
                                           sorted(set(right[table]) - set(left[table]))]}
                continue
            qa, qb = (_select(alias, table, left[table]) for alias in ("db_a", "db_b"))
            count_a = con.execute(f"SELECT count(*) FROM ({qa})").fetchone()[0]  # noqa: S608
            count_b = con.execute(f"SELECT count(*) FROM ({qb})").fetchone()[0]  # noqa: S608
            only_a = con.execute(f"SELECT count(*) FROM ({qa} EXCEPT ALL {qb})").fetchone()[0]  # noqa: S608
            only_b = con.execute(f"SELECT count(*) FROM ({qb} EXCEPT ALL {qa})").fetchone()[0]  # noqa: S608
            if count_a != count_b or only_a or only_b:
                diff[table] = {"rows": [count_a, count_b], "only_in_a": only_a,
                               "only_in_b": only_b}
        return diff
    finally:
        con.close()


def differing_tables(a: Path, b: Path) -> list[str]:
    """The names of the tables that differ (``compare_databases``); empty when equal."""
    return sorted(compare_databases(a, b))
