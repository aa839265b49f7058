"""The plan's spatial structure: clusters, 川渝 partner pairs, 双核三带, and its 2025 targets."""

from __future__ import annotations

import pandas as pd

__all__ = ["build_plan_structure"]


def _explode(frame: pd.DataFrame, key: str, column: str, out: str) -> pd.DataFrame:
    pairs = [(getattr(r, key), v.strip()) for r in frame.itertuples()
             for v in str(getattr(r, column) or "").split(";") if v.strip()]
    return pd.DataFrame(pairs, columns=[key, out])


def _structure_members(structure: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in structure.itertuples():
        for role, column in (("member", "members"), ("path", "path")):
            ids = [v for v in str(getattr(r, column) or "").split(";") if v]
            rows += [{"element_id": r.element_id, "region_id": rid, "seq": i, "role": role}
                     for i, rid in enumerate(ids)]
    return pd.DataFrame(rows, columns=["element_id", "region_id", "seq", "role"])


def build_plan_structure(clusters: pd.DataFrame, partners: pd.DataFrame,
                         structure: pd.DataFrame, targets: pd.DataFrame) -> dict:
    cq = _explode(partners, "pair_id", "cq_members", "region_id").assign(side="cq")
    sc = _explode(partners, "pair_id", "sc_members", "region_id").assign(side="sc")
    return {
        "dim_cluster": pd.DataFrame({
            "cluster_id": clusters["cluster_id"], "name_zh": clusters["name_zh"],
            "name_en": clusters["name_en"], "source_id": "plan",
            "evidence": clusters["plan_quote"]}),
        "cluster_chain": _explode(clusters, "cluster_id", "chains", "chain_id"),
        "cluster_member": _explode(clusters, "cluster_id", "members", "region_id"),
        "partner_pair": pd.DataFrame({
            "pair_id": partners["pair_id"], "theme_zh": partners["theme_zh"],
            "theme_en": partners["theme_en"], "source_id": "plan",
            "evidence": partners["plan_quote"]}),
        "partner_chain": _explode(partners, "pair_id", "chains", "chain_id"),
        "partner_member": pd.concat([cq, sc], ignore_index=True)[["pair_id", "side", "region_id"]],
        "plan_structure": pd.DataFrame({
            "element_id": structure["element_id"], "kind": structure["kind"],
            "name_zh": structure["name_zh"], "name_en": structure["name_en"],
            "note": structure["note"].replace("", None), "source_id": "plan",
            "evidence": structure["plan_quote"]}),
        "plan_structure_member": _structure_members(structure),
        "plan_target": targets.assign(
            value=targets["value"].astype(float), year=targets["year"].astype(int),
            measurable_from=targets["measurable_from"].replace("", None), source_id="plan",
        ).rename(columns={"plan_quote": "evidence"})[[
            "target_id", "metric_zh", "metric_en", "comparator", "value", "unit", "year",
            "measurable_from", "source_id", "evidence"]],
    }
