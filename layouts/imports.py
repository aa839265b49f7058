"""/import 数据导入: upload, validation report, preview, then commit; the quarantine view.

Editors only (the guard in chainmap_web/auth.py protects /import; each of the page's callbacks
is wrapped in require_role("editor"), which refuses anyone else before it runs). Uploaded
bytes are written under a server-chosen name in a private folder: the client's file name is
never used as a path.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import dash
import pandas as pd
from dash import Input, Output, State, callback, dash_table, dcc, html

from chainmap.text.ui import t
from chainmap.views.import_report import (
    QUARANTINE_STATUS,
    REASONS,
    count_quarantine,
    query_import_batches,
    query_quarantine,
    raw_fields,
)
from chainmap_web import state as _state
from chainmap_web.auth import require_role
from chainmap_web.jobs import QUEUED, Failure, job_status, start_job
from chainmap_web.quarantine import quarantine_url
from chainmap_web.upload import (
    UploadError,
    abandon_upload,
    stored_upload,
    upload_in_use,
    upload_owner,
)
from chainmap_web.urls import lang_of
from etl.housekeeping import WAITING
from etl.imports import QUARANTINE_SAMPLE, commit_import, preview_import
from etl.pipeline import BuildError
from layouts._components import precision_names, role_names
from layouts._titles import titled

dash.register_page(__name__, path="/import", title=titled("import"), name=t("nav_import"),
                   required_role="editor")

KINDS = {kind: t(f"import_kind_{kind}") for kind in ("qcc", "tushare", "links")}
MAX_SHOWN_NAME = 200  # a name the browser gave: shown only, as text, and cut
POLL_MS = 1000  # how often the page asks a running preview or commit how far it is


def error_text(exc: Exception, lang: str, upload: tuple[Path, str] | None = None) -> str:
    """An error as the page shows it: the page's own and a file refused whole by the
    importers' limits (``message(lang)``: a FIFO, too many columns, out of memory …) in its
    language; the importers' other errors as they say it (English). With ``upload`` (the
    stored file, the name the user chose), the stored file's path and name read as the
    user's name: the user never saw ours."""
    message = getattr(exc, "message", None)
    text = message(lang) if callable(message) else str(exc)
    if upload is not None:
        path, shown = upload
        text = text.replace(str(path), shown).replace(path.name, shown)
    return text


def shown_name(record) -> str:
    """The name the user's browser gave the upload (only ever shown, as text), else 上传的文件."""
    name = record.get("name") if isinstance(record, dict) else None
    if not isinstance(name, str) or not name.strip():
        return "上传的文件 / the uploaded file"
    return name.strip()[:MAX_SHOWN_NAME]


def staged_upload(staged) -> tuple[str, Path]:
    """(kind, path) of an upload named in the page's store, which the browser holds and
    could alter: only a name the upload view could have chosen, in the upload folder, and a
    kind the page offers, are accepted."""
    name = staged.get("path") if isinstance(staged, dict) else None
    kind = staged.get("kind") if isinstance(staged, dict) else None
    if not isinstance(kind, str) or kind not in KINDS:
        raise UploadError("upload_bad_record")
    return kind, stored_upload(name)


# a table's columns -> the text keys of their headers
SAMPLE_HEADS = {"row_no": "col_row", "name": "col_name", "region_name": "col_region",
                "precision": "col_precision", "role": "col_role", "match_method": "col_match",
                "node_names": "col_nodes"}
QUARANTINE_HEADS = {"row_no": "col_row", "status": "col_outcome", "reasons_zh": "col_reasons",
                    "raw": "col_raw"}
BATCH_HEADS = {"batch_id": "col_batch", "kind": "col_kind", "imported_at": "col_imported_at",
               "rows": "stat_rows", "accepted": "stat_accepted",
               "quarantined": "stat_rejected", "flagged": "stat_flagged"}


def headers(heads: dict[str, str], lang: str = "zh") -> dict[str, str]:
    """Column -> header, in `lang`; the quarantine's reasons in that language too."""
    return {("reasons_en" if column == "reasons_zh" and lang == "en" else column): t(key, lang)
            for column, key in heads.items()}


MATCH_METHODS = ("new", "ambiguous", "override", "uscc", "stock_code", "name", "former_name",
                 "name_core+province", "short_name+province")


def shown_names(lang: str = "zh") -> dict[str, dict[str, str]]:
    """The codes the tables hold, as the page shows them."""
    return {"precision": precision_names(lang), "role": role_names(lang),
            "match_method": {m: t(f"match_{m}", lang) for m in MATCH_METHODS},
            "status": {s: names[lang == "en"] for s, names in QUARANTINE_STATUS.items()}}



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


def reason_label(code: str, lang: str = "zh") -> str:
    """A reason code as the page names it, in `lang` (an unknown code as it is)."""
    return REASONS.get(code, ("", code, code))[2 if lang == "en" else 1]


def reason_lines(report: dict, lang: str = "zh") -> list[tuple[str, str, str]]:
    """(line, reason code, severity) of each reason of the report: the reasons that reject a
    row (errors) first. The code is not in the line (the page shows it only as a tooltip,
    for support)."""
    reasons = report.get("reasons") or {}
    order = sorted(reasons, key=lambda c: REASONS.get(c, ("warning",))[0] != "error")
    return [(t("reason_count", lang).format(reason=reason_label(code, lang),
                                            n=_count(reasons[code])),
             code, REASONS.get(code, ("warning",))[0]) for code in order]


def warning_items(report: dict, lang: str = "zh") -> list:
    """The report's file warnings, then its reason counts, in `lang`, as list items; a
    reason's code in its tooltip (title). The importers write file warnings in English:
    said in Chinese where the page knows them."""
    warnings = report.get("file_warnings", [])
    return ([html.Li(w if lang == "en" else warning_zh(w)) for w in warnings]
            + [html.Li(line, title=t("reason_code", lang).format(code=code),
                       className=f"reason reason-{severity}")
               for line, code, severity in reason_lines(report, lang)])


def _shown(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    frame = frame.copy()
    for column, names in shown_names(lang).items():
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v, n=names: n.get(v, v))
    return frame


MAX_CELL = 160  # characters of a cell shown (the downloads hold the whole value)
MAX_RAW_CELL = 600  # a raw row, one field a line


def _table(frame: pd.DataFrame, table_id: str, names: dict[str, str] | None = None,
           lang: str = "zh") -> dash_table.DataTable:
    codes = frame["reasons"].head(200) if "reasons" in frame.columns else None
    frame = _shown(frame, lang)
    if names:
        frame = frame[[c for c in names if c in frame.columns]].rename(columns=names)
    raw_head = names.get("raw") if names else None
    frame = frame.fillna("").astype(str).apply(
        lambda col: col.str.slice(0, MAX_RAW_CELL if col.name == raw_head else MAX_CELL))
    reason_head = names.get("reasons_en" if lang == "en" else "reasons_zh") if names else None
    tooltips = ({"tooltip_data": [{reason_head: {"value": t("reason_code", lang).format(
        code=str(code).replace(";", ", ")), "type": "text"}} for code in codes],
                 "tooltip_delay": 600, "tooltip_duration": None}
                if codes is not None and reason_head in frame.columns else {})
    return dash_table.DataTable(
        id=table_id, data=frame.head(200).to_dict("records"), page_size=10,
        columns=[{"name": c, "id": c} for c in frame.columns], **tooltips,
        style_cell={"fontFamily": "inherit", "fontSize": 12, "textAlign": "left",
                    "whiteSpace": "normal", "height": "auto", "maxWidth": 360},
        style_cell_conditional=[{"if": {"column_id": raw_head}, "whiteSpace": "pre-line",
                                 "minWidth": 220}] if raw_head in frame.columns else [],
        style_table={"overflowX": "auto"},
        style_header={"fontWeight": "bold", "backgroundColor": "#f5f7fa"})


# the review band's reasons (etl/resolve.py review_sql) as the page shows them
REVIEW_REASONS = {
    "same short name, other or unknown province": ("简称相同，省份不同或未知",
                                                   "same short name, other or unknown province"),
    "same name core, other or unknown province": ("名称主干相同，省份不同或未知",
                                                  "same name core, other or unknown province"),
    "a plan firm whose name starts alike, same province": (
        "与行动计划点名企业名称开头相同，同一省份",
        "a plan firm whose name starts alike, same province"),
    "ambiguous: several firms match": ("多个已有企业都匹配", "ambiguous: several firms match"),
    # name history (etl.resolve.REASON_*)
    "name contains a known short name (name history?)": (
        "名称中含已知企业的简称（可能是更名前后的同一企业）",
        "name contains a known short name (name history?)"),
    "former name matches another province's firm": (
        "曾用名与外省企业的名称主干相同", "former name matches another province's firm"),
    "former name matches a known firm's name core, same province": (
        "曾用名与已知企业的名称主干相同，同一省份",
        "former name matches a known firm's name core, same province"),
}


def review_view(report: dict, lang: str = "zh") -> list:
    """The report's review band (its first rows) as a table, with how to decide on them."""
    rows = report.get("review") or []
    if not rows:
        return []
    en = 1 if lang == "en" else 0
    frame = pd.DataFrame([{
        "row_no": r.get("row_no"), "name": r.get("full_name"),
        "candidate": f"{r.get('candidate_name')}（{r.get('candidate_id')}）" if not en
        else f"{r.get('candidate_name')} ({r.get('candidate_id')})",
        "why": REVIEW_REASONS.get(r.get("reason"), (r.get("reason"),) * 2)[en]} for r in rows])
    heads = headers({"row_no": "col_row", "name": "col_name", "candidate": "col_candidate",
                     "why": "col_why"}, lang)
    return [html.H3(t("review_title", lang).format(
        n=_count(report.get("review_count", len(rows))))),
            _table(frame, "import-review", heads, lang),
            html.P(t("review_note", lang), className="note")]


# the report's tiles: every row is accepted or rejected (rows = accepted + rejected); a
# flagged row is accepted (loaded) and listed for review. The rejected and flagged rows are
# the ones listed under 拒绝与存疑行 (their count is the two tiles' sum)
STATS = (("rows", "stat_rows"), ("accepted", "stat_accepted"), ("merged", "stat_merged"),
         ("quarantined", "stat_rejected"), ("flagged", "stat_flagged"),
         ("new_firms", "stat_new_firms"), ("firms_with_nodes", "stat_with_nodes"))


def _count(value) -> str:
    """A report's count with thousands separators (1,000,000); "—" when it has none."""
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def report_view(report: dict, lang: str = "zh") -> html.Div:
    return html.Div(className="import-report", id="import-report", children=[
        html.Div([html.Div([html.B(_count(report.get(k))), html.Span(t(key, lang))],
                           className="stat") for k, key in STATS], className="stats"),
        html.Ul(warning_items(report, lang), className="firm-list report-lines"),
        html.P(t("same_file", lang).format(batch=report["duplicate_of"]), className="note")
        if report.get("duplicate_of") else None,
        *review_view(report, lang),
    ])


def _frame_json(frame: pd.DataFrame) -> dict:
    """A frame as JSON a job's state file can hold (NaN as null, dates as ISO text)."""
    return json.loads(frame.to_json(orient="split", index=False, date_format="iso"))


def _frame(data: dict | None) -> pd.DataFrame:
    return pd.DataFrame(data["data"], columns=data["columns"]) if data else pd.DataFrame()


def run_preview(kind: str, path: Path, progress) -> dict:
    """The preview job: its report and first rows, as JSON."""
    # kept: confirming this preview swaps its database in instead of building it again
    preview = preview_import(kind, path, _state.settings(), progress=progress, keep=True)
    return {"report": preview.report, "sample": _frame_json(preview.sample),
            "quarantine": _frame_json(preview.quarantine),
            "quarantine_total": int(preview.quarantine_total)}


def preview_parts(result: dict, lang: str = "zh") -> list:
    """A finished preview job's report, sample and quarantined rows."""
    sample, quarantine = _frame(result.get("sample")), _frame(result.get("quarantine"))
    if "raw" in quarantine.columns:
        quarantine = quarantine.assign(raw=quarantine["raw"].map(
            lambda raw: readable_raw(raw, lang)))
    out = [html.H3(t("import_report", lang)), report_view(result["report"], lang)]
    if not sample.empty:
        out += [html.H3(t("import_sample", lang)),
                _table(sample, "import-sample", headers(SAMPLE_HEADS, lang), lang)]
    if not quarantine.empty:
        total = max(result.get("quarantine_total") or 0, len(quarantine))
        out += [html.H3(t("import_quarantine", lang).format(n=_count(total))),
                _table(quarantine, "import-quarantine", headers(QUARANTINE_HEADS, lang), lang)]
        if total > len(quarantine):
            out.append(html.P(t("quarantine_first", lang).format(
                n=len(quarantine), total=_count(total)), className="note"))
    return out


READ_ROWS = re.compile(r"^read (\d+) rows")
REPLAYING = re.compile(r"^replaying import (\d+)/(\d+)")


def job_phase(messages: list[str], lang: str = "zh") -> list[str]:
    """A running job's progress as lines a person reads: the rows read (once known) and the
    latest step, from the import's progress messages."""
    lines, step = [], t("job_starting", lang)
    for message in messages:
        if message == WAITING:
            step = t("job_waiting", lang)
        elif message == QUEUED:
            step = t("job_queued", lang)
        elif (match := READ_ROWS.match(message)) is not None:
            lines = [t("job_read", lang).format(n=f"{int(match.group(1)):,}")]
            step = t("job_building", lang)
        elif (match := REPLAYING.match(message)) is not None:
            step = t("job_replaying", lang).format(i=match.group(1), n=match.group(2))
        elif message.startswith("adding import"):
            step = t("job_building", lang)
        elif message.startswith("using the database the preview built"):
            step = t("job_kept", lang)
        elif message.startswith("reading "):
            step = t("job_reading", lang)
    return [*lines, step]


def progress_view(state: dict, lang: str = "zh", now: float | None = None) -> list:
    """What the page shows while a job runs: what it does now and for how long."""
    what = state.get("what")
    seconds = max(0, round((time.time() if now is None else now) - state.get("started", 0)))
    return [html.Div(className="job-progress", id="import-progress", children=[
        html.H3(t(f"job_{what}_running", lang)),
        html.Div(html.Span(), className="job-bar", role="progressbar",
                 **{"aria-label": t(f"job_{what}_running", lang)}),
        html.Ul([html.Li(line) for line in job_phase(state.get("messages") or [], lang)]),
        html.P(t("job_elapsed", lang).format(s=seconds), className="note"),
        html.P(t("job_leave", lang), className="note") if what == "commit" else None])]


def failure_texts(exc: Exception, upload: tuple[Path, str] | None = None) -> dict[str, str]:
    return {lang: error_text(exc, lang, upload) for lang in ("zh", "en")}


def readable_raw(raw, lang: str = "zh") -> str | None:
    """A quarantined row's input values as a person reads them, one field a line
    (企业名称：X, a registry field under its export's column name; Firm name: X in English);
    a raw text that is not a set of values as it is."""
    fields = raw_fields(raw, lang)
    if fields is None:
        return raw
    colon = ": " if lang == "en" else "："
    return "\n".join(f"{name}{colon}{value}" for name, value in fields)


def quarantine_view(lang: str = "zh") -> list:
    """The batches and the first QUARANTINE_SAMPLE quarantined rows (a million-row import
    quarantines a hundred thousand: they are counted, listed in part, downloaded whole)."""
    with _state.cursor() as con:
        batches = query_import_batches(con)
        total = count_quarantine(con)
        rows = query_quarantine(con, limit=QUARANTINE_SAMPLE)
    if batches.empty:
        return [html.P(t("no_imports", lang), className="note")]
    reasons = "reasons_en" if lang == "en" else "reasons_zh"
    cols = [c for c in ("batch_id", "file", "row_no", "status", "reasons", reasons, "raw")
            if c in rows.columns]
    if "raw" in rows.columns:
        rows = rows.assign(raw=rows["raw"].map(lambda raw: readable_raw(raw, lang)))
    counts = {c: batches[c].map(lambda v: _count(int(v)) if pd.notna(v) else "—")
              for c in ("rows", "accepted", "quarantined", "flagged") if c in batches.columns}
    out = [html.H3(t("import_batches", lang)),
           _table(batches.assign(**counts), "import-batches", headers(BATCH_HEADS, lang), lang),
           html.H3(t("quarantine_rows", lang).format(n=_count(total)))]
    if total:
        out.append(html.P([t("quarantine_fix", lang), " ",
                           html.A(t("quarantine_download_all", lang),
                                  href=quarantine_url(lang), id="quarantine-download-all",
                                  download="quarantine.csv")], className="note"))
    if total > len(rows):
        out.append(html.P(t("quarantine_first", lang).format(n=len(rows), total=_count(total)),
                          className="note"))
    return [*out, _table(rows[cols], "quarantine-table",
                         headers({"batch_id": "col_batch", **QUARANTINE_HEADS}, lang), lang)]


def _rejected_link_style() -> dict:
    """The toolbar's download of the rejected rows, hidden while there is none."""
    with _state.cursor() as con:
        return {} if count_quarantine(con, status="rejected") else {"display": "none"}


def layout(lang: str = "zh", **_q) -> html.Div:
    lang = "en" if lang == "en" else "zh"
    return html.Div(className="import-page", children=[
        html.Div(className="toolbar", children=[
            dcc.Dropdown(id="import-kind", value="qcc", clearable=False,
                         options=[{"label": t(f"import_kind_{k}", lang), "value": k}
                                  for k in KINDS],
                         style={"width": "540px" if lang == "en" else "420px"}),
            html.Button(t("import_choose", lang), id="import-choose", className="btn"),
            html.Span(id="import-upload-status", className="upload-status",
                      **{"data-sending": t("upload_sending", lang)}),
            dcc.Store(id="import-uploaded"),
            html.Button(t("import_commit", lang), id="import-commit", className="btn",
                        disabled=True),
            html.A(t("quarantine_download", lang), id="quarantine-download", className="btn",
                   href=quarantine_url(lang, "rejected"), style=_rejected_link_style(),
                   download="quarantine.csv"),
            dcc.Store(id="import-file"),
            dcc.Store(id="import-job"),
            dcc.Interval(id="import-poll", interval=POLL_MS, disabled=True),
        ]),
        html.Div(className="two-col", children=[
            html.Section(className="card", id="import-result", children=[
                html.P(t("import_note", lang), className="note")]),
            html.Section(className="card", id="quarantine-view",
                         children=quarantine_view(lang)),
        ]),
    ])


@callback(Output("import-result", "children"), Output("import-file", "data"),
          Output("import-commit", "disabled"), Output("import-job", "data"),
          Output("import-poll", "disabled"), Input("import-uploaded", "data"),
          State("import-kind", "value"), State("url", "search"), State("import-file", "data"),
          prevent_initial_call=True)
@require_role("editor")
def on_upload(uploaded, kind, search, staged=None):
    """A file stored by the upload view (chainmap_web/upload.py; the browser streams it there):
    start its preview as a job, whose progress the poll shows. A refused upload shows the
    view's reason. The upload this page offered to commit before (``staged``) is abandoned:
    removed unless a job reads it."""
    lang = lang_of(search)
    uploaded = uploaded if isinstance(uploaded, dict) else {}
    if isinstance(staged, dict) and staged.get("path") != uploaded.get("path"):
        abandon_upload(staged.get("path"))
    try:
        if uploaded.get("state") != "stored":
            error = uploaded.get("error")
            raise UploadError("upload_network" if error == "network" or not error
                              else "upload_refused", error=str(error))
        if not isinstance(kind, str) or kind not in KINDS:  # the browser's dropdown value
            raise UploadError("upload_no_kind")
        path = stored_upload(uploaded.get("path"))
    except (ValueError, BuildError) as exc:  # every input error of the importers is one
        if uploaded.get("state") == "stored":  # stored, but not previewed: not kept
            abandon_upload(uploaded.get("path"))
        return [html.P(t("cannot_import", lang).format(error=error_text(exc, lang)),
                       className="error-box")], None, True, None, True

    def work(progress) -> dict:
        try:
            with upload_in_use(path, keep=True):  # kept for the commit if the preview works
                return run_preview(kind, path, progress)
        except (ValueError, BuildError) as exc:
            raise Failure(failure_texts(exc, (path, name))) from exc

    name = shown_name(uploaded)
    job = start_job("preview", work, upload_owner(), upload=path.name)
    return (progress_view(job_status(job), lang),
            {"path": path.name, "kind": kind, "name": name}, True, {"job": job}, False)


@callback(Output("import-result", "children", allow_duplicate=True),
          Output("import-commit", "disabled", allow_duplicate=True),
          Output("import-job", "data", allow_duplicate=True),
          Output("import-poll", "disabled", allow_duplicate=True),
          Input("import-commit", "n_clicks"),
          State("import-file", "data"), State("url", "search"), prevent_initial_call=True)
@require_role("editor")
def on_commit(_clicks, staged, search):
    """Start the commit of the previewed upload as a job; the poll shows its progress.
    Only an editor gets here: require_role refuses anyone else (401/403) before the body."""
    lang = lang_of(search)
    if not staged:
        return dash.no_update, True, dash.no_update, dash.no_update
    try:
        kind, path = staged_upload(staged)  # a name we chose; never a client path
    except (ValueError, BuildError) as exc:
        return [html.P(t("import_failed", lang).format(error=error_text(exc, lang)),
                       className="error-box")], True, dash.no_update, dash.no_update
    settings = _state.settings()

    def work(progress) -> dict:
        try:
            with upload_in_use(path, keep=False):  # done or failed, the upload goes
                return {"report": commit_import(kind, path, settings, progress=progress)}
        except (ValueError, BuildError) as exc:
            raise Failure(failure_texts(exc, (path, shown_name(staged)))) from exc

    job = start_job("commit", work, upload_owner(), upload=path.name)
    return progress_view(job_status(job), lang), True, {"job": job}, False


@callback(Output("import-result", "children", allow_duplicate=True),
          Output("import-commit", "disabled", allow_duplicate=True),
          Output("quarantine-view", "children"), Output("quarantine-download", "style"),
          Output("import-poll", "disabled", allow_duplicate=True),
          Input("import-poll", "n_intervals"), State("import-job", "data"),
          State("url", "search"), prevent_initial_call=True)
@require_role("editor")
def on_poll(_n, job, search):
    """The running job's progress, or once it ended its result (the preview and the commit
    button, or the import's report and the quarantine view) and the poll stops."""
    lang = lang_of(search)
    keep = dash.no_update
    if not isinstance(job, dict) or not job.get("job"):
        return keep, keep, keep, keep, True
    state = job_status(job.get("job"))
    if state is None:
        return ([html.P(t("job_unknown", lang), className="error-box")], True, keep, keep,
                True)
    if state["state"] == "running":
        return progress_view(state, lang), True, keep, keep, False
    what = state.get("what")
    if state["state"] == "failed":
        error = (state.get("error") or {}).get(lang) or t(
            "job_lost" if state.get("lost") else "job_internal", lang)
        prefix = "cannot_import" if what == "preview" else "import_failed"
        return ([html.P(t(prefix, lang).format(error=error), className="error-box")], True,
                keep, keep, True)
    if what == "preview":
        return preview_parts(state["result"], lang), False, keep, keep, True
    return ([html.H3(t("import_done", lang)), report_view(state["result"]["report"], lang)],
            True, quarantine_view(lang), _rejected_link_style(), True)
