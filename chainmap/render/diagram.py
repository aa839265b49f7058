"""The chain diagram (产业链图谱): a chain's nodes laid out 上游 → 中游 → 下游, left to right.

`query_chain_diagram` gathers one chain's coverage in one region and lays it out;
`chain_layout` is the pure layout (see chainmap.render.layered); `chain_svg`
(chainmap.render.diagram_svg)
draws the result. The diagram dict is JSON-ready: x is a column, y a position in node
heights, so a page can draw it with any library.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from chainmap.analytics.region import query_region
from chainmap.queries import query_firm_names_en_by_name, query_region_name
from chainmap.render.diagram_svg import chain_svg
from chainmap.render.layered import (
    BEND,
    assign_layers,
    count_crossings,
    insert_bends,
    order_layers,
    place_layers,
)
from chainmap.reports import ReportOptions, run_report
from chainmap.selection import DEFAULT_REGION

__all__ = ["BEND_SIZE", "NODE_GAP", "chain_layout", "chain_svg", "diagram_crossings",
           "diagram_from_layout", "query_chain_diagram"]

NODE_GAP = 0.3  # vertical space between boxes, in box heights
BEND_SIZE = 0.15  # the slot an edge passing through a column takes
BEND_COLUMNS = ["node_id", "kind", "edge_src", "edge_dst", "layer", "order", "y"]


def _order_columns(layer: dict[str, int], nodes: pd.DataFrame) -> list[list[str]]:
    """The starting order: tier order and node id, then bend points (by their edge)."""
    rank = {n: i for i, n in enumerate(nodes["node_id"])}
    columns: list[list[str]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for node in sorted(layer, key=lambda n: (n.startswith(BEND), rank.get(n, 0), n)):
        columns[layer[node]].append(node)
    return columns


def chain_layout(coverage: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """Positions for a chain's nodes, left to right by tier, with few edge crossings.

    `coverage`: one row per node with at least node_id and tier_order (other columns are
    kept); `edges`: src_node_id, dst_node_id. Returns the coverage rows plus `kind`
    ("node"), `layer` (column), `order` (rank in the column), `x` (= layer) and `y` (the
    centre, in box heights from the top), followed by one row of kind "bend" for each
    column an edge passes through (`edge_src`, `edge_dst`). Deterministic: the result
    does not depend on the order of the input rows.
    """
    nodes = coverage.sort_values(["tier_order", "node_id"]).reset_index(drop=True)
    pairs = sorted({(s, d) for s, d in zip(edges["src_node_id"], edges["dst_node_id"],
                                           strict=True)
                    if s in set(nodes["node_id"]) and d in set(nodes["node_id"])})
    layer = assign_layers(dict(zip(nodes["node_id"], nodes["tier_order"].astype(int),
                                   strict=True)), pairs)
    layers, segments, bends = insert_bends(layer, pairs)
    order = order_layers(_order_columns(layers, nodes), segments)
    size = {n: (BEND_SIZE if n.startswith(BEND) else 1.0) for n in layers}
    y = place_layers(order, segments, size, gap=NODE_GAP)
    rank = {n: i for col in order for i, n in enumerate(col)}
    out = nodes.assign(kind="node", layer=nodes["node_id"].map(layers),
                       order=nodes["node_id"].map(rank), y=nodes["node_id"].map(y))
    bend_rows = [{"node_id": b, "kind": "bend", "edge_src": s, "edge_dst": d,
                  "layer": layers[b], "order": rank[b], "y": y[b]}
                 for (s, d), points in bends.items() for b in points]
    out = pd.concat([out, pd.DataFrame(bend_rows, columns=BEND_COLUMNS)], ignore_index=True) \
        if bend_rows else out.assign(edge_src=None, edge_dst=None)
    return out.assign(x=out["layer"]).reset_index(drop=True)


def diagram_crossings(layout: pd.DataFrame, edges: pd.DataFrame) -> int:
    """Edge crossings of a layout (straight segments between adjacent columns)."""
    columns = [list(g.sort_values("order")["node_id"])
               for _, g in layout.groupby("layer", sort=True)]
    layer = dict(zip(layout.loc[layout["kind"] == "node", "node_id"],
                     layout.loc[layout["kind"] == "node", "layer"], strict=True))
    pairs = list(zip(edges["src_node_id"], edges["dst_node_id"], strict=True))
    _, segments, _ = insert_bends(layer, pairs)
    return count_crossings(columns, segments)


def _names(values, lookup: dict[str, str]) -> list[str]:
    return [lookup.get(v, v) for v in (values if isinstance(values, list) else [])]


def _node_record(row, firm_en: dict[str, str]) -> dict:
    return {"node_id": row.node_id, "name": row.node_name,
            "name_en": row.name_en if isinstance(row.name_en, str) else row.node_name,
            "tier": row.tier, "tier_order": int(row.tier_order), "x": int(row.x),
            "y": float(row.y), "status": row.status,
            "status_basis": basis if isinstance(basis := getattr(row, "status_basis", None),
                                                str) else None,
            "firm_count": int(row.firm_count),
            "marginal_count": int(row.marginal_count), "firms": list(row.firms),
            "firms_en": _names(row.firms, firm_en),
            "marginal_firms": list(row.marginal_firms),
            "marginal_firms_en": _names(row.marginal_firms, firm_en)}


def diagram_from_layout(layout: pd.DataFrame, edges: pd.DataFrame,
                        firm_en: dict[str, str] | None = None, **meta) -> dict:
    """The JSON-ready diagram: nodes, tiers (their column spans) and edges with bend points."""
    real = layout[layout["kind"] == "node"]
    nodes = [_node_record(r, firm_en or {}) for r in real.itertuples()]
    bends = layout[layout["kind"] == "bend"].sort_values("layer")
    points = {key: [[int(b.x), float(b.y)] for b in grp.itertuples()]
              for key, grp in bends.groupby(["edge_src", "edge_dst"], sort=False)}
    known = set(real["node_id"])
    edge_list = [{"src": s, "dst": d, "points": points.get((s, d), [])}
                 for s, d in sorted(zip(edges["src_node_id"], edges["dst_node_id"],
                                        strict=True))
                 if s in known and d in known]
    tiers = [{"tier": g["tier"].iloc[0], "tier_order": int(order),
              "x_min": int(g["x"].min()), "x_max": int(g["x"].max()), "nodes": len(g)}
             for order, g in real.groupby("tier_order", sort=True)]
    return {**meta, "columns": int(layout["x"].max()) + 1 if len(layout) else 0,
            "height": float((layout["y"] + 0.5).max()) if len(layout) else 0.0,
            "tiers": tiers, "nodes": nodes, "edges": edge_list}


def query_chain_diagram(con: duckdb.DuckDBPyConnection, chain: str, region: str = DEFAULT_REGION,
                        options: ReportOptions | None = None) -> dict:
    """One chain's coverage in one region, laid out (raises like run_report for bad ids), with
    the region's data coverage (which sources place firms there, whether one lists all)."""
    options = options or ReportOptions()
    report = run_report(con, "coverage", chain, region, options)
    coverage = pd.DataFrame(report.data)
    extra = con.execute("SELECT node_id, name_en, tier_order FROM dim_chain_node "
                        "WHERE chain_id = ?", [chain]).df()
    edges = con.execute("SELECT src_node_id, dst_node_id FROM fct_chain_edge "
                        "WHERE chain_id = ? ORDER BY src_node_id, dst_node_id", [chain]).df()
    # English names of the firms the boxes list only (not of every firm that has one)
    shown = sorted({n for col in ("firms", "marginal_firms") if col in coverage
                    for names in coverage[col] if isinstance(names, list) for n in names})
    firm_en = query_firm_names_en_by_name(con, tuple(shown))
    name_zh, name_en = con.execute("SELECT name_zh, name_en FROM dim_chain WHERE chain_id = ?",
                                   [chain]).fetchone()
    place = query_region(con, region)
    layout = chain_layout(coverage.merge(extra, on="node_id"), edges)
    t = options.thresholds
    return diagram_from_layout(
        layout, edges, firm_en, chain=chain, chain_name=name_zh, chain_name_en=name_en,
        region=place.region_id, region_name=place.name,
        region_name_en=query_region_name(con, place.region_id, "en"),
        thresholds={"weak_max": t.weak_max, "strong_min": t.strong_min},
        data_coverage=report.data_coverage)
