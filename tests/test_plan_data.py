"""The curated plan data is traceable to the plan, word for word."""

import csv

import pytest

from chainmap.config import PACKAGE_ROOT

PLAN_DIR = PACKAGE_ROOT / "data" / "plan"


def _rows(name):
    with (PLAN_DIR / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", ["firms.csv", "clusters.csv", "partners.csv", "structure.csv",
                                  "targets.csv"])
def test_quotes_are_verbatim_from_the_plan(plan_text, name):
    rows = _rows(name)
    assert rows
    for row in rows:
        assert row["plan_quote"] in plan_text, row


def test_firm_names_appear_in_the_plan(plan_text):
    derived = {"dfh_leo": "东方红全球低轨卫星", "cq_abb": "重庆 ABB"}
    for row in _rows("firms.csv"):
        assert derived.get(row["firm_id"], row["name"]) in plan_text, row["name"]


def test_the_plan_seven_clusters_and_four_partner_pairs():
    assert len(_rows("clusters.csv")) == 7
    assert len(_rows("partners.csv")) == 4


def test_every_node_assignment_has_evidence_and_a_bounded_confidence():
    for row in _rows("firm_nodes.csv"):
        assert row["evidence"], row
        assert 0 < float(row["confidence"]) <= 1, row
        assert row["method"] in {"plan_text", "rule", "web_page"}, row
