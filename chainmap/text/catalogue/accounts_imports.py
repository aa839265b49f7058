"""The words of the account links, the login page, the firms' and import pages' tables, the
import jobs and uploads: part of the one text catalogue (chainmap.text.catalogue)."""

from __future__ import annotations

__all__ = ["ACCOUNTS_IMPORTS"]

ACCOUNTS_IMPORTS: dict[str, tuple[str, str]] = {
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
    # an import's or a build's steps (etl.events.Step) as the CLI prints them (chainmap_cli.steps)
    "step_queued": ("排队中：服务器正在处理其他导入",
                        "queued: other imports are running on this server"),
    "step_waiting": ("等待此数据库的另一个导入或重建完成",
                         "waiting for another import or build of this database to finish"),
    "step_reading": ("读取 {name}", "reading {name}"),
    "step_read": ("已读取 {rows} 行，用它们构建数据库",
                      "read {rows} rows; building the database with them"),
    "step_replaying": ("重放第 {rows}/{of} 个导入：{name}",
                           "replaying import {rows}/{of}: {name}"),
    "step_adding": ("把导入 {name} 加入当前数据库",
                        "adding import {name} to the current database"),
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
