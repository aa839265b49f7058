"""/import 数据导入: upload, validation report, preview, then commit; the quarantine view.

Editors only (the guard in layouts/_auth.py protects /import; the commit callback checks the
role again). Uploaded bytes are written under a server-chosen name in a private folder: the
client's file name is never used as a path.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from pathlib import Path

import dash
import pandas as pd
from dash import Input, Output, State, callback, dash_table, dcc, html

from chainmap.import_report import REASONS, query_import_batches, query_quarantine
from etl.imports import ImportInputError, commit_import, preview_import
from etl.pipeline import BuildError
from layouts import _state
from layouts._auth import has_role, require_role
from layouts._components import PRECISION_ZH, ROLE_ZH
from layouts._i18n import t

dash.register_page(__name__, path="/import", title="数据导入 · chainmap", name="数据导入",
                   required_role="editor")

KINDS = {"qcc": "企业名录（企查查/天眼查/启信宝导出，.xlsx/.csv）",
         "tushare": "上市公司列表（Tushare stock_basic JSON）",
         "links": "企业间供应关系（CSV：供应方、客户、产品、来源）"}
SUFFIXES = {".xlsx", ".csv", ".json", ".txt"}


def upload_dir() -> Path:
    folder = Path(f"{_state.settings().db_path}.uploads")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def save_upload(contents: str, filename: str) -> Path:
    """Decode a dcc.Upload payload to a server-named file; only the suffix is kept."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportInputError(
            f"不支持的文件类型 {suffix or '（无扩展名）'}：请上传 .xlsx/.csv/.json")
    try:
        data = base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error) as exc:
        raise ImportInputError("上传内容无法解码") from exc
    limit = _state.settings().max_upload_mb * 1024 * 1024
    if len(data) > limit:
        raise ImportInputError(f"文件超过 {limit // 1024 // 1024} MB 上限")
    path = upload_dir() / f"{secrets.token_hex(12)}{suffix}"
    path.write_bytes(data)
    return path


UPLOAD_NAME = re.compile(r"^[0-9a-f]{24}(" + "|".join(re.escape(x) for x in SUFFIXES) + ")$")


def staged_upload(staged) -> tuple[str, Path]:
    """(kind, path) of an upload named in the page's store, which the browser holds and
    could alter: only a name ``save_upload`` could have chosen, in the upload folder, and a
    kind the page offers, are accepted."""
    name = staged.get("path") if isinstance(staged, dict) else None
    kind = staged.get("kind") if isinstance(staged, dict) else None
    if not isinstance(name, str) or not UPLOAD_NAME.match(name) or kind not in KINDS:
        raise ImportInputError("上传记录无效，请重新上传文件")
    path = upload_dir() / name
    if not path.is_file():
        raise ImportInputError("上传的文件已不存在，请重新上传")
    return kind, path


SAMPLE_COLUMNS = {"row_no": "行", "name": "名称", "region_name": "所在地", "precision": "精度",
                  "role": "角色", "match_method": "匹配", "node_names": "环节（置信度）"}
QUARANTINE_COLUMNS = {"row_no": "行", "status": "处理", "reasons_zh": "原因", "raw": "原始内容"}
BATCH_COLUMNS = {"batch_id": "批次", "kind": "类型", "imported_at": "导入时间（UTC）",
                 "rows": "行数", "accepted": "接受", "quarantined": "隔离"}
# the codes the tables hold, as the page shows them
SHOWN = {
    "precision": PRECISION_ZH,
    "role": ROLE_ZH,
    "match_method": {"new": "新企业", "ambiguous": "多个候选，未合并", "override": "人工合并",
                     "uscc": "统一社会信用代码", "stock_code": "证券代码", "name": "企业名称",
                     "name_core+province": "名称主干＋省份", "short_name+province": "简称＋省份"},
    "status": {"rejected": "拒绝：未入库", "flagged": "存疑：已入库，待复核"},
}


# the importers' file-level warnings (English, as the CLI prints them)
WARNINGS_ZH = (
    (re.compile(r"^skipped (\d+) title/summary row\(s\) above the header "
                r"\(header is row (\d+)\)$"), "跳过表头上方的 {0} 行标题/汇总（表头在第 {1} 行）"),
    (re.compile(r"^columns not used: (.*)$"), "未使用的列：{0}"),
    (re.compile(r"^files not used: (.*)$"), "未使用的文件：{0}"),
)


def warning_zh(text: str) -> str:
    for pattern, template in WARNINGS_ZH:
        found = pattern.match(text)
        if found:
            return template.format(*found.groups())
    return text


def warning_lines(report: dict) -> list[str]:
    """The report's file warnings, then its reason counts, in Chinese (the reason code kept
    for reference)."""
    reasons = report.get("reasons") or {}
    return ([warning_zh(w) for w in report.get("file_warnings", [])]
            + [f"{REASONS.get(code, ('', code))[1]}：{n} 行（{code}）"
               for code, n in reasons.items()])


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column, names in SHOWN.items():
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v, n=names: n.get(v, v))
    return frame


def _table(frame: pd.DataFrame, table_id: str, names: dict[str, str] | None = None
           ) -> dash_table.DataTable:
    frame = _shown(frame)
    if names:
        frame = frame[[c for c in names if c in frame.columns]].rename(columns=names)
    frame = frame.fillna("").astype(str).apply(lambda col: col.str.slice(0, 160))
    return dash_table.DataTable(
        id=table_id, data=frame.head(200).to_dict("records"), page_size=10,
        columns=[{"name": c, "id": c} for c in frame.columns],
        style_cell={"fontFamily": "inherit", "fontSize": 12, "textAlign": "left",
                    "whiteSpace": "normal", "height": "auto", "maxWidth": 360},
        style_table={"overflowX": "auto"},
        style_header={"fontWeight": "bold", "backgroundColor": "#f5f7fa"})


def report_view(report: dict) -> html.Div:
    counts = [("rows", "行数"), ("accepted", "接受"), ("merged", "合并"),
              ("quarantined", "隔离"), ("new_firms", "新企业"), ("firms_with_nodes", "已归入环节")]
    return html.Div(className="import-report", id="import-report", children=[
        html.Div([html.Div([html.B(str(report.get(k, "—"))), html.Span(label)],
                           className="stat") for k, label in counts], className="stats"),
        html.Ul([html.Li(line) for line in warning_lines(report)], className="firm-list"),
        html.P(f"与已导入文件相同：{report['duplicate_of']}（未重复导入）", className="note")
        if report.get("duplicate_of") else None,
    ])


def preview_view(kind: str, path: Path) -> list:
    preview = preview_import(kind, path, _state.settings())
    out = [html.H3("校验报告（预览，尚未写入）"), report_view(preview.report)]
    if not preview.sample.empty:
        out += [html.H3("预览：将导入的企业（前 20 行）"),
                _table(preview.sample, "import-sample", SAMPLE_COLUMNS)]
    if not preview.quarantine.empty:
        out += [html.H3(f"隔离/存疑行（{len(preview.quarantine)}）及原因"),
                _table(preview.quarantine, "import-quarantine", QUARANTINE_COLUMNS)]
    return out


def quarantine_view() -> list:
    with _state.cursor() as con:
        batches = query_import_batches(con)
        rows = query_quarantine(con)
    if batches.empty:
        return [html.P("尚无导入记录。", className="note")]
    cols = [c for c in ("batch_id", "file", "row_no", "status", "reasons_zh", "raw")
            if c in rows.columns]
    return [html.H3("已导入批次"), _table(batches, "import-batches", BATCH_COLUMNS),
            html.H3(f"隔离区（{len(rows)} 行）"),
            _table(rows[cols], "quarantine-table", {"batch_id": "批次", **QUARANTINE_COLUMNS})]


def layout(lang: str = "zh", **_q) -> html.Div:
    return html.Div(className="import-page", children=[
        html.Div(className="toolbar", children=[
            dcc.Dropdown(id="import-kind", value="qcc", clearable=False,
                         options=[{"label": v, "value": k} for k, v in KINDS.items()],
                         style={"width": "420px"}),
            dcc.Upload(id="import-upload", children=html.Button("选择文件并校验", className="btn"),
                       multiple=False),
            html.Button("确认导入", id="import-commit", className="btn", disabled=True),
            dcc.Store(id="import-file"),
        ]),
        html.Div(className="two-col", children=[
            html.Section(className="card", id="import-result", children=[
                html.P("上传一个文件：先校验并预览（不写入），确认后再导入；每一行的去向都会列出。"
                       "知识图谱目录和带映射文件的通用 CSV 请用命令行 chainmap import。",
                       className="note")]),
            html.Section(className="card", id="quarantine-view", children=quarantine_view()),
        ]),
    ])


@callback(Output("import-result", "children"), Output("import-file", "data"),
          Output("import-commit", "disabled"), Input("import-upload", "contents"),
          State("import-upload", "filename"), State("import-kind", "value"),
          prevent_initial_call=True)
def on_upload(contents, filename, kind):
    try:
        if kind not in KINDS:  # the dropdown's value comes from the browser
            raise ImportInputError("请选择导入类型")
        path = save_upload(contents, filename)
        return preview_view(kind, path), {"path": path.name, "kind": kind}, False
    except (ValueError, BuildError) as exc:  # every input error of the importers is one
        return [html.P(f"无法导入：{exc}", className="error-box")], None, True


@callback(Output("import-result", "children", allow_duplicate=True),
          Output("import-commit", "disabled", allow_duplicate=True),
          Output("quarantine-view", "children"), Input("import-commit", "n_clicks"),
          State("import-file", "data"), prevent_initial_call=True)
@require_role("editor")
def on_commit(_clicks, staged):
    if not has_role("editor"):
        return [html.P(t("need_editor", "zh"), className="error-box")], True, dash.no_update
    if not staged:
        return dash.no_update, True, dash.no_update
    try:
        kind, path = staged_upload(staged)  # a name we chose; never a client path
        report = commit_import(kind, path, _state.settings())
    except (ValueError, BuildError) as exc:
        return [html.P(f"导入失败，数据库未改变：{exc}", className="error-box")], True, \
            dash.no_update
    return [html.H3("已导入"), report_view(report)], True, quarantine_view()
