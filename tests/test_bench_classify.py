"""The classifier's accuracy on the shipped labelled sets (bench/classify_eval.py): the
issue's target holds, negatives stay off the chains, and the sets are what they say."""

from __future__ import annotations

import pytest

from bench.classify_eval import PROFILES, SETS, classify_set, evaluate, read_eval_sets


@pytest.fixture(scope="module")
def every():
    return read_eval_sets(SETS)


def test_the_sets_are_real_labelled_firms_with_evidence(every):
    assert len(every) >= 150 and every["ts_code"].str.len().gt(0).mean() > 0.9
    assert every["url"].str.startswith("http").all() and every["quote"].str.len().gt(0).all()
    positives = every[every["expected_chains"] != ""]
    chains = {c for v in positives["expected_chains"] for c in v.split(";")}
    assert len(chains) == 12
    negatives = every[every["expected_chains"] == ""]
    assert {"negative_vehicle", "negative_motorcycle", "negative_consumer",
            "negative_energy_out_of_scope"} <= set(negatives["category"])
    assert not every.duplicated(["ts_code", "name"]).any()


def test_chain_level_precision_and_recall_meet_the_target(every):
    result = evaluate(every, PROFILES["full"])
    assert result["chain"]["precision"] >= 0.90 and result["chain"]["recall"] >= 0.85, result[
        "chain"]
    assert result["node"]["precision"] >= 0.85, result["node"]


def test_vehicle_motorcycle_and_consumer_makers_are_on_no_chain(every):
    negatives = every[every["category"].isin(
        ["negative_vehicle", "negative_motorcycle", "negative_consumer"])]
    scores, _ = classify_set(negatives, PROFILES["full"])
    placed = scores[scores["status"] == "chain"]
    names = dict(zip(negatives["firm_id"], negatives["name"], strict=True))
    wrong = sorted(names[f] for f in placed["firm_id"])
    assert len(wrong) <= 0.1 * len(negatives), wrong


def test_the_issue_s_examples(every):
    rows = every[every["name"].isin(["东方电气", "航发科技", "望变电气", "尚纬股份", "纵横股份",
                                     "交大铁发", "秦安股份", "中国中车", "三一重工", "金风科技",
                                     "潍柴动力", "比亚迪", "长城汽车"])]
    scores, nodes = classify_set(rows, PROFILES["full"])
    placed = {(n, c) for n, c in zip(
        rows.set_index("firm_id").loc[scores["firm_id"], "name"], scores["chain_id"],
        strict=True)} if len(scores) else set()
    chains = {name: {c for n, c in placed if n == name}
              for name in rows["name"]}
    status = dict(zip(zip(scores["firm_id"], scores["chain_id"], strict=True), scores["status"],
                      strict=True))
    ids = dict(zip(rows["name"], rows["firm_id"], strict=True))

    def on(name, chain):
        return status.get((ids[name], chain)) == "chain"

    assert on("东方电气", "clean_energy") and on("航发科技", "aero")
    assert on("中国中车", "rail") and on("三一重工", "construction")
    assert on("金风科技", "clean_energy") and on("潍柴动力", "engine")
    cars = chains["比亚迪"] | chains["长城汽车"]
    assert not any(on("比亚迪", c) or on("长城汽车", c) for c in cars)
    # 东方电气's page names sectors (风电、水电 …), not products: no node from the rules (the
    # shipped build has its nodes from a person reading the page: data/registry/firm_nodes.csv)
    assert not set(nodes.loc[nodes["firm_id"] == ids["东方电气"], "node_id"])
