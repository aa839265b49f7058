"""What bench/run.py measures for issue #19, at a tiny size: the import's seconds per step
(bench/import_steps.py), the small imports on top from the CLI and through the import page's
commit job (bench/on_top.py), and the comparison of two databases table by table
(bench/store_equal.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

import duckdb
import pytest

from bench.import_steps import STEPS, StepTimer, step_ratios
from bench.on_top import cli_import, page_import, resumed
from bench.store_equal import compare_databases, differing_tables
from chainmap.config import load_settings
from etl.imports import commit_import
from etl.pipeline import build_database

ROOT = Path(__file__).resolve().parent.parent


def _registry(folder: Path, size: int, seed: int | None = None) -> Path:
    out = folder / f"registry_{size}_{seed}.csv"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate_registry.py"), "--size",
                    str(size), "--out", str(out), *([] if seed is None else ["--seed", str(seed)])],
                   check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The shipped data built, then a 300-row registry imported with its steps timed."""
    folder = tmp_path_factory.mktemp("bench19")
    settings = load_settings(folder / "chainmap.duckdb")
    build_database(settings)
    timer = StepTimer()
    t0 = time.perf_counter()
    with timer.installed():
        commit_import("qcc", _registry(folder, 300), settings)
    total = time.perf_counter() - t0
    return settings, timer, total, folder


def test_the_step_timer_names_each_step_and_they_add_up_to_the_import(imported):
    _settings, timer, total, _folder = imported
    assert timer.missing == []  # every function named in STEPS is where the ETL looks it up
    steps = timer.steps_s(total)
    assert list(steps) == [*STEPS, "rest"]
    assert all(v >= 0 for v in steps.values()), steps
    for step in ("stage", "write_batch", "read_shipped", "load_shipped", "replay", "resolve",
                 "classify", "settle", "derive", "check"):
        assert steps[step] > 0, step
    assert abs(sum(steps.values()) - total) < 0.01  # (how much is "rest" depends on the load)
    # the originals are back after the import
    import etl.imports
    import etl.pipeline
    assert etl.imports.stage_input.__module__ == "etl.imports"
    assert not hasattr(etl.pipeline.load_import_store, "__wrapped__")


def test_nested_wrapped_calls_count_for_their_own_step_only(monkeypatch):
    fake = types.ModuleType("bench_fake_steps")

    def inner():
        time.sleep(0.05)

    def outer():
        time.sleep(0.02)
        fake.inner()  # looked up in the module, as the ETL's calls are

    fake.inner, fake.outer = inner, outer
    monkeypatch.setitem(sys.modules, "bench_fake_steps", fake)
    timer = StepTimer({"outer": ("bench_fake_steps.outer",), "inner": ("bench_fake_steps.inner",),
                       "gone": ("bench_fake_steps.renamed",)})
    with timer.installed():
        t0 = time.perf_counter()
        fake.outer()
        total = time.perf_counter() - t0
    assert fake.outer is outer and fake.inner is inner
    assert timer.missing == ["bench_fake_steps.renamed"]
    steps = timer.steps_s(total)
    assert steps["inner"] >= 0.045 and steps["outer"] >= 0.015
    # the outer step's own time leaves out the inner one's (bounds that hold however loaded
    # the machine is: a sleep only ever lasts longer)
    assert steps["outer"] <= total - steps["inner"] + 1e-6
    assert steps["gone"] == 0 and steps["rest"] >= 0


def test_step_ratios_set_ours_against_the_lower_bound():
    ours = {"stage": 2.0, "resolve": 1.0, "classify": 3.0, "write_batch": 0.5, "rest": 0.5}
    lower = {"read": 0.5, "clean": 0.3, "locate": 0.2, "classify": 1.0, "duplicates": 0.0,
             "write": 0.2, "write_nodes": 0.1, "checkpoint": 0.2}
    ratios = step_ratios(ours, lower)
    assert ratios["staging"]["ratio"] == 2.0
    assert ratios["classification"]["ratio"] == 3.0
    assert ratios["write"]["ours_s"] == 1.0 and ratios["write"]["ratio"] == 2.0
    assert ratios["resolution"]["ratio"] is None  # the lower bound's step took no time


def test_small_imports_on_top_from_the_cli_and_the_page_job(imported):
    settings, _timer, _total, folder = imported
    db = Path(settings.db_path)

    def batches() -> int:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute("SELECT count(*) FROM import_batch").fetchone()[0]
        finally:
            con.close()

    before = batches()
    cli = cli_import(db, _registry(folder, 300, seed=9))  # the real CLI, in a new process
    assert cli["exit"] == 0, cli["error"]
    assert cli["seconds"] > 0 and batches() == before + 1
    assert resumed(db) is not None
    job = page_import(settings, _registry(folder, 300, seed=10))
    assert job["state"] == "done" and not job["kept_preview"]
    assert job["seconds"] > 0 and batches() == before + 2


def test_store_equality_passes_on_equal_databases_and_finds_a_planted_difference(imported):
    settings, _timer, _total, folder = imported
    a, b = folder / "a.duckdb", folder / "b.duckdb"
    shutil.copyfile(settings.db_path, a)
    # the same store built again: only build_meta's built_at / replay_* rows may differ
    build_database(settings, target=b)
    assert differing_tables(a, b) == []
    con = duckdb.connect(str(b))
    try:
        con.execute("UPDATE dim_firm SET name = name || 'x' WHERE firm_id = "
                    "(SELECT min(firm_id) FROM dim_firm)")
        con.execute("INSERT INTO build_meta VALUES ('planted', 'y')")
        con.execute("CREATE TABLE extra (x INTEGER)")
    finally:
        con.close()
    diff = compare_databases(a, b)
    assert sorted(diff) == ["build_meta", "dim_firm", "extra"]
    assert diff["dim_firm"] == {"rows": [diff["dim_firm"]["rows"][0]] * 2, "only_in_a": 1,
                                "only_in_b": 1}
    assert diff["extra"] == {"missing_in": "a"}


def test_store_equality_counts_duplicates_and_columns(tmp_path):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    for path, rows in ((a, [(1, "x"), (1, "x"), (2, "y")]), (b, [(1, "x"), (2, "y"), (2, "y")])):
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE t (i INTEGER, s VARCHAR)")
        con.executemany("INSERT INTO t VALUES (?, ?)", rows)
        con.execute("CREATE TABLE u (i INTEGER)" if path == a else "CREATE TABLE u (j INTEGER)")
        con.execute("CREATE TABLE build_meta (key VARCHAR, value VARCHAR)")
        con.execute("INSERT INTO build_meta VALUES ('built_at', ?), ('schema', '1')", [str(path)])
        con.close()
    diff = compare_databases(a, b)
    assert sorted(diff) == ["t", "u"]  # build_meta differs only in built_at
    assert diff["t"] == {"rows": [3, 3], "only_in_a": 1, "only_in_b": 1}
    assert diff["u"] == {"columns": [["i"], ["j"]]}
