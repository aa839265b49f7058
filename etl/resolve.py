"""Entity resolution: which known firm (if any) an imported row describes.

Known firms carry keys (``int_firm_key``: firm_id, key_type, key_value). A row is
matched by the first rule that names exactly one firm:

0. ``override``   a planner's merge in data/overrides/firm_merges.csv;
1. ``uscc``       统一社会信用代码 (only codes that pass the GB 32100 check);
2. ``stock_code`` the listing code (600031.SH);
3. ``name``       the normalised registered name (full/half width, brackets,
                  有限责任公司 = 有限公司);
4. ``name_core+province`` the name without region and legal form
                  (重庆宗申动力机械 = 宗申动力机械) and the same province;
5. ``short_name+province`` the securities short name, same province.

A rule naming two firms is ambiguous: nothing is merged. Rows that match
nothing become new firms whose id is derived from their code or name (stable
across rebuilds). The **review band** lists near matches that are not merged:
the same short name or name core in another (or an unknown) province, and a
plan firm whose name starts like the row's (望变 / 望变电气) in the same province.
"""

from __future__ import annotations

__all__ = ["KEY_TYPES", "candidates_sql", "firm_keys_sql", "new_firms_sql", "pick_sql",
           "prov2_sql", "review_sql"]

KEY_TYPES = ("uscc", "stock", "name", "core", "short", "brand")
# leading characters many unrelated firms share: no review-band match on these alone
GENERIC_BRANDS = ", ".join(f"'{b}'" for b in (
    "中国", "中华", "国家", "中船", "中航", "中车", "中铁", "中冶", "中交", "中建", "中电",
    "中核", "国电", "国网", "华电", "东方", "华夏", "长江", "重庆", "四川", "成都", "科技"))
RULES = (("uscc", "uscc", 1, "uscc"), ("stock_code", "stock", 2, "stock_code"),
         ("name_norm", "name", 3, "name"))


def prov2_sql(column: str) -> str:
    """The two-digit province part of an adcode or zone id (Z500001 -> 50)."""
    return (f"CASE WHEN {column} LIKE 'Z%' THEN substr({column}, 2, 2) "
            f"ELSE substr({column}, 1, 2) END")


def candidates_sql(stg: str = "stg_firms", keys: str = "int_firm_key",
                   firms: str = "dim_firm", merges: str = "ovr_merge") -> str:
    """Every (row, firm, rule) pair a rule supports; ``merges`` holds planner overrides
    (name_norm, firm_id, action merge|separate)."""
    parts = [f"SELECT s.source_key, m.firm_id, 0 AS pri, 'override' AS method FROM {stg} s "
             f"JOIN {merges} m ON m.name_norm IN (s.name_norm, s.short_norm) "
             "AND m.action = 'merge'"]
    for column, key_type, pri, method in RULES:
        parts.append(f"SELECT s.source_key, k.firm_id, {pri}, '{method}' FROM {stg} s "
                     f"JOIN {keys} k ON k.key_type = '{key_type}' AND k.key_value = s.{column}")
    for column, key_type, pri, method in (("name_core", "core", 4, "name_core+province"),
                                          ("short_norm", "short", 5, "short_name+province")):
        parts.append(
            f"SELECT s.source_key, k.firm_id, {pri}, '{method}' FROM {stg} s "
            f"JOIN {keys} k ON k.key_type = '{key_type}' AND k.key_value = s.{column} "
            f"JOIN {firms} f ON f.firm_id = k.firm_id "
            f"WHERE length(s.{column}) >= 3 AND {prov2_sql('s.adcode')} = {prov2_sql('f.adcode')}")
    union = "\nUNION\n".join(parts)
    return f"""
SELECT c.* FROM ({union}) c
WHERE NOT EXISTS (SELECT 1 FROM {merges} m
                  JOIN {stg} s ON m.name_norm IN (s.name_norm, s.short_norm)
                  WHERE m.action = 'separate' AND s.source_key = c.source_key
                  AND m.firm_id = c.firm_id)"""


def pick_sql(cand: str = "cand") -> str:
    """One firm per row at its best rule; ``ambiguous`` when that rule names several firms."""
    return f"""
WITH best AS (SELECT source_key, min(pri) AS pri FROM {cand} GROUP BY source_key),
top AS (SELECT c.source_key, c.firm_id, c.method, c.pri FROM {cand} c
        JOIN best b ON b.source_key = c.source_key AND b.pri = c.pri)
SELECT source_key, min(firm_id) AS firm_id, min(method) AS method, min(pri) AS pri,
       count(DISTINCT firm_id) > 1 AS ambiguous
FROM top GROUP BY source_key"""


def new_firms_sql(stg: str = "stg_firms", picked: str = "picked") -> str:
    """Ids for rows no rule matched: ``u_<code>`` or ``n_<md5(name)[:12]>``; rows of one
    file naming one firm (same code, or same name) get one id."""
    return f"""
WITH u AS (SELECT s.* FROM {stg} s LEFT JOIN {picked} p ON p.source_key = s.source_key
           WHERE p.firm_id IS NULL OR p.ambiguous),
by_name AS (SELECT name_norm, CASE WHEN count(DISTINCT uscc) = 1 THEN max(uscc) END AS uscc1
            FROM u GROUP BY name_norm)
SELECT u.source_key,
       CASE WHEN coalesce(u.uscc, b.uscc1) IS NOT NULL THEN 'u_' || coalesce(u.uscc, b.uscc1)
            ELSE 'n_' || substr(md5(u.name_norm), 1, 12) END AS firm_id
FROM u JOIN by_name b ON b.name_norm = u.name_norm"""


def firm_keys_sql(stg: str = "stg_firms", rows: str = "row_firm") -> str:
    """Keys the batch's rows add to their firms (distinct; one join, then one DISTINCT:
    a chain of UNIONs would de-duplicate the growing set once per key type)."""
    parts = [f"SELECT firm_id, '{kt}' AS key_type, {col} AS key_value FROM j "
             f"WHERE {col} IS NOT NULL"
             for col, kt in (("uscc", "uscc"), ("stock_code", "stock"), ("name_norm", "name"),
                             ("name_core", "core"), ("short_norm", "short"))]
    return (f"SELECT DISTINCT firm_id, key_type, key_value FROM (WITH j AS ("
            f"SELECT r.firm_id, s.uscc, s.stock_code, s.name_norm, s.name_core, s.short_norm "
            f"FROM {stg} s JOIN {rows} r ON r.source_key = s.source_key)\n"
            + "\nUNION ALL\n".join(parts) + ") k")


def review_sql(stg: str = "stg_firms", rows: str = "row_firm", keys: str = "int_firm_key",
               firms: str = "dim_firm", cand: str = "cand", picked: str = "picked") -> str:
    """Near matches of rows that became new firms (or were ambiguous), not merged."""
    same_prov = f"{prov2_sql('n.adcode')} = {prov2_sql('f.adcode')}"
    return f"""
WITH n AS (SELECT s.*, r.firm_id AS own_id FROM {stg} s JOIN {rows} r
           ON r.source_key = s.source_key WHERE r.method IN ('new', 'ambiguous')),
x AS (
  SELECT n.source_key, k.firm_id, 'same short name, other or unknown province' AS reason
  FROM n JOIN {keys} k ON k.key_type = 'short' AND k.key_value = n.short_norm
  UNION
  SELECT n.source_key, k.firm_id, 'same name core, other or unknown province'
  FROM n JOIN {keys} k ON k.key_type = 'core' AND k.key_value = n.name_core
  WHERE length(n.name_core) >= 3
  UNION
  SELECT n.source_key, k.firm_id, 'a plan firm whose name starts alike, same province'
  FROM n JOIN {keys} k ON k.key_type = 'brand'
   AND k.key_value IN (substr(n.name_core, 1, 2), substr(n.short_norm, 1, 2))
  JOIN {firms} f ON f.firm_id = k.firm_id WHERE {same_prov} AND f.kind = 'firm'
   AND k.key_value NOT IN ({GENERIC_BRANDS})
  UNION
  SELECT c.source_key, c.firm_id, 'ambiguous: several firms match'
  FROM {cand} c JOIN {picked} p ON p.source_key = c.source_key AND p.ambiguous AND c.pri = p.pri
)
SELECT n.row_no, n.source_key, n.full_name, x.firm_id AS candidate_id,
       f.name AS candidate_name, min(x.reason) AS reason
FROM x JOIN n ON n.source_key = x.source_key JOIN {firms} f ON f.firm_id = x.firm_id
WHERE x.firm_id <> n.own_id
GROUP BY n.row_no, n.source_key, n.full_name, x.firm_id, f.name"""
