import pandas as pd
import pytest

from etl.firms import best_locations, build_plan_firms


def _firms(*rows):
    cols = ["firm_id", "name", "name_en", "kind", "role", "chains", "plan_designation",
            "plan_products", "plan_section", "plan_quote", "labels"]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows], columns=cols)


LOCAL = ("a", "甲机械", "A", "firm", "local", "rail;engine", "依托", "x", "s", "依托甲", "")
ATTRACT = ("b", "乙集团", "B", "firm", "attract", "rail", "引进", "y", "s", "引进乙", "龙头企业")
NO_LOC = pd.DataFrame(columns=["firm_id", "adcode", "precision", "source_id", "method",
                               "evidence"])
NO_NAMES = pd.DataFrame(columns=["firm_id", "full_name", "source_id", "method"])
NO_NODES = pd.DataFrame(columns=["firm_id", "node_id", "role", "confidence", "evidence",
                                 "source_id", "method"])


def test_best_location_prefers_the_most_precise_fact():
    facts = pd.DataFrame([
        {"firm_id": "a", "adcode": "500000", "precision": "city"},
        {"firm_id": "a", "adcode": "500116", "precision": "district"},
        {"firm_id": "a", "adcode": "Z500001", "precision": "zone"},
    ])
    best = best_locations(facts)
    assert best[["adcode", "precision"]].values.tolist() == [["500116", "district"]]


def test_unknown_precision_is_rejected():
    with pytest.raises(ValueError, match="precision"):
        best_locations(pd.DataFrame([{"firm_id": "a", "adcode": "1", "precision": "street"}]))


def test_local_firm_defaults_to_city_and_attract_firm_stays_unknown():
    tables = build_plan_firms(_firms(LOCAL, ATTRACT), NO_LOC, NO_NAMES, NO_NODES)
    firms = tables["dim_firm"].set_index("firm_id")
    assert firms.loc["a", "precision"] == "city" and firms.loc["a", "adcode"] == "500000"
    assert firms.loc["b", "precision"] == "unknown" and pd.isna(firms.loc["b", "adcode"])
    facts = tables["firm_location_fact"].set_index("firm_id")
    assert facts.loc["a", "method"] == "rule"


def test_web_fact_upgrades_location_and_keeps_both_facts():
    loc = pd.DataFrame([{"firm_id": "a", "adcode": "500116", "precision": "district",
                         "source_id": "web_a", "method": "web_page", "evidence": "位于江津区"}])
    tables = build_plan_firms(_firms(LOCAL), loc, NO_NAMES, NO_NODES)
    assert tables["dim_firm"].iloc[0]["adcode"] == "500116"
    assert len(tables["firm_location_fact"]) == 2


def test_chains_and_labels_are_split_and_sourced():
    tables = build_plan_firms(_firms(LOCAL, ATTRACT), NO_LOC, NO_NAMES, NO_NODES)
    assert sorted(tables["firm_chain"]["chain_id"]) == ["engine", "rail", "rail"]
    assert tables["firm_label"][["firm_id", "label"]].values.tolist() == [["b", "龙头企业"]]
    assert set(tables["firm_chain"]["method"]) == {"plan_text"}


def test_facts_about_unknown_firms_are_rejected():
    nodes = pd.DataFrame([{"firm_id": "ghost", "node_id": "rail.bogie", "role": "maker",
                           "confidence": "0.5", "evidence": "", "source_id": "plan",
                           "method": "plan_text"}])
    with pytest.raises(ValueError, match="ghost"):
        build_plan_firms(_firms(LOCAL), NO_LOC, NO_NAMES, nodes)


def test_duplicate_firm_ids_are_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        build_plan_firms(_firms(LOCAL, LOCAL), NO_LOC, NO_NAMES, NO_NODES)
