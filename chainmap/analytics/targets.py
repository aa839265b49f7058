"""Investment targets (招商): outside firms that could fill a gap, ranked, with reasons."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from chainmap.analytics.distance import (
    FirmDistance,
    Origin,
    distance_reason,
    firm_distance,
    region_origin,
)
from chainmap.analytics.facts import PRODUCING_ROLES
from chainmap.analytics.leaders import label_score, size_score
from chainmap.analytics.region import Region
from chainmap.records import LABEL_EN
from chainmap.text.catalogue import METHODS, STATUSES, label, t
from chainmap.text.evidence import evidence_en

__all__ = ["TARGET_WEIGHTS", "TIED_LEADERS", "investment_targets", "reason_text"]

TARGET_WEIGHTS = {"fit": 0.30, "plan": 0.20, "size": 0.15, "labels": 0.10,
                  "relatedness": 0.10, "distance": 0.10, "leader_ties": 0.05}
DISTANCE_SCALE_KM = 300.0
TIED_LEADERS = 5  # the local chain leaders a target's ties are counted with


def _distance(region: Region, origin: Origin, firm) -> float | None:
    """Origin to firm (chainmap.analytics.distance.firm_distance)."""
    return firm_distance(region, origin, firm.precision, firm.adcode, firm.label_lon,
                         firm.label_lat)


Reason = tuple[str, dict]  # a reason code (chainmap.text.catalogue TARGET_REASONS), its values


def _reasons(gap, firm, dist: FirmDistance, ties: list[tuple[str, str]],
             density: float | None) -> list[Reason]:
    """Why `firm` is a target for `gap`, as data: each reason's code and values, in the order
    shown (``ties``: the local chain leaders it supplies, as (firm_id, name))."""
    node_en = gap.name_en if isinstance(gap.name_en, str) else gap.node_name
    reasons: list[Reason] = [
        ("gap_unknown" if gap.status == "unknown" else "gap",
         {"node": gap.node_name, "node_en": node_en, "status": gap.status,
          "count": int(gap.firm_count)}),
        ("match", {"evidence": firm.evidence, "confidence": firm.confidence,
                   "method": firm.method})]
    if firm.firm_role == "attract" or firm.plan_designation == "引进":
        reasons.append(("attract", {}))
    if pd.notna(firm.revenue_yi):
        reasons.append(("size", {"revenue_yi": firm.revenue_yi}))
    else:
        reasons.append(("size_unknown", {}))
    if isinstance(firm.labels, str) and firm.labels:
        reasons.append(("labels", {"labels": firm.labels.split(";")}))
    if density is not None:
        reasons.append(("density", {"density": density}))
    reasons.append(("distance", {"distance": dist}))
    if ties:
        reasons.append(("ties", {"firms": ties}))
    return reasons


def reason_text(reason: Reason, lang: str = "zh", places: dict[str, str] | None = None,
                firms_en: dict[str, str] | None = None) -> str:
    """One reason in `lang`: its catalogue template filled with its values as that language
    shows them (in English: the node's, the labels' and the chain leaders' English names
    where known (`firms_en`: firm_id -> English name), the evidence's fixed words in English
    and a quote in it as written, said to be Chinese: chainmap.text.evidence; regions named
    by `places`)."""
    code, v = reason
    en = lang == "en"
    if code == "distance":
        return distance_reason(v["distance"], lang, places or {}) if en \
            else distance_reason(v["distance"], "zh")
    sep = t("list_sep", lang)
    if code in ("gap", "gap_unknown"):
        v = {**v, "node": v["node_en"] if en else v["node"],
             "status": label(STATUSES, v["status"], lang),
             "unit": t("firm_unit_one" if v["count"] == 1 else "firm_unit", lang)}
    elif code == "match":
        evidence = evidence_en(v["evidence"]) if en else v["evidence"]
        v = {**v, "method": label(METHODS, v["method"], lang),
             "evidence": (f"; {evidence}" if evidence else "") if en else evidence}
    elif code == "size":
        v = {**v, "revenue_bn": v["revenue_yi"] / 10}
    elif code == "labels":
        v = {"labels": sep.join(LABEL_EN.get(x, x) for x in v["labels"]) if en
             else sep.join(v["labels"])}
    elif code == "ties":
        v = {"firms": sep.join((firms_en or {}).get(i, name) if en else name
                               for i, name in v["firms"])}
    return t(f"target_reason_{code}", lang, **v)


COLUMNS = ["node_id", "node_name", "node_status", "firm_id", "firm_name", "score",
           "distance_km", "region_name", "reasons", "factors", "node_name_en", "reasons_en"]


def _candidates(gap_rows: pd.DataFrame, outside: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions in `outside` of the firms on each gap node (gap order, then facts order),
    and for each the position of its gap in `gap_rows`."""
    on_node = outside.groupby("node_id", sort=False).indices
    parts = [(on_node.get(node_id, np.empty(0, dtype=np.intp)), i)
             for i, node_id in enumerate(gap_rows["node_id"])]
    rows = np.concatenate([p for p, _ in parts]) if parts else np.empty(0, dtype=np.intp)
    gap_of = np.concatenate([np.full(len(p), i, dtype=np.intp) for p, i in parts]) \
        if parts else np.empty(0, dtype=np.intp)
    return rows.astype(np.intp), gap_of


class _Factor:
    """One factor for every candidate: its value per distinct input (`uniques`, as the
    row-by-row rule gives it) and each candidate's code into them."""

    def __init__(self, codes: np.ndarray, uniques: list) -> None:
        self.codes, self.uniques = codes, uniques

    def floats(self) -> np.ndarray:
        """Per candidate, unknown = 0."""
        as_float = np.array([0.0 if v is None else v for v in self.uniques], dtype=float)
        return as_float[self.codes]

    def of(self, i: int):
        return self.uniques[self.codes[i]]


def _per_distinct(column: pd.Series, score) -> _Factor:
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return _Factor(codes, [score(u) for u in uniques])


def _factors(cand: pd.DataFrame, gap_of: np.ndarray, region: Region, origin: Origin,
             best_revenue, dens: list, ties: list) -> tuple[dict[str, _Factor], _Factor]:
    """Each factor of TARGET_WEIGHTS for every candidate, and each one's distance in km."""
    located = cand[["precision", "adcode", "label_lon", "label_lat"]]
    place = located.groupby(list(located.columns), sort=False, dropna=False).ngroup().to_numpy()
    _, first = np.unique(place, return_index=True)
    dist = _Factor(place, [_distance(region, origin, firm) for firm in
                           located.iloc[first].itertuples(index=False, name="_Located")])
    return {
        "fit": _per_distinct(cand["confidence"], float),
        "plan": _per_distinct(cand["firm_role"], lambda r: 1.0 if r == "attract" else 0.0),
        "size": _per_distinct(cand["revenue_yi"], lambda v: size_score(v, best_revenue)),
        "labels": _per_distinct(cand["labels"], label_score),
        "relatedness": _Factor(gap_of, dens),
        "distance": _Factor(place, [None if d is None else 1 / (1 + d / DISTANCE_SCALE_KM)
                                    for d in dist.uniques]),
        "leader_ties": _Factor(gap_of, [1.0 if tied else 0.0 for tied in ties]),
    }, dist


def _scores(factors: dict[str, _Factor]) -> np.ndarray:
    """100 × Σ weight × factor (unknown = 0), summed in TARGET_WEIGHTS order, not yet
    rounded: the same floating-point operations as scoring one row at a time."""
    total = None
    for k, w in TARGET_WEIGHTS.items():
        term = w * factors[k].floats()
        total = term if total is None else total + term
    return 100 * total


def _near_top(score: np.ndarray, gap_of: np.ndarray, top: int) -> np.ndarray:
    """The candidates that can be among the `top` of their node once scores are rounded to
    2 decimals: rounding moves a score by at most 0.005, so one more than 0.01 below the
    node's top-th best is beaten by `top` others whatever the rounding and the ties."""
    if np.isnan(score).any():
        return np.ones(len(score), dtype=bool)
    order = np.lexsort((-score, gap_of))
    grouped = gap_of[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    cut = np.full(int(gap_of.max()) + 1, -np.inf)
    at_top = order[rank == top - 1]
    cut[gap_of[at_top]] = score[at_top]
    return score >= cut[gap_of] - 0.011


def investment_targets(graph: nx.DiGraph, gap_rows: pd.DataFrame, facts: pd.DataFrame,
                       leaders: pd.DataFrame, region: Region,
                       density: dict[str, float] | None = None, top: int = 10,
                       places: dict[str, str] | None = None,
                       firms_en: dict[str, str] | None = None,
                       origin: Origin | None = None) -> pd.DataFrame:
    """For every gap node, the outside producers on it, scored by TARGET_WEIGHTS.

    Distances are measured from `origin` (chainmap.analytics.distance.query_distance_origin;
    default the region's label point).

    Scores are computed for every candidate at once; reasons (in Chinese, and in English
    with `places` naming regions and `firms_en` (firm_id -> English name) the local chain
    leaders in English where they have one) only for the `top` per node that are kept."""
    # facts hold one row per firm per node (its best assignment, whatever sources place it
    # there: chainmap.analytics.facts), so each firm is a candidate once per node
    is_outside = ~facts["in_region"] & facts["node_role"].isin(PRODUCING_ROLES)
    positions = np.flatnonzero(is_outside.to_numpy())  # of the outside rows in `facts`
    outside = facts.loc[is_outside, ["node_id", "precision", "adcode", "label_lon", "label_lat",
                                     "confidence", "firm_role", "revenue_yi", "labels",
                                     "region_name"]]
    best_revenue = outside["revenue_yi"].max()
    top_leaders = list(leaders.head(TIED_LEADERS).itertuples()) if not leaders.empty else []
    gaps = list(gap_rows.itertuples())
    ties, dens = [], []
    for gap in gaps:
        downstream = nx.descendants(graph, gap.node_id) if gap.node_id in graph else set()
        ties.append([(r.firm_id, r.firm_name) for r in top_leaders
                     if set(r.nodes) & downstream])
        dens.append((density or {}).get(gap.node_id))
    rows, gap_of = _candidates(gap_rows, outside)
    if not len(rows):
        return _ranked(pd.DataFrame([], columns=COLUMNS), top).reset_index(drop=True)
    cand = outside.iloc[rows]
    origin = origin or region_origin(region)
    factors, dist = _factors(cand, gap_of, region, origin, best_revenue, dens, ties)
    score = _scores(factors)
    near = np.flatnonzero(_near_top(score, gap_of, top))
    rounded = [round(v, 2) for v in score[near].tolist()]
    keys = pd.DataFrame({"node_id": gap_rows["node_id"].to_numpy()[gap_of[near]],
                         "score": rounded}, index=near)
    kept = _ranked(keys, top)  # indexed by position among the candidates, in the final order
    out = []
    for i, s, firm in zip(kept.index, kept["score"].tolist(),
                          facts.iloc[positions[rows[kept.index]]].itertuples(), strict=True):
        g = gap_of[i]
        gap, d = gaps[g], dist.of(i)
        said = FirmDistance(d, origin, firm.precision, firm.region_name
                            if isinstance(firm.region_name, str) else None)
        row_factors = {k: factors[k].of(i) for k in TARGET_WEIGHTS}
        reasons = _reasons(gap, firm, said, ties[g], dens[g])
        out.append({
            "node_id": gap.node_id, "node_name": gap.node_name, "node_status": gap.status,
            "firm_id": firm.firm_id, "firm_name": firm.name, "score": s,
            "distance_km": None if d is None else round(d),
            "region_name": firm.region_name if isinstance(firm.region_name, str) else None,
            "reasons": [reason_text(r, "zh") for r in reasons],
            "factors": {k: (None if v is None else round(v, 4)) for k, v in row_factors.items()},
            "node_name_en": gap.name_en if isinstance(gap.name_en, str) else gap.node_name,
            "reasons_en": [reason_text(r, "en", places, firms_en) for r in reasons],
        })
    return pd.DataFrame(out, columns=COLUMNS).astype(_inferred_dtypes(cand, dist))


def _inferred_dtypes(cand: pd.DataFrame, dist: _Factor) -> dict:
    """The dtypes of the columns that may hold missing values, as a frame of every candidate
    (not only the kept ones) infers them: one example row per pattern of missing values
    gives the same inference."""
    unknown = np.array([d is None for d in dist.uniques], dtype=bool)[dist.codes]
    named = np.array([isinstance(r, str) for r in cand["region_name"].tolist()], dtype=bool)
    patterns = set(zip(unknown.tolist(), named.tolist(), strict=True))
    every = pd.DataFrame(
        [{"distance_km": None if no_distance else 0, "region_name": "" if has_name else None}
         for no_distance, has_name in sorted(patterns)],
        columns=["distance_km", "region_name"])
    return every.dtypes.to_dict()


def _ranked(out: pd.DataFrame, top: int) -> pd.DataFrame:
    """The best `top` per node, best first (ties: node, then candidate order). The index
    keeps each row's position among the candidates."""
    out = out.sort_values(["node_id", "score"], ascending=[True, False])
    return out.groupby("node_id").head(top).sort_values(
        ["score", "node_id"], ascending=[False, True])
