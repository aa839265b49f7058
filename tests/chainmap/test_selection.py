"""chainmap.selection: one selection (chain, region, language), its defaults declared once,
checked once where a request enters (strict for the CLI, lenient for the pages)."""

from __future__ import annotations

import dataclasses

import pytest

from chainmap.analytics.region import UnknownRegionError, query_region
from chainmap.queries import query_chains
from chainmap.reports import report_of, reports_of, run_report
from chainmap.selection import (
    DEFAULT_CHAIN,
    DEFAULT_LANG,
    DEFAULT_REGION,
    Selection,
    UnknownChainError,
    drawable,
    drawable_chain,
    drawable_region,
    lang_of,
    query_chain_ids,
    query_region_ids,
    select,
)

HOSTILE = ["", " rail", "RAIL", "rail\x00", "x'); DROP TABLE dim_firm; --", "../etc/passwd",
           "铁路", "r" * 10_000, None, 42, 3.5, True, ["rail"], {"rail": 1}, b"rail"]


def test_the_defaults_are_declared_once_and_are_what_a_bare_url_shows():
    assert (DEFAULT_CHAIN, DEFAULT_REGION, DEFAULT_LANG) == ("rail", "500000", "zh")
    assert Selection() == Selection("rail", "500000", "zh")


def test_a_selection_is_a_frozen_hashable_value():
    selection = Selection("grid", "chengyu", "en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        selection.chain = "rail"  # type: ignore[misc]
    assert {selection: 1}[Selection("grid", "chengyu", "en")] == 1
    assert selection != Selection("grid", "chengyu", "zh")


@pytest.mark.parametrize("value", ["zh", "", "EN", "en ", "fr", "en\x00", None, 1, ["en"], b"en"])
def test_only_en_is_english_every_other_language_is_the_default(value):
    assert lang_of(value) == "zh"


def test_en_is_english():
    assert lang_of("en") == "en"


def test_select_takes_known_ids_as_they_are(con):
    assert select(con, "rail", "500000", "en") == Selection("rail", "500000", "en")
    assert select(con, "grid", "chengyu") == Selection("grid", "chengyu", "zh")
    assert select(con, "rail", "500116", "fr").lang == "zh"


def test_the_chain_ids_are_the_chain_switch_s_in_its_order(con):
    assert list(query_chain_ids(con)) == list(query_chains(con)["id"])
    assert "rail" in query_chain_ids(con)


def test_the_region_ids_are_dim_region_s_and_the_group(con):
    ids = query_region_ids(con)
    assert {"500000", "510000", "500116", "chengyu"} <= ids
    assert "999999" not in ids and "" not in ids


def test_an_unknown_chain_is_the_error_the_cli_prints(con):
    known = sorted(query_chain_ids(con))
    with pytest.raises(UnknownChainError) as caught:
        select(con, "zzz", "500000")
    assert str(caught.value) == f"unknown chain 'zzz'; one of {known}"


def test_the_chain_is_checked_before_the_region(con):
    with pytest.raises(UnknownChainError):
        select(con, "zzz", "999999")


def test_an_unknown_region_is_the_error_query_region_raises(con):
    with pytest.raises(UnknownRegionError) as expected:
        query_region(con, "999999")
    with pytest.raises(UnknownRegionError) as caught:
        select(con, "rail", "999999")
    assert str(caught.value) == str(expected.value)
    assert "unknown region '999999'" in str(caught.value)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_no_chain_and_no_region_and_reaches_no_sql(con, value):
    firms = con.execute("SELECT count(*) FROM dim_firm").fetchone()[0]
    with pytest.raises(UnknownChainError):
        select(con, value, "500000")
    with pytest.raises(UnknownRegionError):
        select(con, "rail", value)
    assert con.execute("SELECT count(*) FROM dim_firm").fetchone()[0] == firms > 0


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_page_draws_hostile_values_as_the_defaults(value):
    chains, regions = ("rail", "grid"), frozenset({"500000", "500116", "chengyu"})
    assert drawable(chains, regions, value, value, value) == Selection("rail", "500000", "zh")
    assert drawable(chains, regions, value, "500116", "en", allow_all=True) == \
        Selection("", "500116", "en")


def test_a_page_draws_known_values_as_they_are():
    chains, regions = ("rail", "grid"), frozenset({"500000", "chengyu"})
    assert drawable(chains, regions, "grid", "chengyu", "en") == Selection("grid", "chengyu",
                                                                           "en")
    assert drawable(chains, regions, "grid", allow_all=True).chain == "grid"


def test_a_default_chain_the_database_lacks_is_its_first_chain():
    assert drawable_chain("zzz", ("grid", "ev")) == "grid"
    assert drawable_chain("zzz", ("grid", "ev"), default="ev") == "ev"
    assert drawable_chain("zzz", ()) == DEFAULT_CHAIN
    assert drawable_region("zzz", frozenset(), default="") == ""


def test_a_checked_selection_gives_the_reports_run_report_gives(con):
    selection = select(con, "rail", "500116")
    assert report_of(con, "gaps", selection).data == run_report(con, "gaps", "rail",
                                                                "500116").data
    both = reports_of(con, ["coverage", "targets"], selection)
    assert [r.region for r in both.values()] == ["500116", "500116"]
    assert both["coverage"].chain == "rail"


def test_run_report_checks_what_it_is_given(con):
    with pytest.raises(UnknownChainError, match="unknown chain 'zzz'"):
        run_report(con, "coverage", "zzz", "500000")
    with pytest.raises(UnknownRegionError, match="unknown region"):
        run_report(con, "coverage", "rail", "999999")
    with pytest.raises(ValueError, match="unknown report 'nope'"):
        report_of(con, "nope", Selection())
