"""The `chainmap report` kinds: each composes analytics for one chain and one region.

Every report returns a Report: `data` (JSON-ready, the contract), and `frame` + `headers`
for people (Excel/CSV with Chinese headers), and `data_coverage`: which sources place firms
in the report's region and whether any lists every firm there
(chainmap.analytics.data_coverage.query_data_coverage).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import duckdb
import networkx as nx
import numpy as np
import pandas as pd

from chainmap.analytics.complement import complementarity
from chainmap.analytics.coverage import (
    GapBasis,
    Thresholds,
    gaps,
    node_coverage,
    region_node_status,
)
from chainmap.analytics.data_coverage import PLAN_REGION, query_data_coverage, query_gap_basis
from chainmap.analytics.distance import query_distance_origin
from chainmap.analytics.facts import in_region, query_chain_facts_anywhere
from chainmap.analytics.leaders import leader_scores
from chainmap.analytics.progress import latest_figure, plan_progress
from chainmap.analytics.region import Region, query_region, query_region_members
from chainmap.analytics.resilience import concentration, remove_and_compare
from chainmap.analytics.specialization import (
    count_matrix,
    density,
    location_quotients,
    strong_clusters,
)
from chainmap.analytics.supply import leader_supply, supply_ratio
from chainmap.analytics.targets import TIED_LEADERS, investment_targets
from chainmap.cache import memoised
from chainmap.graph import query_chain_graph, query_chain_nodes
from chainmap.queries import query_firm_names_en, query_place_names_en
from chainmap.selection import Selection, UnknownChainError, select
from chainmap.text.captions import caption
from chainmap.text.catalogue import STATUSES, headers, words

__all__ = ["REPORTS", "Report", "ReportOptions", "UnknownChainError", "report_of",
           "reports_of", "run_report", "run_reports"]


@dataclass(frozen=True)
class ReportOptions:
    thresholds: Thresholds = field(default_factory=Thresholds)
    remove: str | None = None
    km: float | None = None
    top: int = 10


@dataclass
class Report:
    kind: str
    chain: str
    region: str
    data: object
    frame: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)
    # the sources placing firms in `region` (query_data_coverage; set by run_report)
    data_coverage: dict | None = None


@dataclass
class Context:
    """One chain and region. Its inputs (graph, nodes, facts) are read on first use; the
    frames derived from them (coverage, leaders, density) are computed once per read-only
    connection (the one cache, chainmap.cache) and shared by the reports run over them, so
    they must not be changed in place."""

    con: duckdb.DuckDBPyConnection
    chain: str
    region: Region
    options: ReportOptions

    # read on first use: a report that needs none of them (progress) reads none
    @cached_property
    def graph(self) -> nx.DiGraph:
        return query_chain_graph(self.con, self.chain)

    @cached_property
    def nodes(self) -> pd.DataFrame:
        return query_chain_nodes(self.con, self.chain)

    @cached_property
    def anywhere(self) -> pd.DataFrame:
        """The chain's facts wherever the firms are (no in_region)."""
        return query_chain_facts_anywhere(self.con, self.chain)

    @cached_property
    def facts(self) -> pd.DataFrame:
        return self.facts_for(self.region.region_id)

    @cached_property
    def gap_basis(self) -> GapBasis:
        """What can call a node with no known firm in the region missing."""
        return query_gap_basis(self.con, self.region.region_id)

    def _cached(self, key, compute):
        """compute(), once per read-only connection for this chain and region (`key` names
        everything else the value depends on)."""
        return memoised(self.con, ("context", self.chain, self.region.region_id, key), compute)

    def facts_for(self, region_id: str) -> pd.DataFrame:
        """The chain's facts with `in_region` for `region_id`."""
        return in_region(self.anywhere, query_region_members(self.con, region_id))

    def coverage(self, facts: pd.DataFrame | None = None) -> pd.DataFrame:
        if facts is None:
            return self._cached(("coverage", self.options.thresholds), lambda: node_coverage(
                self.nodes, self.facts, self.options.thresholds, self.gap_basis))
        return node_coverage(self.nodes, facts, self.options.thresholds, self.gap_basis)

    def node_status_of(self, region_ids: list[str]) -> dict[str, dict[str, dict]]:
        """Per region: node_id -> status row, as coverage(facts_for(region)) has it."""
        return region_node_status(
            self.nodes, self.anywhere,
            {r: query_region_members(self.con, r) for r in region_ids}, self.options.thresholds,
            {r: query_gap_basis(self.con, r) for r in region_ids})

    def in_chengyu(self) -> pd.Series:
        return self._cached("in_chengyu", lambda: self.facts["adcode"].isin(
            query_region_members(self.con, "chengyu")))

    def leaders(self) -> pd.DataFrame:
        return self._cached("leaders", lambda: leader_scores(self.graph, self.facts))

    def density(self) -> dict[str, float]:
        return self._cached("density", self._density)

    def _density(self) -> dict[str, float]:
        units = reference_units(self.con, self.region.region_id)
        counts = count_matrix(self.facts, units, list(self.nodes["node_id"]))
        dens = density(location_quotients(counts))
        if self.region.region_id in dens.index:
            return dens.loc[self.region.region_id].to_dict()
        return {}


def reference_units(con: duckdb.DuckDBPyConnection, region_id: str) -> list[str]:
    """The regions a location quotient compares: siblings of a district, children of a city."""
    return list(memoised(con, ("reference_units", region_id),
                         lambda: tuple(_reference_units(con, region_id))))


def _reference_units(con: duckdb.DuckDBPyConnection, region_id: str) -> list[str]:
    level_row = con.execute("SELECT level, parent_id FROM dim_region WHERE region_id = ?",
                            [region_id]).fetchone()
    if region_id == "chengyu":
        parents = ["500000", "510000"]
    elif level_row and level_row[0] == "district":
        parents = [level_row[1]]
    else:
        parents = [region_id]
    rows = con.execute(
        "SELECT region_id FROM dim_region WHERE parent_id IN (SELECT unnest(?)) "
        "AND level IN ('district', 'city') AND geometry IS NOT NULL ORDER BY region_id",
        [parents]).fetchall()
    return [r[0] for r in rows]


def _native(value):
    """What DataFrame.to_dict boxes an object column's value to."""
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    return None if value is pd.NA else value


def _column_values(column: pd.Series) -> list:
    if column.dtype == object:
        return [_native(v) for v in column.to_numpy()]
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "biufc":
        return column.to_numpy().tolist()
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.na_value is np.nan:
        return column.to_numpy(dtype=object).tolist()
    if isinstance(column.dtype, np.dtype):  # datetimes: Timestamps, not boxed
        return list(column)
    return [_native(v) for v in column]


def _records(frame: pd.DataFrame) -> list[dict]:
    """frame.to_dict("records"), the same values and types, column by column (to_dict goes
    row by row through every value)."""
    columns = frame.columns.tolist()
    if frame.columns.has_duplicates:
        return frame.to_dict("records")
    values = [_column_values(frame.iloc[:, i]) for i in range(frame.shape[1])]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


# a report's Excel headers: its columns' codes in the text catalogue, in Chinese
COVERAGE_HEADERS = headers({
    "node_id": "col_node_id", "node_name": "node", "tier": "tier", "status": "status",
    "status_basis": "col_status_basis", "firm_count": "col_firm_count",
    "marginal_count": "col_marginal_count", "labelled_count": "col_labelled_count",
    "support_count": "col_support_count", "revenue_yi": "col_revenue_yi", "firms": "col_firms",
    "marginal_firms": "marginal_firms"})


def _for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """status and status_basis in words (Chinese, as the tables' headers are)."""
    return frame.assign(status=frame["status"].map(words(STATUSES, "zh")),
                        status_basis=frame["status_basis"].map(
                            lambda b: caption(f"basis_{b}_short") if isinstance(b, str) else None))


def _coverage(ctx: Context) -> Report:
    cov = ctx.coverage().drop(columns=["tier_order", "name_en"])
    return Report("coverage", ctx.chain, ctx.region.region_id, _records(cov),
                  _for_people(cov), COVERAGE_HEADERS)


def _gaps(ctx: Context) -> Report:
    """Missing, then weak, then unknown nodes (the data cannot say whether they are there)."""
    g = gaps(ctx.coverage(), unknown=True)
    # distinct firms per node outside the region: facts have one row per (firm, node)
    outside = ctx.facts.loc[~ctx.facts["in_region"], "node_id"].value_counts()
    g["outside_candidates"] = g["node_id"].map(outside).fillna(0).astype(int)
    cols = ["node_id", "node_name", "tier", "status", "status_basis", "firm_count",
            "marginal_count", "marginal_firms", "outside_candidates"]
    frame = g[cols]
    return Report("gaps", ctx.chain, ctx.region.region_id,
                  _records(frame.assign(node_name_en=g["name_en"].fillna(g["node_name"]))),
                  _for_people(frame),
                  COVERAGE_HEADERS | headers({"outside_candidates": "col_outside_candidate_count"}))


def _leaders(ctx: Context) -> Report:
    lead = ctx.leaders().copy(deep=False)  # copy-on-write: the Context's frame stays as is
    lead.insert(0, "rank", range(1, len(lead) + 1))
    cols = ["rank", "firm_name", "firm_id", "score", "factors", "nodes", "n_local_suppliers",
            "local_supplier_names", "plan_designation", "labels", "region_name", "precision",
            "size_known"]
    frame = lead.reindex(columns=cols)
    return Report("leaders", ctx.chain, ctx.region.region_id, _records(frame), frame,
                  headers({"rank": "col_rank", "firm_name": "col_firm_name", "score": "col_score",
                           "factors": "col_factors", "nodes": "col_leader_nodes",
                           "n_local_suppliers": "col_local_suppliers",
                           "plan_designation": "col_plan_designation", "labels": "col_labels",
                           "region_name": "col_region"}))


def _supply(ctx: Context) -> Report:
    in_cy = ctx.in_chengyu()
    data = supply_ratio(ctx.graph, ctx.facts, in_cy)
    data["leaders"] = leader_supply(ctx.graph, ctx.facts, in_cy, ctx.leaders().head(5),
                                    ctx.options.km)
    data["km"] = ctx.options.km
    frame = pd.DataFrame([{"scope": caption("supply_scope_chain"), **{k: data[k] for k in (
        "ratio", "ratio_chengyu", "ratio_incl_marginal", "uncovered")}}] + [
        {"scope": caption("supply_scope_leader", name=r["firm_name"]), **r}
        for r in data["leaders"]])
    return Report("supply", ctx.chain, ctx.region.region_id, data, frame,
                  headers({"scope": "col_supply_scope", "ratio": "col_ratio",
                           "ratio_chengyu": "col_ratio_chengyu", "ratio_km": "col_ratio_km",
                           "uncovered": "col_uncovered"}))


def _resilience(ctx: Context) -> Report:
    conc = concentration(ctx.facts)
    names = dict(zip(ctx.nodes["node_id"], ctx.nodes["name_zh"], strict=True))
    conc.insert(1, "node_name", conc["node_id"].map(names))
    cov = ctx.coverage()
    data = {"nodes": _records(conc),
            "single_supplier_nodes": conc.loc[conc["single_supplier"], "node_id"].tolist(),
            "nodes_without_local_producer": cov.loc[cov["firm_count"] == 0, "node_id"].tolist()}
    if ctx.options.remove:
        data["whatif"] = remove_and_compare(ctx.graph, ctx.nodes, ctx.facts,
                                            ctx.options.remove, ctx.options.thresholds,
                                            ctx.gap_basis)
    return Report("resilience", ctx.chain, ctx.region.region_id, data, conc,
                  headers({"node_name": "node", "firm_count": "col_local_firm_count",
                           "hhi": "col_hhi", "single_supplier": "col_single_supplier",
                           "firms": "col_firms"}))


def _complement(ctx: Context) -> Report:
    cities = memoised(ctx.con, "sichuan_cities", lambda: tuple(ctx.con.execute(
        "SELECT region_id, name FROM dim_region WHERE parent_id = '510000' AND level = 'city' "
        "ORDER BY region_id").fetchall()))
    names = dict(cities) | {"500000": "重庆市", "510000": "四川省"}
    partners = set(memoised(ctx.con, ("sichuan_partners", ctx.chain), lambda: frozenset(
        r[0] for r in ctx.con.execute(
            "SELECT m.region_id FROM partner_member m JOIN partner_chain c USING (pair_id) "
            "WHERE c.chain_id = ? AND m.side = 'sc'", [ctx.chain]).fetchall())))
    per_city = ctx.node_status_of(["500000", "510000", *(rid for rid, _ in cities)])
    cq, sc = per_city.pop("500000"), per_city.pop("510000")
    data = complementarity(cq, sc, per_city, names, partners)
    data["plan_partner_cities"] = sorted(names.get(p, p) for p in partners)
    frame = pd.DataFrame([{"direction": caption(f"direction_{side}"), **r} for side in (
        "sichuan_fills_chongqing", "chongqing_fills_sichuan") for r in data[side]])
    return Report("complement", ctx.chain, "chengyu", data, frame,
                  headers({"direction": "col_direction", "node_name": "node",
                           "region_name": "col_complement_region", "status": "col_status_there",
                           "firms": "col_firms", "plan_partner": "col_plan_partner"}))


def _targets(ctx: Context) -> Report:
    leaders = ctx.leaders()
    # the English names the reasons use: the tied local chain leaders'
    leaders_en = query_firm_names_en(
        ctx.con, tuple(sorted(set(leaders.head(TIED_LEADERS)["firm_id"]))))
    # nodes the data cannot judge (unknown) are worth courting firms for too: listed after
    # the missing and weak ones, their reasons say the local situation is not known
    t = investment_targets(ctx.graph, gaps(ctx.coverage(), unknown=True), ctx.facts, leaders,
                           ctx.region, ctx.density(), ctx.options.top,
                           query_place_names_en(ctx.con), leaders_en,
                           query_distance_origin(ctx.con, ctx.region))
    # a firm's English name where its source gives one (None: it is called by its name)
    english = query_firm_names_en(ctx.con, tuple(sorted(set(t["firm_id"])))) if len(t) else {}
    t["firm_name_en"] = pd.Series([english.get(f) for f in t["firm_id"]], index=t.index,
                                  dtype=object)
    # the English forms are for the app's English mode: the rows carry them, the table not
    return Report("targets", ctx.chain, ctx.region.region_id, _records(t),
                  t.drop(columns=["node_name_en", "reasons_en", "firm_name_en"]),
                  headers({"node_name": "col_gap_node", "node_status": "col_node_status",
                           "firm_name": "col_firm", "score": "col_score",
                           "distance_km": "col_distance_km", "region_name": "col_region",
                           "reasons": "col_target_reasons", "factors": "col_factors"}))


def _progress(ctx: Context) -> Report:
    # with the latest cited figure (published, or entered by an editor) beside the measure
    rows = [{**r, **latest_figure(r)} for r in plan_progress(ctx.con)]
    return Report("progress", ctx.chain, PLAN_REGION, rows, pd.DataFrame(rows),
                  headers({"metric": "metric", "target": "target_2025", "latest": "col_latest",
                           "latest_source": "source", "latest_url": "col_latest_url",
                           "measured": "col_measured_value", "status": "status",
                           "note": "col_note", "coverage": "col_data_coverage"}))


def _specialization(ctx: Context) -> Report:
    units = reference_units(ctx.con, ctx.region.region_id)
    counts = count_matrix(ctx.facts, units, list(ctx.nodes["node_id"]))
    lq = location_quotients(counts)
    dens = density(lq)
    strong = strong_clusters(counts, lq)
    long = pd.DataFrame({"firms": counts.stack(), "lq": lq.stack().round(3),
                         "density": dens.stack().round(3)}).reset_index()
    long.columns = ["adcode", "node_id", "firms", "lq", "density"]
    keys = set(zip(strong["adcode"], strong["node_id"], strict=True))
    long["strong_cluster"] = [(a, n) in keys for a, n in
                              zip(long["adcode"], long["node_id"], strict=True)]
    long = long[(long["firms"] > 0) | (long["density"] > 0)].reset_index(drop=True)
    return Report("specialization", ctx.chain, ctx.region.region_id,
                  _records(long), long,
                  headers({"adcode": "col_region_division", "node_id": "node",
                           "firms": "measure_firms", "lq": "measure_lq", "density": "col_density",
                           "strong_cluster": "col_strong_cluster"}))


REPORTS: dict[str, Callable[[Context], Report]] = {
    "coverage": _coverage, "gaps": _gaps, "leaders": _leaders, "supply": _supply,
    "resilience": _resilience, "complement": _complement, "targets": _targets,
    "progress": _progress, "specialization": _specialization,
}


def _run(kind: str, ctx: Context) -> Report:
    report = REPORTS[kind](ctx)
    report.data_coverage = query_data_coverage(ctx.con, report.region)
    return report


def reports_of(con: duckdb.DuckDBPyConnection, kinds: list[str], selection: Selection,
               options: ReportOptions | None = None) -> dict[str, Report]:
    """Reports for a selection the edge has checked (chainmap.selection: not checked again),
    over one Context: the chain's graph and facts are queried once for all kinds."""
    if unknown := [k for k in kinds if k not in REPORTS]:
        raise ValueError(f"unknown report {unknown[0]!r}; one of {sorted(REPORTS)}")
    ctx = Context(con, selection.chain, query_region(con, selection.region),
                  options or ReportOptions())
    return {kind: _run(kind, ctx) for kind in kinds}


def report_of(con: duckdb.DuckDBPyConnection, kind: str, selection: Selection,
              options: ReportOptions | None = None) -> Report:
    return reports_of(con, [kind], selection, options)[kind]


def run_reports(con: duckdb.DuckDBPyConnection, kinds: list[str], chain: str, region: str,
                options: ReportOptions | None = None) -> dict[str, Report]:
    """reports_of for ids not checked yet: UnknownChainError, UnknownRegionError."""
    return reports_of(con, kinds, select(con, chain, region), options)


def run_report(con: duckdb.DuckDBPyConnection, kind: str, chain: str, region: str,
               options: ReportOptions | None = None) -> Report:
    return run_reports(con, [kind], chain, region, options)[kind]
