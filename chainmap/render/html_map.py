"""A standalone, offline HTML map of the plan's clusters and firm groups, built with folium.

folium's page loads Leaflet, jQuery and Bootstrap from CDNs; here those links are dropped
and Leaflet 1.9.4 (JS and CSS, from the `django-js-lib-leaflet` wheel) is inlined, so the
file opens with no network. folium's Popup needs jQuery, so tooltips and popups are bound
by a small element of our own; every name is HTML-escaped before it reaches the page.
No tile layer: the districts are drawn from the stored GCJ-02 polygons.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import folium
from branca.element import Element, MacroElement, Template

from chainmap.geo.classes import CHOROPLETH, CHOROPLETH_EDGE, count_labels, group_radii
from chainmap.render.map_labels import district_label, label_icon, place_labels
from chainmap.render.palette import (
    FONT_FAMILY,
    GROUP_COLOURS,
    MAP_BACKGROUND,
    cluster_colour,
)
from chainmap.text.captions import caption, firm_unit_caption
from chainmap.text.sanitize import escape

__all__ = ["leaflet_assets", "offline_map_html"]

LEAFLET_PACKAGE = "js_lib_leaflet"
PANEL_WIDTH = "27%"
# the zooms the exported map's names are laid out for (chainmap.render.map_labels): the bundle's
# picture (1600×1000, the map beside the panel) opens at about 8, a smaller window lower
LABEL_ZOOMS = (7.25, 7.5, 7.75, 8.0, 8.25)


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet 1.9.4's JS and CSS as text, ready to inline (image urls and source map dropped)."""
    root = resources.files(LEAFLET_PACKAGE) / "static" / "js_lib_leaflet"
    js = (root / "leaflet.js").read_text("utf-8")
    css = (root / "leaflet.css").read_text("utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    # the layer-switcher and default-marker images are not used; keep the page self-contained
    css = re.sub(r"url\((?!#)[^)]*\)", "none", css)
    return js, css


class _Bound(MacroElement):
    """`parent.bindTooltip(html)` / `parent.bindPopup(html)` without jQuery."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.{{ this.method }}("
        "{{ this.html|tojson }}, {{ this.options|tojson }});"
        "{% endmacro %}")

    def __init__(self, method: str, html: str, **options):
        super().__init__()
        self._name = "Bound"
        self.method = method
        self.html = html
        self.options = options


class _Label(MacroElement):
    """A non-interactive text label (a div icon; no default marker image is ever requested)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.marker({{ this.location|tojson }}, {icon: L.divIcon({{ this.icon|tojson }}), "
        "interactive: false, keyboard: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}")

    def __init__(self, location: list[float], html: str, class_name: str,
                 size: tuple[float, float], anchor: tuple[float, float]):
        super().__init__()
        self._name = "Label"
        self.location = location
        self.icon = {"html": html, "className": class_name, "iconSize": list(size),
                     "iconAnchor": list(anchor)}


class _RefitOnLoad(MacroElement):
    """Fit the bounds again when the page gets its final size (until someone pans or zooms)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function (m) {"
        " var touched = false, box = m.getContainer();"
        " ['mousedown', 'wheel', 'keydown', 'touchstart'].forEach(function (e) {"
        "  box.addEventListener(e, function () { touched = true; }); });"
        " function refit() { if (touched) { return; } m.invalidateSize(false);"
        "  m.fitBounds({{ this.bounds|tojson }}, {padding: [12, 12], animate: false}); }"
        " window.addEventListener('load', refit);"
        " window.addEventListener('resize', refit);"
        " window.addEventListener('beforeprint', refit);"
        "})({{ this._parent.get_name() }});"
        "{% endmacro %}")

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "RefitOnLoad"
        self.bounds = bounds


def _css() -> str:
    return f"""
html, body {{ margin: 0; height: 100%; font-family: {FONT_FAMILY}; color: #1a1a1a; }}
.folium-map {{ position: absolute !important; left: 0; top: 0; bottom: 0;
  width: calc(100% - {PANEL_WIDTH}) !important; height: 100% !important;
  background: {MAP_BACKGROUND}; }}
.leaflet-container {{ font-family: {FONT_FAMILY}; }}
.district-label {{ font-size: 11px; line-height: 14px; color: #333; text-align: center;
  white-space: nowrap; pointer-events: none;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }}
.district-label.small-district {{ font-size: 10px; }}
.district-label svg.leader-line {{ position: absolute; left: 0; top: 0; overflow: visible; }}
.district-label svg.leader-line line {{ stroke: #555; stroke-width: 1px; }}
.district-label .label-text {{ position: absolute; line-height: 14px; }}
.classes i {{ display: inline-block; width: 14px; height: 12px; margin-right: 4px;
  vertical-align: -1px; border: 1px solid #aaa; }}
.classes li {{ display: inline-block; margin-right: 8px; }}
.group-count {{ color: #fff; font: 700 11px/20px {FONT_FAMILY}; text-align: center;
  pointer-events: none; }}
.panel {{ position: absolute; right: 0; top: 0; bottom: 0; width: {PANEL_WIDTH};
  box-sizing: border-box; padding: 14px 16px; overflow: auto; background: #fff;
  border-left: 1px solid #ccd; font-size: 12.5px; line-height: 1.45; }}
.panel h1 {{ font-size: 19px; margin: 0 0 10px; color: #14213d; }}
.panel h2 {{ font-size: 14px; margin: 12px 0 4px; color: #14213d; }}
.panel ul {{ list-style: none; margin: 0; padding: 0; }}
.panel li {{ margin: 2px 0; }}
.swatch {{ display: inline-block; width: 22px; height: 12px; margin-right: 6px;
  vertical-align: -1px; border: 2.5px solid; box-sizing: border-box; }}
.dot {{ display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  margin-right: 6px; vertical-align: -1px; border: 1.5px solid #fff; }}
.note {{ color: #555; font-size: 11.5px; margin: 8px 0 0; }}
.leaflet-tooltip, .leaflet-popup-content {{ font-family: {FONT_FAMILY}; font-size: 12px; }}
"""


def _base_map(layers: dict, interactive: bool) -> folium.Map:
    (south, west), (north, east) = layers["bounds"]
    fmap = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=8,
                      tiles=None, zoom_snap=0.25, control_scale=True,
                      attribution_control=False, zoom_control=interactive)
    fmap.default_js = []
    fmap.default_css = []
    js, css = leaflet_assets()
    header = fmap.get_root().header
    header.add_child(Element(f"<style>{css}</style><style>{_css()}</style>"), name="leaflet_css")
    header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js")
    fmap.fit_bounds(layers["bounds"], padding=(12, 12))
    fmap.add_child(_RefitOnLoad(layers["bounds"]))
    return fmap


def _district_style(feature: dict) -> dict:
    """A district's choropleth fill, as the web map draws it (chainmap.geo.classes.CHOROPLETH)."""
    klass = int(feature["properties"].get("klass", 0))
    return {"color": CHOROPLETH_EDGE[klass], "weight": 2.5 if klass else 1,
            "fillColor": CHOROPLETH[klass], "fillOpacity": 1}


def _add_districts(fmap: folium.Map, districts: dict, radii: dict[str, float],
                   places: dict[str, str]) -> None:
    folium.GeoJson(districts, name="districts", style_function=_district_style).add_to(fmap)
    spots, _ = place_labels([
        {"region_id": p["region_id"], "text": district_label(p, places), "lon": p["label_lon"],
         "lat": p["label_lat"], "small": not p.get("show_label", True),
         "area": p.get("area", 0.0)} for f in districts["features"] for p in [f["properties"]]],
        radii, [], LABEL_ZOOMS)
    for feature in districts["features"]:
        p = feature["properties"]
        if not p.get("show_label", True):  # a small district: its full name on hover too
            small = folium.GeoJson(feature, style_function=lambda _: {
                "weight": 0, "fillOpacity": 0})
            small.add_child(_Bound("bindTooltip", escape(str(places.get(p["name"], p["name"]))),
                                   sticky=True))
            small.add_to(fmap)
        icon = label_icon(escape(district_label(p, places)), spots[p["region_id"]])
        fmap.add_child(_Label([p["label_lat"], p["label_lon"]], icon["html"], icon["className"],
                              icon["iconSize"], icon["iconAnchor"]))


def _add_clusters(fmap: folium.Map, clusters: dict, lang: str) -> None:
    for i, feature in enumerate(clusters["features"]):
        p = feature["properties"]
        colour = cluster_colour(i)
        style = {"color": colour, "weight": 3, "fillColor": colour, "fillOpacity": 0.10,
                 "dashArray": "8 6" if p.get("approximate") else None}
        layer = folium.GeoJson(feature, style_function=lambda _, s=style: s)
        name = escape(str(p["name_en" if lang == "en" else "name_zh"]))
        layer.add_child(_Bound("bindTooltip", name, sticky=True))
        layer.add_child(_Bound("bindPopup", f"<b>{name}</b><br>{escape(str(p['evidence']))}",
                               maxWidth=320))
        layer.add_to(fmap)


def _group_html(group: dict, lang: str, places: dict[str, str]) -> str:
    names = ("、" if lang != "en" else ", ").join(escape(f["name"]) for f in group["firms"])
    return (f"<b>{escape(str(places.get(group['name'], group['name'])))}</b> · {group['count']} "
            f"{firm_unit_caption(group['count'], lang)}<br>{names}")


def _add_groups(fmap: folium.Map, groups: list[dict], radii: dict[str, float], lang: str,
                places: dict[str, str]) -> None:
    for group in groups:
        radius = radii[group["region_id"]]
        marker = folium.CircleMarker(
            [group["lat"], group["lon"]], radius=radius, color="#ffffff", weight=2,
            fill=True, fill_color=GROUP_COLOURS.get(group["precision"], "#0b3d91"),
            fill_opacity=0.9)
        marker.add_child(_Bound("bindTooltip", _group_html(group, lang, places)))
        marker.add_child(_Bound("bindPopup", _group_html(group, lang, places), maxWidth=320))
        marker.add_to(fmap)
        fmap.add_child(_Label([group["lat"], group["lon"]], str(group["count"]), "group-count",
                              (24, 20), (12, 10)))


def _legend_clusters(clusters: dict, lang: str) -> str:
    items = []
    for i, feature in enumerate(clusters["features"]):
        p = feature["properties"]
        style = "dashed" if p.get("approximate") else "solid"
        name = escape(str(p["name_en" if lang == "en" else "name_zh"]))
        items.append(f'<li><span class="swatch" style="border-color:{cluster_colour(i)};'
                     f'border-style:{style}"></span>{name}</li>')
    return "".join(items)


def _group_list(groups: list[dict], lang: str, places: dict[str, str]) -> str:
    sep = ", " if lang == "en" else "、"
    items = []
    for g in groups:
        where = escape(str(places.get(g["name"], g["name"]))) if g.get("name") \
            else caption("firms_unknown", lang)
        names = sep.join(escape(f["name"]) for f in g["firms"])
        items.append(f"<li><b>{where}（{g['count']}）</b>{names}</li>" if lang != "en" else
                     f"<li><b>{where} ({g['count']})</b>: {names}</li>")
    return "".join(items)


def _classes(layers: dict, lang: str) -> str:
    """The choropleth's legend: the firm-count classes the districts are filled with."""
    labels = [caption("map_none_known", lang), *count_labels(layers["breaks"])[1:]]
    items = "".join(f'<li><i style="background:{c}"></i>{escape(label)}</li>'
                    for c, label in zip(CHOROPLETH, labels, strict=True))
    return (f"<h2>{caption('map_firm_classes', lang)}</h2>"
            f'<ul class="classes" id="class-legend">{items}</ul>')


def _panel(layers: dict, title: str, lang: str, places: dict[str, str]) -> str:
    groups = layers["groups"]
    drawn = {g["precision"] for g in groups["placed"]}  # only the dots the map draws
    dots = "".join(f'<li><span class="dot" style="background:{GROUP_COLOURS[k]}"></span>'
                   f"{caption('precision_' + k, lang)}</li>" for k in ("district", "zone")
                   if k in drawn)
    return (f'<aside class="panel" id="legend"><h1>{escape(title)}</h1>'
            f"{_classes(layers, lang)}"
            f"<h2>{caption('clusters', lang)}</h2><ul id=\"cluster-legend\">"
            f"{_legend_clusters(layers['clusters'], lang)}</ul>"
            f'<p class="note">{caption("zone_approx", lang)}</p>'
            f"<h2>{caption('groups', lang)}</h2><ul id=\"dot-legend\">{dots}</ul>"
            f'<ul id="placed-list">{_group_list(groups["placed"], lang, places)}</ul>'
            f"<h2>{caption('unplaced', lang)}</h2>"
            f'<ul id="unplaced-list">{_group_list(groups["unplaced"], lang, places)}</ul>'
            f'<p class="note">{caption("precision_note", lang)}</p>'
            f'<p class="note">{caption("crs_note", lang)}</p></aside>')


def offline_map_html(layers: dict, title: str, lang: str = "zh",
                     interactive: bool = True, places: dict[str, str] | None = None) -> str:
    """The map page for `layers` (chainmap.geo.queries.query_map_layers): one self-contained file.

    `interactive=False` leaves out the zoom buttons (for pictures of the map); `places`
    names regions in `lang` (chainmap.queries.query_place_names_en for English).
    """
    places = places or {}
    fmap = _base_map(layers, interactive)
    placed = layers["groups"]["placed"]
    radii = group_radii(placed)
    _add_districts(fmap, layers["districts"], radii, places)
    _add_clusters(fmap, layers["clusters"], lang)
    _add_groups(fmap, placed, radii, lang, places)
    root = fmap.get_root()
    root.header.add_child(Element(f"<title>{escape(title)}</title>"), name="title")
    root.html.add_child(Element(_panel(layers, title, lang, places)), name="legend_panel")
    html = root.render()
    return html.replace('<html>', f'<html lang="{"en" if lang == "en" else "zh-CN"}">', 1)

