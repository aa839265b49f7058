"""Where firms are on a map: the firms located in a region, their groups at the precision
they are known, each district's count and the count of firms not drawn.

Nothing here places a firm at a point it is not known at: a firm known to its district is
counted in that district's group, one known to a zone in the zone's group, one known only
to the city in a list.
"""

from __future__ import annotations

import duckdb

from chainmap.db import stored_table

__all__ = [
    "GROUP_FIRMS_MAX",
    "firm_groups",
    "query_district_counts",
    "query_firm_groups",
    "query_firm_locations",
    "query_outside_count",
]


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
