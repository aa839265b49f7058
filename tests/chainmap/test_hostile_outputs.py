"""Hostile firm names (tests/hostile.py) through every file output: CSV, XLSX, HTML, SVG."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chainmap.db import connect
from chainmap.geo.queries import query_map_layers
from chainmap.queries import query_firms
from chainmap.render.bundle import targets_table_html, write_presentation_bundle
from chainmap.render.diagram import chain_svg, query_chain_diagram
from chainmap.render.export import write_csv
from chainmap.render.html_map import offline_map_html
from chainmap.render.workbooks import write_targets_workbook
from chainmap.reports import run_report
from chainmap.text.sanitize import strip_controls
from chainmap.views.firm_table import firms_frame
from chainmap.views.present import targets_page_html
from chainmap_cli.main import cli
from tests.hostile import ALERT_NAMES, EVIDENCE, FORMULA_NAMES, IMG, LONG_NAME, SCRIPT

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SVG = "{http://www.w3.org/2000/svg}"
SVG_TAGS = {"svg", "title", "style", "defs", "marker", "path", "rect", "g", "text", "tspan"}


@pytest.fixture(scope="module")
def hcon(hostile_settings):
    with connect(hostile_settings.db_path) as connection:
        yield connection


def xlsx_cells(source) -> list:
    """Every cell of every sheet; fails on a cell stored as a formula."""
    cells = []
    for ws in load_workbook(source).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                cells.append(cell.value)
    return cells


def assert_neutral(cells: list, names=FORMULA_NAMES) -> None:
    texts = [c for c in cells if isinstance(c, str)]
    starts = [c for c in texts if c.startswith(FORMULA_START)]
    assert not starts
    for name in names:
        assert any(c.startswith("'" + name) for c in texts), name


def test_firm_csv_neutralises_formulas_and_keeps_markup_as_text(hcon, tmp_path):
    path = write_csv(firms_frame(query_firms(hcon, "rail")), tmp_path / "firms.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        cells = [c for row in list(csv.reader(f))[1:] for c in row]
    assert_neutral(cells)
    assert IMG in cells and SCRIPT in cells and LONG_NAME in cells


def test_cli_csv_and_xlsx_exports_neutralise_formulas(hostile_settings, tmp_path):
    runner = CliRunner()
    db = ["--db", str(hostile_settings.db_path)]
    for args in (["firms", "--chain", "rail", "--xlsx", str(tmp_path / "f.xlsx")],
                 ["report", "targets", "--chain", "rail", "--xlsx", str(tmp_path / "t.xlsx"),
                  "--csv", str(tmp_path / "t.csv")]):
        result = runner.invoke(cli, db + args)
        assert result.exit_code == 0, result.output
    firms = xlsx_cells(tmp_path / "f.xlsx")
    assert_neutral(firms)
    assert strip_controls(LONG_NAME).replace("\x1b", "") in firms  # controls dropped, rest kept
    assert IMG in firms
    assert_neutral(xlsx_cells(tmp_path / "t.xlsx"))
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as f:
        assert_neutral([c for row in list(csv.reader(f))[1:] for c in row])


def test_targets_workbook_neutralises_formulas(hcon):
    buffer = io.BytesIO()
    write_targets_workbook(hcon, "rail", "500000", buffer)
    assert_neutral(xlsx_cells(io.BytesIO(buffer.getvalue())))


def test_offline_map_shows_names_as_text_only(hcon):
    html = offline_map_html(query_map_layers(hcon, "rail"), "地图")
    for name in ALERT_NAMES:
        assert name not in html
    assert html.count("<script") == html.count("</script>")
    placed = html.split('id="placed-list"')[1].split("</ul>")[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in placed
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in placed
    assert "\x07" not in placed


def test_chain_svg_is_well_formed_and_holds_names_as_text(hcon):
    svg = chain_svg(query_chain_diagram(hcon, "rail", "500000"), "轨道交通 <b>x</b>")
    root = ET.fromstring(svg)  # a control character would make this (and the browser) fail
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= SVG_TAGS
    titles = " ".join(t.text or "" for t in root.iter(SVG + "title"))
    assert IMG in titles and SCRIPT in titles and "轨道交通 <b>x</b>" in titles


def test_target_tables_in_html_are_escaped(hcon):
    frame = run_report(hcon, "targets", "rail", "500000").frame
    for html in (targets_table_html(frame), targets_page_html(hcon, "rail", "500000", "<i>t")):
        assert "<b>粗</b>" not in html and "&lt;b&gt;粗&lt;/b&gt;" in html
        assert "<i>t" not in html


def test_firm_evidence_is_stored_verbatim(hcon):
    """The database keeps text as given; escaping happens where it is drawn."""
    evidence = hcon.execute("SELECT evidence FROM dim_firm WHERE firm_id = 'h_img'").fetchone()
    assert evidence == (EVIDENCE,)


def test_bundle_files_are_safe(hcon, chromium, tmp_path):
    out = write_presentation_bundle(hcon, "rail", "500000", tmp_path / "b.zip")
    with zipfile.ZipFile(out) as zf:
        assert_neutral(xlsx_cells(io.BytesIO(zf.read("targets.xlsx"))))
        ET.fromstring(zf.read("chain.svg"))
        html = zf.read("map.html").decode("utf-8")
    assert IMG not in html and SCRIPT not in html
