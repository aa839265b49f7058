"""Which regions a registry import covers: declared with --covers (kept with the batch, so
every rebuild replays it) or inferred from where its firms are; and what reports say then."""

import json

import pytest
from click.testing import CliRunner

from chainmap.db import connect
from chainmap_cli.main import cli
from etl.import_store import list_batches, read_manifest, store_dir
from etl.imports import ImportInputError, check_covers, commit_import
from etl.pipeline import build_database

from .importers.conftest import valid_code, write_csv

JIANGJIN = "500116"


def _rows(n: int, district: str, tag: str) -> list[list[str]]:
    """n made-up gearbox makers in a Chongqing district, each with a valid credit code."""
    return [[f"重庆{tag}示例{i}号传动机械有限公司",
             valid_code(f"915001{tag}{i:04d}".ljust(17, "0")), "存续", "", "", "", "重庆市",
             "重庆市", district, f"重庆市{district}示例路{i}号", "齿轮及齿轮减、变速箱制造",
             "传动齿轮箱制造", "", ""] for i in range(n)]


@pytest.fixture()
def built(data_copy):
    build_database(data_copy)
    return data_copy


def _roots(settings) -> set[tuple]:
    with connect(settings.db_path) as con:
        return set(con.execute("SELECT DISTINCT batch_id, cover_id, basis "
                               "FROM agg_region_coverage").fetchall())


def test_declared_covers_are_kept_with_the_batch_and_replayed(built, tmp_path):
    export = write_csv(tmp_path / "yubei.csv", "utf-8", _rows(5, "渝北区", "12"))
    report = commit_import("qcc", export, built, covers=["500112", "500112"])
    assert report["covers"] == [{"region": "500112", "name": "渝北区", "basis": "declared"}]
    (batch,) = list_batches(store_dir(built.db_path))
    assert read_manifest(batch)["options"]["covers"] == ["500112"]
    assert _roots(built) == {(report["batch"], "500112", "declared")}
    build_database(built)  # a plain rebuild replays the declaration
    assert _roots(built) == {(report["batch"], "500112", "declared")}


def test_an_undeclared_registry_covers_where_90_percent_of_its_firms_are(built, tmp_path):
    export = write_csv(tmp_path / "jiangjin.csv", "utf-8",
                       _rows(25, "江津区", "16") + _rows(1, "北碚区", "09"))
    report = commit_import("qcc", export, built)
    assert report["covers"] == [{"region": JIANGJIN, "name": "江津区", "basis": "inferred"}]
    small = write_csv(tmp_path / "small.csv", "utf-8", _rows(5, "渝北区", "12"))
    assert commit_import("qcc", small, built)["covers"] == []  # under 20 firms: no claim


def test_covers_only_for_registries_and_only_known_adcodes(built, tmp_path):
    assert check_covers("qcc", [" 500116", ""], built.data_dir) == [JIANGJIN]
    assert check_covers("tushare", [], built.data_dir) == []
    with pytest.raises(ImportInputError, match="enterprise-registry"):
        check_covers("tushare", ["500000"], built.data_dir)
    with pytest.raises(ImportInputError, match="999999"):
        check_covers("csv", ["500000", "999999"], built.data_dir)
    export = write_csv(tmp_path / "yubei.csv", "utf-8", _rows(5, "渝北区", "12"))
    with pytest.raises(ImportInputError):
        commit_import("qcc", export, built, covers=["5001"])
    assert list_batches(store_dir(built.db_path)) == []  # nothing was imported


def _cli(settings, *args):
    result = CliRunner().invoke(cli, ["--db", str(settings.db_path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_cli_declares_covers_and_reports_call_empty_nodes_missing(built, tmp_path):
    export = write_csv(tmp_path / "jiangjin.csv", "utf-8", _rows(5, "江津区", "16"))
    out = _cli(built, "import", "qcc", str(export), "--covers", JIANGJIN)
    assert "lists every firm of 江津区 (500116, declared)" in out
    data = json.loads(_cli(built, "report", "coverage", "--chain", "rail", "--region",
                           JIANGJIN, "--json"))
    statuses = {r["status"] for r in data}  # rows, as always (the JSON contract)
    assert "unknown" not in statuses and "missing" in statuses
    assert {r["status_basis"] for r in data if r["status"] == "missing"} == {"registry"}
    # an object report carries the region's data coverage as a key
    supply = json.loads(_cli(built, "report", "supply", "--chain", "rail", "--region",
                             JIANGJIN, "--json"))
    registry = [s for s in supply["data_coverage"]["sources"] if s["exhaustive"]]
    assert [(s["scope"], s["firms"], s["covers"], s["basis"]) for s in registry] == [
        ("registry", 5, JIANGJIN, "declared")]
    # a region the registry does not cover keeps unknown nodes
    other = json.loads(_cli(built, "report", "coverage", "--chain", "rail", "--region",
                            "500112", "--json"))
    assert "unknown" in {r["status"] for r in other}
    other_supply = json.loads(_cli(built, "report", "supply", "--chain", "rail", "--region",
                                   "500112", "--json"))
    assert not other_supply["data_coverage"]["exhaustive"]
    line = _cli(built, "report", "gaps", "--chain", "rail", "--region", JIANGJIN).splitlines()[0]
    assert line.startswith("数据覆盖 · 江津区：") and "全量：声明覆盖江津区" in line
    # a listed-company list names some firms only: it has no --covers
    failed = CliRunner().invoke(cli, ["--db", str(built.db_path), "import", "tushare",
                                      str(export), "--covers", JIANGJIN])
    assert failed.exit_code != 0 and "No such option '--covers'" in failed.output
