"""Listed companies in Tushare's ``stock_basic`` shape -> stage tables.

Input: the API's JSON (``{"data": {"fields": [...], "items": [[...], ...]}}``) or a
CSV/XLSX with the same column names. ``area`` is a province (or 深圳), so a firm is
located to its province; when the registered full name starts with a city of
that province (成都市…), to that city (rule: registered names begin with the
registering authority's region). ``industry`` is Tushare's own coarse class and
is kept only as weak classification evidence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from etl.address import area_and_name_steps
from etl.importers.limits import MAX_CELL_CHARS, MAX_NAME_CHARS
from etl.importers.sheets import PYTHON_MAX_MB, InputRefused, SheetError, read_sheet
from etl.importers.stage import StagedImport, conform
from etl.names import name_core_sql, name_norm_sql, short_norm_sql
from etl.quarantine import split_quarantine
from etl.reference import Reference
from etl.sqlframes import query_steps

__all__ = ["FIELDS", "OWNERSHIP_LABELS", "import_tushare", "read_tushare", "stage_tushare"]

FIELDS = ("ts_code", "symbol", "name", "area", "industry", "market", "list_date", "act_name",
          "act_ent_type", "fullname", "enname", "exchange", "list_status")
OWNERSHIP_LABELS = {"中央国企": "央企", "地方国企": "地方国企", "民营企业": "民企",
                    "外资企业": "外资", "集体企业": "集体企业", "校办企业": "校办企业"}


def read_tushare(path: Path) -> pd.DataFrame:
    """The stock_basic rows as strings, with ``row_no`` (1-based item number or file row)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        size = path.stat().st_size
        if size > PYTHON_MAX_MB << 20:  # read whole (stock_basic: about 1 MB)
            raise InputRefused("json_too_large", name=path.name, mb=size / (1 << 20),
                               limit=PYTHON_MAX_MB)
        try:
            doc = json.loads(path.read_text("utf-8-sig"))
            data = doc.get("data", doc)
            frame = pd.DataFrame(data["items"], columns=data["fields"], dtype=object)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise SheetError(f"not Tushare stock_basic JSON (data.fields / data.items): {exc}"
                             ) from exc
        frame.insert(0, "row_no", range(1, len(frame) + 1))
    else:
        raw, _info = read_sheet(path)
        if raw.empty:  # blank lines, spaces or a byte-order mark only
            raise SheetError(f"{path.name} holds no rows: a Tushare stock_basic file needs a "
                             "header row with ts_code and name")
        header = raw.iloc[0].tolist()
        frame = raw.iloc[1:].set_axis(header, axis=1).reset_index()
    if "ts_code" not in frame.columns or "name" not in frame.columns:
        raise SheetError("a Tushare stock_basic file needs at least ts_code and name columns")
    for field in FIELDS:
        if field not in frame.columns:
            frame[field] = None
    frame = frame[["row_no", *FIELDS]].astype(object)
    return frame.where(frame.notna(), None)


def _firms_sql(prefixes: tuple[str, ...]) -> str:
    norm = name_norm_sql("coalesce(fullname, name)")
    longest = ", ".join(f"coalesce(length(CAST({f} AS VARCHAR)), 0)" for f in FIELDS)
    return f"""
SELECT row_no, trim(ts_code) AS source_key, trim(name) AS name,
  coalesce(nullif(trim(fullname), ''), trim(name)) AS full_name, {norm} AS name_norm,
  {name_core_sql(norm, list(prefixes))} AS name_core, {short_norm_sql('name')} AS short_norm,
  upper(trim(ts_code)) AS stock_code, nullif(trim(enname), '') AS name_en,
  l.adcode, l.precision,
  CASE l.used WHEN 'first' THEN 'Tushare area「' || area || '」'
       WHEN 'second' THEN '全称冠以「' || l.second_matched || '」（Tushare area「' || area
                          || '」；企业名称以登记机关行政区划开头）' END AS location_evidence,
  concat_ws(';',
    CASE WHEN nullif(trim(name), '') IS NULL AND nullif(trim(fullname), '') IS NULL
         THEN 'missing_name' END,
    CASE WHEN row_number() OVER (PARTITION BY upper(trim(ts_code)) ORDER BY row_no) > 1
         THEN 'duplicate_in_file' END,
    CASE WHEN greatest(length(CAST(name AS VARCHAR)), length(CAST(fullname AS VARCHAR)))
              > {MAX_NAME_CHARS}
         THEN 'name_too_long' END,
    CASE WHEN greatest({longest}) > {MAX_CELL_CHARS} THEN 'cell_too_long' END,
    CASE WHEN coalesce(list_status, 'L') <> 'L' THEN 'delisted' END,
    CASE WHEN l.adcode IS NULL THEN 'address_unresolved' END) AS reasons
FROM rows r LEFT JOIN loc l ON l.key = r.row_no"""


LOCATE_STEPS = area_and_name_steps("fullname")

INDUSTRY_SQL = """
SELECT trim(ts_code) AS source_key, 'tushare' AS scheme, CAST(NULL AS VARCHAR) AS code,
       trim(industry) AS name
FROM rows WHERE nullif(trim(industry), '') IS NOT NULL"""


def _labels_sql() -> str:
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in OWNERSHIP_LABELS.items())
    return f"""
SELECT trim(ts_code) AS source_key, '上市' AS label,
       'Tushare stock_basic: ' || ts_code || coalesce('，' || market, '') ||
       coalesce('，上市日期 ' || list_date, '') AS evidence
FROM rows WHERE coalesce(list_status, 'L') = 'L'
UNION ALL
SELECT trim(ts_code), CASE act_ent_type {cases} END,
       'Tushare act_ent_type「' || act_ent_type || '」' || coalesce('，实际控制人 ' || act_name, '')
FROM rows WHERE CASE act_ent_type {cases} END IS NOT NULL"""


def stage_tushare(rows: pd.DataFrame, ref: Reference, file: str = "") -> dict[str, pd.DataFrame]:
    steps = [*LOCATE_STEPS, ("firms", _firms_sql(ref.prefixes)), ("industry", INDUSTRY_SQL),
             ("labels", _labels_sql())]
    out = query_steps({"rows": rows, "names": ref.names}, steps, ["firms", "industry", "labels"])
    raw = rows.set_index("row_no")
    accepted, quarantine = split_quarantine(out["firms"].sort_values("row_no"), raw, file)
    keep = set(accepted["source_key"])
    return {
        "firms": conform(accepted.drop_duplicates("source_key"), "firms"),
        "firm_industry": conform(out["industry"][out["industry"]["source_key"].isin(keep)],
                                 "firm_industry"),
        "firm_label": conform(out["labels"][out["labels"]["source_key"].isin(keep)],
                              "firm_label"),
        "quarantine": conform(quarantine, "quarantine"),
    }


def import_tushare(path: Path, ref: Reference) -> StagedImport:
    rows = read_tushare(path)
    tables = stage_tushare(rows, ref, Path(path).name)
    quarantine = tables["quarantine"]
    accepted = len(rows) - int((quarantine["status"] == "rejected").sum())
    return StagedImport(kind="tushare", tables=tables, rows=len(rows),
                        info={"file": str(path), "listed": int(rows["list_status"].eq("L").sum()),
                              "duplicate_rows": accepted - len(tables["firms"])})
