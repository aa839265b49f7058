"""Firms named by the plan: records, location facts, labels, chain and node assignments.

Every row keeps where it came from (``source_id``) and how (``method``:
plan_text, rule, web_page, imported_file, manual).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["PRECISION_RANK", "best_locations", "build_plan_firms"]

PRECISION_RANK = {"point": 5, "district": 4, "zone": 3, "city": 2, "province": 1, "unknown": 0}
IN_CHONGQING_ROLES = {"local", "institution", "platform"}


def _split(value: str) -> list[str]:
    return [v.strip() for v in str(value or "").split(";") if v.strip()]


def _rule_locations(firms: pd.DataFrame) -> pd.DataFrame:
    """The plan is Chongqing's: a firm it names as its own is in Chongqing, district not given."""
    local = firms[firms["role"].isin(IN_CHONGQING_ROLES)]
    return pd.DataFrame({
        "firm_id": local["firm_id"], "adcode": "500000", "precision": "city",
        "source_id": "plan", "method": "rule",
        "evidence": "重庆市行动计划将其列为本市企业/机构（未写明区县）",
    })


def _unknown_locations(firms: pd.DataFrame, known: set[str]) -> pd.DataFrame:
    rest = firms[~firms["firm_id"].isin(known)]
    return pd.DataFrame({
        "firm_id": rest["firm_id"], "adcode": None, "precision": "unknown",
        "source_id": "plan", "method": "rule",
        "evidence": "计划未给出所在地（拟引进企业）",
    })


def best_locations(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per firm: the most precise location fact (first listed wins a tie)."""
    ranked = facts.assign(rank=facts["precision"].map(PRECISION_RANK))
    if ranked["rank"].isna().any():
        bad = sorted(set(ranked.loc[ranked["rank"].isna(), "precision"]))
        raise ValueError(f"unknown location precision {bad}; use one of {list(PRECISION_RANK)}")
    ranked = ranked.reset_index(drop=True).reset_index(names="order")
    ranked = ranked.sort_values(["firm_id", "rank", "order"], ascending=[True, False, True])
    return ranked.drop_duplicates("firm_id").drop(columns="order")


def _firm_chain(firms: pd.DataFrame) -> pd.DataFrame:
    rows = [{"firm_id": f.firm_id, "chain_id": chain, "plan_designation": f.plan_designation,
             "source_id": "plan", "method": "plan_text", "evidence": f.plan_quote}
            for f in firms.itertuples() for chain in _split(f.chains)]
    return pd.DataFrame(rows, columns=["firm_id", "chain_id", "plan_designation", "source_id",
                                       "method", "evidence"])


def _firm_label(firms: pd.DataFrame) -> pd.DataFrame:
    rows = [{"firm_id": f.firm_id, "label": label, "source_id": "plan", "method": "plan_text",
             "evidence": f.plan_quote}
            for f in firms.itertuples() for label in _split(f.labels)]
    return pd.DataFrame(rows, columns=["firm_id", "label", "source_id", "method", "evidence"])


def build_plan_firms(firms: pd.DataFrame, locations: pd.DataFrame, names: pd.DataFrame,
                     firm_nodes: pd.DataFrame) -> dict:
    dup = firms["firm_id"][firms["firm_id"].duplicated()]
    if not dup.empty:
        raise ValueError(f"firms.csv: duplicate firm_id {sorted(set(dup))}")
    for label, frame in (("firm_locations", locations), ("firm_names", names),
                         ("firm_nodes", firm_nodes)):
        stray = set(frame["firm_id"]) - set(firms["firm_id"])
        if stray:
            raise ValueError(f"{label}.csv names unknown firms {sorted(stray)}")
    facts = pd.concat([_rule_locations(firms), locations], ignore_index=True)
    facts = pd.concat([facts, _unknown_locations(firms, set(facts["firm_id"]))],
                      ignore_index=True)
    best = best_locations(facts)
    dim = firms.merge(best[["firm_id", "adcode", "precision"]], on="firm_id", how="left")
    dim = dim.merge(names[["firm_id", "full_name"]].drop_duplicates("firm_id"), on="firm_id",
                    how="left")
    dim_firm = pd.DataFrame({
        "firm_id": dim["firm_id"], "name": dim["name"], "name_en": dim["name_en"],
        "full_name": dim["full_name"], "uscc": None, "kind": dim["kind"], "role": dim["role"],
        "adcode": dim["adcode"], "precision": dim["precision"], "lon": None, "lat": None,
        "crs": None, "revenue_yi": None, "employees": None, "registered_capital_wan": None,
        "source_id": "plan", "method": "plan_text", "evidence": dim["plan_quote"],
    })
    nodes = firm_nodes.assign(confidence=firm_nodes["confidence"].astype(float),
                              chain_id=firm_nodes["node_id"].str.split(".").str[0])
    return {
        "dim_firm": dim_firm,
        "firm_location_fact": facts.assign(rank=facts["precision"].map(PRECISION_RANK)),
        "firm_label": _firm_label(firms),
        "firm_name": names[["firm_id", "full_name", "source_id", "method"]].copy(),
        "firm_chain": _firm_chain(firms),
        "firm_node": nodes[["firm_id", "node_id", "chain_id", "role", "confidence", "evidence",
                            "source_id", "method"]],
    }
