"""Map layers as GeoJSON-ready dicts: region polygons, cluster outlines, firm groups.

Coordinates are GCJ-02 as stored; nothing here places a firm at a point it is
not known at: a firm known to its district is counted in that district's group,
one known to a zone in the zone's group, one known only to the city in a list.
"""

from __future__ import annotations

import json

import duckdb
import shapely
from shapely.geometry import mapping, shape

from chainmap.queries import query_regions

__all__ = ["bounds_of", "cluster_outlines", "firm_groups", "query_cluster_members",
           "query_firm_locations", "query_map_layers", "region_collection"]


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
                         "geometry": json.loads(r.geometry)})
    return {"type": "FeatureCollection", "features": features}


def query_cluster_members(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Each cluster with its chains and member districts (zones expanded to their districts)."""
    rows = con.execute(
        "SELECT c.cluster_id, c.name_zh, c.name_en, c.evidence, "
        " (SELECT string_agg(chain_id, ';' ORDER BY chain_id) FROM cluster_chain cc "
        "  WHERE cc.cluster_id = c.cluster_id) AS chains, "
        " m.region_id, r.level, coalesce(z.adcode, m.region_id) AS adcode, "
        " CASE WHEN z.adcode IS NULL THEN 'whole' ELSE z.part END AS part "
        "FROM dim_cluster c JOIN cluster_member m ON m.cluster_id = c.cluster_id "
        "JOIN dim_region r ON r.region_id = m.region_id "
        "LEFT JOIN region_zone_member z ON z.zone_id = m.region_id "
        "ORDER BY c.cluster_id, adcode"
    ).fetchall()
    clusters: dict[str, dict] = {}
    for cid, name_zh, name_en, evidence, chains, region_id, level, adcode, part in rows:
        c = clusters.setdefault(cid, {"cluster_id": cid, "name_zh": name_zh, "name_en": name_en,
                                      "evidence": evidence, "chains": (chains or "").split(";"),
                                      "members": [], "districts": []})
        if region_id not in c["members"]:
            c["members"].append(region_id)
        c["districts"].append({"adcode": adcode, "via": region_id, "part": part,
                               "via_zone": level == "zone"})
    return list(clusters.values())


def cluster_outlines(clusters: list[dict], regions) -> dict:
    """One outline per cluster: the union of its member districts (zones: districts they span)."""
    geoms = {r.region_id: shape(json.loads(r.geometry)) for r in regions.itertuples()
             if isinstance(r.geometry, str)}
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


def query_firm_locations(con: duckdb.DuckDBPyConnection, chain: str | None = None):
    return con.execute(
        "SELECT f.firm_id, f.name, f.role, f.kind, f.precision, f.adcode, r.name AS region_name, "
        " r.level AS region_level, r.label_lon, r.label_lat, "
        " (SELECT string_agg(chain_id, ';' ORDER BY chain_id) FROM firm_chain c "
        "  WHERE c.firm_id = f.firm_id) AS chains "
        "FROM dim_firm f LEFT JOIN dim_region r ON r.region_id = f.adcode "
        "WHERE ? IS NULL OR f.firm_id IN (SELECT firm_id FROM firm_chain WHERE chain_id = ?) "
        "ORDER BY f.firm_id",
        [chain, chain],
    ).df()


def firm_groups(firms) -> dict:
    """Group firms at the precision they are known.

    Returns ``{"placed": [...], "unplaced": [...]}``: placed groups sit at a
    district's or a zone's label point (the marker stands for the area, not a
    firm); unplaced groups (city/province/unknown precision) carry no point.
    """
    placed: dict[str, dict] = {}
    unplaced: dict[str, dict] = {}
    for f in firms.itertuples():
        entry = {"firm_id": f.firm_id, "name": f.name, "role": f.role, "kind": f.kind,
                 "chains": f.chains if isinstance(f.chains, str) else ""}
        if f.precision in ("district", "zone") and f.label_lon == f.label_lon:
            group = placed.setdefault(f.adcode, {
                "region_id": f.adcode, "name": f.region_name, "precision": f.precision,
                "lon": float(f.label_lon), "lat": float(f.label_lat), "firms": []})
        else:
            key = f.adcode if isinstance(f.adcode, str) else "unknown"
            group = unplaced.setdefault(key, {
                "region_id": key, "name": f.region_name if isinstance(f.region_name, str)
                else None, "precision": f.precision, "firms": []})
        group["firms"].append(entry)
    for group in (*placed.values(), *unplaced.values()):
        group["count"] = len(group["firms"])
    return {"placed": sorted(placed.values(), key=lambda g: -g["count"]),
            "unplaced": sorted(unplaced.values(), key=lambda g: -g["count"])}


LABEL_MIN_AREA = 0.05  # square degrees


def bounds_of(collection: dict) -> list[list[float]]:
    minx, miny, maxx, maxy = shapely.union_all(
        [shape(f["geometry"]) for f in collection["features"]]).bounds
    return [[miny, minx], [maxy, maxx]]


def query_map_layers(con: duckdb.DuckDBPyConnection, chain: str | None = None) -> dict:
    """Everything a cluster map draws: districts, cluster outlines, firm groups, bounds."""
    regions = query_regions(con, parent_id="500000", level="district")
    clusters = query_cluster_members(con)
    if chain:
        clusters = [c for c in clusters if chain in c["chains"]]
    districts = region_collection(regions)
    for feature in districts["features"]:
        geom = shape(feature["geometry"])
        p = feature["properties"]
        # the six small central districts would overprint each other at city zoom:
        # they get a hover tooltip instead of a printed label
        p["show_label"] = geom.area > LABEL_MIN_AREA
        p["tooltip"] = p["name"]
    return {
        "bounds": bounds_of(districts),
        "districts": districts,
        "clusters": cluster_outlines(clusters, regions),
        "groups": firm_groups(query_firm_locations(con, chain)),
        "regions": regions,
    }
