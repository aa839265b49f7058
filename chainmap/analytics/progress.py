"""Plan progress: the 2025 targets against what the loaded data can measure, and the cited
figures for each (published, or entered by editors) with how far the latest is towards it."""

from __future__ import annotations

import duckdb
import pandas as pd

from chainmap.cache import memoised

__all__ = ["FIGURE_COLUMNS", "latest_figure", "manual_figures", "plan_progress", "progress_summary",
           "query_progress_figures", "with_manual_figures"]

MEASURES = {
    # target_id -> SQL returning (measured value, firms with data, firms in scope)
    "revenue": (
        "SELECT sum(revenue_yi), count(revenue_yi), count(*) FROM dim_firm "
        "WHERE adcode IN (SELECT descendant_id FROM region_closure WHERE ancestor_id = '500000')"
        " AND kind = 'firm'"),
    "leaders_100": (
        "SELECT count(CASE WHEN revenue_yi >= 100 THEN 1 END), count(revenue_yi), count(*) "
        "FROM dim_firm WHERE adcode IN (SELECT descendant_id FROM region_closure "
        "WHERE ancestor_id = '500000') AND kind = 'firm'"),
}


# the plan's units in English: (factor on the value, unit)
UNIT_EN = {"亿元": (0.1, "bn yuan"), "%": (1, "%"), "个": (1, ""), "家": (1, "firms"),
           "倍（较2020年倍增）": (1, "× the 2020 figure")}


# what a target not measured from firm lists needs (data/plan/targets.csv measurable_from,
# which is written in English), in Chinese
NEEDS_ZH = {"rd_intensity": "企业研发投入与营业收入",
            "clusters_500": "集群营业收入（成员企业已知营收之和）"}


def latest_figure(row: dict) -> dict:
    """The latest cited figure of a ``plan_progress`` row as report columns: ``latest`` and
    ``latest_en`` (value, unit and year), ``latest_source`` (the source's title, or who
    entered it) and ``latest_url``; all None without a figure."""
    summary = progress_summary(row)
    if summary is None:
        return {"latest": None, "latest_en": None, "latest_source": None, "latest_url": None}
    f = summary["latest"]
    unit = f["unit"] or row["unit"] or ""
    factor, word = UNIT_EN.get(unit, (1, unit))
    source = f["source_title"] if f["method"] != "manual" else \
        f"{f['source_title']}（{f['entered_by'] or '编辑'}录入）"
    return {"latest": f"{f['value']:g} {unit}（{f['year']}）",
            "latest_en": f"{f['value'] * factor:g} {word} ({f['year']})",
            "latest_source": source, "latest_url": f["source_url"]}


def _target_en(comparator: str, value: float, unit: str | None) -> str:
    """A target as English readers write it (> 300 bn yuan); a unit not listed as it is."""
    factor, word = UNIT_EN.get(unit or "", (1, unit or ""))
    if word.startswith("×"):
        return f"{value:g} {word}"
    return f"{comparator} {value * factor:g} {word}".rstrip()


def _met(value: float, comparator: str, target: float) -> bool:
    return value > target if comparator == ">" else value >= target


def plan_progress(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Each plan target with its measure from firm data, and ``figures``: the cited
    figures for it by year (published ones shipped with chainmap, manual ones editors
    entered; fct_plan_progress), oldest first. Computed once per read-only connection; the
    rows returned are fresh dicts."""
    rows = memoised(con, "plan_progress", lambda: tuple(_plan_progress(con)))
    return [{**r, "figures": [dict(f) for f in r["figures"]]} for r in rows]


FIGURE_COLUMNS = ("year", "value", "unit", "source_url", "source_title", "quote", "method",
                  "note", "note_en", "entered_by", "entered_at", "entry_id")


def _has_progress_table(con: duckdb.DuckDBPyConnection) -> bool:
    """A database built before the progress figures were loaded has no such table."""
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = "
                            "'fct_plan_progress' AND database_name = current_database()"
                            ).fetchone()[0])


def query_progress_figures(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict]]:
    """Target id -> its figures (dicts of FIGURE_COLUMNS), by year then entry time."""
    if not _has_progress_table(con):
        return {}
    frame = con.execute(
        f"SELECT target_id, {', '.join(FIGURE_COLUMNS)} FROM fct_plan_progress "  # noqa: S608
        "ORDER BY target_id, year, method DESC, entered_at NULLS FIRST").df()
    frame = frame.astype(object).where(frame.notna(), None)
    out: dict[str, list[dict]] = {}
    for record in frame.to_dict("records"):
        figure = {k: record[k] for k in FIGURE_COLUMNS}
        figure["year"], figure["value"] = int(figure["year"]), float(figure["value"])
        out.setdefault(record["target_id"], []).append(figure)
    return out


def _plan_progress(con: duckdb.DuckDBPyConnection) -> list[dict]:
    targets = con.execute(
        "SELECT target_id, metric_zh, metric_en, comparator, value, unit, year, "
        "measurable_from, evidence FROM plan_target ORDER BY target_id").df()
    figures = query_progress_figures(con)
    rows = []
    for t in targets.itertuples():
        row = {"target_id": t.target_id, "metric": t.metric_zh, "metric_en": t.metric_en,
               "target": f"{t.comparator} {t.value:g} {t.unit}",
               "target_en": _target_en(t.comparator, t.value, t.unit), "year": int(t.year),
               "comparator": t.comparator, "target_value": float(t.value), "unit": t.unit,
               "plan_quote": t.evidence, "measured": None, "status": "no_data",
               "figures": tuple(figures.get(t.target_id, ()))}
        if t.target_id in MEASURES:
            value, with_data, in_scope = con.execute(MEASURES[t.target_id]).fetchone()
            row["coverage"] = f"{with_data}/{in_scope} 家企业有营收数据"
            if with_data:
                row["measured"] = float(value)
                row["measured_en"] = float(value) * UNIT_EN.get(t.unit or "", (1, ""))[0]
                row["status"] = "met" if _met(float(value), t.comparator, t.value) else "not_met"
                if with_data < in_scope:
                    row["note"] = "仅为有营收数据企业的合计，低估实际值"
                    row["note_en"] = ("only the firms with revenue data are summed: an "
                                      "underestimate")
            else:
                row["note"] = "暂无营收数据：导入含营收/营业收入的企业名录后可计算"
                row["note_en"] = ("no revenue data yet: import a firm list with revenue "
                                  "(营收/营业收入) to measure it")
        else:
            source = t.measurable_from if isinstance(t.measurable_from, str) else ""  # NaN
            need = NEEDS_ZH.get(t.target_id, source)
            row["note"] = ("该指标需要统计部门的行业数据（非企业名录可得）"
                           if not source else f"需要数据：{need}")
            row["note_en"] = ("needs the statistics bureau's industry data (not in firm lists)"
                              if not source else f"needs: {source}")
        rows.append(row)
    return rows


def manual_figures(store: pd.DataFrame) -> dict[str, list[dict]]:
    """Target id -> the figures of the editors' store (chainmap.progress_store), as
    ``query_progress_figures`` gives them: method 'manual', the source as title (and link
    when it is a URL)."""
    out: dict[str, list[dict]] = {}
    for r in store.to_dict("records"):
        source = str(r["source"])
        out.setdefault(r["target_id"], []).append({
            "year": int(r["year"]), "value": float(r["value"]), "unit": r["unit"] or None,
            "source_url": source if source.startswith(("http://", "https://")) else None,
            "source_title": source, "quote": None, "method": "manual",
            "note": r["note"] or None, "note_en": None, "entered_by": r["entered_by"] or None,
            "entered_at": r["entered_at"] or None, "entry_id": r["entry_id"] or None})
    return out


def with_manual_figures(rows: list[dict], store: pd.DataFrame) -> list[dict]:
    """``plan_progress`` rows with the manual figures taken from the store as it is now
    (the database holds them as of its build); new dicts, the rows are not changed."""
    manual = manual_figures(store)
    out = []
    for row in rows:
        kept = [f for f in row["figures"] if f["method"] != "manual"]
        figures = sorted(kept + manual.get(row["target_id"], []),
                         key=lambda f: (f["year"], f["method"] == "manual",
                                        f["entered_at"] or ""))
        out.append({**row, "figures": figures})
    return out


def progress_summary(row: dict) -> dict | None:
    """The latest figure of a target (the last of its latest year: an editor's correction
    outranks an earlier figure) and how far it is towards the target: ``share`` (value /
    target, uncapped), ``met`` (by the target's comparator); None without a figure."""
    if not row["figures"]:
        return None
    latest = max(row["figures"], key=lambda f: f["year"])
    latest = [f for f in row["figures"] if f["year"] == latest["year"]][-1]
    target = row["target_value"]
    share = latest["value"] / target if target else None
    met = _met(latest["value"], row["comparator"], target) if row["comparator"] in (">", ">=") \
        else latest["value"] >= target
    return {"latest": latest, "share": share, "met": bool(met)}
