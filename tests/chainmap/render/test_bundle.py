import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from chainmap.render.bundle import (
    BUNDLE_FILES,
    bundle_print_html,
    targets_table_html,
    top_reasons,
    write_presentation_bundle,
)
from tests.chainmap.artifacts import REMOTE, pdf_pages, read_png

REASONS = ["填补「牵引系统」环节（本地缺失，确认企业 0 家）",
           "环节匹配依据：某某（置信度 0.80）", "行动计划明确提出引进该企业", "规模：暂无数据",
           "标签：龙头企业", "距离：约 654 公里"]


def test_top_reasons_skip_the_gap_itself_and_unknowns():
    assert top_reasons(REASONS) == [REASONS[1], REASONS[2], REASONS[4]]
    assert top_reasons(None) == []


def test_target_table_escapes_names_and_shows_reasons():
    frame = pd.DataFrame([{"node_name": "牵引<系统>", "node_status": "missing",
                           "firm_name": '<script>alert("x")</script>&Co', "score": 57.14,
                           "region_name": "株洲市", "reasons": REASONS}])
    html = targets_table_html(frame)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;Co" in html and "牵引&lt;系统&gt;" in html
    assert "缺失" in html and "57.1" in html and "行动计划明确提出引进该企业" in html
    assert html.count("<tr>") == 2  # header and one row


def test_an_empty_target_list_says_why():
    html = targets_table_html(pd.DataFrame(columns=["node_name", "firm_name"]))
    assert "<table" not in html and "暂无区外候选企业" in html


def test_print_page_has_three_page_sections():
    page = bundle_print_html(b"\x89PNG fake", "地图", "<svg></svg>", "清单", "<table></table>")
    assert page.count("<section") == 3
    assert "data:image/png;base64," in page
    assert "@page { size: A4 landscape" in page


@pytest.fixture(scope="module")
def bundle(chromium, built_settings, tmp_path_factory):
    from chainmap.db import connect

    out = tmp_path_factory.mktemp("bundle") / "rail-500000.zip"
    with connect(built_settings.db_path) as con:
        path = write_presentation_bundle(con, "rail", "500000", out)
    with zipfile.ZipFile(path) as zf:
        yield {name: zf.read(name) for name in zf.namelist()}


def test_bundle_holds_the_six_files(bundle):
    assert sorted(bundle) == sorted(BUNDLE_FILES)
    assert bundle["map.png"].startswith(b"\x89PNG") and bundle["chain.png"].startswith(b"\x89PNG")
    assert bundle["bundle.pdf"].startswith(b"%PDF-")


def test_bundle_map_is_offline_and_its_picture_is_drawn(bundle):
    html = bundle["map.html"].decode("utf-8")
    assert REMOTE.search(html) is None
    image = read_png(bundle["map.png"])
    assert (image.width, image.height) == (3200, 2000)  # 1600 x 1000 at scale 2
    assert image.has_colour("#f4f1ea", step=8)  # district fill
    assert image.has_colour("#0072b2", step=2)  # the rail cluster outline


def test_bundle_chain_diagram(bundle):
    root = ET.fromstring(bundle["chain.svg"])
    texts = "".join(root.itertext())
    assert "轨道交通装备" in texts and "重庆长客" in texts
    image = read_png(bundle["chain.png"])
    assert image.has_colour("#fc8d59", step=4)  # a weak node's fill


def test_bundle_pdf_has_map_diagram_and_table_pages(bundle):
    pdf = bundle["bundle.pdf"]
    assert pdf_pages(pdf) >= 3
    assert re.search(rb"/MediaBox \[0 0 841\.9\d* 594\.9\d*\]", pdf)


def test_bundle_targets_workbook_has_chinese_headers(bundle):
    ws = load_workbook(io.BytesIO(bundle["targets.xlsx"])).active
    headers = [c.value for c in ws[1]]
    assert "目标企业" in headers and "推荐理由" in headers and "得分" in headers
    firms = {row[headers.index("目标企业")] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert "株洲时代" in firms
