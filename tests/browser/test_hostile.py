"""Hostile firm names in a real browser: no dialog fires, no element is injected, the text
shows literally (the app's pages, the offline map file, the SVG diagram file)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from chainmap.db import connect
from chainmap.geo.queries import query_map_layers
from chainmap.render.diagram import chain_svg, query_chain_diagram
from chainmap.render.html_map import offline_map_html
from tests.hostile import EVIDENCE, HYPERLINK, IMG, SCRIPT

pytestmark = pytest.mark.browser

# Every dialog a script could open is recorded instead of shown.
TRAP = ("window.__dialogs = [];"
        "['alert', 'confirm', 'prompt'].forEach(function (k) {"
        " window[k] = function (m) { window.__dialogs.push(k + ':' + m); }; });")
PROBE = """return {
  dialogs: window.__dialogs === undefined ? null : window.__dialogs,
  injectedImages: document.querySelectorAll('img[src="x"]').length,
  alertScripts: Array.from(document.scripts).filter(s => s.text.trim() === 'alert(2)').length,
  boldFromNames: Array.from(document.querySelectorAll('b')).filter(
      b => b.textContent === '粗').length,
  text: (document.body || document.documentElement).textContent
};"""
PAGES = [  # path, an element that shows the data has been drawn, texts it must show literally
    ("/firms?chain=rail&role=local", "#firm-table td", (IMG, SCRIPT)),
    ("/firms?firm=h_img", "#firm-detail-name", (IMG, EVIDENCE)),
    ("/map?chain=rail", ".leader-marker", ("★ " + IMG, SCRIPT)),
    ("/chain?chain=rail&node=rail.vehicle", "#node-firms-local li", (IMG,)),
    ("/targets?chain=rail", "#target-list .target-card", (HYPERLINK,)),
    ("/present?chain=rail&step=targets", "#present-targets", (HYPERLINK,)),
]


@pytest.fixture()
def trapped(browser):
    handle = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
    yield browser
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                            {"identifier": handle["identifier"]})


def probe(browser) -> dict:
    result = browser.execute_script(PROBE)
    assert result["dialogs"] == []  # the trap ran, and nothing called it
    assert result["injectedImages"] == 0 and result["alertScripts"] == 0
    assert result["boldFromNames"] == 0
    return result


def _severe(browser):
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize(("path", "ready", "texts"), PAGES)
def test_app_pages_draw_hostile_names_as_text(hostile_server, trapped, path, ready, texts):
    _severe(trapped)  # drop what earlier pages logged
    trapped.get(hostile_server + path)
    WebDriverWait(trapped, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, ready)))
    WebDriverWait(trapped, 30).until(
        lambda b: all(t in b.execute_script(PROBE)["text"] for t in texts))
    probe(trapped)
    assert not _severe(trapped)


def test_present_mode_svg_renders_despite_control_characters(hostile_server, trapped):
    trapped.get(hostile_server + "/present?chain=rail&region=500116&step=chain")
    WebDriverWait(trapped, 30).until(lambda b: b.execute_script(
        "var i = document.getElementById('present-chain-svg');"
        "return i && i.complete && i.naturalWidth > 0;"))
    probe(trapped)


def test_offline_map_file_shows_names_literally(hostile_settings, trapped, tmp_path):
    with connect(hostile_settings.db_path) as con:
        html = offline_map_html(query_map_layers(con, "rail"), "地图 <i>x</i>")
    page = tmp_path / "map.html"
    page.write_text(html, "utf-8")
    trapped.get(page.as_uri())
    WebDriverWait(trapped, 30).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "path.leaflet-interactive")))
    panel = trapped.find_element(By.ID, "placed-list").text
    assert IMG in panel and SCRIPT in panel
    popups = trapped.execute_script(
        "var seen = [];"
        "Object.keys(window).filter(k => k.startsWith('circle_marker_')).forEach(function (k) {"
        " window[k].openPopup();"
        " document.querySelectorAll('.leaflet-popup-content').forEach("
        "  function (p) { seen.push(p.textContent); }); });"
        "return seen;")
    assert any(IMG in p for p in popups) and any(SCRIPT in p for p in popups)
    assert trapped.title == "地图 <i>x</i>"
    probe(trapped)


def test_svg_file_parses_and_holds_names_as_text(hostile_settings, trapped, tmp_path):
    with connect(hostile_settings.db_path) as con:
        svg = chain_svg(query_chain_diagram(con, "rail", "500000"), "图谱")
    path = tmp_path / "chain.svg"
    path.write_text(svg, "utf-8")
    trapped.get(path.as_uri())
    state = trapped.execute_script(
        "return {root: document.documentElement.tagName,"
        " errors: document.getElementsByTagName('parsererror').length,"
        " text: document.documentElement.textContent};")
    assert state == {"root": "svg", "errors": 0, "text": state["text"]}
    assert IMG in state["text"] and SCRIPT in state["text"]
    assert trapped.execute_script("return window.__dialogs;") == []
