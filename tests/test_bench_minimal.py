"""bench/minimal_import.py (the lower bound printed beside the import benchmark) imports a
small SYNTHETIC registry completely: every row kept, located by its columns, classified."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from bench.minimal_import import STEPS, minimal_import

ROOT = Path(__file__).resolve().parent.parent


def _registry(tmp_path: Path, size: int) -> Path:
    out = tmp_path / "registry.csv"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate_registry.py"), "--size",
                    str(size), "--out", str(out)], check=True, capture_output=True)
    return out


def test_minimal_import_keeps_every_row_and_writes_a_database(tmp_path):
    path = _registry(tmp_path, 400)
    data_rows = sum(1 for _ in path.open(encoding="utf-8")) - 2  # title line, header
    database = tmp_path / "minimal.duckdb"
    result = minimal_import(path, str(database))
    assert result["rows"] == data_rows
    assert 0 < result["located"] <= result["rows"]
    assert result["node_rows"] > 0
    assert list(result["steps_s"]) == [name for name, _ in STEPS]
    con = duckdb.connect(str(database), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM firm").fetchone()[0] == data_rows
        # located rows carry a real division code
        bad = con.execute("SELECT count(*) FROM firm WHERE adcode IS NOT NULL "
                          "AND NOT regexp_full_match(adcode, '[0-9]{6}')").fetchone()[0]
        assert bad == 0
    finally:
        con.close()


def test_minimal_import_in_memory_skips_the_checkpoint(tmp_path):
    result = minimal_import(_registry(tmp_path, 50))
    assert "checkpoint" not in result["steps_s"]
    assert result["rows"] > 0
