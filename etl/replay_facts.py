"""One resolved import batch -> firm facts, each with the batch's own source (SQL).

Expects the batch's stage tables (``stg_*``) and its resolution (``row_firm``,
``cand``, ``picked``) as temporary tables; appends to dim_source, import_batch,
dim_firm (new firms only), firm_source, firm_name (registered and former names),
firm_location_fact, firm_label, firm_industry, firm_product, firm_registration,
firm_branch, resolution_review, fct_supply_link, fct_product_supply and import_quarantine.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.names import name_norm_sql, short_norm_sql
from etl.resolve import review_sql

__all__ = ["CURATED_ASSIGNMENTS", "CURATED_FACTS", "batch_source_id", "load_batch_facts",
           "load_branches", "load_shipped_facts"]

KIND_TITLES = {"qcc": "企业登记信息导出", "tushare": "Tushare 上市公司列表",
               "chainkg": "产业链知识图谱", "csv": "企业名单（自定义映射）",
               "links": "企业供应关系"}


def batch_source_id(batch_name: str) -> str:
    return "import_" + batch_name.replace("-", "_")


def _source(con, manifest: dict, src: str) -> None:
    title = f"{KIND_TITLES.get(manifest['kind'], manifest['kind'])}：" + ", ".join(
        Path(p).name for p in manifest["inputs"])
    con.execute("INSERT INTO dim_source (source_id, title, kind, locator, licence, note, sha256) "
                "VALUES (?, ?, 'imported_file', ?, NULL, ?, ?)",
                [src, title, "; ".join(manifest["inputs"]),
                 f"imported {manifest['imported_at']}; {manifest['rows']} rows",
                 manifest["sha256"]])


FACTS = [
    # new firms: one dim_firm row each, from their first row, if not known yet (an anti-join
    # that hashes the batch's firms: NOT IN hashed every known firm, 0.46 s a batch at 1M)
    """INSERT INTO dim_firm
SELECT f.firm_id, coalesce(x.name, x.full_name), x.name_en, x.full_name, x.uscc, 'firm',
       'external', x.adcode, coalesce(x.precision, 'unknown'), NULL, NULL, NULL, NULL,
       x.employees, x.registered_capital_wan, $src, 'imported_file',
       $what || ' 第 ' || CAST(x.row_no AS VARCHAR) || ' 行'
FROM (SELECT firm_id, source_key FROM (
        SELECT r.firm_id, r.source_key, row_number() OVER (
                 PARTITION BY r.firm_id ORDER BY r.row_no, r.source_key) AS rn
        FROM row_firm r WHERE r.method IN ('new', 'ambiguous')) n
      WHERE rn = 1) f
JOIN stg_firms x ON x.source_key = f.source_key
WHERE NOT EXISTS (SELECT 1 FROM dim_firm d WHERE d.firm_id = f.firm_id)""",
    """INSERT INTO firm_source
SELECT firm_id, $batch, row_no, source_key, method, method NOT IN ('new', 'ambiguous')
FROM row_firm""",
    # registered names and former names (曾用名: stg_firm_former_name)
    # (one DISTINCT over both, the constants outside it: a UNION de-duplicated twice)
    """INSERT INTO firm_name
SELECT firm_id, full_name, $src, 'imported_file' FROM (
  SELECT DISTINCT firm_id, full_name FROM (
    SELECT r.firm_id, s.full_name
    FROM row_firm r JOIN stg_firms s ON s.source_key = r.source_key
    WHERE s.full_name IS NOT NULL
    UNION ALL
    SELECT r.firm_id, f.former_name
    FROM row_firm r JOIN stg_firm_former_name f ON f.source_key = r.source_key) a) n""",
    # distinct on the row's values; the rank follows from the precision
    """INSERT INTO firm_location_fact
SELECT firm_id, adcode, precision,
       CASE precision WHEN 'point' THEN 5 WHEN 'district' THEN 4 WHEN 'zone' THEN 3
            WHEN 'city' THEN 2 WHEN 'province' THEN 1 ELSE 0 END,
       $src, 'imported_file', location_evidence
FROM (SELECT DISTINCT r.firm_id, s.adcode, coalesce(s.precision, 'unknown') AS precision,
             s.location_evidence
      FROM row_firm r JOIN stg_firms s ON s.source_key = r.source_key) l""",
    """INSERT INTO firm_label
SELECT r.firm_id, l.label, $src, 'imported_file', min(l.evidence)
FROM row_firm r JOIN stg_firm_label l ON l.source_key = r.source_key
GROUP BY r.firm_id, l.label""",
    """INSERT INTO firm_industry
SELECT firm_id, scheme, code, name, $src FROM (
  SELECT DISTINCT r.firm_id, i.scheme, i.code, i.name
  FROM row_firm r JOIN stg_firm_industry i ON i.source_key = r.source_key) i""",
    """INSERT INTO firm_product
SELECT r.firm_id, p.product, max(p.weight), $src
FROM row_firm r JOIN stg_firm_product p ON p.source_key = r.source_key
GROUP BY r.firm_id, p.product""",
    # ``r.source_key IS NOT NULL`` (the join implies it) weighs the row_firm side as the
    # filtered stg_firms side is weighed, so that DuckDB builds the join's hash table on
    # row_firm's two narrow columns, not on the wide registration rows (3× the join)
    """INSERT INTO firm_registration
SELECT r.firm_id, $src, s.row_no, s.uscc_raw, s.status, s.legal_rep, s.founded,
       s.registered_capital_wan, s.employees, s.ent_type, s.address, s.scope, s.products
FROM row_firm r JOIN stg_firms s ON s.source_key = r.source_key
WHERE (coalesce(s.uscc_raw, s.status, s.legal_rep, s.founded, s.ent_type, s.address, s.scope,
                s.products) IS NOT NULL OR s.employees IS NOT NULL
       OR s.registered_capital_wan IS NOT NULL)
  AND r.source_key IS NOT NULL""",
    """INSERT INTO fct_product_supply
SELECT DISTINCT product, material, relation, $src FROM stg_product_link
WHERE product IS NOT NULL AND material IS NOT NULL""",
    """INSERT INTO import_quarantine
SELECT $batch, file, row_no, 'import', status, reasons, raw FROM stg_quarantine""",
]


BRANCH_SQL = """INSERT INTO firm_branch
SELECT DISTINCT r.firm_id, k.firm_id, ?,
       '分支机构「' || s.full_name || '」隶属「' || s.parent_norm || '」'
FROM row_firm r JOIN stg_firms s ON s.source_key = r.source_key
JOIN int_firm_key k ON k.key_type = 'name' AND k.key_value = s.parent_norm
WHERE k.firm_id <> r.firm_id"""


def load_branches(con: duckdb.DuckDBPyConnection, manifest: dict) -> None:
    """Branch -> parent links; run after the batch's own keys are known (a parent may be a
    row of the same file)."""
    con.execute(BRANCH_SQL, [batch_source_id(manifest["batch"])])


def _party_sql() -> str:
    return f"""
CREATE OR REPLACE TEMP TABLE link_party AS
WITH p AS (
  SELECT row_no, 'supplier' AS side, supplier AS nm, supplier_norm AS norm,
         supplier_uscc AS uscc FROM stg_supply_link
  UNION ALL
  SELECT row_no, 'customer', customer, customer_norm, customer_uscc FROM stg_supply_link),
c AS (
  SELECT p.row_no, p.side, k.firm_id, 1 AS pri FROM p
  JOIN int_firm_key k ON k.key_type = 'uscc' AND k.key_value = p.uscc
  UNION SELECT p.row_no, p.side, k.firm_id, 2 FROM p
  JOIN int_firm_key k ON k.key_type = 'name' AND k.key_value = p.norm
  UNION SELECT p.row_no, p.side, k.firm_id, 3 FROM p
  JOIN int_firm_key k ON k.key_type = 'short' AND k.key_value = {short_norm_sql('p.nm')}),
best AS (SELECT c.row_no, c.side, c.firm_id FROM c JOIN (
           SELECT row_no, side, min(pri) AS pri FROM c GROUP BY row_no, side) m
         ON m.row_no = c.row_no AND m.side = c.side AND m.pri = c.pri)
SELECT row_no, side, min(firm_id) AS firm_id FROM best GROUP BY row_no, side
HAVING count(DISTINCT firm_id) = 1"""


LINKS = [
    """INSERT INTO fct_supply_link
SELECT s.firm_id, c.firm_id, l.product, $src, 'imported_file', l.evidence
FROM stg_supply_link l
JOIN link_party s ON s.row_no = l.row_no AND s.side = 'supplier'
JOIN link_party c ON c.row_no = l.row_no AND c.side = 'customer'
WHERE s.firm_id <> c.firm_id""",
    """INSERT INTO import_quarantine
SELECT $batch, $file, l.row_no, 'resolve', 'rejected', 'unknown_firm',
       coalesce(l.supplier, l.supplier_uscc) || ' -> ' || coalesce(l.customer, l.customer_uscc)
       || coalesce(' : ' || l.product, '')
FROM stg_supply_link l
WHERE NOT EXISTS (SELECT 1 FROM link_party p WHERE p.row_no = l.row_no AND p.side = 'supplier')
   OR NOT EXISTS (SELECT 1 FROM link_party p WHERE p.row_no = l.row_no AND p.side = 'customer')
   OR (SELECT min(firm_id) FROM link_party p WHERE p.row_no = l.row_no)
      = (SELECT max(firm_id) FROM link_party p WHERE p.row_no = l.row_no)""",
]


def _review(con, params: dict, flag: bool = True) -> None:
    """The batch's near matches into resolution_review and (``flag``) each such row into the
    quarantine as flagged."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE review AS {review_sql()}")
    con.execute("INSERT INTO resolution_review SELECT $batch, row_no, source_key, full_name, "
                "candidate_id, candidate_name, reason FROM review",
                {"batch": params["batch"]})
    if flag:
        con.execute("""INSERT INTO import_quarantine
SELECT $batch, $file, row_no, 'resolve', 'flagged', 'review_match',
       full_name || ' ≈ ' || string_agg(candidate_name || ' (' || candidate_id || ')', '; '
                                    ORDER BY candidate_id)
FROM review GROUP BY row_no, full_name""",
                    {"batch": params["batch"], "file": params["file"]})
    con.execute("DROP TABLE review")


def _counts(con, manifest: dict, src: str, seq: int, batch: str) -> None:
    rejected = con.execute("SELECT count(*) FROM import_quarantine WHERE batch_id = ? AND "
                           "status = 'rejected'", [batch]).fetchone()[0]
    flagged = con.execute("SELECT count(DISTINCT stage || CAST(row_no AS VARCHAR) || "
                          "coalesce(file, '')) FROM import_quarantine WHERE batch_id = ? "
                          "AND status = 'flagged'", [batch]).fetchone()[0]
    firm_rows, new_firms, matched = con.execute(
        "SELECT count(*), count(DISTINCT CASE WHEN method IN ('new', 'ambiguous') THEN firm_id "
        "END), count(CASE WHEN method NOT IN ('new', 'ambiguous') THEN 1 END) FROM row_firm"
    ).fetchone()
    con.execute("INSERT INTO import_batch VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [batch, seq, manifest["kind"], src, "; ".join(manifest["inputs"]),
                 manifest["sha256"], manifest["imported_at"], manifest["rows"],
                 manifest["rows"] - rejected,
                 firm_rows - new_firms + int(manifest.get("info", {}).get("duplicate_rows", 0)),
                 matched, new_firms,
                 rejected, flagged])


def load_batch_facts(con: duckdb.DuckDBPyConnection, manifest: dict, seq: int) -> None:
    batch = manifest["batch"]
    src = batch_source_id(batch)
    files = ", ".join(Path(p).name for p in manifest["inputs"])
    params = {"src": src, "batch": batch, "what": f"{manifest['kind']} 导入 {files}",
              "file": files}
    _source(con, manifest, src)
    for sql in FACTS:
        con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    _review(con, params)
    con.execute(_party_sql())
    for sql in LINKS:
        con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    con.execute("DROP TABLE link_party")
    _counts(con, manifest, src, seq, batch)


def load_shipped_facts(con: duckdb.DuckDBPyConnection, batch: str, src: str, what: str,
                       file: str) -> None:
    """One resolved shipped list (``etl.shipped``) -> firm facts with the list's source;
    like an import batch, without an import_batch row or quarantine rows (it is not the
    user's import)."""
    params = {"src": src, "batch": batch, "what": what, "file": file}
    # no quarantine rows: the lists are curated files, not the user's imports (their doubts
    # about which known firm a row is stay in resolution_review, `chainmap import review`)
    for sql in FACTS:
        if "INTO import_quarantine" not in sql:
            con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    _review(con, params, flag=False)


# Curated facts about the shipped listed firms (etl.shipped.CURATED, registered as
# cur_<name>), keyed by ts_code through firm_source.
_BY_CODE = ("JOIN firm_source fs ON fs.batch_id = 'shipped-listed' "
            "AND fs.source_key = c.ts_code")
CURATED_FACTS = [
    f"""INSERT INTO firm_product
SELECT DISTINCT fs.firm_id, c.products, CAST(NULL AS DOUBLE), c.source_id
FROM cur_firm_products c {_BY_CODE} WHERE c.products IS NOT NULL""",
    f"""INSERT INTO firm_location_fact
SELECT DISTINCT fs.firm_id, c.adcode, c.precision,
       CASE c.precision WHEN 'district' THEN 4 WHEN 'zone' THEN 3 WHEN 'city' THEN 2
            ELSE 1 END, c.source_id, 'web_page', c.evidence
FROM cur_firm_locations c {_BY_CODE} WHERE c.adcode IN (SELECT adcode FROM ref_division)""",
    f"""INSERT INTO firm_name
SELECT DISTINCT fs.firm_id, c.former_name, c.source_id, 'web_page'
FROM cur_firm_names c {_BY_CODE}
WHERE NOT EXISTS (SELECT 1 FROM firm_name n WHERE n.firm_id = fs.firm_id
                  AND n.full_name = c.former_name AND n.source_id = c.source_id)""",
    # … and keys of the kind an import's 曾用名 gives (etl.resolve: key ``former``)
    f"""INSERT INTO int_firm_key
SELECT DISTINCT fs.firm_id, 'former', {name_norm_sql('c.former_name')}
FROM cur_firm_names c {_BY_CODE}
WHERE {name_norm_sql('c.former_name')} IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM int_firm_key k WHERE k.firm_id = fs.firm_id AND k.key_type = 'former'
  AND k.key_value = {name_norm_sql('c.former_name')})""",

]
# … and the chain nodes and chains a person read off the cited page (emptied and given back
# when a build resumes: etl.resume.RESEEDED)
CURATED_ASSIGNMENTS = [
    f"""INSERT INTO firm_node
SELECT DISTINCT fs.firm_id, c.node_id, c.chain_id, 'maker', c.confidence, c.evidence,
       c.source_id, 'web_page'
FROM cur_firm_nodes c {_BY_CODE} WHERE c.node_id IS NOT NULL""",
    f"""INSERT INTO firm_chain
SELECT DISTINCT fs.firm_id, c.chain_id, CAST(NULL AS VARCHAR), c.source_id, 'web_page',
       min(c.evidence) OVER (PARTITION BY fs.firm_id, c.chain_id, c.source_id)
FROM cur_firm_nodes c {_BY_CODE}""",
]
