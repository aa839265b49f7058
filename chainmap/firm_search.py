"""Firm search for the registry page: filtered, sorted, paged in SQL; one firm's provenance."""

from __future__ import annotations

import duckdb
import pandas as pd

__all__ = ["SORTABLE", "query_firm_detail", "query_firm_page"]

CHAINS_OF = ("(SELECT string_agg(c.chain_id, ', ' ORDER BY c.chain_id) FROM firm_chain c "
             "WHERE c.firm_id = f.firm_id)")
SOURCES_OF = ("(SELECT count(DISTINCT l.source_id) FROM firm_location_fact l "
              "WHERE l.firm_id = f.firm_id) + 1")
# sort key -> SQL expression over dim_firm f / dim_region r (a whitelist: never request text)
SORTABLE = {"name": "f.name", "role": "f.role", "region_name": "r.name",
            "precision": "f.precision", "chains": CHAINS_OF, "n_sources": SOURCES_OF}

PAGE_SQL = """
WITH matched AS (
    SELECT f.firm_id, {key} AS sort_key
    FROM dim_firm f LEFT JOIN dim_region r ON r.region_id = f.adcode
    WHERE (? = '' OR f.name ILIKE ? OR coalesce(f.full_name, '') ILIKE ? OR f.firm_id = ?)
      AND (? = '' OR f.firm_id IN (SELECT firm_id FROM firm_chain WHERE chain_id = ?
                                   UNION SELECT firm_id FROM firm_node WHERE chain_id = ?))
      AND (? = '' OR f.role = ?)
),
page AS (
    SELECT firm_id, sort_key FROM matched
    ORDER BY sort_key {direction} NULLS LAST, firm_id LIMIT ? OFFSET ?
)
SELECT f.firm_id, f.name, f.full_name, f.role, f.kind, f.adcode, r.name AS region_name,
       f.precision, {chains} AS chains,
       (SELECT string_agg(DISTINCT b.label, ', ' ORDER BY b.label) FROM firm_label b
         WHERE b.firm_id = f.firm_id) AS labels,
       {sources} AS n_sources,
       (SELECT count(*) FROM matched) AS total
FROM page p JOIN dim_firm f ON f.firm_id = p.firm_id
LEFT JOIN dim_region r ON r.region_id = f.adcode
ORDER BY p.sort_key {direction} NULLS LAST, f.firm_id
"""


def query_firm_page(con: duckdb.DuckDBPyConnection, search: str = "", chain: str = "",
                    role: str = "", sort_by: str = "name", descending: bool = False,
                    page: int = 0, page_size: int = 25) -> tuple[pd.DataFrame, int]:
    """One page of firms and the total matching; sort keys are whitelisted, values bound.

    Filtering and ordering touch only the sort key; the per-firm aggregates (chains, labels,
    sources) are computed for the page's rows alone, so a page costs the same at 1M firms.
    """
    s = search.strip()
    like = f"%{s}%"
    # every piece formatted into the SQL comes from the whitelists above, never the request
    sql = PAGE_SQL.format(key=SORTABLE.get(sort_by, "f.name"),
                          direction="DESC" if descending else "ASC",
                          chains=CHAINS_OF, sources=SOURCES_OF)
    frame = con.execute(sql, [s, like, like, s, chain, chain, chain, role, role, page_size,
                              page * page_size]).df()
    if frame.empty:  # a page past the end: still report how many match
        total = con.execute(
            "SELECT count(*) FROM dim_firm f WHERE (? = '' OR f.name ILIKE ? OR "
            "coalesce(f.full_name, '') ILIKE ? OR f.firm_id = ?) AND (? = '' OR f.firm_id IN "
            "(SELECT firm_id FROM firm_chain WHERE chain_id = ? UNION SELECT firm_id FROM "
            "firm_node WHERE chain_id = ?)) AND (? = '' OR f.role = ?)",
            [s, like, like, s, chain, chain, chain, role, role]).fetchone()[0]
        return frame.drop(columns="total"), int(total)
    return frame.drop(columns="total"), int(frame["total"].iloc[0])


def query_firm_detail(con: duckdb.DuckDBPyConnection, firm_id: str) -> dict | None:
    firm = con.execute(
        "SELECT f.*, r.name AS region_name FROM dim_firm f "
        "LEFT JOIN dim_region r ON r.region_id = f.adcode WHERE f.firm_id = ?", [firm_id]).df()
    if firm.empty:
        return None
    facts = con.execute(
        "SELECT x.fact, x.value, x.source_id, s.title, s.locator, x.method, x.evidence FROM ("
        " SELECT '角色' AS fact, role AS value, source_id, method, evidence FROM dim_firm"
        "  WHERE firm_id = ?"
        " UNION ALL SELECT '所在地', coalesce(r.name, '未知') || '（' || l.precision || '）',"
        "  l.source_id, l.method, l.evidence FROM firm_location_fact l"
        "  LEFT JOIN dim_region r ON r.region_id = l.adcode WHERE l.firm_id = ?"
        " UNION ALL SELECT '全称', full_name, source_id, method, NULL FROM firm_name"
        "  WHERE firm_id = ?"
        " UNION ALL SELECT '产业链', chain_id || coalesce('（' || plan_designation || '）', ''),"
        "  source_id, method, evidence FROM firm_chain WHERE firm_id = ?"
        " UNION ALL SELECT '环节', n.name_zh || '（置信度 ' || CAST(round(fn.confidence, 2)"
        "  AS VARCHAR) || '）', fn.source_id, fn.method, fn.evidence FROM firm_node fn"
        "  JOIN dim_chain_node n ON n.node_id = fn.node_id WHERE fn.firm_id = ?"
        " UNION ALL SELECT '标签', label, source_id, method, evidence FROM firm_label"
        "  WHERE firm_id = ?"
        ") x LEFT JOIN dim_source s ON s.source_id = x.source_id",
        [firm_id] * 6).df()
    return {"firm": firm.iloc[0].to_dict(), "facts": facts}
