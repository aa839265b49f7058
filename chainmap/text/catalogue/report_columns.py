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
    "no_firms_on_chain": ("此产业链没有已知企业。", "No firm is known on this chain."),
    # chainmap info: the chains
    "col_node_count": ("环节数", "Nodes"),
    # chainmap import quarantine / review
    "col_reason_code": ("原因代码", "Reason code"),
    "col_candidate_id": ("候选编号", "Candidate id"),
    # why a report has no row (the command line says it instead of an empty table)
    "empty_coverage": ("此产业链没有环节。", "The chain has no nodes."),
    "empty_gaps": ("该区域这条产业链没有缺失、薄弱或未覆盖的环节："
                   "每个环节的本地确认企业都达到了阈值。",
                   "No missing, weak or uncovered node: every node of this chain has enough "
                   "confirmed local firms in the region."),
    "empty_leaders": ("该区域没有此链的已知企业，因此没有链主。",
                      "No firm of this chain is known in the region, so there is no leader."),
    "empty_supply": ("此产业链没有可计算配套率的环节。",
                     "The chain has no node to measure supply on."),
    "empty_resilience": ("该区域没有此链的本地确认企业，无从计算集中度。",
                         "No confirmed local firm of this chain in the region: no "
                         "concentration to measure."),
    "empty_complement": ("川渝之间此链没有可互补的环节："
                         "一方缺失或薄弱的环节，另一方没有具备或优势的地区。",
                         "No node complements: where one side is missing or weak, the other "
                         "has no region where it is present or strong."),
    "empty_targets_no_gaps": ("没有需要补链的环节，因此暂无招商目标。",
                              "No node needs filling, so there are no investment targets."),
    "empty_progress": ("数据库中没有行动计划的 2025 年目标。",
                       "The database holds none of the plan's 2025 targets."),
    "empty_specialization": ("该区域及其比较地区没有此链的已知企业，无法计算区位商。",
                             "No firm of this chain is known in the region or the regions it "
                             "is compared with: no location quotient."),
}
