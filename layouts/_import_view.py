"""The import page's builders (layouts/imports.py): the report, the sample and quarantined rows
as tables, the review band, and a running job's progress in the page's words.

Pure functions of the values the web server's import service and job runner give
(``chainmap_web.imports``, ``chainmap_web.jobs``): no database, no ETL.
"""

from __future__ import annotations

import time

import pandas as pd
from dash import dash_table, html

from chainmap.text.catalogue import REVIEW_REASONS, label
from chainmap.text.file_warnings import warning_text
from chainmap.text.ui import t
from chainmap.views.import_report import QUARANTINE_STATUS, REASONS, raw_fields
from layouts._components import precision_names, role_names
from layouts.ids import Id

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



def warning_zh(text: str) -> str:
    """An importer's file warning (English, as the CLI prints it) in Chinese where the text
    catalogue knows it (chainmap.text.file_warnings)."""
    return warning_text(text, "zh")


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
                                            n=count_text(reasons[code])),
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


def table(frame: pd.DataFrame, table_id: str, names: dict[str, str] | None = None,
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


# the review band's reasons (etl/resolve.py review_sql): chainmap.text.catalogue REVIEW_REASONS


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
        "why": label(REVIEW_REASONS, r.get("reason"), lang)} for r in rows])
    heads = headers({"row_no": "col_row", "name": "col_name", "candidate": "col_candidate",
                     "why": "col_why"}, lang)
    return [html.H3(t("review_title", lang).format(
        n=count_text(report.get("review_count", len(rows))))),
            table(frame, Id.IMPORT_REVIEW, heads, lang),
            html.P(t("review_note", lang), className="note")]


# the report's tiles: every row is accepted or rejected (rows = accepted + rejected); a
# flagged row is accepted (loaded) and listed for review. The rejected and flagged rows are
# the ones listed under 拒绝与存疑行 (their count is the two tiles' sum)
STATS = (("rows", "stat_rows"), ("accepted", "stat_accepted"), ("merged", "stat_merged"),
         ("quarantined", "stat_rejected"), ("flagged", "stat_flagged"),
         ("new_firms", "stat_new_firms"), ("firms_with_nodes", "stat_with_nodes"))


def count_text(value) -> str:
    """A report's count with thousands separators (1,000,000); "—" when it has none."""
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def report_view(report: dict, lang: str = "zh") -> html.Div:
    return html.Div(className="import-report", id=Id.IMPORT_REPORT, children=[
        html.Div([html.Div([html.B(count_text(report.get(k))), html.Span(t(key, lang))],
                           className="stat") for k, key in STATS], className="stats"),
        html.Ul(warning_items(report, lang), className="firm-list report-lines"),
        html.P(t("same_file", lang).format(batch=report["duplicate_of"]), className="note")
        if report.get("duplicate_of") else None,
        *review_view(report, lang),
    ])


def frame_of(data: dict | None) -> pd.DataFrame:
    return pd.DataFrame(data["data"], columns=data["columns"]) if data else pd.DataFrame()


def preview_parts(result: dict, lang: str = "zh") -> list:
    """A finished preview job's report, sample and quarantined rows."""
    sample, quarantine = frame_of(result.get("sample")), frame_of(result.get("quarantine"))
    if "raw" in quarantine.columns:
        quarantine = quarantine.assign(raw=quarantine["raw"].map(
            lambda raw: readable_raw(raw, lang)))
    out = [html.H3(t("import_report", lang)), report_view(result["report"], lang)]
    if not sample.empty:
        out += [html.H3(t("import_sample", lang)),
                table(sample, Id.IMPORT_SAMPLE, headers(SAMPLE_HEADS, lang), lang)]
    if not quarantine.empty:
        total = max(result.get("quarantine_total") or 0, len(quarantine))
        out += [html.H3(t("import_quarantine", lang).format(n=count_text(total))),
                table(quarantine, Id.IMPORT_QUARANTINE, headers(QUARANTINE_HEADS, lang), lang)]
        if total > len(quarantine):
            out.append(html.P(t("quarantine_first", lang).format(
                n=len(quarantine), total=count_text(total)), className="note"))
    return out


# a job's last step (the ETL's ``etl.events.Step`` codes, as chainmap_web.jobs keeps them)
# -> the page's words for it
STEP_WORDS = {"queued": "job_queued", "waiting": "job_waiting", "reading": "job_reading",
              "read": "job_building", "adding": "job_building", "kept": "job_kept",
              "replaying": "job_replaying"}


def job_phase(state: dict, lang: str = "zh") -> list[str]:
    """A running job's progress as lines a person reads: the rows read (once known) and the
    latest step, from the fields of the job's state (its last progress event)."""
    read = state.get("rows_read")
    lines = [] if read is None else [t("job_read", lang).format(n=f"{int(read):,}")]
    step = t(STEP_WORDS.get(state.get("step"), "job_starting"), lang)
    return [*lines, step.format(i=state.get("rows"), n=state.get("of"))]


def progress_view(state: dict, lang: str = "zh", now: float | None = None) -> list:
    """What the page shows while a job runs: what it does now and for how long."""
    what = state.get("what")
    seconds = max(0, round((time.time() if now is None else now) - state.get("started", 0)))
    return [html.Div(className="job-progress", id=Id.IMPORT_PROGRESS, children=[
        html.H3(t(f"job_{what}_running", lang)),
        html.Div(html.Span(), className="job-bar", role="progressbar",
                 **{"aria-label": t(f"job_{what}_running", lang)}),
        html.Ul([html.Li(line) for line in job_phase(state, lang)]),
        html.P(t("job_elapsed", lang).format(s=seconds), className="note"),
        html.P(t("job_leave", lang), className="note") if what == "commit" else None])]


def readable_raw(raw, lang: str = "zh") -> str | None:
    """A quarantined row's input values as a person reads them, one field a line
    (企业名称：X, a registry field under its export's column name; Firm name: X in English);
    a raw text that is not a set of values as it is."""
    fields = raw_fields(raw, lang)
    if fields is None:
        return raw
    colon = ": " if lang == "en" else "："
    return "\n".join(f"{name}{colon}{value}" for name, value in fields)
