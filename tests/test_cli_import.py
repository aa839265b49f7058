import json

from click.testing import CliRunner

from chainmap.cli import cli
from etl.pipeline import build_database

from .etl.importers.conftest import write_csv


def _run(settings, *args):
    return CliRunner().invoke(cli, ["--db", str(settings.db_path), *args],
                              env={"CHAINMAP_DATA_DIR": str(settings.data_dir)})


def test_import_json_prints_the_report_and_firms_lists_the_new_firms(data_copy, tmp_path):
    build_database(data_copy)
    export = write_csv(tmp_path / "export.csv", "gbk")
    result = _run(data_copy, "import", "qcc", str(export), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"rows", "accepted", "merged", "quarantined", "warnings"} <= set(report)
    assert report["rows"] == report["accepted"] + report["quarantined"] == 6
    assert "reading" in result.stderr  # progress goes to stderr
    firms = json.loads(_run(data_copy, "firms", "--json").stdout)
    mine = {f["name"]: f for f in firms}["重庆示例齿轮箱有限责任公司"]
    assert (mine["adcode"], mine["precision"], mine["role"]) == ("500109", "district", "local")
    assert any(s["method"] == "imported_file" for s in mine["sources"])


def test_human_summary_and_second_import(data_copy, tmp_path):
    build_database(data_copy)
    export = write_csv(tmp_path / "export.csv", "utf-8-sig")
    first = _run(data_copy, "import", "qcc", str(export))
    assert first.exit_code == 0, first.output
    assert "quarantined 2" in first.stdout and "report saved to" in first.stdout
    again = _run(data_copy, "import", "qcc", str(export))
    assert again.exit_code == 0 and "already imported" in again.stdout


def test_import_errors_are_clear(data_copy, tmp_path):
    build_database(data_copy)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", "utf-8")
    result = _run(data_copy, "import", "qcc", str(bad))
    assert result.exit_code != 0 and "nothing changed" in result.output
    assert "no header row" in result.output
    missing = _run(data_copy, "import", "csv", str(bad))
    assert missing.exit_code != 0 and "--mapping" in missing.output
