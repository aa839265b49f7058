import json

from click.testing import CliRunner
from openpyxl import load_workbook

from chainmap_cli.main import cli


def _run(settings, *args):
    result = CliRunner().invoke(cli, ["--db", str(settings.db_path), *args])
    return result


def test_info_json(built_settings):
    result = _run(built_settings, "info", "--json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["regions"]["cq_districts"] == 38 and info["regions"]["sc_cities"] == 21
    assert {c["id"] for c in info["chains"]} >= {"rail", "robot", "engine", "clean_energy"}
    assert info["clusters"] >= 7


def test_firms_json_has_the_contract_keys(built_settings):
    result = _run(built_settings, "firms", "--json")
    assert result.exit_code == 0, result.output
    firms = json.loads(result.output)
    assert len(firms) >= 55
    for firm in firms:
        assert {"name", "adcode", "precision", "chains", "role", "sources"} <= set(firm)
        assert firm["sources"]
    changke = next(f for f in firms if f["name"] == "重庆长客")
    assert changke["adcode"] == "500105" and changke["precision"] == "district"
    assert "rail" in changke["chains"]


def test_firms_by_chain_and_exports(built_settings, tmp_path):
    xlsx, csv_path = tmp_path / "rail.xlsx", tmp_path / "rail.csv"
    result = _run(built_settings, "firms", "--chain", "rail", "--xlsx", str(xlsx),
                  "--csv", str(csv_path))
    assert result.exit_code == 0, result.output
    ws = load_workbook(xlsx).active
    assert ws["B1"].value == "名称"
    names = {ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)}
    assert "重庆长客" in names and "宗申动力" not in names
    assert "重庆长客" in csv_path.read_text("utf-8-sig")


def test_unknown_chain_is_a_clear_error(built_settings):
    result = _run(built_settings, "firms", "--chain", "nope")
    assert result.exit_code != 0 and "unknown chain" in result.output


def test_missing_database_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.duckdb"), "info"])
    assert result.exit_code != 0 and "chainmap build" in result.output


def test_build_command(data_copy):
    result = CliRunner().invoke(cli, ["--db", str(data_copy.db_path), "build"],
                                env={"CHAINMAP_DATA_DIR": str(data_copy.data_dir)})
    assert result.exit_code == 0, result.output
    assert "38 Chongqing districts" in result.output and data_copy.db_path.exists()


def test_firms_list_each_chain_once_in_every_output(tmp_path):
    """Firm A is on chain toy by two sources: once in the JSON, the CSV, the workbook and
    the text listing (tests/chainmap/twice_sourced.py)."""
    import csv

    from tests.chainmap.twice_sourced import write_twice_sourced

    db = write_twice_sourced(tmp_path / "twice.duckdb")
    xlsx, csv_path = tmp_path / "firms.xlsx", tmp_path / "firms.csv"
    result = CliRunner().invoke(cli, ["--db", str(db), "firms", "--json", "--xlsx", str(xlsx),
                                      "--csv", str(csv_path)])
    assert result.exit_code == 0, result.output
    firm = {f["firm_id"]: f for f in json.loads(result.stdout)}["A"]
    assert firm["chains"] == ["aero", "toy"] and firm["nodes"] == ["toy.body"]
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        row = {r["firm_id"]: r for r in csv.DictReader(handle)}["A"]
    assert (row["chains"], row["nodes"]) == ("aero; toy", "toy.body")
    ws = load_workbook(xlsx).active
    heads = [c.value for c in ws[1]]
    cells = {r[0]: dict(zip(heads, r, strict=True)) for r in ws.iter_rows(min_row=2,
                                                                             values_only=True)}
    assert (cells["A"]["产业链"], cells["A"]["链条环节"]) == ("aero; toy", "toy.body")
    text = CliRunner().invoke(cli, ["--db", str(db), "firms", "--chain", "toy"])
    assert text.exit_code == 0, text.output
    rows = [[c.strip() for c in x.split("│")] for x in text.stdout.splitlines() if "│" in x]
    chains = rows[0].index("产业链")  # the header row: the app's words
    assert next(r for r in rows if "甲整机" in r)[chains] == "aero、toy"


def test_serve_is_gunicorn_and_the_debug_server_only_on_request(built_settings):
    """`chainmap serve` answers through gunicorn, with no development-server warning."""
    import os
    import subprocess
    import sys
    import tempfile
    import urllib.request

    from tests.serving import free_port, stop_process, wait_until_up

    port = free_port()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "chainmap_cli", "--db", str(built_settings.db_path), "serve",
             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONUNBUFFERED": "1"}, start_new_session=True)
        try:
            wait_until_up(f"http://127.0.0.1:{port}", proc, log)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/targets?chain=rail") as r:
                assert r.status == 200
        finally:
            stop_process(proc)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    assert "Booting worker" in output and f"127.0.0.1:{port}" in output, output
    assert "development server" not in output and "Traceback" not in output, output
    assert "SIGABRT" not in output and "terminate called" not in output, output
    refused = CliRunner().invoke(cli, ["--db", str(built_settings.db_path), "serve", "--debug",
                                       "--host", "0.0.0.0"])
    assert refused.exit_code != 0 and "only on loopback" in refused.output
