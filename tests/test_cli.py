import json

from click.testing import CliRunner
from openpyxl import load_workbook

from chainmap.cli import cli


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
