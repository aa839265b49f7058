"""BASELINE for bench/run.py only — not used by the product.

A straightforward pandas + networkx implementation of the same registry import and
chain analytics, written the way one would without set-based SQL: pandas reads the
CSV, each cleaning rule is a Python function applied row by row (name normalisation,
name core, GB 32100 credit-code check, capital, dates, address lookup), each keyword
is a ``str.contains`` over the texts, the result is loaded into DuckDB; then for every
chain and region the facts are merged in pandas and coverage, gaps, leaders (networkx
ancestors), local supply ratio, concentration (HHI) and location quotients computed.

It skips what the product does beyond that (cross-source resolution, review band,
provenance, quarantine bookkeeping, branch links), so it *understates* the work a naive
version would do: the speed-up reported against it is conservative.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb
import networkx as nx
import pandas as pd

from etl.names import FULL_WIDTH, HALF_WIDTH, LEGAL_FORM
from etl.pipeline import build_tables
from etl.read import read_curated
from etl.reference import read_reference
from etl.uscc import is_valid_uscc

__all__ = ["baseline_analytics", "baseline_import", "run_baseline"]

COLUMNS = {"企业名称": "full_name", "统一社会信用代码": "uscc", "登记状态": "status",
           "注册资本": "capital", "成立日期": "founded", "所属省份": "province",
           "所属城市": "city", "所属区县": "district", "企业地址": "address",
           "国标行业小类": "gb_class", "经营范围": "scope", "参保人数": "employees"}
TABLE = str.maketrans(FULL_WIDTH, HALF_WIDTH)
LEGAL = re.compile(LEGAL_FORM)
YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
CAPITAL = re.compile(r"([0-9]+(\.[0-9]+)?)")


def _norm(name: str) -> str | None:
    if not name:
        return None
    text = name.strip().translate(TABLE).upper()
    for ch in (" ", "\t", "(", ")", "·", "•", "\u00a0", '"', "'"):
        text = text.replace(ch, "")
    return text.replace("有限责任公司", "有限公司") or None


def _core(norm: str | None, prefixes: re.Pattern) -> str | None:
    if not isinstance(norm, str) or not norm:
        return None
    return prefixes.sub("", LEGAL.sub("", norm)) or None


def _capital(text: str) -> float | None:
    text = (text or "").replace(",", "")
    match = CAPITAL.search(text)
    if not match or any(c in text for c in ("美元", "港元", "欧元")):
        return None
    scale = 10000.0 if "亿" in text else 1.0 if "万" in text else 0.0001 if "元" in text else 1.0
    return float(match.group(1)) * scale


def _date(text: str) -> str | None:
    match = YMD.match(text or "")
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else None


def _locator(divisions: pd.DataFrame):
    by_name: dict[tuple[str, str], str] = {}
    for d in divisions.itertuples():
        by_name[(d.parent_adcode or "", d.name)] = d.adcode
    provinces = {d.name: d.adcode for d in divisions.itertuples() if d.level == "province"}

    def locate(province: str, city: str, district: str, address: str) -> str | None:
        prov = provinces.get(province)
        if prov is None:
            prov = next((code for name, code in provinces.items()
                         if (address or "").startswith(name)), None)
        if prov is None:
            return None
        town = by_name.get((prov, city)) or prov
        if prov in ("110000", "120000", "310000", "500000"):
            town = prov
        return by_name.get((town, district)) or (town if town != prov else prov)
    return locate


def baseline_import(path: Path, data_dir: Path, db: Path) -> duckdb.DuckDBPyConnection:
    ref = read_reference(data_dir)
    tables = build_tables(read_curated(data_dir))
    raw = pd.read_csv(path, skiprows=1, dtype=str, keep_default_na=False)
    rows = raw.rename(columns=COLUMNS)[list(COLUMNS.values())]
    prefixes = re.compile("^(" + "|".join(ref.prefixes) + ")")
    rows["name_norm"] = rows["full_name"].map(_norm)
    rows["name_core"] = rows["name_norm"].map(lambda n: _core(n, prefixes))
    rows["uscc_ok"] = rows["uscc"].map(lambda c: is_valid_uscc(c.strip().upper()))
    rows["capital_wan"] = rows["capital"].map(_capital)
    rows["founded_iso"] = rows["founded"].map(_date)
    rows["employees_n"] = pd.to_numeric(rows["employees"], errors="coerce")
    locate = _locator(ref.divisions)
    rows["adcode"] = [locate(*r) for r in zip(rows["province"], rows["city"], rows["district"],
                                              rows["address"], strict=True)]
    inactive = rows["status"].str.contains("注销|吊销|撤销", regex=True)
    rows = rows[rows["name_norm"].notna() & ~inactive]
    rows = rows.drop_duplicates("name_norm")
    rows["firm_id"] = [f"u_{u}" if ok else f"n_{hash(n) & 0xFFFFFFFFFFFF:x}"
                       for u, ok, n in zip(rows["uscc"], rows["uscc_ok"], rows["name_norm"],
                                           strict=True)]
    # classify: every keyword over names and scopes
    keywords = tables["chain_node_keyword"].merge(tables["dim_chain_node"][["node_id", "chain_id"]])
    hits = []
    for kw in keywords.itertuples():
        in_name = rows["name_norm"].str.contains(kw.keyword, regex=False)
        in_scope = rows["scope"].str.contains(kw.keyword, regex=False)
        for mask, base in ((in_name, 0.45), (in_scope, 0.25)):
            found = rows.loc[mask, ["firm_id"]].assign(
                node_id=kw.node_id, chain_id=kw.chain_id,
                confidence=base + (0.1 if len(kw.keyword) >= 4 else 0.05), role="maker")
            hits.append(found)
    firm_node = pd.concat(hits).sort_values("confidence", ascending=False).drop_duplicates(
        ["firm_id", "node_id"])
    firm_node = firm_node[firm_node["confidence"] >= 0.4]
    con = duckdb.connect(str(db))
    firms = rows[["firm_id", "full_name", "adcode", "capital_wan", "employees_n"]]
    con.register("firms_in", firms)
    con.register("nodes_in", firm_node)
    con.execute("CREATE OR REPLACE TABLE firm AS SELECT * FROM firms_in")
    con.execute("CREATE OR REPLACE TABLE firm_node AS SELECT * FROM nodes_in")
    con.register("chain_nodes_in", tables["dim_chain_node"])
    con.register("edges_in", tables["fct_chain_edge"])
    con.execute("CREATE OR REPLACE TABLE chain_node AS SELECT * FROM chain_nodes_in")
    con.execute("CREATE OR REPLACE TABLE chain_edge AS SELECT * FROM edges_in")
    return con


def _inside(divisions: pd.DataFrame, region: str) -> set[str]:
    if region == "chengyu":
        return _inside(divisions, "500000") | _inside(divisions, "510000")
    children = divisions.groupby("parent_adcode")["adcode"].apply(list).to_dict()
    found, todo = {region}, [region]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def baseline_analytics(con: duckdb.DuckDBPyConnection, data_dir: Path,
                       regions: tuple[str, ...]) -> int:
    """Per chain and region, pandas + networkx; returns the number of reports computed."""
    divisions = read_reference(data_dir).divisions
    firms = con.execute("SELECT * FROM firm").df()
    firm_node = con.execute("SELECT * FROM firm_node").df()
    nodes = con.execute("SELECT * FROM chain_node").df()
    edges = con.execute("SELECT * FROM chain_edge").df()
    done = 0
    for chain in sorted(nodes["chain_id"].unique()):
        chain_nodes = nodes[nodes["chain_id"] == chain]
        graph = nx.DiGraph()
        graph.add_nodes_from(chain_nodes["node_id"])
        chain_edges = edges[edges["chain_id"] == chain]
        graph.add_edges_from(zip(chain_edges["src_node_id"], chain_edges["dst_node_id"],
                                 strict=True))
        for region in regions:
            inside = _inside(divisions, region)
            # every report recomputes its facts, as a straightforward version would
            for _kind in ("coverage", "gaps", "leaders", "supply", "resilience",
                          "specialization"):
                facts = firm_node[firm_node["chain_id"] == chain].merge(firms, on="firm_id")
                facts["in_region"] = facts["adcode"].isin(inside)
                local = facts[facts["in_region"] & (facts["confidence"] >= 0.5)]
                coverage = chain_nodes[["node_id"]].merge(
                    local.groupby("node_id").size().rename("firms").reset_index(),
                    how="left").fillna(0)
                _gaps = coverage[coverage["firms"] <= 1]
                covered = set(coverage.loc[coverage["firms"] > 0, "node_id"])
                scores = {}
                for firm_id, group in local.groupby("firm_id"):
                    ups = set()
                    for node in group["node_id"]:
                        ups |= nx.ancestors(graph, node) if node in graph else set()
                    scores[firm_id] = len(ups & covered) + (group["capital_wan"].max() or 0) / 1e6
                _leaders = sorted(scores.items(), key=lambda kv: -kv[1])[:10]
                upstream = [e for e in graph.edges if e[1] in covered]
                _ratio = (sum(1 for s, _ in upstream if s in covered) / len(upstream)
                          if upstream else None)
                shares = local.groupby(["node_id", "firm_id"]).size()
                _hhi = (shares / shares.groupby(level=0).transform("sum")).pow(2).groupby(
                    level=0).sum()
                district = local.groupby(["adcode", "node_id"]).size().unstack(fill_value=0)
                _lq = (district.div(district.sum(axis=1), axis=0)
                       / (district.sum(axis=0) / max(district.values.sum(), 1)))
                done += 1
    return done


def run_baseline(path: Path, data_dir: Path, regions: tuple[str, ...], db: Path) -> dict:
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    con = baseline_import(path, data_dir, db)
    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    reports = baseline_analytics(con, data_dir, regions)
    analytics_s = time.perf_counter() - t0
    con.close()
    return {"import_s": round(import_s, 3), "analytics_s": round(analytics_s, 3),
            "reports": reports}
