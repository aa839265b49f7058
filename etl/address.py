"""Address text -> region (adcode) and precision, offline and set-based.

The lookup table (``division_names``) lists every province, city and district
name of China (from ``data/reference/divisions.csv``), their forms without the
suffix (重庆, 成都, 北碚), historical names and functional zones
(``data/reference/division_aliases.csv``). ``locate_sql`` reads a text from its
start: a province, then a city of that province, then a district or zone of
that city (or province), each an equi-join on the next two characters followed
by a prefix check, so it scales to millions of rows. A level is only taken
when the text names it, and a name that fits two regions equally is left
unresolved, so the result is as precise as the text supports and no more.

Precision: ``district``, ``zone``, ``city``, ``province``, ``unknown``. The four
municipalities (北京, 天津, 上海, 重庆) are cities as well as provinces, so a
text naming only 重庆 is ``city`` precision, as in the plan data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

__all__ = ["MUNICIPALITIES", "area_and_name_steps", "build_division_names", "locate_sql",
           "name_prefix_sql", "read_division_aliases", "read_divisions", "settle_location_sql"]

MUNICIPALITIES = ("110000", "120000", "310000", "500000")
ETHNIC = ("蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|"
          "拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|"
          "塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺")
AUTONOMOUS = re.compile(f"^(.+?)(({ETHNIC})族)+自治(州|县|旗)$")
SUFFIXES = {
    "province": ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"),
    "city": ("地区", "市", "盟"),
    "district": ("新区", "林区", "特区", "区", "县", "市", "旗"),
}
# a name without its suffix must not be the start of a street or of another region's name
# (渝北路 is not 渝北区; 朝阳区 is not 朝阳市)
STREET_CHARS = ("路", "街", "道", "巷", "大", "区", "县")
NAME_COLUMNS = ["name", "key2", "adcode", "level", "precision", "province", "parent", "kind"]


def read_divisions(data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(data_dir / "reference" / "divisions.csv", dtype=str,
                       keep_default_na=False)


def read_division_aliases(data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(data_dir / "reference" / "division_aliases.csv", dtype=str,
                       keep_default_na=False)


def _shorts(name: str, level: str) -> list[str]:
    """Forms without the suffix: 成都, 北碚, 凉山 and 凉山州 (for 凉山彝族自治州)."""
    match = AUTONOMOUS.match(name)
    if match:
        short = match.group(1)
        extra = [short + name[-1]] if level == "city" else []
    else:
        short = next((name[: -len(s)] for s in SUFFIXES[level] if name.endswith(s)), name)
        extra = []
    return [short, *extra] if len(short) >= 2 and short != name else []


def _precision(level: str, adcode: str) -> str:
    if level == "province":
        return "city" if adcode in MUNICIPALITIES else "province"
    return level


def _alias_level(adcode: str) -> str:
    if adcode.startswith("Z"):
        return "zone"
    if adcode.endswith("0000"):
        return "province"
    return "city" if adcode.endswith("00") else "district"


def build_division_names(divisions: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """The lookup table: one row per (matchable name, region)."""
    rows = []
    for d in divisions.itertuples():
        base = {"adcode": d.adcode, "level": d.level, "precision": _precision(d.level, d.adcode),
                "province": d.adcode[:2] + "0000", "parent": d.parent_adcode or None}
        rows.append(base | {"name": d.name, "kind": "full"})
        rows += [base | {"name": short, "kind": "short"} for short in _shorts(d.name, d.level)]
    for a in aliases.itertuples():
        level = _alias_level(a.adcode)
        scope = a.scope_adcode or None
        rows.append({"name": a.alias, "adcode": a.adcode, "level": level,
                     "precision": _precision(level, a.adcode),
                     "province": (scope or a.adcode.lstrip("Z"))[:2] + "0000", "parent": scope,
                     "kind": "alias"})
    names = pd.DataFrame(rows)
    names["key2"] = names["name"].str[:2]
    return names.drop_duplicates(["name", "adcode", "parent"])[NAME_COLUMNS].reset_index(
        drop=True)


def _step(prev: str, level: str, context: str, keys: str) -> str:
    """Candidates for the next level: a name that starts the text ``txt`` of ``prev`` (a
    distinct window, see ``_windows``), for each input ``keys``."""
    cols = ", ".join(f"t.{k}" for k in keys.split(", "))
    return f"""
    SELECT DISTINCT {cols}, n.adcode, n.level, n.precision, n.province, length(n.name) AS len
    FROM {prev} t JOIN names n ON n.key2 = substr(t.txt, 1, 2) AND {level}
     AND substr(t.txt, 1, length(n.name)) = n.name
     AND (n.kind <> 'short' OR substr(t.txt, length(n.name) + 1, 1)
          NOT IN ('{"', '".join(STREET_CHARS)}'))
     AND ({context})"""


def _pick(cand: str, keys: str) -> str:
    """The longest candidate per ``keys``; NULL when two regions fit equally well."""
    return f"""
    SELECT {keys}, adcode, level, precision, province, len FROM (
      SELECT c.*, row_number() OVER (PARTITION BY {keys} ORDER BY len DESC, adcode) AS rn,
             count(*) OVER (PARTITION BY {keys}, len) AS ties
      FROM {cand} c) r
    WHERE rn = 1 AND ties = 1"""


def _windows(prev: str, level: str) -> str:
    """``prev``'s rows with ``w``: the text from offset ``off`` as far as a name of ``level``
    could reach there, and one character more (a short name's next character matters).
    Which names start a text at ``off`` depends on that window alone (each name is matched
    by its first two characters, ``key2``): a level is located once per distinct window and
    ``context`` (a few thousand in a million addresses), not once per row."""
    return f"""
  SELECT s.*, substr(s.txt, s.off + 1, k.width + 1) AS w
  FROM {prev} s LEFT JOIN (SELECT key2, max(length(name)) AS width FROM names n
                           WHERE {level} GROUP BY key2) k
    ON k.key2 = substr(s.txt, s.off + 1, 2)"""


def _level(name: str, prev: str, level: str, context: str, ctx: list[str]) -> str:
    """CTEs ``{name}w`` (``prev`` with its windows), ``{name}u`` (the distinct windows with
    their ``ctx`` columns), ``{name}c`` (their candidates) and ``{name}`` (the pick)."""
    keys = ", ".join(["txt", *ctx])
    distinct = ", ".join(["w AS txt", *ctx])
    return f"""{name}w AS ({_windows(prev, level)}),
{name}u AS (SELECT DISTINCT {distinct} FROM {name}w WHERE w IS NOT NULL),
{name}c AS ({_step(name + "u", level, context, keys)}),
{name} AS ({_pick(name + "c", keys)})"""


def _on(alias: str, ctx: list[str]) -> str:
    """The join of a row (``s``) to its window's pick (``alias``)."""
    return " AND ".join([f"{alias}.txt = s.w",
                         *(f"{alias}.{c} IS NOT DISTINCT FROM s.{c}" for c in ctx)])


def locate_sql(src: str, names: str = "names") -> str:
    """SQL: ``src`` (key, txt, ctx_province, ctx_city) -> key, adcode, precision, matched,
    province, city (the province and city the text or its context names).

    ``ctx_province``/``ctx_city`` are what another column already says (may be NULL); the
    text may then omit them (``北碚区…`` with context 500000).
    """
    city_ctx = ("(t.city IS NOT NULL AND n.parent = t.city) OR "
                "(t.city IS NULL AND t.prov IS NOT NULL AND n.province = t.prov) OR "
                "(t.city IS NOT NULL AND n.level = 'zone' AND n.parent = t.prov) OR "
                "(t.city IS NULL AND t.prov IS NULL AND n.kind = 'full')")
    return f"""
WITH names AS (SELECT * FROM {names}),
s0 AS (
  SELECT key, ctx_province, ctx_city, CASE WHEN substr(t, 1, 2) = '中国' THEN substr(t, 3)
                                           ELSE t END AS txt, 0 AS off
  FROM (SELECT key, ctx_province, ctx_city,
               replace(replace(coalesce(txt, ''), ' ', ''), '　', '') AS t FROM {src}) x),
{_level("p", "s0", "n.level = 'province'", "TRUE", [])},
s1 AS (
  SELECT s.key, s.txt, s.ctx_city, coalesce(p.adcode, s.ctx_province) AS prov,
         p.adcode AS p_adcode, p.precision AS p_precision, coalesce(p.len, 0) AS off
  FROM pw s LEFT JOIN p ON {_on("p", [])}),
{_level("c", "s1", "n.level = 'city'", "t.prov IS NULL OR n.province = t.prov", ["prov"])},
s2 AS (
  SELECT s.key, s.txt, s.prov, s.p_adcode, s.p_precision, c.adcode AS c_adcode,
         s.ctx_city,
         CASE WHEN c.adcode IS NOT NULL THEN c.adcode
              WHEN s.ctx_city IS NOT NULL
                   AND (s.prov IS NULL OR s.ctx_city LIKE substr(s.prov, 1, 2) || '%')
              THEN s.ctx_city END AS city,
         s.off + coalesce(c.len, 0) AS off
  FROM cw s LEFT JOIN c ON {_on("c", ["prov"])}),
{_level("d", "s2", "n.level IN ('district', 'zone')", city_ctx, ["city", "prov"])}
SELECT s.key,
       coalesce(d.adcode, s.c_adcode, s.p_adcode) AS adcode,
       CASE WHEN d.adcode IS NOT NULL THEN d.precision WHEN s.c_adcode IS NOT NULL THEN 'city'
            WHEN s.p_adcode IS NOT NULL THEN s.p_precision ELSE 'unknown' END AS precision,
       nullif(substr(s.txt, 1, s.off + coalesce(d.len, 0)), '') AS matched,
       s.prov AS province, s.city
FROM dw s LEFT JOIN d ON {_on("d", ["city", "prov"])}
"""


def _prov2(alias: str) -> str:
    return (f"CASE WHEN {alias}.adcode LIKE 'Z%' THEN substr({alias}.adcode, 2, 2) "
            f"ELSE substr({alias}.adcode, 1, 2) END")


def name_prefix_sql(located: str) -> str:
    """SQL: the rows of ``located`` (a ``locate_sql`` result over firm *names*) that a
    registered name's prefix supports. A name begins with its registering authority's region
    (重庆涪陵…, 江苏昆山…, 广州白云…), but a city district's bare name is also an ordinary word
    (中原环保 is not of 郑州市中原区): a district whose name ends in 区 counts only when the
    name gives more than its bare stem (its city before it, or 区 after it)."""
    return f"""
SELECT l.* FROM {located} l WHERE NOT EXISTS (
  SELECT 1 FROM names n WHERE n.adcode = l.adcode AND n.kind = 'full' AND n.name LIKE '%区'
   AND l.matched = substr(n.name, 1, length(n.name) - 1))"""


def area_and_name_steps(name_column: str) -> list[tuple[str, str]]:
    """query_steps over ``rows`` (row_no, area, ``name_column``) ending in ``loc``: the stated
    province or city (``area``: Tushare's area, a list's 地区), made more precise by the
    registered name's prefix where it names a region inside it (``name_prefix_sql``)."""
    return [
        ("src_area", "SELECT row_no AS key, area AS txt, CAST(NULL AS VARCHAR) AS ctx_province, "
                     "CAST(NULL AS VARCHAR) AS ctx_city FROM rows"),
        ("loc_area", locate_sql("src_area")),
        ("src_name", f"SELECT r.row_no AS key, r.{name_column} AS txt, "
                     "a.province AS ctx_province, CAST(NULL AS VARCHAR) AS ctx_city FROM rows r "
                     "JOIN loc_area a ON a.key = r.row_no WHERE a.province IS NOT NULL"),
        ("loc_name_any", locate_sql("src_name")),
        ("loc_name", name_prefix_sql("loc_name_any")),
        ("loc", settle_location_sql("loc_area", "loc_name")),
    ]


def settle_location_sql(first: str, second: str) -> str:
    """SQL: two located tables -> one location per key.

    ``first`` is the stated region (region columns, Tushare area); ``second`` a text that
    may be more precise (the address, the registered name). ``second`` wins only when it
    is more precise and lies within ``first``; a disagreement keeps ``first`` and sets
    ``conflict``.
    """
    rank = ("CASE {a}.precision WHEN 'point' THEN 5 WHEN 'district' THEN 4 WHEN 'zone' THEN 3 "
            "WHEN 'city' THEN 2 WHEN 'province' THEN 1 ELSE 0 END")
    inside = (f"({_prov2('b')} = {_prov2('a')} AND (a.adcode LIKE '__0000' OR b.adcode LIKE 'Z%'"
              " OR substr(b.adcode, 1, 4) = substr(a.adcode, 1, 4)))")
    use_b = (f"(a.adcode IS NULL OR ({inside} AND {rank.format(a='b')} > "
             f"{rank.format(a='a')}))")
    return f"""
SELECT coalesce(a.key, b.key) AS key,
       CASE WHEN b.adcode IS NOT NULL AND {use_b} THEN b.adcode ELSE a.adcode END AS adcode,
       CASE WHEN b.adcode IS NOT NULL AND {use_b} THEN b.precision
            ELSE coalesce(a.precision, 'unknown') END AS precision,
       CASE WHEN b.adcode IS NOT NULL AND {use_b} THEN 'second'
            WHEN a.adcode IS NOT NULL THEN 'first' END AS used,
       a.matched AS first_matched, b.matched AS second_matched,
       coalesce(a.adcode IS NOT NULL AND b.adcode IS NOT NULL AND NOT {inside}, FALSE)
           AS conflict
FROM {first} a FULL OUTER JOIN {second} b ON a.key = b.key
"""
