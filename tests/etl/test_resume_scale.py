"""The import store stays the source of truth at scale (issue #19): a 10,000-row registry and
then 1,000 more rows, each committed on top of the current database (``etl.resume``: only
the firms each batch touches are classified, settled, checked and aggregated again), give
exactly the database a full rebuild from the store gives, table by table and row by row.
The registries are SYNTHETIC (bench/generate_registry.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from etl.imports import commit_import
from etl.pipeline import build_database

from .test_resume import _resumed, _tables

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import generate_registry  # noqa: E402


def _registry(path: Path, size: int, seed: int) -> Path:
    generate_registry.write(generate_registry.generate(size, seed=seed), path, "utf-8")
    return path


def test_ten_thousand_rows_then_a_thousand_on_top_equal_a_rebuild(data_copy, tmp_path):
    build_database(data_copy)
    first = commit_import("qcc", _registry(tmp_path / "a.csv", 10_000, 7), data_copy,
                          covers=("500000", "510000"))
    assert first["accepted"] > 8_000
    second = commit_import("qcc", _registry(tmp_path / "b.csv", 1_000, 8), data_copy)
    assert second["accepted"] > 800
    assert _resumed(data_copy) == "2"  # both added to the database before them
    full = build_database(data_copy, target=tmp_path / "full.duckdb")
    resumed, rebuilt = _tables(data_copy.db_path), _tables(full)
    assert resumed.keys() == rebuilt.keys()
    differ = [name for name in resumed if resumed[name] != rebuilt[name]]
    assert differ == []
    assert len(resumed["dim_firm"]) > 9_000
