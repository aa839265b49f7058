"""Plan progress: the 2025 targets against what the loaded data can measure."""

from __future__ import annotations

import duckdb

from chainmap.analytics.memo import memoised

__all__ = ["plan_progress"]

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


def _target_en(comparator: str, value: float, unit: str | None) -> str:
    """A target as English readers write it (> 300 bn yuan); a unit not listed as it is."""
    factor, word = UNIT_EN.get(unit or "", (1, unit or ""))
    if word.startswith("×"):
        return f"{value:g} {word}"
    return f"{comparator} {value * factor:g} {word}".rstrip()


def _met(value: float, comparator: str, target: float) -> bool:
    return value > target if comparator == ">" else value >= target


def plan_progress(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Each plan target with its measure (computed once per read-only connection; the rows
    returned are fresh dicts)."""
    rows = memoised(con, "plan_progress", lambda: tuple(_plan_progress(con)))
    return [dict(r) for r in rows]


def _plan_progress(con: duckdb.DuckDBPyConnection) -> list[dict]:
    targets = con.execute(
        "SELECT target_id, metric_zh, metric_en, comparator, value, unit, year, "
        "measurable_from, evidence FROM plan_target ORDER BY target_id").df()
    rows = []
    for t in targets.itertuples():
        row = {"target_id": t.target_id, "metric": t.metric_zh, "metric_en": t.metric_en,
               "target": f"{t.comparator} {t.value:g} {t.unit}",
               "target_en": _target_en(t.comparator, t.value, t.unit), "year": int(t.year),
               "plan_quote": t.evidence, "measured": None, "status": "no_data"}
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
            row["note"] = ("该指标需要统计部门的行业数据（非企业名录可得）"
                           if not source else f"需要数据：{source}")
            row["note_en"] = ("needs the statistics bureau's industry data (not in firm lists)"
                              if not source else f"needs: {source}")
        rows.append(row)
    return rows
