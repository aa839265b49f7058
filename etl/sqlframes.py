"""Set-based steps over DataFrames: SQL statements over named frames, frames back.

ETL steps are SQL text (portable, so the same text also runs inside the build's
DuckDB file). ``query_frames`` evaluates one statement and ``query_steps`` a
chain of them over in-memory frames, in a private in-memory DuckDB connection:
the step stays a pure function of its inputs, and tests run it on three-row
frames.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from etl.housekeeping import SPILL_PREFIX, remove_stale_spill

__all__ = ["WORK_MEMORY_MB", "query_frames", "query_steps", "work_connection", "work_memory_mb"]

# DuckDB's own memory limit for the ETL's working connections (imports, builds): large
# inputs spill to disk instead of growing the process (docs/performance.md).
WORK_MEMORY_MB = 768  # the default; CHAINMAP_WORK_MEMORY_MB sets it (work_memory_mb)
MIN_WORK_MEMORY_MB = 256


def work_memory_mb() -> int:
    """The import's and the build's DuckDB memory limit in MB: ``CHAINMAP_WORK_MEMORY_MB``
    (a smaller machine: less memory, more spilling to disk) or WORK_MEMORY_MB. A value that
    is not a whole number of at least MIN_WORK_MEMORY_MB is refused, not guessed."""
    value = os.environ.get("CHAINMAP_WORK_MEMORY_MB", "").strip()
    if not value:
        return WORK_MEMORY_MB
    if not value.isdigit() or int(value) < MIN_WORK_MEMORY_MB:
        raise ValueError(f"CHAINMAP_WORK_MEMORY_MB must be a whole number of MB, at least "
                         f"{MIN_WORK_MEMORY_MB}, not {value!r}")
    return int(value)


def work_connection(database: str = ":memory:", memory_mb: int | None = None,
                    ) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with a memory limit that spills to the system temp folder.

    Each connection gets its own spill folder, which DuckDB creates when it first spills
    and removes on close (its file names are fixed, so two processes must not share one).
    """
    temp = Path(tempfile.gettempdir())
    remove_stale_spill(temp)  # left by a killed process
    spill = temp / f"{SPILL_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}"
    return duckdb.connect(database, config={
        "memory_limit": f"{memory_mb or work_memory_mb()}MB", "temp_directory": str(spill)})


def query_frames(sql: str, frames: dict[str, pd.DataFrame], params: list | None = None,
                 ) -> pd.DataFrame:
    """The result of ``sql`` with each frame visible as a table of its key's name."""
    return query_steps(frames, [("result", sql)], ["result"], params)["result"]


def query_steps(frames: dict[str, pd.DataFrame], steps: Sequence[tuple[str, str]],
                outputs: Sequence[str], params: list | None = None) -> dict[str, pd.DataFrame]:
    """Run ``steps`` (name, SELECT …) in order, each a table the later ones can read."""
    con = duckdb.connect()
    try:
        for name, frame in frames.items():
            con.register(name, frame)
        for name, sql in steps:
            con.execute(f"CREATE TEMP TABLE {name} AS {sql}", params or [])
        return {name: con.execute(f"SELECT * FROM {name}").df() for name in outputs}  # noqa: S608
    finally:
        con.close()
