"""/import 数据导入: upload, validation report, preview, then commit; the quarantine view.

Editors only (the guard in chainmap_web/auth.py protects /import; each of the page's callbacks
is wrapped in require_role("editor"), which refuses anyone else before it runs). Uploaded
bytes are written under a server-chosen name in a private folder: the client's file name is
never used as a path.
"""

from __future__ import annotations

from pathlib import Path

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from chainmap.selection import lang_of as language
from chainmap.text.ui import t
from chainmap.views.import_report import count_quarantine, query_import_batches, query_quarantine
from chainmap_web import state as _state
from chainmap_web.auth import require_role
from chainmap_web.imports import (
    IMPORT_ERRORS,
    QUARANTINE_SAMPLE,
    UPLOAD_KINDS,
    commit_job,
    is_upload_kind,
    preview_job,
)
from chainmap_web.jobs import Failure, job_status, start_job
from chainmap_web.quarantine import quarantine_url
from chainmap_web.upload import (
    UploadError,
    abandon_upload,
    stored_upload,
    upload_in_use,
    upload_owner,
)
from chainmap_web.urls import lang_of
from layouts._import_view import (
    BATCH_HEADS,
    QUARANTINE_HEADS,
    SAMPLE_HEADS,
    headers,
    job_phase,
    preview_parts,
    progress_view,
    readable_raw,
    report_view,
    warning_items,
    warning_zh,
)
from layouts._import_view import count_text as _count
from layouts._import_view import table as _table
from layouts._titles import titled
from layouts.ids import Id

dash.register_page(__name__, path="/import", title=titled("import"), name=t("nav_import"),
                   required_role="editor")

# the page's builders, named here too (the tests read them from the page)
__all__ = ["QUARANTINE_HEADS", "SAMPLE_HEADS", "headers", "job_phase", "layout", "on_commit",
           "on_poll", "on_upload", "progress_view", "quarantine_view", "staged_upload",
           "warning_items", "warning_zh"]
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
    if not is_upload_kind(kind):
        raise UploadError("upload_bad_record")
    return kind, stored_upload(name)


def failure_texts(exc: Exception, upload: tuple[Path, str] | None = None) -> dict[str, str]:
    return {lang: error_text(exc, lang, upload) for lang in ("zh", "en")}


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
           _table(batches.assign(**counts), Id.IMPORT_BATCHES, headers(BATCH_HEADS, lang), lang),
           html.H3(t("quarantine_rows", lang).format(n=_count(total)))]
    if total:
        out.append(html.P([t("quarantine_fix", lang), " ",
                           html.A(t("quarantine_download_all", lang),
                                  href=quarantine_url(lang), id=Id.QUARANTINE_DOWNLOAD_ALL,
                                  download="quarantine.csv")], className="note"))
    if total > len(rows):
        out.append(html.P(t("quarantine_first", lang).format(n=len(rows), total=_count(total)),
                          className="note"))
    return [*out, _table(rows[cols], Id.QUARANTINE_TABLE,
                         headers({"batch_id": "col_batch", **QUARANTINE_HEADS}, lang), lang)]


def _rejected_link_style() -> dict:
    """The toolbar's download of the rejected rows, hidden while there is none."""
    with _state.cursor() as con:
        return {} if count_quarantine(con, status="rejected") else {"display": "none"}


def layout(lang: str = "zh", **_q) -> html.Div:
    lang = language(lang)
    return html.Div(className="import-page", children=[
        html.Div(className="toolbar", children=[
            dcc.Dropdown(id=Id.IMPORT_KIND, value="qcc", clearable=False,
                         options=[{"label": t(f"import_kind_{k}", lang), "value": k}
                                  for k in UPLOAD_KINDS],
                         style={"width": "540px" if lang == "en" else "420px"}),
            html.Button(t("import_choose", lang), id=Id.IMPORT_CHOOSE, className="btn"),
            html.Span(id=Id.IMPORT_UPLOAD_STATUS, className="upload-status",
                      **{"data-sending": t("upload_sending", lang)}),
            dcc.Store(id=Id.IMPORT_UPLOADED),
            html.Button(t("import_commit", lang), id=Id.IMPORT_COMMIT, className="btn",
                        disabled=True),
            html.A(t("quarantine_download", lang), id=Id.QUARANTINE_DOWNLOAD, className="btn",
                   href=quarantine_url(lang, "rejected"), style=_rejected_link_style(),
                   download="quarantine.csv"),
            dcc.Store(id=Id.IMPORT_FILE),
            dcc.Store(id=Id.IMPORT_JOB),
            dcc.Interval(id=Id.IMPORT_POLL, interval=POLL_MS, disabled=True),
        ]),
        html.Div(className="two-col", children=[
            html.Section(className="card", id=Id.IMPORT_RESULT, children=[
                html.P(t("import_note", lang), className="note")]),
            html.Section(className="card", id=Id.QUARANTINE_VIEW,
                         children=quarantine_view(lang)),
        ]),
    ])


@callback(Output(Id.IMPORT_RESULT, "children"), Output(Id.IMPORT_FILE, "data"),
          Output(Id.IMPORT_COMMIT, "disabled"), Output(Id.IMPORT_JOB, "data"),
          Output(Id.IMPORT_POLL, "disabled"), Input(Id.IMPORT_UPLOADED, "data"),
          State(Id.IMPORT_KIND, "value"), State(Id.URL, "search"), State(Id.IMPORT_FILE, "data"),
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
        if not is_upload_kind(kind):  # the browser's dropdown value
            raise UploadError("upload_no_kind")
        path = stored_upload(uploaded.get("path"))
    except IMPORT_ERRORS as exc:  # every input error of the importers is one
        if uploaded.get("state") == "stored":  # stored, but not previewed: not kept
            abandon_upload(uploaded.get("path"))
        return [html.P(t("cannot_import", lang).format(error=error_text(exc, lang)),
                       className="error-box")], None, True, None, True

    def work(progress) -> dict:
        try:
            with upload_in_use(path, keep=True):  # kept for the commit if the preview works
                return preview_job(kind, path, progress)
        except IMPORT_ERRORS as exc:
            raise Failure(failure_texts(exc, (path, name))) from exc

    name = shown_name(uploaded)
    job = start_job("preview", work, upload_owner(), upload=path.name)
    return (progress_view(job_status(job), lang),
            {"path": path.name, "kind": kind, "name": name}, True, {"job": job}, False)


@callback(Output(Id.IMPORT_RESULT, "children", allow_duplicate=True),
          Output(Id.IMPORT_COMMIT, "disabled", allow_duplicate=True),
          Output(Id.IMPORT_JOB, "data", allow_duplicate=True),
          Output(Id.IMPORT_POLL, "disabled", allow_duplicate=True),
          Input(Id.IMPORT_COMMIT, "n_clicks"),
          State(Id.IMPORT_FILE, "data"), State(Id.URL, "search"), prevent_initial_call=True)
@require_role("editor")
def on_commit(_clicks, staged, search):
    """Start the commit of the previewed upload as a job; the poll shows its progress.
    Only an editor gets here: require_role refuses anyone else (401/403) before the body."""
    lang = lang_of(search)
    if not staged:
        return dash.no_update, True, dash.no_update, dash.no_update
    try:
        kind, path = staged_upload(staged)  # a name we chose; never a client path
    except IMPORT_ERRORS as exc:
        return [html.P(t("import_failed", lang).format(error=error_text(exc, lang)),
                       className="error-box")], True, dash.no_update, dash.no_update

    def work(progress) -> dict:
        try:
            with upload_in_use(path, keep=False):  # done or failed, the upload goes
                return commit_job(kind, path, progress)
        except IMPORT_ERRORS as exc:
            raise Failure(failure_texts(exc, (path, shown_name(staged)))) from exc

    job = start_job("commit", work, upload_owner(), upload=path.name)
    return progress_view(job_status(job), lang), True, {"job": job}, False


@callback(Output(Id.IMPORT_RESULT, "children", allow_duplicate=True),
          Output(Id.IMPORT_COMMIT, "disabled", allow_duplicate=True),
          Output(Id.QUARANTINE_VIEW, "children"), Output(Id.QUARANTINE_DOWNLOAD, "style"),
          Output(Id.IMPORT_POLL, "disabled", allow_duplicate=True),
          Input(Id.IMPORT_POLL, "n_intervals"), State(Id.IMPORT_JOB, "data"),
          State(Id.URL, "search"), prevent_initial_call=True)
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
