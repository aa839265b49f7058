"""The tables `chainmap report`, `firms`, `info` and `import …` print for people
(chainmap_cli/tables.py): the app's headers, no index, CJK columns in line, empty reports
say why, piped output plain."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from chainmap.reports import REPORTS, ReportOptions, run_report
from chainmap.text.ui import TEXT
from chainmap_cli.main import cli
from chainmap_cli.tables import (
    APP_TEXT,
    EMPTY_REASONS,
    REPORT_COLUMNS,
    empty_reason,
    report_table,
    table_text,
)

GAPS_HEADERS = ("status", "node", "tier", "local_firms", "marginal_firms", "outside_candidates")


def _run(settings, *args) -> str:
    result = CliRunner().invoke(cli, ["--db", str(settings.db_path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in "┌│├└"]


def _bars(line: str) -> list[int]:
    """The display columns (a CJK character is two) of the line's column separators."""
    return [cell_len(line[:i]) for i, ch in enumerate(line) if ch in "│┼┬┴┌┐├┤└┘"]


def _assert_in_line(text: str, width: int | None = None) -> list[str]:
    lines = _table_lines(text)
    assert len(lines) >= 5, text
    first = _bars(lines[0])
    assert len(first) >= 3
    for line in lines:
        assert _bars(line) == first, f"out of line:\n{lines[0]}\n{line}"
        if width is not None:
            assert cell_len(line) <= width
    return lines


def test_the_cli_headers_are_the_apps_words():
    """One wording: the CLI's headers are the words the pages show (chainmap/text/shared.py,
    which chainmap/text/ui.py TEXT takes in)."""
    for key, words in APP_TEXT.items():
        assert TEXT[key] == words, key


def test_a_reports_chinese_headers_are_its_excel_headers_where_the_app_has_none(con):
    """One word per column whatever the output: the Excel sheet's (Report.headers) where the
    app shows no such column, the app's where it does."""
    for kind in REPORTS:
        report = run_report(con, kind, "rail", "500000", ReportOptions(km=80))
        for column, words, _get in REPORT_COLUMNS[kind]:
            if not isinstance(words, str) and column in report.headers:
                assert words[0] == report.headers[column], (kind, column)


def test_a_report_with_cjk_names_prints_its_columns_in_line(built_settings):
    text = _run(built_settings, "report", "gaps", "--chain", "rail")
    assert text.splitlines()[0].startswith("数据覆盖 · 重庆市：")  # the coverage line first
    lines = _assert_in_line(text)
    head = [c.strip() for c in lines[1].split("│")[1:-1]]
    # the /targets page's headers, in its order; no index column before them
    assert head[:6] == [TEXT[k][0] for k in GAPS_HEADERS]
    body = [[c.strip() for c in line.split("│")[1:-1]] for line in lines[3:-1]]
    assert any(row[1] == "信号系统（列控/联锁）" and row[0] == "缺失" for row in body)
    assert "\x1b" not in text and "Empty DataFrame" not in text and "node_id" not in text
    english = _table_lines(_run(built_settings, "report", "gaps", "--chain", "rail",
                                "--lang", "en"))
    assert [c.strip() for c in english[1].split("│")[1:7]] == [TEXT[k][1] for k in GAPS_HEADERS]


@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_every_report_is_in_line_piped_and_in_a_narrow_terminal(con, kind):
    """Piped: each column as wide as it needs; in an 80-column window long cells fold, and
    the separators still line up."""
    region = "chengyu" if kind == "complement" else "500000"
    table = report_table(run_report(con, kind, "rail", region, ReportOptions(km=80)))
    if table is None:
        pytest.skip(f"{kind} has no row on the shipped data")
    _assert_in_line(table_text(table))
    _assert_in_line(table_text(table, width=80), width=80)


def test_an_empty_report_says_why_in_one_line(built_settings):
    empty = []
    for region in ("500154", "500238", "510400", "500101", "510300"):
        rows = json.loads(_run(built_settings, "report", "leaders", "--chain", "rail",
                               "--region", region, "--json"))
        if not rows:
            empty.append(region)
    assert empty, "no region without a rail firm left to test with"
    text = _run(built_settings, "report", "leaders", "--chain", "rail", "--region", empty[0])
    lines = text.splitlines()
    assert lines[1:] == ["该区域没有此链的已知企业，因此没有链主。"]
    assert lines[0].startswith("数据覆盖 · ")
    english = _run(built_settings, "report", "leaders", "--chain", "rail", "--region",
                   empty[0], "--lang", "en").splitlines()
    assert english[1:] == [EMPTY_REASONS["leaders"][1]]
    assert english[0].startswith("Data coverage · ")


def test_no_targets_says_whether_a_gap_lacks_candidates_or_there_is_no_gap():
    assert empty_reason("targets", gaps=0) == "没有需要补链的环节，因此暂无招商目标。"
    assert empty_reason("targets", gaps=3) == TEXT["no_targets"][0]  # the app's words
    assert empty_reason("targets", "en", gaps=3) == TEXT["no_targets"][1]
    assert set(EMPTY_REASONS) >= set(REPORTS) - {"targets"}


def test_firms_and_info_are_tables_in_line(built_settings):
    firms = _run(built_settings, "firms", "--chain", "rail")
    lines = _assert_in_line(firms)
    head = [c.strip() for c in lines[1].split("│")[1:-1]]
    assert head == ["名称", "角色", "所在地", "定位精度", "产业链", "标签"]
    changke = next(line for line in lines if "│ 重庆长客 " in line)
    assert "本地企业" in changke and "江北区" in changke and "区县" in changke
    info = _run(built_settings, "info")
    assert _assert_in_line(info)[1].split("│")[2].strip() == "产业链"
    assert "│ rail " in info


def test_long_commands_show_their_steps_plain_when_piped_and_as_a_bar_on_a_terminal(capsys):
    import io

    from rich.console import Console

    from chainmap_cli.steps import steps

    with steps("building x.duckdb") as step:  # pytest's stderr is not a terminal
        step("replaying import 1 of 2")
    assert capsys.readouterr().err == "… replaying import 1 of 2\n"
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    with steps("building x.duckdb", terminal) as step:
        step("replaying import 1 of 2")
    shown = screen.getvalue()
    assert "… replaying import 1 of 2" in shown  # the step, above the bar
    assert "building x.duckdb" in shown and "0:00:0" in shown  # the bar: title, time so far
    assert "\x1b[" in shown  # drawn and redrawn in place


def test_a_long_listing_is_drawn_in_pieces_that_line_up(capsys):
    """Over LONG rows (a million firms) the table is drawn row by row, not by rich: the same
    box, one header, every separator in the same column as in rich's table."""
    from chainmap_cli.tables import LONG, print_records, records_table

    rows = [{"name": "重庆" * (i % 7) + f"firm{i}", "n": i} for i in range(2 * LONG + 17)]
    print_records(rows, [("name", "col_name", None), ("n", ("数", "N"), None)], "zh")
    text = capsys.readouterr().out
    lines = _assert_in_line(text)
    assert len(lines) == len(rows) + 4  # top edge, header, its rule, rows, bottom edge
    assert text.count("名称") == 1 and lines[-1].startswith("└")
    assert lines[-2].split("│")[1].strip() == rows[-1]["name"]
    assert lines[-2].endswith(f" {rows[-1]['n']} │")  # numbers to the right
    columns = [("name", "col_name", None), ("n", ("数", "N"), None)]
    assert lines[:3] == _table_lines(table_text(records_table(rows, columns, "zh")))[:3]
