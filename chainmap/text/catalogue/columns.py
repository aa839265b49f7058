"""Words the pages and the command line both print (column headers, progress statuses): part of
the one text catalogue (chainmap.text.catalogue); chainmap_cli/tables.py reads them there."""

from __future__ import annotations

__all__ = ["COLUMNS"]

COLUMNS: dict[str, tuple[str, str]] = {
    "status": ("状态", "Status"),
    "node": ("环节", "Node"),
    "tier": ("层级", "Tier"),
    "chain": ("产业链", "Chain"),
    "local_firms": ("本地确认企业", "Local firms"),
    "marginal_firms": ("边缘证据企业", "Marginal evidence"),
    "outside_candidates": ("区外候选", "Outside candidates"),
    "metric": ("指标", "Metric"),
    "target_2025": ("2025年目标", "2025 target"),
    "measured": ("当前测算", "Measured"),
    "no_data": ("暂无数据", "no data"),
    "met": ("已达成", "met"),
    "not_met": ("未达成", "not met"),
    "measure_lq": ("区位商LQ", "Location quotient"),
    "col_row": ("行", "Row"),
    "col_name": ("名称", "Name"),
    "col_region": ("所在地", "Location"),
    "col_location_precision": ("定位精度", "Location precision"),
    "col_role": ("角色", "Role"),
    "col_outcome": ("处理", "Outcome"),
    "col_reasons": ("原因", "Reasons"),
    "col_batch": ("批次", "Batch"),
    "col_chains": ("产业链", "Chains"),
    "col_labels": ("标签", "Labels"),
    "col_candidate": ("已有企业（候选）", "Known firm (candidate)"),
    "col_why": ("依据", "Why"),
    "col_note": ("说明", "Note"),
    "stat_rows": ("行数", "Rows"),
    "region_unknown": ("未知", "unknown"),
}
