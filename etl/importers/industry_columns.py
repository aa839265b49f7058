"""A registry's industry columns (国标行业门类 … 小类, 所属行业) -> codes and names, in SQL.

Steps of ``etl.importers.profile.stage_profiles_sql`` over its table ``rows``: the distinct
combinations of the columns (``industry_combo``), their distinct texts parsed once
(``industry_text``: a GB/T 4754 code in the text, else a known name, else the text as a
label), and each row's codes and names (``industry``) through its combination.
"""

from __future__ import annotations

__all__ = ["GB_COLUMNS", "INDUSTRY_COMBO_SQL", "INDUSTRY_SQL", "INDUSTRY_TEXT_SQL"]

GB_COLUMNS = {"gb_section": 0, "gb_division": 1, "gb_group": 2, "gb_class": 3, "industry": 4}


def _industry_values(source: str = "industry_combo", key: str = "") -> str:
    return " UNION ALL ".join(
        f"SELECT {key}trim({col}) AS v, {lvl} AS lvl FROM {source} "  # noqa: S608 (ours)
        f"WHERE coalesce(trim({col}), '') NOT IN ('', '-')" for col, lvl in GB_COLUMNS.items())


# a row's industry columns together take a few hundred distinct values in a million rows:
# each combination is read once (as it is in the file), its texts parsed once
INDUSTRY_COMBO_SQL = f"SELECT DISTINCT {', '.join(GB_COLUMNS)} FROM rows"  # noqa: S608
COMBO_JOIN = " AND ".join(f"k.{col} IS NOT DISTINCT FROM r.{col}" for col in GB_COLUMNS)

# the same few hundred industry texts recur in every row: parse each distinct one once (a
# table of its own, so no filter on the parse is pushed down to the million rows)
INDUSTRY_TEXT_SQL = f"""
WITH x AS (SELECT v, lvl, regexp_extract(v, '([0-9]{{2,4}})', 1) AS digits,
                  trim(regexp_replace(v, '^[A-Za-z]?[0-9]*[ .、]*', '')) AS label
           FROM (SELECT DISTINCT v, lvl FROM ({_industry_values()}) a) d),
m AS (SELECT x.*, g.code, g.name FROM x LEFT JOIN gbt g ON g.code = x.digits
      WHERE x.digits <> ''
      UNION ALL
      SELECT x.*, g.code, g.name FROM x LEFT JOIN gbt g ON g.name = x.label
      WHERE x.digits = '')
SELECT v, lvl, coalesce(nullif(digits, ''), code) AS code,
       coalesce(name, nullif(label, ''), v) AS name
FROM m WHERE coalesce(nullif(digits, ''), code) IS NOT NULL OR lvl = 4"""  # noqa: S608

# each row's industries: those of its combination of industry columns (distinct per
# combination, so distinct per row), the source key made afterwards
INDUSTRY_SQL = f"""
WITH k AS (SELECT DISTINCT {", ".join(f"v.{col}" for col in GB_COLUMNS)}, m.code, m.name
           FROM ({_industry_values("industry_combo", ", ".join(GB_COLUMNS) + ", ")}) v
           JOIN industry_text m ON m.v = v.v AND m.lvl = v.lvl)
SELECT 'r' || CAST(r.row_no AS VARCHAR) AS source_key,
       CASE WHEN k.code IS NULL THEN 'label' ELSE 'gbt4754' END AS scheme, k.code, k.name
FROM rows r JOIN k ON {COMBO_JOIN}"""  # noqa: S608
