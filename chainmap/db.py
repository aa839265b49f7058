"""The read-only connection to the built database."""

from __future__ import annotations

from pathlib import Path

import duckdb

__all__ = ["DatabaseMissingError", "connect"]


class DatabaseMissingError(FileNotFoundError):
    """No database at the configured path; run `chainmap build` first."""


def connect(db_path: str | Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    path = Path(db_path)
    if read_only and not path.exists():
        raise DatabaseMissingError(f"no database at {path}; run `chainmap build` first")
    return duckdb.connect(str(path), read_only=read_only)
