"""/map as a planner sees it in headless Chromium (issue #17): no "nan" for any chain in either
language, a district panel that says how far and from where (and says unknown as unknown),
every district named with no two names overprinting, the 成渝 overlay fitted to Sichuan's
cities, and no black focus box on a clicked district."""

from __future__ import annotations

import re
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.browser.chromium import wait

NAN = re.compile(r"\b(nan|NaN|undefined)\b|None\s*(km|公里)")
CENTRAL = {"渝中", "江北", "沙坪坝", "九龙坡", "南岸", "大渡口", "巴南区", "北碚区", "渝北区"}

# the text boxes of every district name and every leader star's name, as drawn (a Range
# around the text, not the div icon around it)
LABEL_BOXES = """
const out = [];
const all = '#cluster-map .district-label, #cluster-map .leader-marker';
for (const el of document.querySelectorAll(all)) {
  const text = el.querySelector('.label-text') || el;
  const range = document.createRange(); range.selectNodeContents(text);
  const r = range.getBoundingClientRect();
  out.push({text: text.textContent, star: el.classList.contains('leader-marker'),
            l: r.left, t: r.top, r: r.right, b: r.bottom});
}
return out;
"""
DRAWN_EXTENT = """
const pane = document.querySelector('#cluster-map').getBoundingClientRect();
let l = 1e9, t = 1e9, r = -1e9, b = -1e9;
for (const p of document.querySelectorAll('#cluster-map path')) {
  const x = p.getBoundingClientRect();
  if (x.width === 0) continue;
  l = Math.min(l, x.left); t = Math.min(t, x.top);
  r = Math.max(r, x.right); b = Math.max(b, x.bottom);
}
return {pane: [pane.left, pane.top, pane.right, pane.bottom], drawn: [l, t, r, b]};
"""


@pytest.fixture(scope="module")
def chains(built_settings) -> list[str]:
    from chainmap.db import connect

    with connect(built_settings.db_path) as con:
        return [r[0] for r in con.execute("SELECT chain_id FROM dim_chain ORDER BY 1").fetchall()]


def _open(browser, server: str, query: str, size=(1600, 1000)) -> None:
    browser.set_window_size(*size)
    browser.get(f"{server}/map{query}")
    wait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#side-panel")
                            and b.find_elements(By.CSS_SELECTOR, "#cluster-map .district-label"))
    time.sleep(0.8)  # the map fits its bounds once it has its size


# the nearest point to a name where the district itself (not a firm circle, not a cluster
# outline) is what a click would hit, as an offset from the name's centre
CLICKABLE = """
const el = arguments[0], box = el.getBoundingClientRect();
const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
for (let r = 0; r < 60; r += 4) {
  for (let a = 0; a < 360; a += 30) {
    const x = cx + r * Math.cos(a * Math.PI / 180), y = cy + r * Math.sin(a * Math.PI / 180);
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.tagName.toLowerCase() === 'path' && hit.classList.contains('leaflet-interactive')
        && !hit.closest('.leaflet-firm-groups-pane')) return [x - cx, y - cy];
  }
}
return null;
"""


def _click_district(browser, name: str) -> None:
    """Click the district whose printed name is `name`, beside the name (the names let
    clicks through to the district under them)."""
    label = next(el for el in browser.find_elements(By.CSS_SELECTOR, ".district-label")
                 if el.text == name)
    dx, dy = browser.execute_script(CLICKABLE, label)
    ActionChains(browser).move_to_element_with_offset(label, round(dx), round(dy)) \
        .click().perform()
    wait(browser, 30).until(lambda b: b.find_elements(By.ID, "district-name"))


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a["r"], b["r"]) - max(a["l"], b["l"])
            h = min(a["b"], b["b"]) - max(a["t"], b["t"])
            if w > 1 and h > 1:
                pairs.append((a["text"], b["text"]))
    return pairs


def test_no_nan_on_the_map_for_any_chain_in_either_language(server, browser, chains):
    for chain in ["", *chains]:
        for lang in ("zh", "en"):
            _open(browser, server, f"?chain={chain}&lang={lang}")
            text = browser.find_element(By.TAG_NAME, "body").text
            assert not NAN.search(text), (chain, lang, NAN.search(text).group(0))


def test_a_district_panel_says_how_far_and_from_where(server, browser):
    _open(browser, server, "?chain=rail")
    _click_district(browser, "江津区")
    panel = browser.find_element(By.ID, "district-detail").text
    assert browser.find_element(By.ID, "district-name").text == "江津区"
    # 重庆高新区 takes in part of 江津 (拓展园), not the other way round
    assert browser.find_element(By.ID, "district-zones").text == "部分区域属重庆高新区（拓展园）"
    # 株洲时代 is known to 株洲市 only: measured to the city, in 公里, from 江津区, and said so
    assert "株洲时代 → 牵引系统：距江津区约 758 公里（按株洲市估算，仅知所在城市）" in panel
    assert "km" not in panel and not NAN.search(panel)
    _open(browser, server, "?chain=cnc")
    _click_district(browser, "江津区")
    panel = browser.find_element(By.ID, "district-detail").text
    assert "江东机械" in panel and "所在地未知（仅知在重庆市）" in panel  # a 重庆市-level firm
    assert not NAN.search(panel)
    _open(browser, server, "?chain=rail&lang=en")
    _click_district(browser, "Qijiang")
    panel = browser.find_element(By.ID, "district-detail").text
    assert re.search(r"Zhuzhou CRRC Times → Traction systems: about \d{3} km from Qijiang "
                     r"District \(measured to Zhuzhou: only the city is known\)", panel), panel
    assert "公里" not in panel and not NAN.search(panel)


def test_a_clicked_district_gets_no_focus_box(server, browser):
    _open(browser, server, "?chain=rail")
    _click_district(browser, "江津区")
    outline = browser.execute_script(
        "const e = document.activeElement; return e && e.tagName.toLowerCase() === 'path'"
        " ? getComputedStyle(e).outlineStyle : 'none';")
    assert outline == "none"


@pytest.mark.parametrize("size", [(1600, 1000), (1280, 800)])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_district_is_named_and_no_names_overprint(server, browser, size, lang):
    _open(browser, server, f"?chain=rail&lang={lang}", size)
    boxes = browser.execute_script(LABEL_BOXES)
    names = [b["text"] for b in boxes if not b["star"]]
    assert len(names) == 38  # every district of Chongqing drawn, named once
    if lang == "zh":
        assert set(names) >= CENTRAL
    assert sum(b["star"] for b in boxes) == 2  # 重庆长客, 长征重工
    assert _overlaps(boxes) == []


def test_the_chengyu_overlay_fits_every_sichuan_city(server, browser):
    for size in ((1600, 1000), (1280, 800)):
        _open(browser, server, "?chain=rail&overlay=chengyu", size)
        extent = browser.execute_script(DRAWN_EXTENT)
        (pl, pt, pr, pb), (dl, dt, dr, db) = extent["pane"], extent["drawn"]
        # 甘孜 and 阿坝 reach Sichuan's western edge: everything drawn is in view
        assert dl >= pl - 2 and dt >= pt - 2 and dr <= pr + 2 and db <= pb + 2, extent
        cities = {el.text for el in browser.find_elements(By.CSS_SELECTOR, ".city-label")}
        assert {"甘孜藏族自治州", "阿坝藏族羌族自治州"} <= cities
        legend = browser.find_element(By.ID, "sichuan-unshaded").text
        assert "四川城市" in legend and "不着色" in legend
