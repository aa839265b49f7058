"""Chain graphs: nodes and supply edges of one chain as a networkx DiGraph."""

from __future__ import annotations

import duckdb
import networkx as nx
import pandas as pd

__all__ = ["build_chain_graph", "query_chain_graph", "upstream_of"]


def build_chain_graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.DiGraph:
    """Edges point from the supplying node to the consuming node."""
    graph = nx.DiGraph()
    for row in nodes.itertuples(index=False):
        graph.add_node(row.node_id, **row._asdict())
    graph.add_edges_from(edges[["src_node_id", "dst_node_id"]].itertuples(index=False, name=None))
    return graph


def query_chain_graph(con: duckdb.DuckDBPyConnection, chain: str) -> nx.DiGraph:
    nodes = con.execute(
        "SELECT node_id, name_zh, name_en, tier, tier_order, plan_named FROM dim_chain_node "
        "WHERE chain_id = ? ORDER BY tier_order, node_id", [chain]).df()
    edges = con.execute(
        "SELECT src_node_id, dst_node_id FROM fct_chain_edge WHERE chain_id = ?", [chain]).df()
    return build_chain_graph(nodes, edges)


def upstream_of(graph: nx.DiGraph, nodes: set[str]) -> set[str]:
    """Every node that supplies, directly or through others, any of `nodes` (excluding them)."""
    found: set[str] = set()
    for node in nodes:
        if node in graph:
            found |= nx.ancestors(graph, node)
    return found - set(nodes)
