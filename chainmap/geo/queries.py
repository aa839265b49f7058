"""Map layers as GeoJSON-ready dicts: districts with their classes, cluster outlines, firm
groups, chain leaders and the Chengdu–Chongqing overlay, as the web map and the exported map
draw them.

Coordinates are GCJ-02 as stored; firms are placed only where they are known
(chainmap.geo.firms).
"""

from __future__ import annotations

import duckdb

from chainmap.geo.classes import LQ_BREAKS, classify, count_breaks, district_quotients
from chainmap.geo.firms import query_district_counts, query_firm_groups, query_outside_count
from chainmap.geo.shapes import (
    cluster_outlines,
    core_outlines,
    map_bounds,
    parse_shapes,
    region_collection,
    region_geometries,
)
from chainmap.queries import query_regions
from chainmap.reports import run_report
from chainmap.text.sanitize import escape

__all__ = [
    "LABEL_MIN_AREA",
    "query_chengyu_layers",
    "query_cluster_members",
    "query_leader_points",
    "query_map_layers",
]


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


LABEL_MIN_AREA = 0.05  # square degrees


def query_map_layers(con: duckdb.DuckDBPyConnection, chain: str | None = None,
                     node: str | None = None, measure: str = "firms",
                     overlay: bool = False, label: str | None = None) -> dict:
    """Everything a cluster map draws: districts with a choropleth class, cluster outlines,
    firm groups, chain leaders, and (overlay) Sichuan cities, partner cities, 双核三带.
    With `label` (绿色工厂 …) the counts, groups and firms not drawn are of the firms
    carrying it."""
    regions = query_regions(con, parent_id="500000", level="district")
    clusters = query_cluster_members(con)
    if chain:
        clusters = [c for c in clusters if chain in c["chains"]]
    counts = query_district_counts(con, chain, node, label)
    values: dict[str, float] = dict(counts)
    breaks = count_breaks(values.values())
    if measure == "lq" and (chain or node):
        values, breaks = district_quotients(counts, query_district_counts(con, label=label)), \
            LQ_BREAKS
    classes = classify(values, breaks)
    districts = region_collection(regions, {
        rid: {"value": values.get(rid, 0), "klass": classes.get(rid, 0),
              "firms": counts.get(rid, 0)} for rid in regions["region_id"]})
    geoms = region_geometries(regions)  # label sizes, outlines, bounds, 双核
    for feature in districts["features"]:
        p = feature["properties"]
        # the six small central districts would overprint each other at city zoom: their
        # names are printed smaller, led off with a line where there is no room
        # (chainmap.render.map_labels), and a hover tooltip names them too
        p["show_label"] = geoms[feature["id"]].area > LABEL_MIN_AREA
        p["area"] = round(geoms[feature["id"]].area, 5)
        # dash-leaflet binds `tooltip` as HTML: the name is escaped
        p["tooltip"] = f"{escape(p['name'])}：{p['firms']}"
    layers = {
        "bounds": map_bounds(geoms.values()), "districts": districts, "measure": measure,
        "breaks": list(breaks), "clusters": cluster_outlines(clusters, regions, geoms),
        "groups": query_firm_groups(con, chain, label=label),
        "outside_count": query_outside_count(con, chain, label=label), "label": label,
        "leaders": query_leader_points(con, chain) if chain else [],
        "regions": regions,
    }
    if overlay:
        layers["chengyu"] = query_chengyu_layers(con, chain, geoms)
        cities = region_geometries(query_regions(con, parent_id="510000", level="city"))
        layers["bounds"] = map_bounds([*geoms.values(), *cities.values()])
    return layers


def query_leader_points(con: duckdb.DuckDBPyConnection, chain: str, top: int = 3) -> list[dict]:
    """The chain's top Chongqing leaders that can be drawn (district or zone precision)."""
    leaders = run_report(con, "leaders", chain, "500000").data[:top]
    points = []
    for rank, leader in enumerate(leaders, start=1):
        row = con.execute(
            "SELECT r.label_lon, r.label_lat, r.name FROM dim_firm f JOIN dim_region r "
            "ON r.region_id = f.adcode WHERE f.firm_id = ? AND f.precision IN "
            "('district', 'zone', 'point')", [leader["firm_id"]]).fetchone()
        if row:
            points.append({"rank": rank, "firm_id": leader["firm_id"],
                           "firm_name": leader["firm_name"],
                           "score": leader["score"], "lon": row[0], "lat": row[1],
                           "region_name": row[2]})
    return points


def query_chengyu_layers(con: duckdb.DuckDBPyConnection, chain: str | None = None,
                         known: dict | None = None) -> dict:
    """Sichuan's cities, the plan's partner cities (for a chain, or all), 双核 and 三带.

    `known`: region geometries the caller parsed already (region_id -> shapely geometry)."""
    cities = query_regions(con, parent_id="510000", level="city")
    partners = con.execute(
        "SELECT DISTINCT m.region_id, p.theme_zh FROM partner_member m "
        "JOIN partner_pair p ON p.pair_id = m.pair_id "
        "WHERE m.side = 'sc' AND (? IS NULL OR m.pair_id IN "
        "  (SELECT pair_id FROM partner_chain WHERE chain_id = ?)) ORDER BY 1",
        [chain, chain]).fetchall()
    themes: dict[str, list[str]] = {}
    for region_id, theme in partners:
        themes.setdefault(region_id, []).append(theme)
    structure = con.execute(
        "SELECT s.element_id, s.kind, s.name_zh, s.name_en, s.note, m.region_id, m.seq, m.role,"
        " r.label_lon, r.label_lat FROM plan_structure s "
        "JOIN plan_structure_member m ON m.element_id = s.element_id "
        "JOIN dim_region r ON r.region_id = m.region_id ORDER BY s.element_id, m.role, m.seq"
    ).df()
    cores = {eid: {"name_zh": g["name_zh"].iloc[0], "name_en": g["name_en"].iloc[0],
                   "members": list(g.loc[g["role"] == "member", "region_id"])}
             for eid, g in structure[structure["kind"] == "core"].groupby("element_id")}
    geoms = {**(known or {}), **region_geometries(cities)}
    members = sorted({m for c in cores.values() for m in c["members"]} - set(geoms))
    if members:  # the cores' members are cities and districts the caller has, as a rule
        stored = con.execute(
            "SELECT region_id, geometry FROM dim_region WHERE geometry IS NOT NULL "
            "AND list_contains(?, region_id)", [members]).fetchall()
        geoms |= dict(zip([r for r, _ in stored], parse_shapes([g for _, g in stored]),
                          strict=True))
    belts = [{"element_id": eid, "name_zh": g["name_zh"].iloc[0], "name_en": g["name_en"].iloc[0],
              "note": g["note"].iloc[0],
              "path": [[float(r.label_lat), float(r.label_lon)]
                       for r in g[g["role"] == "path"].itertuples()]}
             for eid, g in structure[structure["kind"] == "belt"].groupby("element_id")]
    collection = region_collection(cities, {rid: {"partner": True, "themes": th}
                                            for rid, th in themes.items()})
    return {"cities": collection, "partners": themes, "cores": cores, "belts": belts,
            "core_outlines": core_outlines(cores, geoms)}
