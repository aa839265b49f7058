"""MIIT green-manufacturing lists (绿色工厂, 绿色供应链管理示范企业) -> stage tables.

Input: the lists as published (CSV: 序号, 地区, 工厂名称 or 企业名称, 行业, 第三方评价机构,
批次). A row names a firm or one of its plants (重庆长安汽车股份有限公司渝北工厂): a plant's
name is cut back to the firm's (the text up to and including 公司) so that it resolves to the
firm; the plant's own name stays in the label's evidence. 地区 is a province, so a firm new
to the database is placed at province precision, never at a made-up point.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.address import area_and_name_steps
from etl.importers.sheets import SheetError
from etl.importers.stage import conform
from etl.names import name_core_sql, name_norm_sql, short_norm_sql
from etl.quarantine import split_quarantine
from etl.reference import Reference
from etl.sqlframes import query_steps

__all__ = ["GREEN_LABELS", "read_green", "stage_green"]

# list kind -> (label, the list's name in evidence)
GREEN_LABELS = {"factory": ("绿色工厂", "工信部绿色工厂名单"),
                "supply_chain": ("绿色供应链管理示范企业", "工信部绿色供应链管理示范企业名单")}


def read_green(path: Path) -> tuple[pd.DataFrame, str]:
    """(rows as strings with ``row_no`` and ``name``, list kind) of a MIIT list CSV."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    name_col = next((c for c in ("工厂名称", "企业名称") if c in frame.columns), None)
    if name_col is None or "地区" not in frame.columns:
        raise SheetError(f"{Path(path).name}: a MIIT green list needs 地区 and 工厂名称 or "
                         "企业名称 columns")
    kind = "factory" if name_col == "工厂名称" else "supply_chain"
    out = pd.DataFrame({"row_no": range(1, len(frame) + 1),
                        "name": frame[name_col].str.strip(),
                        "area": frame["地区"].str.strip(),
                        "batch": frame.get("批次", pd.Series("", index=frame.index)).str.strip(),
                        "industry": frame.get("行业", pd.Series("", index=frame.index))
                        .str.strip()})
    return out, kind


def _firms_sql(prefixes: tuple[str, ...], kind: str) -> str:
    label, _ = GREEN_LABELS[kind]
    norm = name_norm_sql("firm_name")
    return f"""
WITH r AS (
  SELECT *, CASE WHEN regexp_matches(name, '公司.+$')
                 THEN regexp_extract(name, '^(.*?公司)', 1) ELSE name END AS firm_name
  FROM rows)
SELECT row_no, '{kind}-' || CAST(row_no AS VARCHAR) AS source_key, firm_name AS name,
  firm_name AS full_name, {norm} AS name_norm, {name_core_sql(norm, list(prefixes))} AS name_core,
  {short_norm_sql('firm_name')} AS short_norm, l.adcode, l.precision,
  CASE l.used WHEN 'second' THEN '名称冠以「' || l.second_matched || '」（{label}名单「地区」列「'
       || area || '」；企业名称以登记机关行政区划开头）'
       ELSE '{label}名单「地区」列「' || area || '」' END AS location_evidence,
  concat_ws(';', CASE WHEN nullif(name, '') IS NULL THEN 'missing_name' END,
            CASE WHEN l.adcode IS NULL THEN 'address_unresolved' END) AS reasons
FROM r LEFT JOIN loc l ON l.key = r.row_no"""  # noqa: S608 (this module's constants)


def _labels_sql(kind: str) -> str:
    label, listed = GREEN_LABELS[kind]
    return f"""
SELECT '{kind}-' || CAST(row_no AS VARCHAR) AS source_key, '{label}' AS label,
       '{listed}' || coalesce('第 ' || nullif(batch, '') || ' 批', '') || '：「' || name || '」'
       || CASE WHEN nullif(industry, '') IS NOT NULL THEN '（行业：' || industry || '）'
               ELSE '' END AS evidence
FROM rows WHERE nullif(name, '') IS NOT NULL"""  # noqa: S608 (this module's constants)


LOCATE_STEPS = area_and_name_steps("name")


def stage_green(rows: pd.DataFrame, kind: str, ref: Reference, file: str = "",
                ) -> dict[str, pd.DataFrame]:
    """Stage tables (firms, firm_label, quarantine) of one MIIT list."""
    steps = [*LOCATE_STEPS, ("firms", _firms_sql(ref.prefixes, kind)),
             ("labels", _labels_sql(kind))]
    out = query_steps({"rows": rows, "names": ref.names}, steps, ["firms", "labels"])
    accepted, quarantine = split_quarantine(out["firms"].sort_values("row_no"),
                                            rows.set_index("row_no"), file)
    keep = set(accepted["source_key"])
    return {"firms": conform(accepted, "firms"),
            "firm_label": conform(out["labels"][out["labels"]["source_key"].isin(keep)],
                                  "firm_label"),
            "quarantine": conform(quarantine, "quarantine")}
