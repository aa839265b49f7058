"""Every import input is bounded before it costs (issue #22): the shapes an outside probe
found, imported through the CLI in a child process whose peak memory (its own rusage, from
``os.wait4``) and time are measured.

Before these bounds, a 30,000-character name took 2.2 GB and failed with a DuckDB
traceback, 200 columns ran out of memory, 10,000 took minutes, a FIFO or /dev/zero hung,
a folder gave a traceback and a 400 MB all-NUL file cost 2.6 GB before it was refused.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from chainmap.text.refusals import refusal_text
from etl.importers.limits import MAX_CELL_CHARS, MAX_NAME_CHARS
from etl.importers.registry import import_registry
from etl.importers.sheets import MAX_COLUMNS, PYTHON_MAX_MB, InputRefused
from etl.pipeline import build_database

MAX_RSS_MB = 1536  # any import of a file under the 500 MB upload limit
MAX_SECONDS = 60  # generous: the slowest shape here takes about 15 s on a shared machine
PROVINCE = "重庆市"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    rss_mb: float
    seconds: float


def _import(settings, path: Path) -> Run:
    """``chainmap import qcc PATH --json`` in a child process, killed after MAX_SECONDS;
    its own peak RSS from os.wait4 (not the max over every child, as RUSAGE_CHILDREN)."""
    env = {**os.environ, "CHAINMAP_DATA_DIR": str(settings.data_dir)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "chainmap_cli", "--db", str(settings.db_path), "import", "qcc",
             str(path), "--json"], stdout=out, stderr=err, env=env)
        timer = threading.Timer(MAX_SECONDS, child.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Run(child.returncode, out.read().decode(), err.read().decode(),
                   usage.ru_maxrss / 1024, seconds)


def _refused(run: Run, words: str) -> None:
    """Refused in bounded memory and time, with one clear line and no traceback."""
    assert run.seconds < MAX_SECONDS, f"not done after {run.seconds:.0f} s"
    assert run.rss_mb <= MAX_RSS_MB, f"peak RSS {run.rss_mb:.0f} MB"
    assert run.code == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: import failed, nothing changed: ") and words in last, last


def _accepted(run: Run) -> dict:
    assert run.seconds < MAX_SECONDS, f"not done after {run.seconds:.0f} s"
    assert run.rss_mb <= MAX_RSS_MB, f"peak RSS {run.rss_mb:.0f} MB"
    assert run.code == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    """The shipped data built once; every import here adds to it (or is refused)."""
    from chainmap.config import load_settings

    settings = load_settings(tmp_path_factory.mktemp("bounds") / "chainmap.duckdb")
    build_database(settings)
    return settings


@pytest.mark.parametrize("length", [10_000, 30_000, 100_000])
def test_a_long_name_goes_to_the_quarantine_in_bounded_memory(settings, tmp_path, length):
    path = tmp_path / f"name-{length}.csv"
    path.write_text(f"企业名称,所属省份\n{'机' * length},{PROVINCE}\n"
                    f"重庆长名测试{length}机械有限公司,{PROVINCE}\n", "utf-8")
    report = _accepted(_import(settings, path))
    assert (report["rows"], report["accepted"], report["quarantined"]) == (2, 1, 1)
    assert report["reasons"]["name_too_long"] == 1


def test_a_file_of_200_columns_imports(settings, tmp_path):
    """At the limit: DuckDB's planner ran out of memory on the old per-column SQL."""
    report = _accepted(_import(settings, _wide(tmp_path, MAX_COLUMNS)))
    assert report["rows"] == report["accepted"] == 200


@pytest.mark.parametrize("columns", [300, 1_000, 10_000])
def test_a_wide_file_is_refused_whole(settings, tmp_path, columns):
    _refused(_import(settings, _wide(tmp_path, columns)),
             f"{columns:,} columns, over the limit of {MAX_COLUMNS}")


def _wide(folder: Path, columns: int, rows: int = 200) -> Path:
    path = folder / f"wide-{columns}.csv"
    lines = [",".join(["企业名称", "所属省份", *(f"列{i}" for i in range(columns - 2))])]
    lines += [",".join([f"重庆宽表{columns}测试{r}机械有限公司", PROVINCE,
                        *(f"v{r}-{i}" for i in range(columns - 2))]) for r in range(rows)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_a_folder_is_refused(settings, tmp_path):
    folder = tmp_path / "export.csv"
    folder.mkdir()
    _refused(_import(settings, folder), "not a regular file (a folder)")


def test_a_fifo_is_refused_without_hanging(settings, tmp_path):
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    _refused(_import(settings, fifo), "not a regular file (a named pipe)")


def test_a_device_is_refused_without_hanging(settings):
    _refused(_import(settings, Path("/dev/zero")), "not a regular file (a device)")


def test_a_400_mb_file_of_nul_bytes_is_refused_before_it_is_read(settings, tmp_path):
    path = tmp_path / "nul.csv"
    path.touch()
    os.truncate(path, 400 * 1024 * 1024)  # sparse: costs no disk
    _refused(_import(settings, path), "its start is mostly NUL bytes")


def test_a_400_mb_file_of_rows_then_nul_bytes_is_refused(settings, tmp_path):
    """A megabyte of good rows, then NULs: neither reader reads it whole."""
    path = tmp_path / "rows-then-nul.csv"
    lines = ["企业名称,所属省份", *(f"重庆测试{i}机械有限公司,{PROVINCE}" for i in range(30_000))]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    os.truncate(path, 400 * 1024 * 1024)
    _refused(_import(settings, path), f"takes text files of up to {PYTHON_MAX_MB} MB")


def test_a_file_without_a_line_break_is_refused(settings, tmp_path):
    path = tmp_path / "one-line.csv"
    path.write_text("企业名称," + "x" * (2 * 1024 * 1024), "utf-8")
    _refused(_import(settings, path), "no line break in its first 1 MB")


# in-process, no database: the rules themselves

def test_a_wide_workbook_is_refused_whole(tmp_path, ref):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "所属省份", *(f"列{i}" for i in range(MAX_COLUMNS))])
    sheet.append(["重庆宽表机械有限公司", PROVINCE, *["x"] * MAX_COLUMNS])
    book.save(tmp_path / "wide.xlsx")
    with pytest.raises(InputRefused, match=f"has {MAX_COLUMNS + 2} columns"):
        import_registry(tmp_path / "wide.xlsx", ref)


def test_a_name_only_file_imports(tmp_path, ref):
    path = tmp_path / "names.csv"
    path.write_text("企业名称\n重庆只有名称机械有限公司\n重庆另一齿轮有限公司\n", "utf-8")
    staged = import_registry(path, ref)
    assert staged.rows == 2 and staged.info["columns_used"] == ["full_name"]
    firms = staged.tables["firms"]
    assert sorted(firms["full_name"]) == ["重庆另一齿轮有限公司", "重庆只有名称机械有限公司"]


def test_over_long_cells_are_quarantined_with_their_reasons(tmp_path, ref):
    path = tmp_path / "long.csv"
    at_limit = "重庆名称恰好" + "长" * (MAX_NAME_CHARS - 8) + "公司"
    lines = ["企业名称,简称,经营范围,所属省份,曾用名",
             f"重庆正常机械有限公司,,齿轮,{PROVINCE},",
             f"重庆经营范围过长有限公司,,{'齿轮' * (MAX_CELL_CHARS // 2 + 1)},{PROVINCE},",
             f"重庆简称过长有限公司,{'简' * (MAX_NAME_CHARS + 1)},,{PROVINCE},",
             f"重庆曾用名过长有限公司,,,{PROVINCE},重庆旧名有限公司；{'旧' * (MAX_NAME_CHARS + 1)}",
             f"{at_limit},,,{PROVINCE},"]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    staged = import_registry(path, ref)
    quarantine = staged.tables["quarantine"].set_index("row_no")
    assert staged.rows == 5 and len(at_limit) == MAX_NAME_CHARS
    assert quarantine.loc[3, "reasons"] == "cell_too_long"
    assert quarantine.loc[4, "reasons"] == "name_too_long"
    assert quarantine.loc[5, "reasons"] == "name_too_long"
    assert set(quarantine["status"]) == {"rejected"}
    assert 2 not in quarantine.index and 6 not in quarantine.index  # at the limit: a name
    assert "齿轮齿轮" in quarantine.loc[3, "raw"]  # kept whole, to be fixed


def test_refusals_speak_both_languages():
    refused = InputRefused("too_many_columns", name="x.csv", columns=300, limit=MAX_COLUMNS)
    assert str(refused) == refused.message("en")
    assert refused.message("zh").startswith("x.csv 有 300 列，超过 200 列的上限")
    assert refusal_text("not_a_file", {"name": "p", "what": "fifo"}, "zh").startswith(
        "p 不是普通文件（命名管道）")


def test_duckdb_out_of_memory_is_a_refusal_not_a_traceback(tmp_path, monkeypatch):
    import duckdb

    import etl.imports as imports
    from chainmap.config import load_settings

    def out_of_memory(*_args, **_kwargs):
        raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate")

    monkeypatch.setattr(imports, "stage_input", out_of_memory)
    path = tmp_path / "x.csv"
    path.write_text("企业名称\n重庆示例有限公司\n", "utf-8")
    with pytest.raises(InputRefused) as refused:
        imports.commit_import("qcc", path, load_settings(tmp_path / "db.duckdb"))
    assert refused.value.code == "out_of_memory"
    assert refused.value.message("zh").startswith("x.csv 导入时超出内存上限")
    assert "went over the memory limit" in str(refused.value)


def test_a_knowledge_graph_folder_holding_a_fifo_is_refused_and_a_file_is_not_a_folder(
        tmp_path):
    from etl.importers.limits import InputLimits, check_input_limits

    folder = tmp_path / "kg"
    folder.mkdir()
    (folder / "company.csv").write_text("name\n", "utf-8")
    check_input_limits([folder], InputLimits(), folders=True)  # a folder of files: fine
    os.mkfifo(folder / "product.csv")
    with pytest.raises(InputRefused, match=r"product\.csv is not a regular file \(a named pipe"):
        check_input_limits([folder], InputLimits(), folders=True)
    with pytest.raises(InputRefused, match=r"company\.csv is not a folder"):
        check_input_limits([folder / "company.csv"], InputLimits(), folders=True)


def test_a_tushare_row_with_an_over_long_name_is_quarantined(tmp_path, ref):
    from etl.importers.tushare import import_tushare

    path = tmp_path / "stock_basic.json"
    fields = ["ts_code", "symbol", "name", "area", "fullname", "list_status"]
    items = [["600031.SH", "600031", "三一重工", "北京", "三一重工股份有限公司", "L"],
             ["600032.SH", "600032", "长名", "重庆", "重庆" + "长" * MAX_NAME_CHARS, "L"]]
    path.write_text(json.dumps({"data": {"fields": fields, "items": items}}), "utf-8")
    staged = import_tushare(path, ref)
    quarantine = staged.tables["quarantine"].set_index("row_no")
    assert list(staged.tables["firms"]["stock_code"]) == ["600031.SH"]
    assert quarantine.loc[2, "reasons"] == "name_too_long"
