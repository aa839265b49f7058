"""Region shapes on the maps: stored GeoJSON parsed once per text, regions as a
FeatureCollection, cluster and core outlines (shapely unions of their districts), bounds.

Coordinates are GCJ-02 as stored."""

from __future__ import annotations

import functools
import json

import shapely
from shapely.geometry import mapping

__all__ = [
    "cluster_outlines",
    "core_outlines",
    "map_bounds",
    "parse_shapes",
    "region_collection",
    "region_geometries",
]


def region_collection(regions, extra: dict[str, dict] | None = None) -> dict:
    """Regions (a DataFrame from query_regions) as a FeatureCollection; `extra` adds properties."""
    features = []
    for r in regions.itertuples():
        if not isinstance(r.geometry, str):
            continue
        props = {"region_id": r.region_id, "name": r.name, "level": r.level,
                 "label_lon": r.label_lon, "label_lat": r.label_lat, "crs": r.crs}
        props |= (extra or {}).get(r.region_id, {})
        features.append({"type": "Feature", "id": r.region_id, "properties": props,
                         "geometry": _geojson(r.geometry)})
    return {"type": "FeatureCollection", "features": features}


@functools.lru_cache(maxsize=4096)
def _geojson(text: str) -> dict:
    """A stored GeoJSON geometry, parsed once per distinct text (content-addressed, so it
    can never be stale). Shared: read it, never change it."""
    return json.loads(text)


@functools.lru_cache(maxsize=4096)
def _shape(text: str):
    """The shapely geometry of a stored GeoJSON text (immutable), parsed once per text."""
    return shapely.from_geojson(text)


def region_geometries(regions) -> dict:
    """region_id -> shapely geometry of each region with a stored GeoJSON (parsed once per
    distinct text: _shape)."""
    known = regions[regions["geometry"].map(lambda g: isinstance(g, str))]
    return {rid: _shape(text) for rid, text in zip(known["region_id"], known["geometry"],
                                                    strict=True)}


def cluster_outlines(clusters: list[dict], regions, geoms: dict | None = None) -> dict:
    """One outline per cluster: the union of its member districts (zones: districts they span).

    `geoms` is `regions`' parsed geometries when the caller has them already."""
    geoms = region_geometries(regions) if geoms is None else geoms
    features = []
    for c in clusters:
        parts = [geoms[d["adcode"]] for d in c["districts"]
                 if d["adcode"] in geoms and d["part"] != "extension"]
        if not parts:
            continue
        outline = shapely.union_all(parts)
        features.append({"type": "Feature", "id": c["cluster_id"],
                         "properties": {k: c[k] for k in ("cluster_id", "name_zh", "name_en",
                                                          "evidence", "chains")}
                         | {"approximate": any(d["via_zone"] for d in c["districts"])},
                         "geometry": mapping(outline)})
    return {"type": "FeatureCollection", "features": features}


def map_bounds(geometries) -> list[list[float]]:
    """[[south, west], [north, east]] around `geometries` (a map's fit bounds)."""
    minx, miny, maxx, maxy = shapely.total_bounds(list(geometries))
    return [[miny, minx], [maxy, maxx]]


def core_outlines(cores: dict, geoms: dict) -> dict:
    """One outline per core of the plan's structure (双核): the union of its members'
    geometries (region_id -> shapely geometry) that `geoms` has."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": eid, "properties": {
            "name_zh": c["name_zh"], "name_en": c["name_en"]}, "geometry": mapping(
                shapely.union_all([geoms[m] for m in c["members"] if m in geoms]))}
        for eid, c in cores.items()]}


def parse_shapes(texts: list[str]) -> list:
    """The shapely geometries of stored GeoJSON texts, in their order."""
    return list(shapely.from_geojson(texts))
