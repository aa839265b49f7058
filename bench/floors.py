"""The SYNTHETIC registry file the scale benchmark imports (bench/generate_registry.py,
cached) and DuckDB's floors for reading it: what bench/run.py and bench/minimal_import.py
measure an import against."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("CHAINMAP_BENCH_DIR", "/tmp/chainmap-bench"))

__all__ = ["CACHE", "measure_floor", "measure_floor_durable", "registry_file"]


def registry_file(size: int, cache: Path, seed: int | None = None) -> Path:
    """The cached SYNTHETIC registry of ``size`` rows (generated on first use; ``seed``:
    another draw than the generator's default)."""
    path = cache / (f"registry_{size}.csv" if seed is None else f"registry_{size}_s{seed}.csv")
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part.csv")
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate_registry.py"),
                        "--size", str(size), "--out", str(tmp),
                        *([] if seed is None else ["--seed", str(seed)])], check=True,
                       stdout=sys.stderr)
        tmp.replace(path)
    return path


def measure_floor(path: Path) -> float:
    """Seconds DuckDB needs to read the CSV into a table (best of two)."""
    import duckdb

    literal = "'" + str(path).replace("'", "''") + "'"
    best = float("inf")
    for _ in range(2):
        con = duckdb.connect()
        try:
            t0 = time.perf_counter()
            con.execute("CREATE TABLE t AS SELECT * FROM read_csv("  # noqa: S608
                        f"{literal}, all_varchar = true, skip = 1, header = true)")
            best = min(best, time.perf_counter() - t0)
        finally:
            con.close()
    return best


def measure_floor_durable(path: Path, folder: Path) -> float:
    """Seconds DuckDB needs to read the CSV into a table of a database *file*, checkpointed
    and closed (best of two): the floor of any import whose result must survive a crash."""
    import duckdb

    literal = "'" + str(path).replace("'", "''") + "'"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "floor.duckdb"
    best = float("inf")
    for _ in range(2):
        for stale in (target, target.with_name(target.name + ".wal")):
            stale.unlink(missing_ok=True)
        t0 = time.perf_counter()
        con = duckdb.connect(str(target))
        try:
            con.execute("CREATE TABLE t AS SELECT * FROM read_csv("  # noqa: S608
                        f"{literal}, all_varchar = true, skip = 1, header = true)")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        best = min(best, time.perf_counter() - t0)
    target.unlink(missing_ok=True)
    return best
