"""Firm search for the registry page: filtered, sorted, paged in SQL; one firm's provenance."""

from __future__ import annotations

import duckdb
import pandas as pd

from chainmap.aggregates import FIRM_LIST_SQL, PER_FIRM, per_firm
from chainmap.db import stored_table
from chainmap.records import DESIGNATION_EN

__all__ = ["SORTABLE", "name_en_condition",
           "query_firm_detail", "query_firm_page", "query_labels", "search_condition"]

# Names sort as a Chinese reader expects them, by pinyin (ICU's zh collation: 阿, 安, 北, 重庆
# …), not by code point; Latin names come after Chinese ones. Ties go by firm id. The build
# stores every firm's ICU sort key for that order (agg_firm_list.name_key, etl/derive.py; names
# that collate equal share one, so the page breaks the tie by firm id either way as it does live):
# collating a million names per click would cost a third of a second at a deep page.
# The per-firm columns (chains, labels, sources) are chainmap.aggregates.PER_FIRM.
# regions likewise, by their rank in pinyin order (a few thousand rows, ranked per query)
REGION_RANK = ("LEFT JOIN (SELECT region_id, row_number() OVER (ORDER BY name COLLATE zh, "
               "region_id) AS rank FROM dim_region) r ON r.region_id = f.adcode")

# sort key -> (SQL expression over dim_firm f, the join it needs); a whitelist, never request
# text. The per-firm keys are read from the stored agg_firm_list where the build has it,
# else aggregated over the whole table once (instead of a correlated subquery per firm).
SORTABLE = {
    "name": ("f.name COLLATE zh", ""), "role": ("f.role", ""),
    # the English page's name: English names A-Z first, then the firms named as registered
    # (Chinese: zh collation orders Han before Latin, hence the 0/1 prefix)
    "name_en": ("(CASE WHEN trim(f.name_en) <> '' THEN '0' || trim(f.name_en) "
                "ELSE '1' || f.name END) COLLATE zh", ""),
    "precision": ("f.precision", ""), "region_name": ("r.rank", REGION_RANK),
    **{column: (f"coalesce(k.{column}, 0) + 1" if column == "n_sources" else f"k.{column}",
                f"LEFT JOIN ({per_firm(column)}) k ON k.firm_id = f.firm_id")
       for column in PER_FIRM},
}
STORED = "LEFT JOIN agg_firm_list k ON k.firm_id = f.firm_id"
SORTABLE_STORED = (SORTABLE | {column: (f"k.{column}", STORED) for column in PER_FIRM}
                   | {"name": ("k.name_key", STORED)})
ON_LABEL = "f.firm_id IN (SELECT firm_id FROM firm_label WHERE label = ?)"
ON_CHAIN = ("f.firm_id IN (SELECT firm_id FROM firm_chain WHERE chain_id = ? "
            "UNION SELECT firm_id FROM firm_node WHERE chain_id = ?)")

# Code points whose DuckDB lower() is an ASCII letter besides A-Z (İ -> i, Kelvin sign -> k);
# DuckDB's lower() maps every code point to exactly one code point.
_ALSO_LOWERS_TO = {"i": "\u0130", "k": "\u212a"}


def _char_class(ch: str) -> str | None:
    """Every code point whose lower() equals lower(ch), or None when that is not known here.

    Known: ASCII, full-width forms, CJK symbols and ideographs (the only characters that
    lower() maps onto these are the ones listed here)."""
    cp = ord(ch)
    if ch.isascii():
        if not ch.isalpha():
            return ch
        low = ch.lower()
        return low + low.upper() + _ALSO_LOWERS_TO.get(low, "")
    if 0xFF21 <= cp <= 0xFF3A or 0xFF41 <= cp <= 0xFF5A:  # full-width Latin letters
        low = chr(cp + 0x20) if cp <= 0xFF3A else ch
        return low + chr(ord(low) - 0x20)
    if 0x3000 <= cp <= 0x303F or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF \
            or 0xFF00 <= cp <= 0xFFEF:
        return ch
    return None


def _case_pattern(classes: list[str]) -> str:
    """A regular expression matching each character in any of its cases (_char_class)."""
    return "".join("[" + "".join(f"\\x{{{ord(x):x}}}" for x in c) + "]" for c in classes)


def search_condition(search: str) -> tuple[str, list]:
    """SQL over dim_firm f true where `name` or `full_name` ILIKE '%search%' or the id equals it.

    ILIKE lower()s every row; a search of caseless characters (Chinese, digits) is matched with
    contains() instead, and one with letters is narrowed first by a regular expression listing
    each character's case variants. Both give exactly the rows ILIKE gives; anything else
    (wildcards, other scripts) uses ILIKE itself. Values are bound, never formatted in.
    """
    like = f"%{search}%"
    classes = [None if ch in "%_\\" else _char_class(ch) for ch in search]
    if None in classes:
        return ("(f.name ILIKE ? OR coalesce(f.full_name, '') ILIKE ? OR f.firm_id = ?)",
                [like, like, search])
    if all(len(c) == 1 for c in classes):
        return ("(contains(f.name, ?) OR contains(f.full_name, ?) OR f.firm_id = ?)",
                [search, search, search])
    pattern = _case_pattern(classes)
    return ("((regexp_matches(f.name, ?) AND f.name ILIKE ?) OR (regexp_matches(f.full_name, ?)"
            " AND f.full_name ILIKE ?) OR f.firm_id = ?)", [pattern, like, pattern, like, search])


def name_en_condition(search: str) -> tuple[str, list]:
    """SQL over dim_firm f true where the English name ILIKE '%search%' (as
    ``search_condition``: caseless text by contains(), letters narrowed by a regular
    expression first): a firm the English page shows by its English name is found by it."""
    like = f"%{search}%"
    classes = [None if ch in "%_\\" else _char_class(ch) for ch in search]
    if None in classes:
        return "f.name_en ILIKE ?", [like]
    if all(len(c) == 1 for c in classes):
        return "contains(f.name_en, ?)", [search]
    pattern = _case_pattern(classes)
    return "(regexp_matches(f.name_en, ?) AND f.name_en ILIKE ?)", [pattern, like]


PAGE_SQL = """
WITH matched AS {materialized} (
    SELECT {source}.firm_id, {key} AS sort_key FROM {tables} WHERE {where}
),
page AS MATERIALIZED (
    SELECT firm_id, sort_key FROM matched ORDER BY {page_order} LIMIT ? OFFSET ?
),
info AS ({info})
SELECT f.firm_id, f.name, f.full_name, f.role, f.kind, f.adcode, r.name AS region_name,
       f.precision, i.chains, i.labels, i.n_sources,
       (SELECT count(*) FROM matched) AS total
FROM page p JOIN dim_firm f ON f.firm_id = p.firm_id
LEFT JOIN dim_region r ON r.region_id = f.adcode
LEFT JOIN info i ON i.firm_id = f.firm_id
ORDER BY p.sort_key {direction} NULLS LAST, f.firm_id
"""
PAGE_INFO = FIRM_LIST_SQL.format(only="firm_id IN (SELECT firm_id FROM page)",
                                 only_f="f.firm_id IN (SELECT firm_id FROM page)")
PAGE_INFO_STORED = ("SELECT firm_id, chains, labels, n_sources FROM agg_firm_list "
                    "WHERE firm_id IN (SELECT firm_id FROM page)")
COUNT_SQL = "SELECT count(*) FROM {tables} WHERE {where}"
FLIP_AFTER = 10_000  # rows: a page further in may be read from the end (query_firm_page)


def query_labels(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Every label firms carry, with how many firms carry it, most common first."""
    return [(label, int(n)) for label, n in con.execute(
        "SELECT label, count(DISTINCT firm_id) AS n FROM firm_label GROUP BY label "
        "ORDER BY n DESC, label").fetchall()]


def query_firm_page(con: duckdb.DuckDBPyConnection, search: str = "", chain: str = "",
                    role: str = "", sort_by: str = "name", descending: bool = False,
                    page: int = 0, page_size: int = 25, label: str = "",
                    ) -> tuple[pd.DataFrame, int]:
    """One page of firms and the total matching; sort keys are whitelisted, values bound.

    Only the filters in use are in the SQL, evaluated once: the matches (id and sort key) are
    counted and ordered by a top-N, not a full sort; the per-firm aggregates (chains, labels,
    sources) are read from the build's agg_firm_list on a read-only connection, else computed
    for the page's rows alone, so a page costs about the same at 1M firms.
    """
    s = search.strip()
    stored = stored_table(con, "agg_firm_list", "name_key", "role")
    sortable = SORTABLE_STORED if stored else SORTABLE
    sort_by = sort_by if sort_by in sortable else "name"
    # A stored key is sorted straight from the stored list (every firm is in it, with its
    # role) when no other filter needs dim_firm. A set filtered by a search or a chain is
    # small: its names are collated as they are, cheaper than joining every firm's stored
    # rank (the same order).
    narrowed = bool(s or chain or label)
    key, join = (SORTABLE if narrowed and sort_by == "name" else sortable)[sort_by]
    alone = join == STORED and not narrowed
    conditions, values = [], []
    if s:
        condition, bound = search_condition(s)
        condition_en, bound_en = name_en_condition(s)
        conditions.append(f"({condition} OR {condition_en})")
        values += bound + bound_en
    if chain:
        conditions.append(ON_CHAIN)
        values += [chain, chain]
    if role:
        conditions.append(f"{'k' if alone else 'f'}.role = ?")
        values.append(role)
    if label:
        conditions.append(ON_LABEL)
        values.append(label)
    where = " AND ".join(conditions) or "true"
    count_sql = COUNT_SQL.format(tables="agg_firm_list k" if alone else "dim_firm f",
                                 where=where)
    # every piece formatted into the SQL comes from the constants above, never the request
    # filtered matches are kept once for the count and the page; the whole table is not copied
    materialized = "MATERIALIZED" if conditions else "NOT MATERIALIZED"
    direction = "DESC" if descending else "ASC"
    limit, offset = page_size, page * page_size
    page_order = f"sort_key {direction} NULLS LAST, firm_id"
    if offset > FLIP_AFTER:
        # a page in the back half is the same rows counted from the end in the reverse
        # order: a top-N with a small offset, not a sort of everything before it
        total = con.execute(count_sql, values).fetchone()[0]
        back = total - offset - page_size  # rows after this page
        if 0 < offset < total and back < offset:
            limit, offset = page_size + min(back, 0), max(back, 0)
            page_order = (f"sort_key {'ASC' if descending else 'DESC'} NULLS FIRST, "
                          "firm_id DESC")
    sql = PAGE_SQL.format(key=key, source="k" if alone else "f",
                          tables="agg_firm_list k" if alone else f"dim_firm f {join}",
                          where=where, materialized=materialized,
                          direction=direction, page_order=page_order,
                          info=PAGE_INFO_STORED if stored else PAGE_INFO)
    frame = con.execute(sql, [*values, limit, offset]).df()
    if frame.empty:  # nothing matched, or a page past the end: still report how many match
        total = 0 if page <= 0 < page_size else con.execute(count_sql, values).fetchone()[0]
        return frame.drop(columns="total"), int(total)
    return frame.drop(columns="total"), int(frame["total"].iloc[0])


# one row per fact about a firm, each with its source: the value in Chinese and in English
# (names from the database; a code where there is no name). A location's precision is its
# own column (a code: the page names it in its language).
# the plan's designation in English: a CASE over chainmap's own constant table (no user text)
DESIGNATION_EN_SQL = ("CASE fc.plan_designation " + " ".join(
    f"WHEN '{zh}' THEN '{en}'" for zh, en in DESIGNATION_EN.items())
    + " ELSE fc.plan_designation END")
FACTS_SQL = f"""
SELECT x.fact, x.value, x.value_en, x.precision, x.source_id, s.title, s.locator, x.method,
       x.evidence FROM (
  SELECT '角色' AS fact, role AS value, role AS value_en, NULL AS precision, source_id, method,
         evidence
  FROM dim_firm WHERE firm_id = ?
  UNION ALL
  SELECT '所在地', coalesce(r.name, '未知'), coalesce(r.name_en, r.name, 'unknown'),
         l.precision, l.source_id, l.method, l.evidence
  FROM firm_location_fact l LEFT JOIN dim_region r ON r.region_id = l.adcode
  WHERE l.firm_id = ?
  UNION ALL
  SELECT '全称', full_name, full_name, NULL, source_id, method, NULL FROM firm_name
  WHERE firm_id = ?
  UNION ALL
  SELECT '产业链',
         coalesce(c.name_zh, fc.chain_id) || coalesce('（' || fc.plan_designation || '）', ''),
         coalesce(c.name_en, fc.chain_id) || coalesce(' (' || {DESIGNATION_EN_SQL} || ')', ''),
         NULL, fc.source_id, fc.method, fc.evidence
  FROM firm_chain fc LEFT JOIN dim_chain c ON c.chain_id = fc.chain_id WHERE fc.firm_id = ?
  UNION ALL
  SELECT '环节', n.name_zh || '（置信度 ' || CAST(round(fn.confidence, 2) AS VARCHAR) || '）',
         n.name_en || ' (confidence ' || CAST(round(fn.confidence, 2) AS VARCHAR) || ')',
         NULL, fn.source_id, fn.method, fn.evidence
  FROM firm_node fn JOIN dim_chain_node n ON n.node_id = fn.node_id WHERE fn.firm_id = ?
  UNION ALL
  SELECT '标签', label, label, NULL, source_id, method, evidence FROM firm_label
  WHERE firm_id = ?
) x LEFT JOIN dim_source s ON s.source_id = x.source_id"""  # noqa: S608


def query_firm_detail(con: duckdb.DuckDBPyConnection, firm_id: str) -> dict | None:
    firm = con.execute(
        "SELECT f.*, r.name AS region_name FROM dim_firm f "
        "LEFT JOIN dim_region r ON r.region_id = f.adcode WHERE f.firm_id = ?", [firm_id]).df()
    if firm.empty:
        return None
    facts = con.execute(FACTS_SQL, [firm_id] * 6).df()
    return {"firm": firm.iloc[0].to_dict(), "facts": facts}
