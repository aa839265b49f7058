"""Parameterised read queries over the built database (no user text is ever formatted into SQL)."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pandas as pd

from chainmap.cache import memoised
from chainmap.records import Firm, FirmRole, Precision, SourcedFact
from chainmap.text.captions import caption

__all__ = ["query_chains", "query_firm_facts", "query_firm_names_en", "query_firm_names_en_by_name",
           "query_firms", "query_info", "query_place_names_en", "query_region_name",
           "query_regions"]

REGION_GROUPS = {
    "cq_districts": "SELECT count(*) FROM dim_region WHERE level = 'district' "
                    "AND parent_id = '500000'",
    "sc_cities": "SELECT count(*) FROM dim_region WHERE level = 'city' AND parent_id = '510000'",
    "cd_districts": "SELECT count(*) FROM dim_region WHERE level = 'district' "
                    "AND parent_id = '510100'",
    "zones": "SELECT count(*) FROM dim_region WHERE level = 'zone'",
}


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()[0]


def query_chains(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT c.chain_id AS id, c.name_zh AS name, c.name_en, c.focus, "
        "count(n.node_id) AS nodes, "
        "count(CASE WHEN n.tier = '上游' THEN 1 END) AS upstream, "
        "count(CASE WHEN n.tier = '中游' THEN 1 END) AS midstream, "
        "count(CASE WHEN n.tier = '下游' THEN 1 END) AS downstream, "
        "(SELECT count(*) FROM fct_chain_edge e WHERE e.chain_id = c.chain_id) AS edges "
        "FROM dim_chain c LEFT JOIN dim_chain_node n ON n.chain_id = c.chain_id "
        "GROUP BY c.chain_id, c.name_zh, c.name_en, c.focus ORDER BY c.focus DESC, c.chain_id"
    ).df()


def query_info(con: duckdb.DuckDBPyConnection) -> dict:
    chains = query_chains(con)
    precision = dict(con.execute(
        "SELECT precision, count(*) FROM dim_firm GROUP BY precision ORDER BY precision"
    ).fetchall())
    roles = dict(con.execute(
        "SELECT role, count(*) FROM dim_firm GROUP BY role ORDER BY role").fetchall())
    return {
        "regions": {k: _scalar(con, sql) for k, sql in REGION_GROUPS.items()},
        "chains": [{k: (bool(v) if k == "focus" else (int(v) if k in {
            "nodes", "upstream", "midstream", "downstream", "edges"} else v))
                    for k, v in row.items()} for row in chains.to_dict("records")],
        "firms": _scalar(con, "SELECT count(*) FROM dim_firm"),
        "firms_by_role": roles,
        "firms_by_precision": precision,
        "firm_node_assignments": _scalar(con, "SELECT count(*) FROM firm_node"),
        "clusters": _scalar(con, "SELECT count(*) FROM dim_cluster"),
        "partner_pairs": _scalar(con, "SELECT count(*) FROM partner_pair"),
        "targets": _scalar(con, "SELECT count(*) FROM plan_target"),
        "sources": _scalar(con, "SELECT count(*) FROM dim_source"),
        "built_at": _scalar(con, "SELECT value FROM build_meta WHERE key = 'built_at'"),
    }


def query_regions(con: duckdb.DuckDBPyConnection, parent_id: str | None = None,
                  level: str | None = None) -> pd.DataFrame:
    """Regions with their GeoJSON; read once per read-only connection (the polygons are
    the bulk of it), each caller gets its own copy."""
    return memoised(con, ("regions", parent_id, level), lambda: con.execute(
        "SELECT region_id, name, name_en, level, parent_id, province_id, geometry, "
        "label_lon, label_lat, crs FROM dim_region "
        "WHERE (? IS NULL OR parent_id = ?) AND (? IS NULL OR level = ?) ORDER BY region_id",
        [parent_id, parent_id, level, level],
    ).df()).copy()


FEW_NAMES_EN = 20_000  # up to this many firms with an English name are read once and kept
NAME_KEYS = ("firm_id", "name")  # what English names are looked up by


def _names_en_all(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, str] | None:
    """Every firm's English name by ``key``, when few firms have one (the plan's firms, a
    listed-company list); None when more do (a registry with an 英文名 column)."""
    rows = con.execute(f"SELECT {key}, min(trim(name_en)) FROM dim_firm "  # noqa: S608 (NAME_KEYS)
                       f"WHERE name_en IS NOT NULL GROUP BY {key} LIMIT ?",
                       [FEW_NAMES_EN + 1]).fetchall()
    if len(rows) > FEW_NAMES_EN:
        return None
    return {value: name for value, name in rows if name}


def _names_en(con: duckdb.DuckDBPyConnection, key: str, values) -> dict[str, str]:
    if key not in NAME_KEYS:
        raise ValueError(f"English names are looked up by {NAME_KEYS}, not {key!r}")
    values = [v for v in values if isinstance(v, str)]
    if not values:
        return {}
    known = memoised(con, ("names_en", key), lambda: _names_en_all(con, key))
    if known is not None:
        return {v: known[v] for v in values if v in known}
    # many firms have one: a semi-join with the values asked for (list_contains would test
    # every firm against the whole list: seconds for thousands of values at 1M)
    rows = con.execute(f"SELECT {key}, min(trim(name_en)) FROM dim_firm "  # noqa: S608 (NAME_KEYS)
                       f"WHERE name_en IS NOT NULL AND {key} IN (SELECT unnest(?::VARCHAR[])) "
                       f"GROUP BY {key}", [sorted(set(values))]).fetchall()
    return {value: name for value, name in rows if name}


def query_firm_names_en(con: duckdb.DuckDBPyConnection,
                        firm_ids: tuple[str, ...]) -> dict[str, str]:
    """firm_id -> the firm's English name, for those of ``firm_ids`` that have one (as its
    source gives it: the plan data, a registry's 英文名 column, Tushare). When few firms have
    one, they are all read once per read-only connection (the app opens one per
    interaction; a report run keeps one); otherwise the firms asked for are read, so the
    cost does not grow with the firms that have an English name."""
    return _names_en(con, "firm_id", firm_ids)


def query_firm_names_en_by_name(con: duckdb.DuckDBPyConnection,
                                names: tuple[str, ...]) -> dict[str, str]:
    """A firm's name -> its English name (``query_firm_names_en`` by name: the chain
    diagram's boxes list firms by name)."""
    return _names_en(con, "name", names)


def query_place_names_en(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """A region's Chinese name -> its English one (etl/romanize.py; a Chinese name has one
    English name wherever it recurs), for every region that has one; read once per
    read-only connection (every targets report of a run asks), each caller gets a copy."""
    return dict(memoised(con, "place_names_en", lambda: con.execute(
        "SELECT name, min(name_en) FROM dim_region WHERE name_en IS NOT NULL "
        "GROUP BY name").fetchall()))


def query_region_name(con: duckdb.DuckDBPyConnection, region_id: str, lang: str = "zh") -> str:
    """A region's name as titles show it: 成渝 by its caption, a region by its name (its
    English one in English, where known), an unknown id as it is."""
    if region_id == "chengyu":
        return caption("region_chengyu", lang)
    row = con.execute("SELECT name, name_en FROM dim_region WHERE region_id = ?",
                      [region_id]).fetchone()
    if row is None:
        return region_id
    return (row[1] or row[0]) if lang == "en" else row[0]


FACT_SQL = """
SELECT f.firm_id, 'role' AS fact, f.source_id, f.method, f.evidence FROM dim_firm f
UNION ALL
SELECT l.firm_id, 'location:' || l.precision || ':' || coalesce(l.adcode, '?'),
       l.source_id, l.method, l.evidence
FROM firm_location_fact l
UNION ALL
SELECT c.firm_id, 'chain:' || c.chain_id, c.source_id, c.method, c.evidence FROM firm_chain c
UNION ALL
SELECT n.firm_id, 'node:' || n.node_id, n.source_id, n.method, n.evidence FROM firm_node n
UNION ALL
SELECT m.firm_id, 'full_name:' || m.full_name, m.source_id, m.method, NULL FROM firm_name m
UNION ALL
SELECT b.firm_id, 'label:' || b.label, b.source_id, b.method, b.evidence FROM firm_label b
"""


def query_firm_facts(con: duckdb.DuckDBPyConnection) -> dict[str, list[SourcedFact]]:
    rows = con.execute(
        f"SELECT x.firm_id, x.fact, x.source_id, s.title, x.method, x.evidence, s.locator "  # noqa: S608 - constant SQL
        f"FROM ({FACT_SQL}) x LEFT JOIN dim_source s ON s.source_id = x.source_id "
        "ORDER BY x.firm_id, x.fact"
    ).fetchall()
    facts: dict[str, list[SourcedFact]] = defaultdict(list)
    for firm_id, *rest in rows:
        facts[firm_id].append(SourcedFact(*rest))
    return facts


def query_firms(con: duckdb.DuckDBPyConnection, chain: str | None = None) -> list[Firm]:
    """One record per firm (optionally only firms on one chain), with every fact's source;
    its chains and nodes each once (however many sources place it there), in id order."""
    frame = con.execute(
        "SELECT f.firm_id, f.name, f.name_en, f.kind, f.role, f.adcode, r.name AS region_name, "
        "f.precision, "
        "(SELECT string_agg(DISTINCT c.chain_id, ';' ORDER BY c.chain_id) FROM firm_chain c "
        " WHERE c.firm_id = f.firm_id) AS chains, "
        "(SELECT string_agg(DISTINCT n.node_id, ';' ORDER BY n.node_id) FROM firm_node n "
        " WHERE n.firm_id = f.firm_id) AS nodes, "
        "(SELECT string_agg(DISTINCT b.label, ';' ORDER BY b.label) FROM firm_label b "
        " WHERE b.firm_id = f.firm_id) AS labels "
        "FROM dim_firm f LEFT JOIN dim_region r ON r.region_id = f.adcode "
        "WHERE ? IS NULL OR f.firm_id IN (SELECT firm_id FROM firm_chain WHERE chain_id = ? "
        "  UNION SELECT firm_id FROM firm_node WHERE chain_id = ?) "
        "ORDER BY f.firm_id",
        [chain, chain, chain],
    ).df()
    facts = query_firm_facts(con)

    def split(value) -> tuple[str, ...]:
        return tuple(value.split(";")) if isinstance(value, str) and value else ()

    return [
        Firm(firm_id=r.firm_id, name=r.name, name_en=r.name_en, kind=r.kind,
             role=FirmRole(r.role), adcode=r.adcode if isinstance(r.adcode, str) else None,
             region_name=r.region_name if isinstance(r.region_name, str) else None,
             precision=Precision(r.precision), chains=split(r.chains), nodes=split(r.nodes),
             labels=split(r.labels), sources=tuple(facts.get(r.firm_id, ())))
        for r in frame.itertuples()
    ]
