"""Excel workbooks for people: the investment-target list (招商清单) with its gaps and notes."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from chainmap.analytics.coverage import STATUS_ZH
from chainmap.export import write_xlsx_sheets
from chainmap.reports import run_report

__all__ = ["write_targets_sheets", "write_targets_workbook"]

TARGET_COLUMNS = {"node_name": "缺失/薄弱环节", "node_status": "环节状态", "firm_name": "目标企业",
                  "score": "得分", "region_name": "所在地", "distance_km": "距离（公里）",
                  "reasons": "推荐理由"}
GAP_COLUMNS = {"node_name": "环节", "tier": "层级", "status": "状态",
               "firm_count": "本地确认企业数",
               "marginal_count": "边缘证据企业数", "outside_candidates": "区外候选企业数"}


def write_targets_workbook(con: duckdb.DuckDBPyConnection, chain: str, region: str,
                           path) -> object:
    """Three sheets: ranked targets with reasons, the gaps, and how to read them."""
    targets = run_report(con, "targets", chain, region)
    gaps = run_report(con, "gaps", chain, region)
    chain_name, = con.execute("SELECT name_zh FROM dim_chain WHERE chain_id = ?",
                              [chain]).fetchone()
    return write_targets_sheets(targets.data, gaps.data, chain_name, region, path)


def write_targets_sheets(targets: list[dict], gaps: list[dict], chain_name: str, region: str,
                         path) -> object:
    """The workbook from the `targets` and `gaps` reports' rows (e.g. ones the app has already)."""
    t = pd.DataFrame(targets).reindex(columns=list(TARGET_COLUMNS))
    t["node_status"] = t["node_status"].map(STATUS_ZH)
    t["reasons"] = t["reasons"].apply(lambda r: "\n".join(r) if isinstance(r, list) else r)
    g = pd.DataFrame(gaps).reindex(columns=list(GAP_COLUMNS))
    g["status"] = g["status"].map(STATUS_ZH)
    notes = pd.DataFrame({"项目": ["产业链", "区域", "生成时间", "得分", "数据来源"], "说明": [
        chain_name, region, dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "0–100：环节匹配 30%、计划点名引进 20%、规模 15%、标签 10%、关联密度 10%、距离 10%、"
        "与本地链主关联 5%（详见 docs/methods.md）",
        "重庆市装备制造业高质量发展行动计划（2021—2025年）及已导入的企业名录；每条事实的来源见企业库"]})
    write_xlsx_sheets([("招商目标清单", t, TARGET_COLUMNS), ("缺失薄弱环节", g, GAP_COLUMNS),
                       ("说明", notes, None)], path)
    return path
