"""The web map's base map (CHAINMAP_TILE_URL): a GCJ-02 tile layer under the districts when
set, none when not (drawn offline, and the note says which); other tile systems refused."""

from __future__ import annotations

from dataclasses import replace

import dash_leaflet as dl
import pytest

from chainmap.config import load_settings
from tests.layouts.components import app_on, find, walk

TILES = "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"


def _tile_layers(layout) -> list:
    return [c for c in walk(layout) if isinstance(c, dl.TileLayer)]


def test_no_tile_url_no_tile_layer_and_the_note_says_offline(built_settings):
    with app_on(replace(built_settings, tile_url=None)):
        from layouts._map_view import map_page

        for lang in ("zh", "en"):
            page = map_page(chain="rail", lang=lang)
            assert _tile_layers(page) == []
        assert "无底图离线绘制" in find(map_page(), "crs-note").children
        assert "no basemap" in find(map_page(lang="en"), "crs-note").children


def test_a_tile_url_draws_its_tiles_first_under_the_districts(built_settings):
    with app_on(replace(built_settings, tile_url=TILES)):
        from layouts import present
        from layouts._map_view import map_page

        page = map_page(chain="rail")
        [tiles] = _tile_layers(page)
        assert tiles.url == TILES
        children = find(page, "cluster-map").children
        assert children[0] is tiles  # drawn first: the layers after it lie over it
        note = find(page, "crs-note").children
        assert "底图：127.0.0.1:9 的 GCJ-02 瓦片" in note and "无底图" not in note
        assert "GCJ-02 tiles from 127.0.0.1:9" in find(map_page(lang="en"), "crs-note").children
        # the shading lets the tiles show through
        shades = [c for c in walk(page) if isinstance(getattr(c, "id", None), dict)
                  and c.id.get("type") == "choropleth"]
        assert shades and all(s.style["fillOpacity"] < 1 for s in shades)
        # the presenter's map is the same map
        assert len(_tile_layers(present.layout(chain="rail", region="500000"))) == 1


def test_the_note_names_the_host_only_never_a_key(built_settings):
    url = "https://user:pw@tiles.example.cn:8443/t/{z}/{x}/{y}.png?key=SECRET"
    with app_on(replace(built_settings, tile_url=url)):
        from layouts._map_view import map_page

        note = find(map_page(), "crs-note").children
        assert "tiles.example.cn:8443" in note
        assert "SECRET" not in note and "pw" not in note


def test_settings_read_the_tile_url_and_refuse_what_would_not_line_up(monkeypatch, tmp_path):
    monkeypatch.delenv("CHAINMAP_TILE_CRS", raising=False)
    monkeypatch.delenv("CHAINMAP_TILE_URL", raising=False)
    assert load_settings(tmp_path / "x.duckdb").tile_url is None
    monkeypatch.setenv("CHAINMAP_TILE_URL", f" {TILES} ")
    assert load_settings(tmp_path / "x.duckdb").tile_url == TILES
    for crs in ("gcj02", "GCJ-02", "gcj_02"):
        monkeypatch.setenv("CHAINMAP_TILE_CRS", crs)
        assert load_settings(tmp_path / "x.duckdb").tile_url == TILES
    for crs in ("WGS84", "wgs-84", "BD-09", "EPSG:3857"):
        monkeypatch.setenv("CHAINMAP_TILE_CRS", crs)
        with pytest.raises(ValueError, match="would not line up"):
            load_settings()
    monkeypatch.delenv("CHAINMAP_TILE_CRS")
    for bad in ("tiles.example.cn/{z}/{x}/{y}.png", "http://host/tile.png",
                "file:///tmp/{z}/{x}/{y}.png", "javascript:{z}{x}{y}"):
        monkeypatch.setenv("CHAINMAP_TILE_URL", bad)
        with pytest.raises(ValueError, match="CHAINMAP_TILE_URL"):
            load_settings()


def test_the_cli_refuses_a_tile_crs_at_start_up_in_one_line(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from chainmap_cli.main import cli

    monkeypatch.setenv("CHAINMAP_TILE_CRS", "WGS-84")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.duckdb"), "serve"])
    assert result.exit_code == 1 and "would not line up" in result.output
    assert "Traceback" not in result.output
