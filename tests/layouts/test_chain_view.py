"""A node's panel at registry scale: a long group is cut at NODE_LIST_MAX, leaders kept."""

from __future__ import annotations

from layouts._chain_view import NODE_LIST_MAX, _firm_items


def _firm(i: int, leader: bool = False) -> dict:
    return {"firm_id": f"f{i:04d}", "name": f"企业{i}", "leader": leader, "marginal": False,
            "region_name": None, "evidence": "经营范围", "confidence": 0.9}


def test_a_long_group_lists_its_leaders_and_most_confident_then_counts_the_rest():
    firms = [_firm(i, leader=(i == 250)) for i in range(300)]
    items = _firm_items(firms, "zh", {})
    assert len(items) == NODE_LIST_MAX + 1
    assert items[0].children[0].children == "★ 企业250"  # the leader first
    assert [li.children[0].children for li in items[1:3]] == ["企业0", "企业1"]
    assert items[-1].children == "等，另有 200 家（见企业库）"
    assert items[-1].className == "muted"


def test_a_short_group_is_listed_whole_in_its_order():
    firms = [_firm(i, leader=(i == 2)) for i in range(5)]
    items = _firm_items(firms, "en", {})
    assert [li.children[0].children for li in items] == [
        "企业0", "企业1", "★ 企业2", "企业3", "企业4"]
