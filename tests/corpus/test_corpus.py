"""Every corpus case through the real `chainmap import` against a scratch database.

A refused input must give a clear message (exit 1, no traceback) and leave the database
byte-identical with no import folder added; an accepted one must hold its case's checks.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from chainmap.config import PACKAGE_ROOT, load_settings
from chainmap.db import connect
from chainmap_cli.main import cli
from etl.import_store import store_dir
from etl.pipeline import build_database
from tests.corpus.cases import CASES, Case, Outcome


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """data/ copied and built once; each case imports into its own copy of the database."""
    root = tmp_path_factory.mktemp("corpus-base")
    shutil.copytree(PACKAGE_ROOT / "data", root / "data",
                    ignore=shutil.ignore_patterns("*.duckdb*", "*.secret", "*.users.json*"))
    settings = replace(load_settings(root / "base.duckdb"), data_dir=root / "data")
    build_database(settings)
    return settings


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def _invoke(settings, args: list[str], env: dict):
    return CliRunner().invoke(cli, ["--db", str(settings.db_path), *args],
                              env={"CHAINMAP_DATA_DIR": str(settings.data_dir)} | env)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_case(case: Case, base, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    db = tmp_path / "db" / "chainmap.duckdb"
    db.parent.mkdir()
    shutil.copyfile(base.db_path, db)
    settings = base.with_db(db)
    path = case.make(inputs)
    args = ["import", case.kind, str(path), "--json"]
    if case.mapping is not None:
        args += ["--mapping", str(case.mapping(inputs))]
    before, folder_before = _digest(db), _listing(db.parent)
    result = _invoke(settings, args, case.env)
    # never a traceback: success, or click's own error exit with a message
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.output
    if case.expect == "error":
        assert result.exit_code == 1, result.output
        assert "import failed, nothing changed" in result.output
        assert case.message in result.output, result.output
        assert "Traceback" not in result.output
        assert _digest(db) == before
        assert _listing(db.parent) == folder_before  # no import folder, no temp file
        return
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"] == report["accepted"] + report["quarantined"]
    assert (store_dir(db) / report["batch"] / "manifest.json").exists()
    if case.expect == "quarantined":
        with connect(db) as con:
            found = {code for (reasons,) in con.execute(
                "SELECT reasons FROM import_quarantine WHERE batch_id = ?",
                [report["batch"]]).fetchall() for code in reasons.split(";")}
        assert set(case.reasons) <= found, found
    if case.check is not None:
        def export(fmt: str, out: Path) -> Path:
            done = _invoke(settings, ["firms", f"--{fmt}", str(out)], {})
            assert done.exit_code == 0, done.output
            return out
        case.check(Outcome(settings, report, export, tmp_path))


def test_the_corpus_covers_every_outcome_and_the_issue_list():
    ids = {c.id for c in CASES}
    assert {c.expect for c in CASES} == {"error", "quarantined", "accepted"}
    assert {"utf8", "utf8-bom", "gbk", "gb18030", "mixed-encodings", "utf16", "empty-file",
            "header-only", "title-rows-only", "duplicate-headers", "missing-name-column",
            "truncated-xlsx", "random-bytes-xlsx", "zip-bomb-xlsx", "csv-200mb-over-limit",
            "formula-injection", "html-script-names", "10000-character-name", "emoji",
            "control-characters", "sql-looking-names", "invalid-credit-codes",
            "mapping-with-paths", "links-unknown-firms"} <= ids


def test_the_zip_bomb_is_a_real_workbook(tmp_path):
    """A small bomb from the same maker inflates to its declared size with a good CRC and
    opens in openpyxl: the large one is refused for its size, not for being malformed."""
    import zipfile

    from openpyxl import load_workbook

    from tests.corpus.build import make_zip_bomb

    path = make_zip_bomb(12, "small-bomb.xlsx")(tmp_path)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 12 * 2**20 and info.file_size / info.compress_size > 500
        with archive.open(info) as member:  # reads to the end: the CRC is checked
            assert sum(len(block) for block in iter(lambda: member.read(1 << 22), b"")) \
                == info.file_size
    book = load_workbook(path, read_only=True)
    assert list(book.active.iter_rows(values_only=True)) == []
    book.close()
