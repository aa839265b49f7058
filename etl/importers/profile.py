"""Firm profile rows (registry exports, mapped generic CSVs) -> stage tables, in SQL.

Input: one row per data row with ``row_no`` and any of the canonical fields of
``etl.importers.registry.SYNONYMS`` as text. Steps: clean (names, credit code,
capital, date, status), locate (region columns, then the address within them),
industry codes, labels, former names (曾用名, split into one name a row), then the
quarantine split.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from chainmap.views.import_report import REASONS
from etl.address import locate_sql, settle_location_sql
from etl.importers.industry_columns import INDUSTRY_COMBO_SQL, INDUSTRY_SQL, INDUSTRY_TEXT_SQL
from etl.importers.limits import MAX_CELL_CHARS, MAX_NAME_CHARS
from etl.importers.stage import conform
from etl.names import BRANCH, branch_parent_sql, name_core_sql, name_norm_sql, short_norm_sql
from etl.quarantine import check_reasons
from etl.reference import Reference
from etl.uscc import uscc_clean_sql, uscc_valid_sql

__all__ = ["FIELDS", "load_rows", "raw_json_sql", "stage_profiles",
           "stage_profiles_sql", "status_sql"]

FIELDS = ("full_name", "name", "uscc", "status", "legal_rep", "registered_capital", "founded",
          "province", "city", "district", "address", "gb_section", "gb_division", "gb_group",
          "gb_class", "industry", "scope", "products", "employees", "ent_type", "name_en",
          "stock_code", "former_names")
FOREIGN_CURRENCY = ("美元", "港元", "港币", "欧元", "日元", "英镑", "澳元", "加元", "新加坡元",
                    "瑞士法郎", "USD", "HKD", "EUR", "JPY", "GBP")
FOOTER = "^(数据来源|来源[:：]|共[0-9]+条|合计|总计|注[:：]|备注|说明[:：]|导出时间|导出日期)"
REGION_JUNK = ("-", "--", "省直辖县级行政区划", "自治区直辖县级行政区划", "市辖区", "县", "直辖县")
INACTIVE = ("注销", "吊销", "撤销", "责令关闭")
YMD = "^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})"
DIGITS8 = "^([0-9]{4})([0-9]{2})([0-9]{2})$"
# a branch's name ends in one of these (etl.names.BRANCH's last group): the branch pattern,
# a regular expression with a lazy group, runs only on names that do
BRANCH_ENDS = tuple(BRANCH[BRANCH.rindex("(") + 1:-2].split("|"))
assert BRANCH.endswith("(" + "|".join(BRANCH_ENDS) + ")$")


def _trim(column: str, stripped: bool) -> str:
    """``trim(column)``; the column itself when its texts are known to be stripped as
    Python's ``str.strip`` does (DuckDB's trim removes a subset of those characters)."""
    return column if stripped else f"trim({column})"


def _blank(column: str, stripped: bool = False) -> str:
    return f"nullif(nullif({_trim(column, stripped)}, ''), '-')"


def _any(column: str, words: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"position('{w}' IN {column}) > 0" for w in words) + ")"


def _region(column: str, stripped: bool = False) -> str:
    junk = ", ".join(f"'{j}'" for j in REGION_JUNK)
    text = _trim(column, stripped)
    return f"CASE WHEN {text} IN ({junk}) THEN '' ELSE coalesce({text}, '') END"


def _date_parts_sql(col: str) -> str:
    """The year, month and day in ``col`` as texts (a struct: y, m, d; '' when neither date
    form matches): 2016年3月5日, 2016-03-05, 2016/3/5, 2016.3.5 (and a time after it), or
    20160305."""
    return (f"CASE WHEN regexp_matches({col}, '{DIGITS8}') "
            f"THEN regexp_extract({col}, '{DIGITS8}', ['y', 'm', 'd']) "
            f"ELSE regexp_extract({col}, '{YMD}', ['y', 'm', 'd']) END")


def _date_sql(col: str, parts: str) -> str:
    """The date in ``col`` as YYYY-MM-DD text, or NULL when it holds none: ``parts``
    (``_date_parts_sql``) when the calendar has that day (no month 13, no 30 February, no
    year 0), else an Excel serial day number (12345)."""
    # TRY_CAST: NULL for a day the calendar lacks (and no exception per row, as try() has)
    return f"""CASE
      WHEN regexp_matches({col}, '^[0-9]{{5}}$')
        THEN CAST(DATE '1899-12-30' + CAST({col} AS INTEGER) AS VARCHAR)
      WHEN {parts}.y > '0000'
        THEN CAST(TRY_CAST({parts}.y || '-' || {parts}.m || '-' || {parts}.d AS DATE) AS VARCHAR)
    END"""


def _clean_sql(capital_in_wan: bool, stripped: bool = False) -> str:
    """``stripped``: the texts in ``rows`` have no leading or trailing whitespace."""
    def blank(column: str) -> str:
        return _blank(column, stripped)

    def region(column: str) -> str:
        return _region(column, stripped)

    filled = " + ".join(f"CASE WHEN coalesce({_trim(f, stripped)}, '') <> '' THEN 1 ELSE 0 END"
                        for f in FIELDS)
    # only compared with MAX_CELL_CHARS: characters are counted (a scan of each text) only
    # in a row whose longest cell has more bytes than that (never fewer bytes than characters)
    longest = ", ".join(f"coalesce(length({f}), 0)" for f in FIELDS)
    longest_bytes = ", ".join(f"coalesce(strlen({f}), 0)" for f in FIELDS)
    # a credit code already of digits and capitals only is its own cleaned form (the usual
    # case: one pattern test instead of trim, translate test, upper and three replaces)
    return f"""
SELECT row_no, 'r' || CAST(row_no AS VARCHAR) AS source_key,
  {blank('full_name')} AS full_name, {blank('name')} AS name,
  CASE WHEN regexp_matches(uscc, '^[0-9A-Z]+$') THEN uscc ELSE {uscc_clean_sql('uscc')} END
      AS uscc_c, {blank('uscc')} AS uscc_raw,
  {blank('status')} AS status, {blank('legal_rep')} AS legal_rep,
  replace(replace(coalesce(registered_capital, ''), ',', ''), ' ', '') AS cap_txt,
  {blank('founded')} AS founded_txt, {blank('employees')} AS employees_txt,
  {blank('ent_type')} AS ent_type, {blank('address')} AS address,
  {blank('scope')} AS scope, {blank('products')} AS products,
  {blank('name_en')} AS name_en, {blank('stock_code')} AS stock_code,
  {blank('former_names')} AS former_names,
  {region('province')} AS province_txt,
  CASE WHEN regexp_replace({region('city')}, '(省|市)$', '')
            = regexp_replace({region('province')}, '(省|市)$', '') THEN ''
       ELSE {region('city')} END AS city_txt,
  {region('district')} AS district_txt,
  {filled} AS filled,
  CASE WHEN greatest({longest_bytes}) > {MAX_CELL_CHARS} THEN greatest({longest}) ELSE 0 END
      AS longest_cell,
  greatest(length({_trim('full_name', stripped)}), length({_trim('name', stripped)}),
           list_max(list_transform(string_split_regex(former_names, '{FORMER_SPLIT}'),
                                   p -> length(trim(p))))) AS longest_name
FROM rows"""


def _typed_sql(capital_in_wan: bool, prefixes: tuple[str, ...]) -> str:
    bare = "1.0" if capital_in_wan else "0.0001"
    norm = name_norm_sql("full_name")
    cap_num = "CAST(nullif(regexp_extract(cap_txt, '([0-9]+(\\.[0-9]+)?)', 1), '') AS DOUBLE)"
    ends = " OR ".join(f"name_norm LIKE '%{e}'" for e in BRANCH_ENDS)
    # narrow: the row number and the typed values only (the wide text is in ``clean``);
    # name_norm once per row (an inner projection), then the forms derived from it; the
    # capital and the date are parsed once per distinct text (they recur) and joined back
    return f"""
SELECT c.row_no, c.name_norm,
  {name_core_sql('name_norm', list(prefixes))} AS name_core_all,
  CASE WHEN {ends} THEN {branch_parent_sql('name_norm')} END AS parent_norm,
  {short_norm_sql('name')} AS short_norm,
  CASE WHEN {uscc_valid_sql('uscc_c')} THEN uscc_c END AS uscc,
  k.registered_capital_wan, d.founded,
  CAST(nullif(regexp_extract(coalesce(employees_txt, ''), '^([0-9]+)', 1), '') AS INTEGER)
      AS employees
FROM (SELECT row_no, name, uscc_c, cap_txt, founded_txt, employees_txt, {norm} AS name_norm
      FROM clean) c
LEFT JOIN (
  SELECT cap_txt,
    CASE WHEN cap_txt = '' OR cap_txt = '-' OR {_any('cap_txt', FOREIGN_CURRENCY)} THEN NULL
         ELSE {cap_num} * CASE WHEN position('亿' IN cap_txt) > 0 THEN 10000.0
                               WHEN position('万' IN cap_txt) > 0 THEN 1.0
                               WHEN position('元' IN cap_txt) > 0 THEN 0.0001 ELSE {bare} END
    END AS registered_capital_wan
  FROM (SELECT DISTINCT cap_txt FROM clean) x) k ON k.cap_txt = c.cap_txt
LEFT JOIN (
  SELECT founded_txt, {_date_sql('founded_txt', 'founded_ymd')} AS founded
  FROM (SELECT founded_txt, {_date_parts_sql('founded_txt')} AS founded_ymd
        FROM (SELECT DISTINCT founded_txt FROM clean WHERE founded_txt IS NOT NULL) x) y
) d ON d.founded_txt = c.founded_txt"""


# clean's columns and the typed ones: a view, so the wide rows are not copied again
TYPED_VIEW = ("SELECT c.*, t.* EXCLUDE (row_no) FROM clean c "
              "JOIN typed_values t ON t.row_no = c.row_no")


def _reasons_sql() -> str:
    return f"""
SELECT t.row_no, CASE WHEN t.parent_norm IS NULL THEN t.name_core_all END AS name_core,
  concat_ws(';',
    CASE WHEN full_name IS NULL AND filled <= 1 THEN 'not_a_data_row'
         WHEN regexp_extract(coalesce(full_name, ''), '{FOOTER}', 0) <> '' THEN 'not_a_data_row'
         WHEN full_name IS NULL OR name_norm IS NULL THEN 'missing_name' END,
    CASE WHEN longest_name > {MAX_NAME_CHARS} THEN 'name_too_long' END,
    CASE WHEN longest_cell > {MAX_CELL_CHARS} THEN 'cell_too_long' END,
    CASE WHEN status IS NOT NULL AND {_any('status', INACTIVE)} THEN 'inactive_status' END,
    CASE WHEN status IS NOT NULL AND position('迁出' IN status) > 0 THEN 'status_moved' END,
    CASE WHEN uscc_c IS NOT NULL AND uscc IS NULL THEN 'invalid_uscc' END,
    CASE WHEN cap_txt NOT IN ('', '-') AND {_any('cap_txt', FOREIGN_CURRENCY)}
         THEN 'capital_currency'
         WHEN cap_txt NOT IN ('', '-') AND registered_capital_wan IS NULL
         THEN 'capital_unparsed' END,
    CASE WHEN founded_txt IS NOT NULL AND founded IS NULL THEN 'date_unparsed' END,
    CASE WHEN t.row_no > fn.first_row OR t.row_no > fu.first_row
         THEN 'duplicate_in_file' END
  ) AS reasons
FROM typed t
LEFT JOIN (SELECT name_norm AS dup_name, min(row_no) AS first_row FROM typed_values
           WHERE name_norm IS NOT NULL GROUP BY name_norm HAVING count(*) > 1) fn
       ON fn.dup_name = t.name_norm
LEFT JOIN (SELECT uscc AS dup_uscc, min(row_no) AS first_row FROM typed_values
           WHERE uscc IS NOT NULL GROUP BY uscc HAVING count(*) > 1) fu ON fu.dup_uscc = t.uscc"""


LOCATE_STEPS = [
    # the region columns repeat (a few thousand distinct texts in a million rows): locate
    # each distinct text once, then hand the result to its rows
    ("src_cols", "SELECT DISTINCT province_txt || city_txt || district_txt AS key, "
                 "province_txt || city_txt || district_txt AS txt, "
                 "CAST(NULL AS VARCHAR) AS ctx_province, CAST(NULL AS VARCHAR) AS ctx_city "
                 "FROM clean"),
    ("loc_cols_txt", locate_sql("src_cols")),
    ("loc_cols", "SELECT c.row_no AS key, l.adcode, l.precision, l.matched, l.province, l.city "
                 "FROM clean c JOIN loc_cols_txt l "
                 "ON l.key = c.province_txt || c.city_txt || c.district_txt"),
    ("src_addr", "SELECT c.row_no AS key, c.address AS txt, l.province AS ctx_province, "
                 "l.city AS ctx_city FROM clean c LEFT JOIN loc_cols l ON l.key = c.row_no"),
    ("loc_addr", locate_sql("src_addr")),
    ("loc", settle_location_sql("loc_cols", "loc_addr")),
]

# The verdict on each row, narrow: where it lies and every reason against it
VERDICT_SQL = """
SELECT r.row_no, r.source_key, r.name_core, l.adcode, l.precision,
  CASE l.used WHEN 'first' THEN '所属省市区列「' || l.first_matched || '」'
              WHEN 'second' THEN '地址「' || r.address || '」中的「' || l.second_matched || '」'
  END AS location_evidence,
  concat_ws(';', nullif(r.reasons, ''),
    CASE WHEN l.adcode IS NULL AND r.full_name IS NOT NULL
          AND coalesce(r.reasons, '') NOT LIKE '%not_a_data_row%' THEN 'address_unresolved' END,
    CASE WHEN l.conflict THEN 'address_conflict' END) AS all_reasons
FROM (SELECT c.row_no, c.source_key, c.address, c.full_name, x.reasons, x.name_core
      FROM clean c JOIN reasoned x ON x.row_no = c.row_no) r
LEFT JOIN loc l ON l.key = r.row_no"""

# The staged firm rows: a view, so the wide text is copied once, into the Parquet file
# (the verdict carries the name core: one join fewer per row)
FIRMS_SQL = """
SELECT t.*, v.name_core, v.adcode, v.precision, v.location_evidence, v.all_reasons
FROM typed t JOIN verdict v ON v.row_no = t.row_no"""


# the few distinct company types get their labels once; each row takes its type's
LABELS_SQL = """
WITH d AS (SELECT DISTINCT ent_type FROM clean WHERE ent_type IS NOT NULL),
t AS (SELECT ent_type, label, '企业类型「' || ent_type || '」' AS evidence FROM (
  SELECT ent_type, CASE
    WHEN position('外商' IN ent_type) + position('外资' IN ent_type) + position('外国' IN ent_type)
         + position('港澳台' IN ent_type) + position('台港澳' IN ent_type) > 0 THEN '外资'
    WHEN position('国有' IN ent_type) > 0 THEN '国企'
    WHEN position('集体' IN ent_type) > 0 THEN '集体企业'
    WHEN position('自然人' IN ent_type) + position('私营' IN ent_type) > 0 THEN '民企' END AS label
  FROM d
  UNION ALL
  SELECT ent_type, '上市' FROM d
  WHERE position('上市' IN ent_type) > 0 AND position('非上市' IN ent_type) = 0
) l WHERE label IS NOT NULL)
SELECT c.source_key, t.label, t.evidence FROM clean c JOIN t ON t.ent_type = c.ent_type"""


# A former-names cell holds one name or several: split at ；;、,，, line breaks and 「」『』
# (「a」「b」); a trailing date range in brackets (…公司（2015-03 至 2018-06）) is dropped
FORMER_SPLIT = r"[；;、,，\r\n「」『』]+"
FORMER_DATES = "[（(][ ]*[0-9]{4}[^（()）]*[）)][ ]*$"
FORMER_BLANK = ("-", "--", "—", "/", "无", "暂无")


def _former_sql(prefixes: tuple[str, ...]) -> str:
    """One row per (row, former name): the text, its ``name_norm`` and ``name_core``; a
    former name equal to the row's own registered name is left out."""
    blank = ", ".join(f"'{b}'" for b in FORMER_BLANK)
    piece = f"trim(regexp_replace(trim(p.piece), '{FORMER_DATES}', ''))"
    return f"""
SELECT DISTINCT f.source_key, f.former_name, f.name_norm,
       {name_core_sql('f.name_norm', list(prefixes))} AS name_core
FROM (SELECT p.row_no, p.source_key, {piece} AS former_name,
             {name_norm_sql(piece)} AS name_norm
      FROM (SELECT row_no, source_key,
                   unnest(string_split_regex(former_names, '{FORMER_SPLIT}')) AS piece
            FROM clean WHERE former_names IS NOT NULL) p) f
JOIN typed_values t ON t.row_no = f.row_no
WHERE length(f.name_norm) >= 2 AND f.former_name NOT IN ({blank})
  AND f.name_norm IS DISTINCT FROM t.name_norm"""


def status_sql(reasons: str) -> str:
    """'rejected' when any reason is an error, 'flagged' when only warnings, else NULL
    (``etl.quarantine.severity`` in SQL)."""
    errors = sorted(code for code, (level, *_rest) in REASONS.items() if level == "error")
    hit = " OR ".join(f"position(';{c};' IN ';' || {reasons} || ';') > 0" for c in errors)
    return (f"CASE WHEN coalesce({reasons}, '') = '' THEN NULL WHEN {hit} THEN 'rejected' "
            "ELSE 'flagged' END")


def raw_json_sql(alias: str, fields: tuple[str, ...] = FIELDS) -> str:
    """The input values of a row as a JSON object (non-empty fields, in FIELDS order), the
    same text ``json.dumps(…, ensure_ascii=False)`` gives."""
    parts = ", ".join(f"""CASE WHEN coalesce({alias}.{f}, '') <> '' """
                      f"""THEN '"{f}": ' || to_json({alias}.{f}) END""" for f in fields)
    return f"'{{' || concat_ws(', ', {parts}) || '}}'"


def stage_profiles_sql(con: duckdb.DuckDBPyConnection, ref: Reference,
                       capital_in_wan: bool = True, file: str = "",
                       stripped: bool = False) -> dict[str, str]:
    """Stage the profile rows in ``con``'s table ``rows`` (``row_no`` + FIELDS as text);
    ``stripped``: its texts have no leading or trailing whitespace (``str.strip``), so
    trimming them again is skipped.

    Creates temporary tables in ``con`` and returns, per stage table, the SELECT giving its
    rows (for ``write_stage_parquet``); nothing leaves DuckDB.
    """
    con.register("names_in", ref.names)
    con.register("gbt_in", ref.gbt)
    con.execute("CREATE OR REPLACE TEMP TABLE names AS SELECT * FROM names_in")
    con.execute("CREATE OR REPLACE TEMP TABLE gbt AS SELECT * FROM gbt_in")
    con.unregister("names_in")
    con.unregister("gbt_in")
    steps = [("clean", _clean_sql(capital_in_wan, stripped)),
             ("typed_values", _typed_sql(capital_in_wan, ref.prefixes)),
             ("typed", TYPED_VIEW), ("reasoned", _reasons_sql()), *LOCATE_STEPS,
             ("verdict", VERDICT_SQL), ("firms", FIRMS_SQL), ("industry_combo", INDUSTRY_COMBO_SQL),
             ("industry_text", INDUSTRY_TEXT_SQL),
             ("industry", INDUSTRY_SQL),
             ("labels", LABELS_SQL), ("former", _former_sql(ref.prefixes))]
    for name, sql in steps:
        kind = "VIEW" if name in ("typed", "firms") else "TABLE"
        con.execute(f"CREATE OR REPLACE TEMP {kind} {name} AS {sql}")
    check_reasons(r for (r,) in con.execute("SELECT DISTINCT all_reasons FROM verdict")
                  .fetchall())
    status = status_sql("all_reasons")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE quarantined AS
SELECT ? AS file, j.row_no, j.q_status AS status, j.all_reasons AS reasons,
       {raw_json_sql('r')} AS raw
FROM (SELECT row_no, all_reasons, {status} AS q_status FROM verdict) j
JOIN rows r ON r.row_no = j.row_no WHERE j.q_status IS NOT NULL""", [file])
    accepted = f"coalesce({status}, '') <> 'rejected'"
    con.execute("CREATE OR REPLACE TEMP TABLE accepted_keys AS "
                f"SELECT row_no, source_key FROM verdict WHERE {accepted}")
    return {
        # the order of the staged rows carries no meaning (every later step joins on keys):
        # not sorting a million wide rows saves a second or so
        "firms": f"SELECT f.* FROM firms f WHERE {accepted}",  # no join: a filter
        "firm_industry": "SELECT i.* FROM industry i JOIN accepted_keys k "
                         "ON k.source_key = i.source_key ORDER BY i.source_key, i.code, i.name",
        "firm_label": "SELECT l.* FROM labels l JOIN accepted_keys k "
                      "ON k.source_key = l.source_key ORDER BY l.source_key, l.label",
        "firm_former_name": "SELECT f.* FROM former f JOIN accepted_keys k "
                            "ON k.source_key = f.source_key "
                            "ORDER BY f.source_key, f.name_norm, f.former_name",
        "quarantine": "SELECT * FROM quarantined ORDER BY row_no",
    }


def load_rows(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    """``rows`` (``row_no`` and any FIELDS) as ``con``'s table ``rows``, every FIELD text."""
    frame = rows.copy()
    for field in FIELDS:
        if field not in frame.columns:
            frame[field] = None
        frame[field] = frame[field].astype("object").where(frame[field].notna(), None)
    frame["row_no"] = frame["row_no"].astype("int64")
    con.register("rows_in", frame[["row_no", *FIELDS]])
    cols = ", ".join(f"CAST({f} AS VARCHAR) AS {f}" for f in FIELDS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE rows AS SELECT row_no, {cols} FROM rows_in")
    con.unregister("rows_in")


def stage_profiles(rows: pd.DataFrame, ref: Reference, capital_in_wan: bool = True,
                   file: str = "") -> dict[str, pd.DataFrame]:
    """Stage tables for profile rows (a frame): firms, firm_industry, firm_label,
    firm_former_name, quarantine."""
    con = duckdb.connect()
    try:
        load_rows(con, rows)
        sources = stage_profiles_sql(con, ref, capital_in_wan, file)
        return {table: conform(con.execute(sql).df(), table) for table, sql in sources.items()}
    finally:
        con.close()
