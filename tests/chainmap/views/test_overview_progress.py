"""Progress towards the plan's 2025 targets: the shipped published figures, the editors'
store (validated, kept across builds) and the overview's ranking of the biggest gaps."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from dataclasses import replace

import pandas as pd
import pytest

from chainmap.analytics.progress import plan_progress, progress_summary, with_manual_figures
from chainmap.config import PACKAGE_ROOT
from chainmap.db import connect
from chainmap.progress_store import (
    ProgressEntryError,
    append_entry,
    check_entry,
    progress_store_path,
    read_progress_store,
)
from chainmap.views.overview import rank_biggest_gaps

UNITS = {"revenue": "亿元", "rd_intensity": "%"}
NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _entry(**changes):
    values = {"target_id": "rd_intensity", "year": "2024", "value": "2.1",
              "source": "《2024年重庆市国民经济和社会发展统计公报》", "note": ""} | changes
    return check_entry(values["target_id"], values["year"], values["value"],
                       values["source"], values["note"], UNITS, entered_by="editor1", now=NOW)


@pytest.mark.parametrize(("changes", "code"), [
    ({"target_id": "nope"}, "unknown_target"), ({"target_id": None}, "unknown_target"),
    ({"year": "20x4"}, "year_not_number"), ({"year": "2.5"}, "year_not_number"),
    ({"year": {"a": 1}}, "year_not_number"), ({"year": True}, "year_not_number"),
    ({"year": "2018"}, "year_range"), ({"year": 2026}, "year_range"),
    ({"value": "abc"}, "value_not_number"), ({"value": "nan"}, "value_not_number"),
    ({"value": "1e309"}, "value_not_number"), ({"value": [1]}, "value_not_number"),
    ({"value": "-3"}, "value_negative"), ({"source": "  "}, "source_missing"),
    ({"source": None}, "source_missing"), ({"note": "x" * 501}, "too_long"),
])
def test_bad_input_is_refused_in_both_languages_and_nothing_is_stored(tmp_path, changes,
                                                                       code):
    with pytest.raises(ProgressEntryError) as caught:
        _entry(**changes)
    assert caught.value.code == code
    zh, en = caught.value.message("zh"), caught.value.message("en")
    assert zh != en and zh and en and "{" not in zh + en
    assert not progress_store_path(tmp_path / "db.duckdb").exists()


def test_an_entry_round_trips_through_the_store(tmp_path):
    store = progress_store_path(tmp_path / "db.duckdb")
    assert store.name == "db.duckdb.progress.csv"
    assert read_progress_store(store).empty
    first = _entry(value="4,626.5", target_id="revenue", year=2023, note="口径：全口径\n")
    append_entry(store, first)
    append_entry(store, _entry())
    frame = read_progress_store(store)
    assert list(frame["target_id"]) == ["revenue", "rd_intensity"]
    assert frame["value"].tolist() == [4626.5, 2.1] and frame["year"].tolist() == [2023, 2024]
    assert frame.loc[0, "unit"] == "亿元" and frame.loc[0, "note"] == "口径：全口径"
    assert set(frame["entered_by"]) == {"editor1"}
    assert frame.loc[0, "entered_at"] == "2026-01-02T03:04:05+00:00"
    assert frame["entry_id"].nunique() == 2


def test_a_broken_store_line_is_named(tmp_path):
    store = tmp_path / "db.duckdb.progress.csv"
    append_entry(store, _entry())
    with store.open("a", encoding="utf-8") as f:
        f.write("x,rd_intensity,twenty,1,%,src,,e,2026\n")
    with pytest.raises(ProgressEntryError) as caught:
        read_progress_store(store)
    assert "line 3" in caught.value.message("en") and "第 3 行" in caught.value.message("zh")


def _row(figures, comparator=">=", target=3.5):
    return {"target_id": "rd_intensity", "comparator": comparator, "target_value": target,
            "figures": figures}


def _figure(year, value, method="published", entered_at=None):
    return {"year": year, "value": value, "method": method, "entered_at": entered_at}


def test_the_latest_figure_and_the_share_of_the_target():
    assert progress_summary(_row([])) is None
    summary = progress_summary(_row([_figure(2022, 1.4), _figure(2024, 2.1),
                                     _figure(2023, 1.9)]))
    assert summary["latest"]["year"] == 2024 and round(summary["share"], 2) == 0.6
    assert not summary["met"]
    assert progress_summary(_row([_figure(2023, 3.5)]))["met"]  # >= 3.5
    assert not progress_summary(_row([_figure(2023, 3000)], ">", 3000))["met"]  # > 3000


def test_manual_figures_come_from_the_store_as_it_is_now():
    rows = [_row([_figure(2023, 1.9), _figure(2023, 9.9, "manual", "2025-01-01")])]
    store = pd.DataFrame([{"entry_id": "a", "target_id": "rd_intensity", "year": 2023,
                           "value": 2.0, "unit": "%", "source": "https://example.org/r",
                           "note": "", "entered_by": "editor1",
                           "entered_at": "2026-01-01T00:00:00+00:00"}])
    merged = with_manual_figures(rows, store)
    assert rows[0]["figures"][1]["value"] == 9.9  # the rows given are not changed
    assert [(f["value"], f["method"]) for f in merged[0]["figures"]] == [
        (1.9, "published"), (2.0, "manual")]  # the database's manual copy is replaced
    manual = merged[0]["figures"][1]
    assert manual["source_url"] == "https://example.org/r" and manual["entered_by"] == "editor1"
    # an editor's figure for the same year as a published one is the latest shown
    assert progress_summary(merged[0])["latest"]["value"] == 2.0


def test_the_shipped_figure_is_cited_and_loaded(con):
    with (PACKAGE_ROOT / "data" / "plan" / "progress.csv").open(encoding="utf-8") as f:
        shipped = list(csv.DictReader(f))
    assert shipped
    for r in shipped:
        assert r["source_url"].startswith("https://") and r["source_title"]
        assert r["value"] in r["quote"] and r["year"] in r["quote"] and r["method"] == "published"
    rows = {r["target_id"]: r for r in plan_progress(con)}
    revenue = rows["revenue"]["figures"]
    assert [(f["year"], f["value"], f["method"]) for f in revenue] == [(2023, 4626.0,
                                                                        "published")]
    assert "4626亿元" in revenue[0]["quote"] and revenue[0]["source_url"].startswith("https://")
    assert rows["rd_intensity"]["figures"] == []


def test_entered_figures_survive_a_rebuild_and_bad_ones_fail_it(data_copy):
    from etl.pipeline import build_database
    from etl.progress import ProgressDataError

    settings = data_copy
    append_entry(progress_store_path(settings.db_path), _entry())
    build_database(settings)
    build_database(settings)  # again: the store is beside the database, not in it
    with connect(settings.db_path) as con:
        rows = con.execute("SELECT target_id, year, value, method, entered_by, source_title "
                           "FROM fct_plan_progress ORDER BY method, target_id").fetchall()
    assert rows[0][:4] == ("rd_intensity", 2024, 2.1, "manual") and rows[0][4] == "editor1"
    assert rows[1][:4] == ("revenue", 2023, 4626.0, "published")
    shipped = settings.data_dir / "plan" / "progress.csv"
    text = shipped.read_text("utf-8").replace("revenue,2023", "nope,2023")
    shipped.write_text(text, "utf-8")
    with pytest.raises(ProgressDataError, match=r"progress\.csv line 2: 'nope'"):
        build_database(settings)


def test_a_store_for_another_database_is_not_read(data_copy, tmp_path):
    other = replace(data_copy, db_path=tmp_path / "other.duckdb")
    append_entry(progress_store_path(data_copy.db_path), _entry())
    from etl.pipeline import build_database

    build_database(other)
    with connect(other.db_path) as con:
        assert con.execute("SELECT count(*) FROM fct_plan_progress WHERE method = 'manual'"
                           ).fetchone()[0] == 0


def _gaps(rows):
    return pd.DataFrame([{"chain_id": c, "node_id": f"{c}.{i}", "status": s,
                          "outside_candidates": n, "focus": f, "tier_order": i}
                         for c, i, s, n, f in rows])


def test_biggest_gaps_are_actionable_and_no_chain_fills_the_list():
    # nine of one chain without candidates, as the issue saw; three chains with some
    rows = [("engine", i, "missing", 0, False) for i in range(9)]
    rows += [("rail", 1, "missing", 6, True), ("rail", 2, "missing", 1, True),
             ("robot", 1, "missing", 2, False), ("robot", 2, "weak", 9, False),
             ("grid", 1, "missing", 0, True)]
    ranked = rank_biggest_gaps(_gaps(rows))
    assert ranked["node_id"].tolist()[:3] == ["rail.1", "robot.1", "rail.2"]
    assert set(ranked["status"]) == {"missing"}
    assert ranked.groupby("chain_id").size().max() <= 3
    assert len(ranked) == 7 and (ranked["chain_id"] == "engine").sum() == 3
    with_candidates = (ranked["outside_candidates"] > 0).tolist()
    assert with_candidates == sorted(with_candidates, reverse=True)
    assert len(rank_biggest_gaps(_gaps([("c", i, "missing", 1, True) for i in range(5)]
                                       + [(f"d{i}", 0, "missing", 1, True)
                                          for i in range(20)]))) == 10
    assert rank_biggest_gaps(pd.DataFrame()).empty


def test_the_cli_adds_a_figure_with_its_source_and_lists_it(built_settings, tmp_path):
    from click.testing import CliRunner

    from chainmap_cli.main import cli

    db = tmp_path / "cli.duckdb"
    shutil.copy(built_settings.db_path, db)

    def run(*args):
        return CliRunner().invoke(cli, ["--db", str(db), "progress", *args])

    bad = run("add", "rd_intensity", "--year", "20x4", "--value", "2.1", "--source", "x")
    assert bad.exit_code != 0 and "The year must be a whole number" in bad.output
    assert "年份须为整数" in bad.output and not progress_store_path(db).exists()
    unknown = run("add", "nope", "--year", "2024", "--value", "1", "--source", "x")
    assert unknown.exit_code != 0 and "rd_intensity" in unknown.output
    ok = run("add", "rd_intensity", "--year", "2024", "--value", "2.1", "--source",
             "《2024年重庆市统计公报》", "--by", "planner1")
    assert ok.exit_code == 0, ok.output
    listed = json.loads(run("list", "--json").stdout)
    manual = [f for f in listed if f["method"] == "manual"]
    assert [(f["target_id"], f["year"], f["value"], f["entered_by"], f["source_title"])
            for f in manual] == [("rd_intensity", 2024, 2.1, "planner1",
                                  "《2024年重庆市统计公报》")]
    assert any(f["method"] == "published" and f["value"] == 4626 for f in listed)
    text = run("list").stdout
    assert "4 项目标暂无可引用数据" in text and "[manual, planner1," in text
