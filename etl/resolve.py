"""Entity resolution: which known firm (if any) an imported row describes.

Known firms carry keys (``int_firm_key``: firm_id, key_type, key_value). A row is
matched by the first rule that names exactly one firm:

0. ``override``   a planner's merge in data/overrides/firm_merges.csv;
1. ``uscc``       统一社会信用代码 (only codes that pass the GB 32100 check);
2. ``stock_code`` the listing code (600031.SH);
3. ``name``       the normalised registered name (full/half width, brackets,
                  有限责任公司 = 有限公司);
4. ``former_name`` name history: one of the row's former names (曾用名, stage table
                  ``firm_former_name``) is a known firm's name or former name, or the
                  row's registered name is a known firm's former name (key ``former``);
5. ``name_core+province`` the name without region and legal form
                  (重庆宗申动力机械 = 宗申动力机械) and the same province;
6. ``short_name+province`` the securities short name, same province.

A rule naming two firms is ambiguous: nothing is merged. Rows that match
nothing become new firms whose id is derived from their code or name (stable
across rebuilds). The **review band** lists near matches that are not merged:
the same short name or name core in another (or an unknown) province, a plan
firm whose name starts like the row's (望变 / 望变电气) in the same province, a
known short name of 4+ characters inside the row's name core or the row's short
name inside a known name core in the same province (远达环保 in 中电投远达环保: a
renamed firm?), and a former name whose core is a known firm's name core.
"""

from __future__ import annotations

__all__ = ["REASON_CONTAINS", "REASON_FORMER_OTHER", "REASON_FORMER_SAME",
           "candidates_sql", "contained_name_sql", "firm_keys_sql", "new_firms_sql", "pick_sql",
           "prov2_sql", "review_sql"]

# leading characters many unrelated firms share: no review-band match on these alone
GENERIC_WORDS = ("中国", "中华", "国家", "中船", "中航", "中车", "中铁", "中冶", "中交", "中建",
                 "中电", "中核", "国电", "国网", "华电", "东方", "华夏", "长江", "重庆", "四川",
                 "成都", "科技")
GENERIC_BRANDS = ", ".join(f"'{b}'" for b in GENERIC_WORDS)
# containment (review band only): names of at least this many characters, and not made of
# the generic words above alone (中国中车); a name found inside more than CONTAINED_MAX
# names of its province (精工科技 in every …精工科技有限公司) is a common word, not a hint
CONTAINED_MIN = 4
CONTAINED_MAX = 5
LEGAL_END = "(公司|总厂|厂)$"
RULES = (("uscc", "uscc", 1, "uscc"), ("stock_code", "stock", 2, "stock_code"),
         ("name_norm", "name", 3, "name"))


def prov2_sql(column: str) -> str:
    """The two-digit province part of an adcode or zone id (Z500001 -> 50)."""
    return (f"CASE WHEN {column} LIKE 'Z%' THEN substr({column}, 2, 2) "
            f"ELSE substr({column}, 1, 2) END")


def candidates_sql(stg: str = "stg_firms", keys: str = "int_firm_key",
                   firms: str = "dim_firm", merges: str = "ovr_merge",
                   former: str = "stg_firm_former_name") -> str:
    """Every (row, firm, rule) pair a rule supports; ``merges`` holds planner overrides
    (name_norm, firm_id, action merge|separate), ``former`` the rows' former names."""
    parts = [f"SELECT s.source_key, m.firm_id, 0 AS pri, 'override' AS method FROM {stg} s "
             f"JOIN {merges} m ON m.name_norm IN (s.name_norm, s.short_norm) "
             "AND m.action = 'merge'"]
    for column, key_type, pri, method in RULES:
        parts.append(f"SELECT s.source_key, k.firm_id, {pri}, '{method}' FROM {stg} s "
                     f"JOIN {keys} k ON k.key_type = '{key_type}' AND k.key_value = s.{column}")
    # name history: a former name of the row is a known name (or former name), or the row's
    # name is a known former name
    parts.append(f"SELECT f.source_key, k.firm_id, 4, 'former_name' FROM {former} f "
                 f"JOIN {keys} k ON k.key_type IN ('name', 'former') "
                 "AND k.key_value = f.name_norm")
    parts.append(f"SELECT s.source_key, k.firm_id, 4, 'former_name' FROM {stg} s "
                 f"JOIN {keys} k ON k.key_type = 'former' AND k.key_value = s.name_norm")
    for column, key_type, pri, method in (("name_core", "core", 5, "name_core+province"),
                                          ("short_norm", "short", 6, "short_name+province")):
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
WITH u AS (SELECT s.source_key, s.name_norm, s.uscc FROM {stg} s
           LEFT JOIN {picked} p ON p.source_key = s.source_key
           WHERE p.firm_id IS NULL OR p.ambiguous),
by_name AS (SELECT name_norm, CASE WHEN min(uscc) = max(uscc) THEN max(uscc) END AS uscc1
            FROM u GROUP BY name_norm)
SELECT u.source_key,
       CASE WHEN coalesce(u.uscc, b.uscc1) IS NOT NULL THEN 'u_' || coalesce(u.uscc, b.uscc1)
            ELSE 'n_' || substr(md5(u.name_norm), 1, 12) END AS firm_id
FROM u JOIN by_name b ON b.name_norm = u.name_norm"""


def firm_keys_sql(stg: str = "stg_firms", rows: str = "row_firm",
                  former: str = "stg_firm_former_name") -> str:
    """Keys the batch's rows add to their firms (distinct; one join, then one DISTINCT per
    key type on (firm, value): the types never collide, and a DISTINCT over the union of
    every type hashed the type too); the rows' former names become ``former`` keys."""
    parts = [f"SELECT firm_id, '{kt}' AS key_type, {col} AS key_value FROM ("
             f"SELECT DISTINCT firm_id, {col} FROM j WHERE {col} IS NOT NULL) d_{kt}"
             for col, kt in (("uscc", "uscc"), ("stock_code", "stock"), ("name_norm", "name"),
                             ("name_core", "core"), ("short_norm", "short"))]
    parts.append(f"SELECT DISTINCT r.firm_id, 'former', f.name_norm FROM {former} f "
                 f"JOIN {rows} r ON r.source_key = f.source_key WHERE f.name_norm IS NOT NULL")
    return (f"SELECT firm_id, key_type, key_value FROM (WITH j AS ("
            f"SELECT r.firm_id, s.uscc, s.stock_code, s.name_norm, s.name_core, s.short_norm "
            f"FROM {stg} s JOIN {rows} r ON r.source_key = s.source_key)\n"
            + "\nUNION ALL\n".join(parts) + ") k")


REASON_CONTAINS = "name contains a known short name (name history?)"
REASON_FORMER_OTHER = "former name matches another province's firm"
REASON_FORMER_SAME = "former name matches a known firm's name core, same province"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def contained_name_sql(column: str) -> str:
    """True for a short name usable in a containment match: CONTAINED_MIN characters or
    more, not a registered name (no legal form at its end: those match exactly), and not
    the generic words alone (中国中车)."""
    generic = "^(" + "|".join(GENERIC_WORDS) + ")+"
    return (f"(length({column}) >= {CONTAINED_MIN} "
            f"AND NOT regexp_matches({column}, '{LEGAL_END}') "
            f"AND length(regexp_replace({column}, '{generic}', '')) >= 2)")


def _pieces_sql(table: str, ids: str, text: str, where: str) -> str:
    """Every CONTAINED_MIN-character piece of ``text`` (one row a start position) with
    ``ids``: the equi-join side of a containment match."""
    n = CONTAINED_MIN
    return (f"SELECT {ids}, {text}, substr({text}, i, {n}) AS piece FROM ("
            f"SELECT {ids}, {text}, unnest(range(1, length({text}) - {n - 2})) AS i "
            f"FROM {table} WHERE length({text}) >= {n} AND {where}) p")


def _contained_sql(keys: str, firms: str) -> str:
    """CTEs ``in_row`` and ``in_known``: (source_key, firm_id) pairs where a known firm's
    short name lies inside the row's name core, or the row's short name inside a known
    firm's name core, in the same province. Both join a name's first CONTAINED_MIN
    characters to the pieces of the other text (bounded: no row x name loop), then check
    position(); a name inside more than CONTAINED_MAX texts is dropped."""
    n = CONTAINED_MIN
    return f"""
kshort AS (SELECT k.firm_id, k.key_value, f.adcode, substr(k.key_value, 1, {n}) AS head
           FROM {keys} k JOIN {firms} f ON f.firm_id = k.firm_id
           WHERE k.key_type = 'short' AND f.kind = 'firm' AND {contained_name_sql('k.key_value')}),
in_row AS (
  SELECT source_key, firm_id FROM (
    SELECT source_key, firm_id, count(*) OVER (PARTITION BY firm_id) AS hits FROM (
      SELECT DISTINCT g.source_key, s.firm_id
      FROM ({_pieces_sql('n', 'source_key, adcode', 'name_core', 'adcode IS NOT NULL')}) g
      JOIN kshort s ON s.head = g.piece
      WHERE position(s.key_value IN g.name_core) > 0
        AND {prov2_sql('g.adcode')} = {prov2_sql('s.adcode')}) m) c
  WHERE hits <= {CONTAINED_MAX}),
rshort AS (SELECT source_key, adcode, short_norm, substr(short_norm, 1, {n}) AS head FROM n
           WHERE adcode IS NOT NULL AND {contained_name_sql('short_norm')}),
in_known AS (
  SELECT source_key, firm_id FROM (
    SELECT source_key, firm_id, count(*) OVER (PARTITION BY source_key) AS hits FROM (
      SELECT DISTINCT r.source_key, g.firm_id
      FROM ({_pieces_sql(keys, 'firm_id', 'key_value',
                         "key_type = 'core' AND EXISTS (SELECT 1 FROM rshort)")}) g
      JOIN rshort r ON r.head = g.piece JOIN {firms} f ON f.firm_id = g.firm_id
      WHERE position(r.short_norm IN g.key_value) > 0 AND f.kind = 'firm'
        AND {prov2_sql('r.adcode')} = {prov2_sql('f.adcode')}) m) c
  WHERE hits <= {CONTAINED_MAX})"""


def review_sql(stg: str = "stg_firms", rows: str = "row_firm", keys: str = "int_firm_key",
               firms: str = "dim_firm", cand: str = "cand", picked: str = "picked",
               former: str = "stg_firm_former_name") -> str:
    """Near matches of rows that became new firms (or were ambiguous), not merged."""
    same_prov = f"{prov2_sql('n.adcode')} = {prov2_sql('f.adcode')}"
    # a brand matches the first two characters of the name core or of the short name: one
    # equi-join each (an IN over two columns made DuckDB a nested-loop join)
    brand_sql = "\n  UNION\n".join(
        f"""  SELECT n.source_key, k.firm_id, 'a plan firm whose name starts alike, same province'
  FROM n JOIN {keys} k ON k.key_type = 'brand' AND k.key_value = substr(n.{col}, 1, 2)
  JOIN {firms} f ON f.firm_id = k.firm_id WHERE {same_prov} AND f.kind = 'firm'
   AND k.key_value NOT IN ({GENERIC_BRANDS})""" for col in ("name_core", "short_norm"))
    return f"""
WITH n AS (SELECT s.*, r.firm_id AS own_id FROM {stg} s JOIN {rows} r
           ON r.source_key = s.source_key WHERE r.method IN ('new', 'ambiguous')),
{_contained_sql(keys, firms)},
x AS (
  SELECT n.source_key, k.firm_id, 'same short name, other or unknown province' AS reason
  FROM n JOIN {keys} k ON k.key_type = 'short' AND k.key_value = n.short_norm
  UNION
  SELECT n.source_key, k.firm_id, 'same name core, other or unknown province'
  FROM n JOIN {keys} k ON k.key_type = 'core' AND k.key_value = n.name_core
  WHERE length(n.name_core) >= 3
  UNION
{brand_sql}
  UNION
  SELECT source_key, firm_id, {_sql_text(REASON_CONTAINS)} FROM in_row
  UNION
  SELECT source_key, firm_id, {_sql_text(REASON_CONTAINS)} FROM in_known
  UNION
  SELECT n.source_key, k.firm_id,
         CASE WHEN {same_prov} THEN {_sql_text(REASON_FORMER_SAME)}
              ELSE {_sql_text(REASON_FORMER_OTHER)} END
  FROM n JOIN {former} fm ON fm.source_key = n.source_key
  JOIN {keys} k ON k.key_type = 'core' AND k.key_value = fm.name_core
  JOIN {firms} f ON f.firm_id = k.firm_id
  WHERE length(fm.name_core) >= 3
  UNION
  SELECT c.source_key, c.firm_id, 'ambiguous: several firms match'
  FROM {cand} c JOIN {picked} p ON p.source_key = c.source_key AND p.ambiguous AND c.pri = p.pri
)
SELECT n.row_no, n.source_key, n.full_name, x.firm_id AS candidate_id,
       f.name AS candidate_name, min(x.reason) AS reason
FROM x JOIN n ON n.source_key = x.source_key JOIN {firms} f ON f.firm_id = x.firm_id
WHERE x.firm_id <> n.own_id
GROUP BY n.row_no, n.source_key, n.full_name, x.firm_id, f.name"""
