"""The column headers of the reports' tables (the Excel sheets of ``chainmap report`` and the
app's downloads, the targets workbook, the firm list, the command line's tables), and the
words of their row labels, where no word the pages show fits: part of the one text catalogue
(chainmap.text.catalogue). A column the pages show too uses the pages' code (node, tier,
status, col_region …)."""

from __future__ import annotations

__all__ = ["REPORT_COLUMNS_TEXT"]

REPORT_COLUMNS_TEXT: dict[str, tuple[str, str]] = {
    # coverage and gaps
    "col_node_id": ("环节编号", "Node id"),
    "col_status_basis": ("缺失依据", "Why missing"),
    "col_firm_count": ("确认企业数", "Confirmed firms"),
    "col_local_firm_count": ("本地确认企业数", "Confirmed local firms"),
    "col_marginal_count": ("边缘证据企业数", "Marginal evidence firms"),
    "col_labelled_count": ("有标签企业数", "Labelled firms"),
    "col_support_count": ("科研/平台数", "Institutions, platforms"),
    "col_revenue_yi": ("营收合计（亿元）", "Revenue (100 million yuan)"),
    "col_firms": ("企业", "Firms"),
    "col_outside_candidate_count": ("区外候选企业数", "Outside candidates"),
    # leaders
    "col_rank": ("排名", "Rank"),
    "col_firm_name": ("企业", "Firm"),
    "col_factors": ("分项得分", "Score by factor"),
    "col_leader_nodes": ("所在环节", "Nodes"),
    "col_local_suppliers": ("本地上游企业数", "Local suppliers"),
    "col_plan_designation": ("计划表述", "The plan's word"),
    # supply
    "col_supply_scope": ("范围", "Scope"),
    "col_ratio": ("本地配套率", "Local supply ratio"),
    "col_ratio_chengyu": ("成渝配套率", "Chengdu–Chongqing ratio"),
    "col_ratio_incl_marginal": ("含边缘证据的配套率", "Incl. marginal evidence"),
    "col_ratio_km": ("距离范围内配套率", "Ratio within --km"),
    "col_uncovered": ("无本地配套的环节", "Nodes with no local supplier"),
    # its rows: the whole chain or a leader's suppliers
    "supply_scope_chain": ("整条产业链", "Whole chain"),
    "supply_scope_leader": ("链主：{name}", "Leader: {name}"),
    # resilience
    "col_hhi": ("集中度HHI", "Concentration (HHI)"),
    "col_single_supplier": ("单一供应商", "Single supplier"),
    # complement
    "col_direction": ("方向", "Direction"),
    "col_complement_region": ("互补地区", "Complementing region"),
    "col_status_there": ("该地区状态", "Status there"),
    "col_plan_partner": ("计划合作城市", "Plan partner city"),
    # its rows: which side fills the other's gaps (chainmap.analytics.complement)
    "direction_sichuan_fills_chongqing": ("四川补重庆", "Sichuan fills Chongqing"),
    "direction_chongqing_fills_sichuan": ("重庆补四川", "Chongqing fills Sichuan"),
    # targets (the report, the workbook, the bundle)
    "col_gap_node": ("缺失/薄弱/未覆盖环节", "Gap node"),
    "col_node_status": ("环节状态", "Node status"),
    "col_distance_km": ("距离（公里）", "Distance (km)"),
    "col_target_reasons": ("推荐理由", "Reasons"),
    # progress
    "col_latest": ("最新引用数值", "Latest cited figure"),
    "col_latest_url": ("来源链接", "Source link"),
    "col_measured_value": ("当前测算值", "Measured value"),
    # specialization
    "col_region_division": ("区划", "Region code"),
    "col_density": ("关联密度", "Relatedness density"),
    "col_strong_cluster": ("强集群", "Strong cluster"),
    # the firm list (chainmap firms --xlsx)
    "col_id": ("编号", "Id"),
    "col_name_en": ("英文名", "English name"),
    "col_region_code": ("区划代码", "Region code"),
    "col_chain_nodes": ("链条环节", "Nodes"),
}
