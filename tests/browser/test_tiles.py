"""A GCJ-02 base map through CHAINMAP_TILE_URL (issue #18): the app served with the URL of a
tile server on 127.0.0.1 asks it for tiles, and /map draws them under the districts; the
note says which base map is drawn."""

from __future__ import annotations

import re
import struct
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium.webdriver.common.by import By

from tests.browser.chromium import wait
from tests.serving import serve

TILE_PATH = re.compile(r"^/tiles/(\d+)/(\d+)/(\d+)\.png$")


def png(size: int = 256) -> bytes:
    """A size×size RGB PNG made with the standard library: a pale green tile with a darker
    frame and diagonal, so each tile shows where it lies."""
    fill, line = b"\xd8\xe8\xd0", b"\x7f\x9f\x70"
    rows = []
    for y in range(size):
        row = bytearray(fill * size)
        for x in (0, size - 1, y):
            row[3 * x:3 * x + 3] = line
        if y in (0, size - 1):
            row = bytearray(line * size)
        rows.append(b"\x00" + bytes(row))  # filter type 0 per scanline

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def tile_server():
    """A tile server on a free 127.0.0.1 port: one PNG for every /tiles/{z}/{x}/{y}.png,
    404 for anything else; the paths asked for are kept in `requests`."""
    body = png()
    requests: list[str] = []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):  # http.server's name
            requests.append(self.path)
            if not TILE_PATH.match(self.path):
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def tiled_server(built_settings, tile_server):
    base, _ = tile_server
    with serve(built_settings.db_path,
               env={"CHAINMAP_TILE_URL": base + "/tiles/{z}/{x}/{y}.png"}) as url:
        yield url


LOADED_TILES = """
return [...document.querySelectorAll('#cluster-map img.leaflet-tile')]
  .filter(i => i.complete && i.naturalWidth === 256 && i.classList.contains('leaflet-tile-loaded'))
  .map(i => i.src);
"""
# what lies at the centre of each loaded tile that shows inside Chongqing: a district's
# shading (an SVG path) over the tile, not the tile itself
OVER_TILES = """
const map = document.querySelector('#cluster-map').getBoundingClientRect();
let tiles = 0, covered = 0;
for (const img of document.querySelectorAll('#cluster-map img.leaflet-tile-loaded')) {
  const r = img.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < map.left || x > map.right || y < map.top || y > map.bottom) continue;
  tiles += 1;
  const hit = document.elementFromPoint(x, y);
  if (hit && hit.tagName.toLowerCase() === 'path') covered += 1;
}
return [tiles, covered];
"""


def test_map_draws_the_local_tiles_under_the_districts(browser, tile_server, tiled_server):
    _, requests = tile_server
    requests.clear()
    browser.set_window_size(1600, 1000)
    browser.get(f"{tiled_server}/map?chain=rail")
    wait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#cluster-map "
                                                                       ".district-label"))
    wait(browser, 30).until(lambda b: len(b.execute_script(LOADED_TILES)) >= 4)
    time.sleep(1.0)  # the map fits its bounds, then loads the tiles of the fitted view
    loaded = browser.execute_script(LOADED_TILES)
    assert loaded and all(src.startswith(tile_server[0] + "/tiles/") for src in loaded)
    tile_requests = [p for p in requests if TILE_PATH.match(p)]
    assert len(tile_requests) >= len(set(loaded)) >= 4
    zooms = {int(TILE_PATH.match(p).group(1)) for p in tile_requests}
    assert zooms <= set(range(6, 11)), zooms  # Chongqing's zooms, not the world's
    # the tiles lie in Leaflet's tile pane, under the districts' overlay pane
    z = browser.execute_script("""
      const m = document.querySelector('#cluster-map');
      const z = s => +getComputedStyle(m.querySelector(s)).zIndex;
      return [z('.leaflet-tile-pane'), z('.leaflet-overlay-pane')];""")
    assert z[0] < z[1], z
    tiles, covered = browser.execute_script(OVER_TILES)
    assert tiles >= 4 and covered >= 1, (tiles, covered)
    note = browser.find_element(By.ID, "crs-note").text
    assert "底图：127.0.0.1:" in note and "GCJ-02 瓦片" in note and "无底图" not in note
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_english_note_names_the_tiles(browser, tiled_server):
    browser.get(f"{tiled_server}/map?lang=en")
    wait(browser, 60).until(lambda b: b.find_elements(By.ID, "crs-note"))
    assert "GCJ-02 tiles from 127.0.0.1:" in browser.find_element(By.ID, "crs-note").text
