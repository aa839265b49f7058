"""Chain graphs: nodes and supply edges of one chain as a networkx DiGraph."""

from __future__ import annotations

import duckdb
import networkx as nx
import pandas as pd

from chainmap.cache import memoised

__all__ = ["build_chain_graph", "query_chain_graph", "query_chain_nodes", "upstream_of"]


def build_chain_graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.DiGraph:
    """Edges point from the supplying node to the consuming node."""
    graph = nx.DiGraph()
    for row in nodes.itertuples(index=False):
        graph.add_node(row.node_id, **row._asdict())
    graph.add_edges_from(edges[["src_node_id", "dst_node_id"]].itertuples(index=False, name=None))
    return graph


def _read_chain_graph(con: duckdb.DuckDBPyConnection, chain: str) -> nx.DiGraph:
    nodes = con.execute(
        "SELECT node_id, name_zh, name_en, tier, tier_order, plan_named FROM dim_chain_node "
        "WHERE chain_id = ? ORDER BY tier_order, node_id", [chain]).df()
    edges = con.execute(
        "SELECT src_node_id, dst_node_id FROM fct_chain_edge WHERE chain_id = ?", [chain]).df()
    return build_chain_graph(nodes, edges)


def query_chain_graph(con: duckdb.DuckDBPyConnection, chain: str) -> nx.DiGraph:
    """The chain's graph (a copy: the read is memoised per read-only connection)."""
    return memoised(con, ("chain_graph", chain), lambda: _read_chain_graph(con, chain)).copy()


def query_chain_nodes(con: duckdb.DuckDBPyConnection, chain: str) -> pd.DataFrame:
    """The chain's nodes in tier order (node_id, name_zh, name_en, tier, tier_order)."""
    return memoised(con, ("chain_nodes", chain), lambda: con.execute(
        "SELECT node_id, name_zh, name_en, tier, tier_order FROM dim_chain_node "
        "WHERE chain_id = ? ORDER BY tier_order, node_id", [chain]).df()).copy(deep=False)


def upstream_of(graph: nx.DiGraph, nodes: set[str]) -> set[str]:
    """Every node that supplies, directly or through others, any of `nodes` (excluding them)."""
    found: set[str] = set()
    for node in nodes:
        if node in graph:
            found |= nx.ancestors(graph, node)
    return found - set(nodes)
