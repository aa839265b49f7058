"""bench/import_memory.py measures one import's peak memory in a child process, per DuckDB
memory limit, against the 1.5 GB bound (issue #22)."""

from __future__ import annotations

import json

from bench.import_memory import BOUND_MB, main


def test_the_import_memory_bench_reports_each_limit(capsys):
    assert main(["--size", "300", "--memory", "default", "512", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert [r["memory_mb"] for r in results] == ["default", "512"]
    for r in results:
        assert r["exit"] == 0 and r["file"] == "registry.csv" and r["file_mb"] > 0
        assert 50 < r["peak_rss_mb"] <= BOUND_MB and r["within_bound"]
