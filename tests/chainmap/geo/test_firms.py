"""chainmap.geo.firms: firms located, grouped and counted for the map."""

import json

import pandas as pd
import pytest

from chainmap.geo.firms import firm_groups, query_firm_locations


def test_firms_are_grouped_only_at_the_precision_they_are_known():
    firms = pd.DataFrame([
        {"firm_id": "a", "name": "甲", "role": "local", "kind": "firm", "precision": "district",
         "adcode": "500116", "region_name": "江津区", "label_lon": 106.2, "label_lat": 29.0,
         "chains": "rail"},
        {"firm_id": "b", "name": "乙", "role": "local", "kind": "firm", "precision": "city",
         "adcode": "500000", "region_name": "重庆市", "label_lon": None, "label_lat": None,
         "chains": "rail"},
        {"firm_id": "c", "name": "丙", "role": "attract", "kind": "firm",
         "precision": "unknown", "adcode": None, "region_name": None, "label_lon": None,
         "label_lat": None, "chains": None},
    ])
    groups = firm_groups(firms)
    assert [g["region_id"] for g in groups["placed"]] == ["500116"]
    assert {g["region_id"] for g in groups["unplaced"]} == {"500000", "unknown"}
    assert all("lon" not in g for g in groups["unplaced"])


def test_firm_locations_by_chain(con):
    rail = query_firm_locations(con, "rail")
    assert "重庆长客" in set(rail["name"])
    assert set(rail["precision"]) <= {"district", "zone", "city", "unknown"}


def test_firm_groups_name_a_few_firms_and_count_all():
    from chainmap.geo.firms import GROUP_FIRMS_MAX

    firms = pd.DataFrame([
        {"firm_id": f"f{i:03d}", "name": f"企业{i}", "role": "local", "kind": "firm",
         "precision": "district", "adcode": "500116", "region_name": "江津区",
         "label_lon": 106.2, "label_lat": 29.0, "chains": "rail"}
        for i in range(GROUP_FIRMS_MAX + 7)])
    (group,) = firm_groups(firms)["placed"]
    assert group["count"] == GROUP_FIRMS_MAX + 7
    assert len(group["firms"]) == GROUP_FIRMS_MAX and group["more"] == 7
    assert group["firms"][0]["firm_id"] == "f000"


@pytest.mark.parametrize("chain", [None, "rail", "robot"])
def test_firm_groups_counted_in_sql_equal_the_grouping_of_every_firm(con, monkeypatch, chain):
    from chainmap.geo import firms as geo

    monkeypatch.setattr(geo, "GROUP_FIRMS_MAX", 1)  # groups overflow: `more` is exercised
    want = geo.firm_groups(geo.query_firm_locations(con, chain))
    got = geo.query_firm_groups(con, chain)
    # the same groups, order, keys and values (as the map payload is serialised)
    assert json.dumps(got, ensure_ascii=False) == json.dumps(want, ensure_ascii=False)
    assert got["placed"] and got["unplaced"]
    if chain is None:
        assert any(g["more"] for g in got["placed"] + got["unplaced"])
