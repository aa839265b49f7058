import json

from click.testing import CliRunner

from chainmap_cli.main import cli
from etl.pipeline import build_database
from tests.etl.importers.conftest import write_csv


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


def test_quarantine_summary_and_export_that_can_be_fixed_and_imported_again(data_copy, tmp_path):
    import csv

    build_database(data_copy)
    export = write_csv(tmp_path / "export.csv", "utf-8-sig")
    assert _run(data_copy, "import", "qcc", str(export)).exit_code == 0
    summary = _run(data_copy, "import", "quarantine")
    assert summary.exit_code == 0, summary.output
    assert "inactive_status" in summary.stdout and "登记状态为注销/吊销/撤销" in summary.stdout
    out = tmp_path / "q.csv"
    written = _run(data_copy, "import", "quarantine", "--status", "rejected", "--out", str(out))
    assert written.exit_code == 0, written.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cancelled = {r["企业名称"]: r for r in rows}["重庆示例注销机械有限公司"]
    # the input's values under the registry's own column names, beside what happened and why
    assert cancelled["处理"] == "拒绝：未入库" and cancelled["原因代码"] == "inactive_status"
    assert (cancelled["登记状态"], cancelled["所属区县"], cancelled["注册资本"]) == (
        "注销", "江津区", "50万")
    assert all(r["处理"] == "拒绝：未入库" for r in rows)
    # corrected (the registration is live after all), the file imports as a registry export
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([cancelled | {"登记状态": "存续"}])
    again = _run(data_copy, "import", "qcc", str(out), "--json")
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert report["accepted"] == 1 and report["quarantined"] == 0
    english = _run(data_copy, "import", "quarantine", "--lang", "en", "--out",
                   str(tmp_path / "q.xlsx"))
    assert english.exit_code == 0, english.output
    from openpyxl import load_workbook
    header = [c.value for c in next(load_workbook(tmp_path / "q.xlsx").active.iter_rows())]
    assert header[:6] == ["batch", "file", "row", "outcome", "reasons", "reason codes"]
    assert _run(data_copy, "import", "quarantine", "--batch", "nope").exit_code != 0
    assert _run(data_copy, "import", "quarantine", "--out", str(tmp_path / "q.txt")).exit_code != 0


def test_review_list_becomes_firm_merges_lines_a_planner_decides_on(data_copy, tmp_path):
    import csv

    from chainmap.db import connect

    build_database(data_copy)
    path = tmp_path / "chongbian.csv"
    path.write_text("企业名称,所属省份,企业地址\n重庆重变电器示例有限公司,重庆市,"
                    "重庆市长寿区示例路\n", "utf-8")
    assert _run(data_copy, "import", "qcc", str(path)).exit_code == 0
    listed = _run(data_copy, "import", "review")
    ours = [line for line in listed.stdout.splitlines() if "重庆重变电器示例有限公司" in line]
    assert listed.exit_code == 0 and len(ours) == 1 and "chongbian" in ours[0]
    # the shipped registry's own doubts are listed too (its lists are replayed like imports)
    assert "shipped-listed" in listed.stdout
    out = tmp_path / "review.csv"
    assert _run(data_copy, "import", "review", "--out", str(out)).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    lines = [r for r in lines if r["name"] == "重庆重变电器示例有限公司"]
    assert [(r["firm_id"], r["action"]) for r in lines] == [("chongbian", "")]
    # the planner confirms it and appends the line to the overrides
    merges = data_copy.data_dir / "overrides" / "firm_merges.csv"
    with merges.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(lines[0])).writerow(
            lines[0] | {"action": "merge", "author": "规划处"})
    assert _run(data_copy, "build").exit_code == 0
    with connect(data_copy.db_path) as con:
        assert con.execute("SELECT firm_id, match_method FROM firm_source "
                           "WHERE batch_id NOT LIKE 'shipped-%'").fetchone() == (
            "chongbian", "override")
    assert "重庆重变电器示例有限公司" not in _run(data_copy, "import", "review").stdout


def test_an_english_quarantine_file_imports_again_as_it_is(data_copy, tmp_path):
    """No header of the file's own columns is one an importer reads (an English "status"
    was read as 登记状态), and a bare - (a blank in registry exports) stays -."""
    import csv

    build_database(data_copy)
    export = tmp_path / "dash.csv"
    export.write_text("企业名称,登记状态,注册资本,所属省份,所属城市,所属区县\n"
                      "重庆示例横杠机械有限公司,注销,-,重庆市,重庆市,江津区\n", "utf-8")
    assert _run(data_copy, "import", "qcc", str(export)).exit_code == 0
    out = tmp_path / "q.csv"
    result = _run(data_copy, "import", "quarantine", "--lang", "en", "--status", "rejected",
                  "--out", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["注册资本"] == "-" and rows[0]["outcome"] == "rejected: not loaded"
    again = _run(data_copy, "import", "qcc", str(out), "--json")
    report = json.loads(again.stdout)
    # still cancelled: 登记状态 was read, not the outcome column
    assert report["quarantined"] == 1 and report["reasons"] == {"inactive_status": 1}
    assert "outcome" in " ".join(report["file_warnings"])  # reported as not used


def _export_text(title: list[list[str]], title_end: str, data_end: str) -> str:
    """Registry rows (``ROWS``) under ``title`` rows, each part with its own line ending."""
    import csv
    import io

    from tests.etl.importers.conftest import HEADER, ROWS

    def lines(rows: list[list[str]], end: str) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=end).writerows(rows)
        return buffer.getvalue()

    return lines(title, title_end) + lines([HEADER, *ROWS], data_end)


def test_line_endings_and_title_rows_do_not_lose_rows(data_copy, tmp_path):
    """A title line ending in LF above CRLF rows (DuckDB read no rows: "no data rows"), a
    CR-only file, and a title row with commas and a quoted line break (DuckDB skipped the
    first data row) import every row, and the rejected ones keep their reasons."""
    from tests.etl.importers.conftest import SUMMARY, TITLE

    build_database(data_copy)
    files = {
        "mixed.csv": _export_text([TITLE, SUMMARY], "\n", "\r\n"),
        "cr-only.csv": _export_text([TITLE, SUMMARY], "\r", "\r"),
        "title-commas.csv": _export_text(
            [["企查查 企业搜索结果\n（示例数据, 非真实企业）", "导出时间：2024-05-01", "共 7 条"]],
            "\n", "\n"),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        result = _run(data_copy, "import", "qcc", str(path), "--json")
        assert result.exit_code == 0, (name, result.output)
        report = json.loads(result.stdout)
        # five firms, the cancelled one rejected; the footer line kept as not a data row
        assert report["rows"] == 6, (name, report)
        assert report["rows"] == report["accepted"] + report["quarantined"], name
        assert report["quarantined"] == 2, (name, report)
        assert report["reasons"]["inactive_status"] == 1, (name, report["reasons"])
        assert report["reasons"]["not_a_data_row"] == 1, (name, report["reasons"])


ZDT_NAME = "中电投远达环保(集团)股份有限公司"


def test_a_former_name_merges_into_the_plan_firm_it_names(data_copy, tmp_path):
    """The plan's 远达环保 is the listed 国家电投集团远达环保股份有限公司 (shipped registry);
    a row under another name whose 曾用名 is that name joins it (former_name), and keeps
    both names as the import's."""
    from chainmap.db import connect

    build_database(data_copy)
    path = tmp_path / "renamed.csv"
    path.write_text("企业名称,曾用名,所属省份,企业地址\n"
                    f"{ZDT_NAME},国家电投集团远达环保股份有限公司,重庆市,重庆市渝北区示例路1号\n",
                    "utf-8")
    result = _run(data_copy, "import", "qcc", str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["new_firms"], report["matched_existing"], report["review_count"]) == (0, 1, 0)
    with connect(data_copy.db_path) as con:
        assert con.execute("SELECT firm_id, match_method FROM firm_source "
                           "WHERE batch_id LIKE 'qcc-%'").fetchall() == [("yuanda", "former_name")]
        names = con.execute("SELECT full_name FROM firm_name WHERE firm_id = 'yuanda' AND "
                            "source_id LIKE 'import_qcc%' ORDER BY 1").fetchall()
        assert names == [(ZDT_NAME,), ("国家电投集团远达环保股份有限公司",)]
        assert con.execute("SELECT count(*) FROM dim_firm WHERE full_name = ?",
                           [ZDT_NAME]).fetchone()[0] == 0
    assert ZDT_NAME not in _run(data_copy, "import", "review").stdout


def test_without_its_former_name_the_renamed_firm_is_a_review_candidate(data_copy, tmp_path):
    build_database(data_copy)
    path = tmp_path / "renamed.csv"
    path.write_text("企业名称,所属省份,企业地址\n"
                    f"{ZDT_NAME},重庆市,重庆市渝北区示例路1号\n", "utf-8")
    result = _run(data_copy, "import", "qcc", str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["new_firms"], report["matched_existing"]) == (1, 0)
    assert [(r["full_name"], r["candidate_id"], r["reason"]) for r in report["review"]] == [
        (ZDT_NAME, "yuanda", "name contains a known short name (name history?)")]
    listed = _run(data_copy, "import", "review")
    assert listed.exit_code == 0
    line = next(x for x in listed.stdout.splitlines() if ZDT_NAME in x)
    assert "yuanda" in line and "name contains a known short name" in line
