"""Industry-chain knowledge graphs in the ChainKnowledgeGraph shape -> stage tables.

A folder with ``company.json`` (JSON lines: name, fullname, code, time; ``location``
is the stock exchange, not a place, and is not used), ``company_industry.json``
(company -> Shenwan industry), ``company_product.csv`` (company_code, product,
weight = revenue share of the product) and ``product_product.csv`` (product,
related_product, relation). Products are the evidence chain-node classification
uses; product -> upstream material rows are kept as product-level supply evidence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from chainmap.text.catalogue import t
from etl.address import locate_sql
from etl.importers.sheets import SheetError, decode_bytes
from etl.importers.stage import StagedImport, conform
from etl.names import name_core_sql, name_norm_sql, short_norm_sql
from etl.quarantine import split_quarantine
from etl.reference import Reference
from etl.sqlframes import query_steps

__all__ = ["FILES", "import_chainkg", "read_chainkg", "stage_chainkg"]

FILES = {"company": "company.json", "company_industry": "company_industry.json",
         "company_product": "company_product.csv", "product_product": "product_product.csv"}
REQUIRED = ("company",)
NOT_PRODUCTS = ("抵销", "抵消", "平衡项目", "调整项目", "内部交易", "分部间")
EXCHANGE_BY_FIRST_DIGIT = {"6": "SH", "0": "SZ", "3": "SZ", "4": "BJ", "8": "BJ", "9": "BJ"}


def _json_lines(path: Path) -> pd.DataFrame:
    text, _encoding = decode_bytes(path.read_bytes())
    records = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
            records.append({"row_no": line_no, "bad": not isinstance(value, dict),
                            **(value if isinstance(value, dict) else {}), "_line": line})
        except json.JSONDecodeError:
            records.append({"row_no": line_no, "bad": True, "_line": line})
    return pd.DataFrame(records)


def _csv(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.insert(0, "row_no", range(2, len(frame) + 2))
    return frame


def read_chainkg(folder: Path) -> dict[str, pd.DataFrame]:
    """The knowledge graph's files as frames (each with ``row_no``); absent optional files
    are empty frames."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SheetError(f"{folder} is not a folder (the knowledge graph is a folder of files)")
    frames = {}
    for key, name in FILES.items():
        path = folder / name
        if not path.exists():
            if key in REQUIRED:
                raise SheetError(f"{folder} has no {name}")
            frames[key] = pd.DataFrame({"row_no": pd.Series(dtype="int64")})
            continue
        frames[key] = _json_lines(path) if name.endswith(".json") else _csv(path)
    return frames


def _code_sql(column: str) -> str:
    """600031 / 600031.sh / 600031SH -> 600031.SH (exchange from the first digit if absent)."""
    digits = f"regexp_extract(upper(trim({column})), '^([0-9]{{6}})', 1)"
    suffix = f"regexp_extract(upper(trim({column})), '(SH|SZ|BJ)$', 1)"
    inferred = "CASE substr(" + digits + ", 1, 1) " + " ".join(
        f"WHEN '{d}' THEN '{x}'" for d, x in EXCHANGE_BY_FIRST_DIGIT.items()) + " END"
    return f"nullif({digits}, '') || '.' || coalesce(nullif({suffix}, ''), {inferred})"


def _company_sql(prefixes: tuple[str, ...]) -> str:
    norm = name_norm_sql("coalesce(nullif(trim(fullname), ''), name)")
    return f"""
SELECT c.row_no, {_code_sql('code')} AS source_key, nullif(trim(name), '') AS name,
  coalesce(nullif(trim(fullname), ''), trim(name)) AS full_name, {norm} AS name_norm,
  {name_core_sql(norm, list(prefixes))} AS name_core, {short_norm_sql('name')} AS short_norm,
  {_code_sql('code')} AS stock_code, l.adcode, coalesce(l.precision, 'unknown') AS precision,
  CASE WHEN l.adcode IS NOT NULL THEN '全称冠以「' || l.matched
       || '」（企业名称以登记机关行政区划开头）' END AS location_evidence,
  concat_ws(';',
    CASE WHEN bad THEN 'bad_record'
         WHEN nullif(trim(name), '') IS NULL AND nullif(trim(fullname), '') IS NULL
         THEN 'missing_name' END,
    CASE WHEN NOT bad AND row_number() OVER (PARTITION BY {_code_sql('code')} ORDER BY c.row_no)
         > 1 THEN 'duplicate_in_file' END) AS reasons
FROM company c LEFT JOIN loc l ON l.key = c.row_no"""


def _product_sql() -> str:
    words = " OR ".join(f"position('{w}' IN product) > 0" for w in NOT_PRODUCTS)
    return f"""
SELECT p.row_no, {_code_sql('company_code')} AS source_key, trim(product) AS product,
  CASE WHEN CAST(weight AS DOUBLE) < 0 THEN 0.0 ELSE CAST(weight AS DOUBLE) END AS weight,
  concat_ws(';',
    CASE WHEN {_code_sql('company_code')} NOT IN (SELECT source_key FROM companies)
         THEN 'unknown_company' END,
    CASE WHEN nullif(trim(product), '') IS NULL OR {words} THEN 'not_a_product' END,
    CASE WHEN CAST(weight AS DOUBLE) < 0 THEN 'low_weight' END,
    CASE WHEN row_number() OVER (PARTITION BY {_code_sql('company_code')}, trim(product)
         ORDER BY CAST(weight AS DOUBLE) DESC, p.row_no) > 1 THEN 'duplicate_in_file' END
  ) AS reasons
FROM company_product p"""


INDUSTRY_SQL = """
SELECT row_no, source_key, 'shenwan' AS scheme, trim(industry_code) AS code,
       trim(industry_name) AS name,
       CASE WHEN bad THEN 'bad_record' WHEN source_key NOT IN (SELECT source_key FROM companies)
            THEN 'unknown_company' END AS reasons
FROM (SELECT i.*, {code} AS source_key FROM company_industry i) x"""

LINK_SQL = """
SELECT trim(product) AS product, trim(related_product) AS material, '上游材料' AS relation
FROM product_product WHERE relation = '上游材料'
UNION
SELECT trim(related_product), trim(product), '上游材料' FROM product_product
WHERE relation = '下游产品'"""

LABEL_SQL = """
SELECT source_key, '上市' AS label,
       'ChainKnowledgeGraph company.json: ' || stock_code || coalesce('，上市日期 ' || c.time, '')
       AS evidence
FROM companies JOIN company c USING (row_no)"""


def _frames(files: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every column the SQL reads, present (NULL when the file lacks it)."""
    need = {"company": ("bad", "name", "fullname", "code", "time"),
            "company_industry": ("bad", "company_code", "industry_code", "industry_name"),
            "company_product": ("company_code", "product", "weight"),
            "product_product": ("product", "related_product", "relation")}
    out = {}
    for key, columns in need.items():
        frame = files[key].copy()
        for column in columns:
            if column not in frame.columns:
                frame[column] = False if column == "bad" else None
        out[key] = frame[["row_no", *columns]].astype(
            {c: object for c in columns if c != "bad"})
    return out


def stage_chainkg(files: dict[str, pd.DataFrame], ref: Reference,
                  ) -> tuple[dict[str, pd.DataFrame], dict]:
    frames = _frames(files)
    frames["names"] = ref.names
    steps = [
        ("src_name", "SELECT row_no AS key, fullname AS txt, CAST(NULL AS VARCHAR) AS "
                     "ctx_province, CAST(NULL AS VARCHAR) AS ctx_city FROM company"),
        ("loc", locate_sql("src_name")),
        ("company_rows", _company_sql(ref.prefixes)),
        ("companies", "SELECT * FROM company_rows WHERE reasons NOT LIKE '%bad_record%' AND "
                      "reasons NOT LIKE '%missing_name%'"),
        ("products", _product_sql()),
        ("industries", INDUSTRY_SQL.format(code=_code_sql("company_code"))),
        ("links", LINK_SQL), ("labels", LABEL_SQL)]
    out = query_steps(frames, steps, ["company_rows", "products", "industries", "links",
                                      "labels"])
    quarantine, accepted = [], {}
    for key, table in (("company", "company_rows"), ("company_product", "products"),
                       ("company_industry", "industries")):
        raw = files[key].set_index("row_no").drop(columns=["bad"], errors="ignore")
        accepted[key], q = split_quarantine(out[table].sort_values("row_no"), raw, FILES[key])
        quarantine.append(q)
    keep = set(accepted["company"]["source_key"])
    products = accepted["company_product"]
    products = products[~products["row_no"].isin(
        out["products"].loc[out["products"]["reasons"].str.contains("duplicate_in_file"),
                            "row_no"])]
    tables = {
        "firms": conform(accepted["company"].drop_duplicates("source_key"), "firms"),
        "firm_product": conform(products, "firm_product"),
        "firm_industry": conform(accepted["company_industry"], "firm_industry"),
        "firm_label": conform(out["labels"][out["labels"]["source_key"].isin(keep)],
                              "firm_label"),
        "product_link": conform(out["links"], "product_link"),
        "quarantine": conform(pd.concat(quarantine, ignore_index=True), "quarantine"),
    }
    relations = files["product_product"].get("relation", pd.Series(dtype=object))
    info = {"files": {FILES[k]: len(v) for k, v in files.items()},
            "duplicate_rows": int(accepted["company"]["source_key"].duplicated().sum()),
            "product_links_skipped": {str(k): int(v) for k, v in
                                      relations[relations.eq("产品小类")].value_counts().items()}}
    return tables, info


def import_chainkg(folder: Path, ref: Reference) -> StagedImport:
    files = read_chainkg(folder)
    tables, info = stage_chainkg(files, ref)
    rows = sum(len(files[k]) for k in ("company", "company_industry", "company_product"))
    skipped = sum(info["product_links_skipped"].values())
    rows += len(files["product_product"]) - skipped
    present = {p.name for p in Path(folder).iterdir()} - set(FILES.values())
    warnings = [t("file_warning_files_not_used", "en", names=", ".join(sorted(present)))] \
        if present else []
    if skipped:
        warnings.append(f"{skipped} product_product rows with relation 产品小类 skipped "
                        "(string containment, not supply)")
    return StagedImport(kind="chainkg", tables=tables, rows=rows, warnings=tuple(warnings),
                        info=info)
