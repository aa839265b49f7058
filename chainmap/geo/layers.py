"""Map layers as GeoJSON-ready dicts: region polygons, cluster outlines, firm groups.

Coordinates are GCJ-02 as stored; nothing here places a firm at a point it is
not known at: a firm known to its district is counted in that district's group,
one known to a zone in the zone's group, one known only to the city in a list.
"""

from __future__ import annotations

import functools
import json
import math

import duckdb
import shapely
from shapely.geometry import mapping

from chainmap.analytics.memo import stored_table
from chainmap.queries import query_firm_names_en, query_regions
from chainmap.reports import run_report
from chainmap.text.sanitize import escape

__all__ = [
    "CHOROPLETH",
    "CHOROPLETH_EDGE",
    "COUNT_BREAKS",
    "LQ_BREAKS",
    "classify",
    "cluster_outlines",
    "count_breaks",
    "count_labels",
    "district_quotients",
    "firm_groups",
    "group_radii",
    "group_radius",
    "query_chengyu_layers",
    "query_cluster_members",
    "query_district_counts",
    "query_firm_groups",
    "query_firm_locations",
    "query_leader_points",
    "query_map_layers",
    "query_outside_count",
    "region_collection",
    "with_firm_names_en",
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


def _geometries(regions) -> dict:
    """region_id -> shapely geometry of each region with a stored GeoJSON (parsed once per
    distinct text: _shape)."""
    known = regions[regions["geometry"].map(lambda g: isinstance(g, str))]
    return {rid: _shape(text) for rid, text in zip(known["region_id"], known["geometry"],
                                                    strict=True)}


def cluster_outlines(clusters: list[dict], regions, geoms: dict | None = None) -> dict:
    """One outline per cluster: the union of its member districts (zones: districts they span).

    `geoms` is `regions`' parsed geometries when the caller has them already."""
    geoms = _geometries(regions) if geoms is None else geoms
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


ON_CHAIN = ("f.firm_id IN (SELECT firm_id FROM firm_chain WHERE chain_id = ? "
            "UNION SELECT firm_id FROM firm_node WHERE chain_id = ?)")


def _inside(con: duckdb.DuckDBPyConnection, within: str) -> list[str]:
    """The regions inside `within`, bound as one list: a filter in the scan of dim_firm that
    reads the other columns only for the rows it keeps (an IN-subquery there is a join that
    reads every column of every firm first)."""
    return [r for (r,) in con.execute(
        "SELECT descendant_id FROM region_closure WHERE ancestor_id = ?", [within]).fetchall()]


ON_LABEL = "f.firm_id IN (SELECT firm_id FROM firm_label WHERE label = ?)"


def _on_chain(chain: str | None, label: str | None = None) -> tuple[str, list]:
    """The chain filter (plan membership or a node assignment) and the label filter (firms
    carrying a label, e.g. 绿色工厂) as SQL and values; none for None.

    Left out of the SQL when not asked for, so their subqueries are not computed at all."""
    sql, values = "", []
    if chain is not None:
        sql, values = " AND " + ON_CHAIN, [chain, chain]
    if label:
        sql, values = sql + " AND " + ON_LABEL, [*values, label]
    return sql, values


LOCATIONS_SQL = """
WITH located AS MATERIALIZED (
    SELECT f.firm_id, f.name, f.role, f.kind, f.precision, f.adcode FROM dim_firm f
    WHERE (coalesce(list_contains(?, f.adcode), false) OR f.role = 'attract'){on_chain}{in_district}
),
chains AS (
    SELECT firm_id, string_agg(DISTINCT chain_id, ';' ORDER BY chain_id) AS chains
    FROM firm_chain WHERE firm_id IN (SELECT firm_id FROM located) GROUP BY firm_id
)
SELECT l.firm_id, l.name, l.role, l.kind, l.precision, l.adcode, r.name AS region_name,
       r.level AS region_level, r.label_lon, r.label_lat, c.chains
FROM located l LEFT JOIN dim_region r ON r.region_id = l.adcode
LEFT JOIN chains c ON c.firm_id = l.firm_id
ORDER BY l.firm_id
"""


def query_firm_locations(con: duckdb.DuckDBPyConnection, chain: str | None = None,
                         within: str = "500000", adcode: str | None = None):
    """Firms located in `within` (any precision inside it) plus the plan's firms to attract,
    on `chain` (by plan membership or a node assignment) when given; with `adcode`, only
    those whose adcode is that region (the same rows as filtering the full result)."""
    on_chain, values = _on_chain(chain)
    in_district = "" if adcode is None else " AND f.adcode = ?"
    sql = LOCATIONS_SQL.format(on_chain=on_chain, in_district=in_district)
    return con.execute(sql, [_inside(con, within), *values,
                             *([] if adcode is None else [adcode])]).df()


OUTSIDE_SQL = """
SELECT count(*) FROM dim_firm f WHERE f.role <> 'attract'
AND (f.adcode IS NULL OR NOT coalesce(list_contains(?, f.adcode), false)){on_chain}
"""

# The build's agg_chain_places (firms per chain and place: etl/derive.py CHAIN_PLACES_SQL)
# makes the district counts and the count of firms not drawn a sum over a few thousand rows.
STORED_OUTSIDE_SQL = """
SELECT coalesce(sum(firms), 0) FROM agg_chain_places
WHERE chain_id IS NOT DISTINCT FROM ? AND role <> 'attract'
AND (adcode IS NULL OR NOT coalesce(list_contains(?, adcode), false))
"""
STORED_COUNTS_SQL = ("SELECT adcode, sum(firms) FROM agg_chain_places "
                     "WHERE chain_id IS NOT DISTINCT FROM ? AND precision = 'district' "
                     "GROUP BY adcode")


def _places_stored(con: duckdb.DuckDBPyConnection) -> bool:
    return stored_table(con, "agg_chain_places", "chain_id", "adcode", "precision", "role",
                        "firms")


def query_outside_count(con: duckdb.DuckDBPyConnection, chain: str | None = None,
                        within: str = "500000", label: str | None = None) -> int:
    """Firms on the chain (or any; with `label`, carrying it) located outside `within` or
    nowhere known, not drawn."""
    if _places_stored(con) and not label:
        return int(con.execute(STORED_OUTSIDE_SQL, [chain, _inside(con, within)])
                   .fetchone()[0])
    on_chain, values = _on_chain(chain, label)
    sql = OUTSIDE_SQL.format(on_chain=on_chain)
    return con.execute(sql, [_inside(con, within), *values]).fetchone()[0]


GROUP_FIRMS_MAX = 20  # firms named per map group; the rest are counted


def firm_groups(firms) -> dict:
    """Group firms at the precision they are known.

    Returns ``{"placed": [...], "unplaced": [...]}``: placed groups sit at a
    district's or a zone's label point (the marker stands for the area, not a
    firm); unplaced groups (city/province/unknown precision) carry no point.
    ``count`` is every firm of the group; ``firms`` lists at most ``GROUP_FIRMS_MAX`` of
    them (in firm_id order) and ``more`` says how many are left out, so the map's payload
    stays small at any registry size (the firm list is on /firms).
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
        group["count"] = group.get("count", 0) + 1
        if len(group["firms"]) < GROUP_FIRMS_MAX:
            group["firms"].append(entry)
    for group in (*placed.values(), *unplaced.values()):
        group["more"] = group["count"] - len(group["firms"])
    return {"placed": sorted(placed.values(), key=lambda g: -g["count"]),
            "unplaced": sorted(unplaced.values(), key=lambda g: -g["count"])}


GROUPS_SQL = """
WITH located AS MATERIALIZED (
    SELECT f.firm_id, f.name, f.role, f.kind, f.precision, f.adcode, r.name AS region_name,
           r.label_lon, r.label_lat,
           coalesce(f.precision IN ('district', 'zone') AND NOT isnan(r.label_lon), false)
               AS placed
    FROM dim_firm f LEFT JOIN dim_region r ON r.region_id = f.adcode
    WHERE (coalesce(list_contains(?, f.adcode), false) OR f.role = 'attract'){on_chain}
),
grouped AS (
    SELECT placed, coalesce(adcode, 'unknown') AS region_id, count(*) AS n,
           min(firm_id) AS first_id, min(region_name) AS name,
           arg_min(precision, firm_id) AS precision, min(label_lon) AS lon,
           min(label_lat) AS lat, min(firm_id, {named}) AS named
    FROM located GROUP BY placed, coalesce(adcode, 'unknown')
),
listed AS (
    SELECT g.placed, g.region_id, u.firm_id FROM grouped g, unnest(g.named) AS u(firm_id)
),
chains AS (
    SELECT firm_id, string_agg(DISTINCT chain_id, ';' ORDER BY chain_id) AS chains
    FROM firm_chain WHERE firm_id IN (SELECT firm_id FROM listed) GROUP BY firm_id
)
SELECT g.placed, g.region_id, g.name, g.precision, g.lon, g.lat, g.n,
       l.firm_id, l.name AS firm_name, l.role, l.kind, coalesce(c.chains, '') AS chains
FROM grouped g JOIN listed s ON s.placed = g.placed AND s.region_id = g.region_id
JOIN located l ON l.firm_id = s.firm_id
LEFT JOIN chains c ON c.firm_id = s.firm_id
ORDER BY g.placed DESC, g.n DESC, g.first_id, l.firm_id
"""


def query_firm_groups(con: duckdb.DuckDBPyConnection, chain: str | None = None,
                      within: str = "500000", label: str | None = None) -> dict:
    """firm_groups(query_firm_locations(con, chain, within)), grouped and counted in SQL
    (with `label`, only firms carrying it).

    Only the named firms (at most GROUP_FIRMS_MAX per group) reach Python, so the cost does
    not grow with the number of firms in the region."""
    on_chain, values = _on_chain(chain, label)
    rows = con.execute(GROUPS_SQL.format(on_chain=on_chain, named=GROUP_FIRMS_MAX),
                       [_inside(con, within), *values]).fetchall()
    out: dict[str, list[dict]] = {"placed": [], "unplaced": []}
    groups: dict[tuple, dict] = {}
    for placed, region_id, name, precision, lon, lat, n, *firm in rows:
        group = groups.get((placed, region_id))
        if group is None:
            group = {"region_id": region_id, "name": name, "precision": precision}
            if placed:
                group |= {"lon": float(lon), "lat": float(lat)}
            group |= {"firms": [], "count": n, "more": 0}
            groups[(placed, region_id)] = group
            out["placed" if placed else "unplaced"].append(group)
        group["firms"].append(dict(zip(("firm_id", "name", "role", "kind", "chains"), firm,
                                       strict=True)))
        group["more"] = n - len(group["firms"])
    return out


LABEL_MIN_AREA = 0.05  # square degrees


def _bounds(geometries) -> list[list[float]]:
    minx, miny, maxx, maxy = shapely.total_bounds(list(geometries))
    return [[miny, minx], [maxy, maxx]]


# the six classes' fills (0: no value) and a shaded district's edge, a shade darker than
# its fill: a district too small to see its fill under its firm circle (大渡口, 江北 with
# one firm) still shows its class around it. The web map and the exported map draw both.
CHOROPLETH = ("#f4f1ea", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c")
CHOROPLETH_EDGE = ("#7a7a7a", "#74c476", "#41ab5d", "#238b45", "#006d2c", "#00441b")
COUNT_BREAKS = (1, 2, 4, 8)       # firm counts: 1 | 2 | 3-4 | 5-8 | 9+
LQ_BREAKS = (0.5, 1.0, 1.5, 3.0)  # location quotients


def _round_up(value: float) -> int:
    """``value`` rounded up to two significant digits (320, 1,300): a break a legend reads."""
    if value < 100:
        return max(1, math.ceil(value))
    scale = 10 ** (math.floor(math.log10(value)) - 1)
    return math.ceil(value / scale) * scale


def count_breaks(values) -> tuple[int, ...]:
    """Upper-inclusive breaks of the five firm-count classes for these district counts.

    The plan's own data (a handful of firms a district) keeps COUNT_BREAKS. Once a registry
    puts dozens or hundreds of firms in a district those would colour every district "9+",
    so the breaks follow the non-zero counts instead: their 20/40/60/80 % quantiles (with
    fewer than five different counts, 20/40/60/80 % of the largest), rounded up to two
    significant digits and kept strictly increasing."""
    counts = sorted(v for v in values if v)
    if not counts or counts[-1] <= 2 * COUNT_BREAKS[-1]:
        return COUNT_BREAKS
    few = len(set(counts)) < 5
    breaks: list[int] = []
    for q in (0.2, 0.4, 0.6, 0.8):
        at = _round_up(q * counts[-1] if few else counts[int(q * len(counts))])
        breaks.append(at if not breaks or at > breaks[-1] else _round_up(breaks[-1] + 1))
    return tuple(breaks)


def count_labels(breaks) -> list[str]:
    """Legend labels of the six count classes: 0, then each class's range (1 | 2 | 3–4 |
    5–8 | 9+ for COUNT_BREAKS)."""
    labels, low = ["0"], 1
    for high in breaks:
        labels.append(f"{low:,}" if high == low else f"{low:,}–{high:,}")
        low = high + 1
    return [*labels, f"{low:,}+"]


GROUP_RADIUS = (7.0, 22.0)  # px: one firm's circle, and the largest group's at most


def group_radius(count: int, largest: int) -> float:
    """Circle radius (px) of a firm group of ``count`` firms on a map whose largest group
    has ``largest``: its area grows with the firms (7 + 3·√n for the plan's few), and the
    largest circle stays at most GROUP_RADIUS[1] px, so a registry's hundreds of firms a
    district draw markers, not discs covering the map."""
    low, high = GROUP_RADIUS
    return low + (high - low) * math.sqrt(count / max(largest, 25))


def group_radii(groups: list[dict]) -> dict[str, float]:
    """Each placed firm group's circle radius (``group_radius``), by its region id."""
    largest = max((g["count"] for g in groups), default=1)
    return {g["region_id"]: group_radius(g["count"], largest) for g in groups}


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
    geoms = _geometries(regions)  # label sizes, outlines, bounds, 双核
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
        "bounds": _bounds(geoms.values()), "districts": districts, "measure": measure,
        "breaks": list(breaks), "clusters": cluster_outlines(clusters, regions, geoms),
        "groups": query_firm_groups(con, chain, label=label),
        "outside_count": query_outside_count(con, chain, label=label), "label": label,
        "leaders": query_leader_points(con, chain) if chain else [],
        "regions": regions,
    }
    if overlay:
        layers["chengyu"] = query_chengyu_layers(con, chain, geoms)
        cities = _geometries(query_regions(con, parent_id="510000", level="city"))
        layers["bounds"] = _bounds([*geoms.values(), *cities.values()])
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


COUNTS_SQL = ("SELECT f.adcode, count(*) FROM dim_firm f WHERE f.precision = 'district'"
              "{on_chain}{on_node} GROUP BY f.adcode")


def query_district_counts(con: duckdb.DuckDBPyConnection, chain: str | None = None,
                          node: str | None = None, label: str | None = None) -> dict[str, int]:
    """Firms known to each district (district precision only), on a chain or one node, with
    `label` only those carrying it."""
    if node is None and not label and _places_stored(con):
        return {adcode: int(n) for adcode, n in
                con.execute(STORED_COUNTS_SQL, [chain]).fetchall()}
    # firm_id is dim_firm's key and the filters are semi-joins: count(*) counts distinct firms
    on_chain, values = _on_chain(chain, label)
    on_node = "" if node is None else (
        " AND f.firm_id IN (SELECT firm_id FROM firm_node WHERE node_id = ?)")
    rows = con.execute(COUNTS_SQL.format(on_chain=on_chain, on_node=on_node),
                       [*values, *([] if node is None else [node])]).fetchall()
    return dict(rows)


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
    geoms = {**(known or {}), **_geometries(cities)}
    members = sorted({m for c in cores.values() for m in c["members"]} - set(geoms))
    if members:  # the cores' members are cities and districts the caller has, as a rule
        stored = con.execute(
            "SELECT region_id, geometry FROM dim_region WHERE geometry IS NOT NULL "
            "AND list_contains(?, region_id)", [members]).fetchall()
        geoms |= dict(zip([r for r, _ in stored], shapely.from_geojson([g for _, g in stored]),
                          strict=True))
    core_features = [{"type": "Feature", "id": eid, "properties": {
        "name_zh": c["name_zh"], "name_en": c["name_en"]}, "geometry": mapping(shapely.union_all(
            [geoms[m] for m in c["members"] if m in geoms]))}
        for eid, c in cores.items()]
    belts = [{"element_id": eid, "name_zh": g["name_zh"].iloc[0], "name_en": g["name_en"].iloc[0],
              "note": g["note"].iloc[0],
              "path": [[float(r.label_lat), float(r.label_lon)]
                       for r in g[g["role"] == "path"].itertuples()]}
             for eid, g in structure[structure["kind"] == "belt"].groupby("element_id")]
    collection = region_collection(cities, {rid: {"partner": True, "themes": th}
                                            for rid, th in themes.items()})
    return {"cities": collection, "partners": themes, "cores": cores, "belts": belts,
            "core_outlines": {"type": "FeatureCollection", "features": core_features}}


def district_quotients(chain_counts: dict[str, int], all_counts: dict[str, int]
                       ) -> dict[str, float]:
    """LQ per district: (chain firms / all firms in the district) / (the same for all districts)."""
    total_chain, total = sum(chain_counts.values()), sum(all_counts.values())
    if not total_chain or not total:
        return {}
    base = total_chain / total
    return {d: round((chain_counts.get(d, 0) / n) / base, 3) for d, n in all_counts.items() if n}


def classify(values: dict[str, float], breaks: tuple[float, ...]) -> dict[str, int]:
    """Class index per key: 0 for no value/zero, then 1.. by the upper-inclusive breaks."""
    out = {}
    for key, value in values.items():
        out[key] = 0 if not value else 1 + sum(value > b for b in breaks)
    return out


def with_firm_names_en(con: duckdb.DuckDBPyConnection, layers: dict) -> dict:
    """`layers` (query_map_layers) for an English map: each firm drawn (in the groups, the
    leaders) called by its English name where its source gives one; a copy, so memoised
    layers stay as they are."""
    groups = layers["groups"]
    firms = [f for kind in ("placed", "unplaced") for g in groups[kind] for f in g["firms"]]
    english = query_firm_names_en(con, tuple(sorted(
        {f["firm_id"] for f in firms} | {p["firm_id"] for p in layers["leaders"]
                                         if p.get("firm_id")})))
    if not english:
        return layers

    def group(g: dict) -> dict:
        return g | {"firms": [f | {"name": english.get(f["firm_id"], f["name"])}
                              for f in g["firms"]]}

    return layers | {
        "groups": {kind: [group(g) for g in groups[kind]] for kind in ("placed", "unplaced")},
        "leaders": [p | {"firm_name": english.get(p.get("firm_id"), p["firm_name"])}
                    for p in layers["leaders"]]}
