"""The chain diagram on /chain, in headless Chromium, for every chain of the shipped data in
Chongqing and 成渝, in both languages, at 1600×1000 and 1280×800: every box sits in the tier
panel its side panel names, no box text is cut ("…") or runs out of its box, edges stay in
the tier panels, the legend defines every status with its thresholds and says what marginal
evidence is; a click selects a node (URL, panel, outline), hovering shows a plain tooltip."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from chainmap.db import connect
from tests.browser.chromium import wait

pytestmark = pytest.mark.browser

SIZES = [(1600, 1000), (1280, 800)]
REGIONS = ["500000", "chengyu"]
TIERS = {"zh": {"上游": "上游", "中游": "中游", "下游": "下游"},
         "en": {"上游": "Upstream", "中游": "Midstream", "下游": "Downstream"}}

# what the drawing shows, read from the page: per box the tier panel it lies in (by its
# rectangle on screen), its texts and whether one runs past the box; per edge whether it
# leaves the band of the tier panels; the legend's texts
PROBE = """
const svg = document.querySelector('#chain-graph svg');
if (!svg) { return null; }
const panels = Array.from(svg.querySelectorAll('rect.tier')).map(r => {
  const b = r.getBoundingClientRect();
  return {tier: r.getAttribute('data-tier'), left: b.left, right: b.right, top: b.top,
          bottom: b.bottom};
});
const labels = Array.from(svg.querySelectorAll('text.tier-label')).map(t => {
  const b = t.getBoundingClientRect();
  return {text: t.firstChild.textContent.trim(), x: (b.left + b.right) / 2};
});
const nodes = Array.from(svg.querySelectorAll('g.node')).map(g => {
  const box = g.querySelector('rect').getBoundingClientRect();
  const inside = panels.filter(p => box.left >= p.left && box.right <= p.right
                                    && box.top >= p.top && box.bottom <= p.bottom);
  const texts = Array.from(g.querySelectorAll('text.name, text.firms'));
  const over = texts.filter(t => {
    const b = t.getBoundingClientRect();
    return b.left < box.left - 0.5 || b.right > box.right + 0.5;
  }).map(t => t.textContent);
  return {id: g.getAttribute('data-node'), tiers: inside.map(p => p.tier),
          texts: texts.map(t => t.textContent), over: over};
});
const top = Math.min(...panels.map(p => p.top)), bottom = Math.max(...panels.map(p => p.bottom));
const left = Math.min(...panels.map(p => p.left)), right = Math.max(...panels.map(p => p.right));
const strays = Array.from(svg.querySelectorAll('g.edges path')).filter(p => {
  const b = p.getBoundingClientRect();
  return b.top < top - 1 || b.bottom > bottom + 1 || b.left < left - 1 || b.right > right + 1;
}).map(p => p.getAttribute('data-edge'));
const legend = Array.from(svg.querySelectorAll('text')).map(t => t.textContent);
return {panels: panels, labels: labels, nodes: nodes, strays: strays, legend: legend};
"""


def _chains(built_settings) -> list[str]:
    with connect(built_settings.db_path) as con:
        return [r[0] for r in con.execute("SELECT chain_id FROM dim_chain ORDER BY 1").fetchall()]


def _tiers(built_settings, chain: str) -> dict[str, str]:
    with connect(built_settings.db_path) as con:
        return dict(con.execute("SELECT node_id, tier FROM dim_chain_node WHERE chain_id = ?",
                                [chain]).fetchall())


@pytest.fixture()
def sized(browser, request):
    width, height = request.param
    browser.set_window_size(width, height)
    yield browser
    browser.set_window_size(1440, 900)


def _drawn(browser, url: str) -> dict:
    browser.get(url)
    wait(browser, 30).until(lambda b: b.execute_script(PROBE))
    return browser.execute_script(PROBE)


# each box clicked in turn (a click event on its rectangle, as a mouse sends it); once the
# side panel shows that node, the tier it names
CLICK_ALL = """
const done = arguments[arguments.length - 1];
const ids = Array.from(document.querySelectorAll('#chain-graph g.node'))
  .map(g => g.getAttribute('data-node'));
const seen = {};
function next(i) {
  if (i === ids.length) { done(seen); return; }
  const id = ids[i];
  const box = document.querySelector('#chain-graph g.node[data-node="' + id + '"] > rect');
  box.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
  (function poll() {
    const title = document.getElementById('node-title');
    const g = document.querySelector('#chain-graph g.node.selected');
    if (title && title.getAttribute('data-node') === id && g
        && g.getAttribute('data-node') === id
        && new URLSearchParams(location.search).get('node') === id) {
      seen[id] = document.getElementById('node-tier').textContent;
      next(i + 1);
    } else { setTimeout(poll, 20); }
  })();
}
next(0);
"""


@pytest.mark.parametrize("sized", SIZES, indirect=True, ids=["1600", "1280"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_box_sits_in_its_tier_and_shows_its_whole_name(server, built_settings, sized,
                                                             lang):
    browser = sized
    for chain in _chains(built_settings):
        tiers = _tiers(built_settings, chain)
        for region in REGIONS:
            url = f"{server}/chain?chain={chain}&region={region}&lang={lang}"
            drawn = _drawn(browser, url)
            where = f"{chain} {region} {lang}"
            assert {n["id"] for n in drawn["nodes"]} == set(tiers), where
            for node in drawn["nodes"]:
                # in exactly one tier panel, the node's own
                assert node["tiers"] == [tiers[node["id"]]], (where, node)
                assert not [t for t in node["texts"] if "…" in t], (where, node)
                assert node["over"] == [], (where, node)
            # each panel's header names its tier and stands over it
            for panel, label in zip(drawn["panels"], drawn["labels"], strict=True):
                assert label["text"] == TIERS[lang][panel["tier"]], where
                assert panel["left"] < label["x"] < panel["right"], where
            assert drawn["strays"] == [], where  # no edge loops outside the panels
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_node_panel_names_the_tier_the_node_is_drawn_in(server, built_settings, browser,
                                                              lang):
    """Each box of every chain clicked in turn: its panel's tier is the tier panel it lies
    in (Chongqing in Chinese, 成渝 in English)."""
    region = "500000" if lang == "zh" else "chengyu"
    browser.set_script_timeout(120)
    for chain in _chains(built_settings):
        drawn = _drawn(browser, f"{server}/chain?chain={chain}&region={region}&lang={lang}")
        panels = browser.execute_async_script(CLICK_ALL)
        assert panels == {n["id"]: TIERS[lang][n["tiers"][0]] for n in drawn["nodes"]}, chain
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_legend_defines_every_status_and_marginal_evidence(server, browser, lang):
    legend = " ".join(_drawn(browser, f"{server}/chain?chain=rail&lang={lang}")["legend"])
    if lang == "zh":
        for words in ("缺失：无本地企业", "薄弱：≤1 家确认企业或仅边缘证据", "具备：2–4 家确认企业",
                      "优势：≥5 家确认企业", "未覆盖：已加载的数据未覆盖本地区此环节",
                      "边缘证据：置信度低于 0.5", "不计入确认企业数"):
            assert words in legend, words
    else:
        for words in ("Missing: no local producer", "Weak: ≤1 confirmed, or marginal evidence",
                      "Present: 2–4 confirmed", "Strong: ≥5 confirmed", "No data: the loaded",
                      "Marginal evidence: a firm–node assignment with confidence below 0.5",
                      "not counted as confirmed"):
            assert words in legend, words


def test_click_selects_a_node_and_hover_shows_a_plain_tooltip(server, browser):
    browser.get(server + "/chain?chain=rail&region=500000")
    wait(browser, 30).until(lambda b: b.execute_script(PROBE))
    box = browser.find_element(By.CSS_SELECTOR, '#chain-graph g.node.status-present')
    name = box.get_attribute("data-node")
    ActionChains(browser).move_to_element(box).perform()
    tip = browser.find_element(By.CSS_SELECTOR, "#chain-graph .chain-tip")
    wait(browser, 10).until(lambda b: tip.is_displayed())
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "return [s.backgroundColor, s.color];", tip)
    assert style == ["rgb(255, 255, 255)", "rgb(26, 26, 26)"]  # no status colour behind it
    assert "具备" in tip.text
    ActionChains(browser).click(box).perform()
    wait(browser, 20).until(lambda b: f"node={name}" in b.current_url)
    wait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR,
                                                      "#node-panel #node-title"))
    selected = browser.execute_script(
        "const g = document.querySelector('#chain-graph g.node.selected');"
        "return [g.getAttribute('data-node'),"
        " getComputedStyle(g.querySelector('rect')).strokeWidth];")
    assert selected == [name, "4px"]
    # the language switch keeps the node
    browser.find_element(By.ID, "lang-toggle").click()
    wait(browser, 20).until(lambda b: "lang=en" in b.current_url)
    assert f"node={name}" in browser.current_url
    wait(browser, 20).until(lambda b: "Local firms" in b.find_element(By.ID, "node-panel").text)
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_a_wide_chain_scrolls_at_a_readable_size_or_fits_whole(server, browser):
    browser.set_window_size(1280, 800)
    try:
        browser.get(server + "/chain?chain=robot&lang=en")  # eight columns
        wait(browser, 30).until(lambda b: b.execute_script(PROBE))
        fit = browser.find_element(By.ID, "chain-fit")
        wait(browser, 10).until(lambda b: fit.is_displayed())
        overflow = ("const h = document.getElementById('chain-graph');"
                    "return h.scrollWidth - h.clientWidth;")
        assert browser.execute_script(overflow) > 100  # readable: the pane scrolls sideways
        fit.click()
        wait(browser, 10).until(lambda b: b.execute_script(overflow) <= 1)
        assert fit.get_attribute("aria-pressed") == "true"
        # a click on a box draws the page again: the whole chain stays in view
        box = browser.find_element(By.CSS_SELECTOR, '#chain-graph g.node[data-node="robot.body"]'
                                                    ' > rect')
        ActionChains(browser).click(box).perform()
        wait(browser, 20).until(lambda b: "node=robot.body" in b.current_url)
        wait(browser, 20).until(lambda b: b.find_elements(By.ID, "node-title"))
        assert browser.execute_script(overflow) <= 1
        browser.find_element(By.ID, "chain-fit").click()
        wait(browser, 10).until(lambda b: b.execute_script(overflow) > 100)
    finally:
        browser.execute_script("window.sessionStorage.clear();")
        browser.set_window_size(1440, 900)


def test_enter_on_a_focused_box_selects_it_and_back_returns(server, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/chain?chain=rail&node=rail.vehicle")
    wait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#chain-graph g.selected"))
    box = browser.find_element(By.CSS_SELECTOR, '#chain-graph g.node[data-node="rail.bogie"]')
    browser.execute_script("arguments[0].focus();", box)
    tip = browser.find_element(By.CSS_SELECTOR, "#chain-graph .chain-tip")
    assert tip.is_displayed() and "转向架" in tip.text  # focus shows the tooltip too
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait(browser, 20).until(lambda b: "node=rail.bogie" in b.current_url)
    wait(browser, 20).until(lambda b: b.find_element(By.ID, "node-title")
                            .get_attribute("data-node") == "rail.bogie")
    browser.back()
    wait(browser, 20).until(lambda b: "node=rail.vehicle" in b.current_url)
    wait(browser, 20).until(lambda b: b.find_element(By.ID, "node-title")
                            .get_attribute("data-node") == "rail.vehicle")
    selected = browser.find_element(By.CSS_SELECTOR, "#chain-graph g.selected")
    assert selected.get_attribute("data-node") == "rail.vehicle"
