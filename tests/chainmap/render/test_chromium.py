import re

import pytest

from chainmap.render.chromium import (
    RenderUnavailableError,
    _with_page_size,
    find_chromium,
    render_pdf,
    render_png,
    svg_page,
    svg_size,
)
from tests.chainmap.artifacts import pdf_pages, read_png

BLANK = "<!DOCTYPE html><html><body style='margin:0;background:#fff'></body></html>"
DRAWN = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
         "<body style='margin:0;background:#fff;font-family:\"Noto Sans CJK SC\"'>"
         "<div style='width:200px;height:100px;background:#4575b4'></div>"
         "<p style='font-size:40px'>产业链图谱 chain</p></body></html>")


def test_missing_chromium_is_a_clear_error(tmp_path):
    with pytest.raises(RenderUnavailableError, match="Chromium"):
        find_chromium(tmp_path / "no-such-chromium")
    with pytest.raises(RenderUnavailableError):
        render_png(BLANK, tmp_path / "x.png", chromium=tmp_path / "no-such-chromium")
    assert not (tmp_path / "x.png").exists()


def test_page_size_is_added_only_when_the_page_has_none():
    assert "A4 landscape" in _with_page_size("<html><head></head></html>", True)
    assert "A4 portrait" in _with_page_size("<p>x</p>", False)
    own = "<style>@page { size: A3 }</style>"
    assert _with_page_size(own, True) == own


def test_svg_size_and_page():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480.4"></svg>'
    assert svg_size(svg) == (640, 480)
    page = svg_page(svg, "图 <1>")
    assert svg in page and "图 &lt;1&gt;" in page
    with pytest.raises(ValueError):
        svg_size("<p>no svg</p>")


def test_png_has_the_size_asked_and_shows_the_page(chromium, tmp_path):
    out = render_png(DRAWN, tmp_path / "drawn.png", width=400, height=250)
    image = read_png(out)
    assert (image.width, image.height) == (400, 250)
    assert image.has_colour("#4575b4")  # the block is drawn
    assert len(image.pixels()) > 20  # text antialiasing gives many shades
    blank = read_png(render_png(BLANK, tmp_path / "blank.png", width=400, height=250))
    assert len(blank.pixels()) == 1


def test_png_scale_multiplies_pixels(chromium, tmp_path):
    image = read_png(render_png(DRAWN, tmp_path / "x2.png", width=300, height=200, scale=2))
    assert (image.width, image.height) == (600, 400)


def test_pdf_is_a4_landscape_with_one_page_per_section(chromium, tmp_path):
    html = ("<html><head></head><body><section>第一页</section>"
            "<section style='break-before:page'>第二页</section></body></html>")
    data = render_pdf(html, tmp_path / "two.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert pdf_pages(data) == 2
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data).groups())
    assert width > height and abs(width - 841.9) < 2  # A4 landscape, in points


def test_a_page_that_never_finishes_times_out(chromium, tmp_path):
    from chainmap.render.chromium import RenderError

    with pytest.raises(RenderError, match="longer than"):
        render_png("<script>while (true) {}</script>", tmp_path / "hang.png", 200, 100,
                   timeout=4)
    assert not (tmp_path / "hang.png").exists()
