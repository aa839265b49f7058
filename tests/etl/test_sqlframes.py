"""The import's and the build's DuckDB memory limit: a setting, checked."""

from __future__ import annotations

import pytest

from etl.sqlframes import WORK_MEMORY_MB, work_connection, work_memory_mb


def _limit_mb(con) -> float:
    value = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]  # '976.5 MiB'
    number, unit = value.split()
    return float(number) * {"MiB": 1.048576, "GiB": 1073.741824}[unit]


def test_the_default_and_the_setting(monkeypatch):
    monkeypatch.delenv("CHAINMAP_WORK_MEMORY_MB", raising=False)
    assert work_memory_mb() == WORK_MEMORY_MB
    monkeypatch.setenv("CHAINMAP_WORK_MEMORY_MB", " 1024 ")
    con = work_connection()
    try:
        assert work_memory_mb() == 1024 and round(_limit_mb(con)) == 1024
    finally:
        con.close()


@pytest.mark.parametrize("value", ["1GB", "-5", "100", "2.5"])
def test_a_bad_value_is_refused(monkeypatch, value):
    monkeypatch.setenv("CHAINMAP_WORK_MEMORY_MB", value)
    with pytest.raises(ValueError, match="CHAINMAP_WORK_MEMORY_MB"):
        work_connection()
