"""Chains: templates (YAML) -> chain, node, industry-code, keyword and edge tables."""

from __future__ import annotations

import pandas as pd

__all__ = ["TIERS", "build_chains"]

TIERS = {"上游": 0, "中游": 1, "下游": 2}


def _node_rows(chain: dict) -> list[dict]:
    rows = []
    for node in chain.get("nodes") or []:
        if node.get("tier") not in TIERS:
            raise ValueError(f"{chain['id']}: node {node.get('id')} has tier {node.get('tier')!r}")
        if not str(node.get("id", "")).startswith(chain["id"] + "."):
            raise ValueError(f"{chain['id']}: node id {node.get('id')!r} lacks the chain prefix")
        rows.append({
            "node_id": node["id"], "chain_id": chain["id"], "name_zh": node["name_zh"],
            "name_en": node.get("name_en") or node["name_zh"], "tier": node["tier"],
            "tier_order": TIERS[node["tier"]], "parent_node_id": node.get("parent"),
            "plan_named": bool(node.get("plan_named")), "plan_quote": node.get("plan_quote"),
            "source_id": node.get("source_id") or (
                "plan" if node.get("plan_named") else "chainmap_template"),
            "gbt4754": [str(c) for c in node.get("gbt4754") or []],
            "keywords": list(node.get("keywords") or []),
        })
    return rows


def build_chains(templates: list[dict], gbt_names: dict[str, str] | None = None) -> dict:
    """Flatten chain templates into tables; unknown edge ends are an error, not a silent drop."""
    gbt_names = gbt_names or {}
    chains, nodes, edges = [], [], []
    for chain in templates:
        chains.append({k: chain.get(k) for k in
                       ("id", "name_zh", "name_en", "sector_zh", "sector_en", "source")}
                      | {"focus": bool(chain.get("focus"))})
        chain_nodes = _node_rows(chain)
        ids = {n["node_id"] for n in chain_nodes}
        for src, dst in chain.get("edges") or []:
            if src not in ids or dst not in ids:
                raise ValueError(f"{chain['id']}: edge {src} -> {dst} names an unknown node")
            edges.append({"chain_id": chain["id"], "src_node_id": src, "dst_node_id": dst,
                          "source_id": "chainmap_template"})
        nodes.extend(chain_nodes)
    node_df = pd.DataFrame(nodes)
    industry = node_df[["node_id", "gbt4754"]].explode("gbt4754").dropna()
    industry = industry.rename(columns={"gbt4754": "gbt_code"}).drop_duplicates()
    industry["gbt_name"] = industry["gbt_code"].map(gbt_names)
    keywords = node_df[["node_id", "keywords"]].explode("keywords").dropna()
    keywords = keywords.rename(columns={"keywords": "keyword"}).drop_duplicates()
    return {
        "dim_chain": pd.DataFrame(chains).rename(columns={"id": "chain_id"}),
        "dim_chain_node": node_df.drop(columns=["gbt4754", "keywords"]),
        "chain_node_industry": industry.reset_index(drop=True),
        "chain_node_keyword": keywords.reset_index(drop=True),
        "fct_chain_edge": pd.DataFrame(edges, columns=["chain_id", "src_node_id", "dst_node_id",
                                                       "source_id"]),
    }
