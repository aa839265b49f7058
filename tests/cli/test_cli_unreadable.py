"""A damaged database ends a command with one line naming the file and the rebuild, exit 3."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from chainmap.config import PACKAGE_ROOT
from chainmap_cli.main import UNREADABLE_EXIT, cli
from tests.corrupt_db import DAMAGES, damaged_copy


@pytest.fixture(params=sorted(DAMAGES))
def damaged(request, built_settings, tmp_path):
    return damaged_copy(built_settings.db_path, tmp_path / "chainmap.duckdb", request.param)


def _one_line(result, db) -> str:
    assert result.exit_code == UNREADABLE_EXIT, (result.output, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"chainmap: database {db} is unreadable or corrupt (")
    assert lines[0].endswith(f"; rebuild it with: chainmap --db {db} build")
    return lines[0]


def test_info_says_the_database_is_unreadable(damaged):
    _one_line(CliRunner().invoke(cli, ["--db", str(damaged), "info"]), damaged)


@pytest.mark.parametrize("damage", ["half", "flipped_blocks"])
def test_an_export_says_it_too(built_settings, tmp_path, damage):
    db = damaged_copy(built_settings.db_path, tmp_path / "chainmap.duckdb", damage)
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "map", "--out", str(out)])
    _one_line(result, db)
    assert not out.exists()


def test_the_reasons_are_short(built_settings, tmp_path):
    reasons = {}
    for damage in ("half", "flipped_blocks", "empty", "not_duckdb"):
        db = damaged_copy(built_settings.db_path, tmp_path / f"{damage}.duckdb", damage)
        line = _one_line(CliRunner().invoke(cli, ["--db", str(db), "firms", "--json"]), db)
        reasons[damage] = line.split(" (", 1)[1].split(");", 1)[0]
    assert reasons["half"] == "truncated: the file ends before its last block"
    assert reasons["flipped_blocks"].startswith("checksum mismatch in the block at byte ")
    assert reasons["empty"] == "empty file, 0 bytes"
    assert reasons["not_duckdb"] == "not a DuckDB database file"


def test_kept_imports_are_named(built_settings, tmp_path):
    db = damaged_copy(built_settings.db_path, tmp_path / "chainmap.duckdb", "half")
    (tmp_path / "chainmap.duckdb.imports").mkdir()
    result = CliRunner().invoke(cli, ["--db", str(db), "report", "coverage", "--chain", "rail"])
    assert result.exit_code == UNREADABLE_EXIT
    assert result.stderr.strip().endswith(
        f"build; the imports kept in {db}.imports are replayed")


def test_the_command_prints_no_traceback(built_settings, tmp_path):
    db = damaged_copy(built_settings.db_path, tmp_path / "chainmap.duckdb", "flipped_blocks")
    done = subprocess.run([sys.executable, "-m", "chainmap_cli", "--db", str(db), "firms"],
                          capture_output=True, text=True, cwd=PACKAGE_ROOT, timeout=120,
                          check=False)
    assert done.returncode == UNREADABLE_EXIT and done.stdout == ""
    assert done.stderr.startswith(f"chainmap: database {db} is unreadable or corrupt")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr

