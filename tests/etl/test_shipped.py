"""The shipped registry (data/registry/, etl/shipped.py) in the default build: its lists
are firms with their sources, resolved against the plan's firms; curated facts cite pages."""

from __future__ import annotations


def _one(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()


def test_the_lists_are_firms_with_their_own_sources(con):
    kinds = dict(_one(con, "SELECT source_id, kind FROM dim_source WHERE source_id IN (?, ?, ?)",
                      ("tushare_2025_06", "miit_green_factories", "miit_green_supply_chain")))
    assert set(kinds.values()) == {"shipped_file"} and len(kinds) == 3
    listed = _one(con, "SELECT count(DISTINCT firm_id) FROM firm_source "
                       "WHERE batch_id = 'shipped-listed'")[0][0]
    assert listed > 1400
    # no import_batch row and no quarantine: these are not the user's imports
    assert _one(con, "SELECT count(*) FROM import_batch")[0][0] == 0
    assert _one(con, "SELECT count(*) FROM import_quarantine")[0][0] == 0
    roles = dict(_one(con, "SELECT name, role FROM dim_firm WHERE name IN ('东方电气', '望变')"))
    assert roles == {"东方电气": "external", "望变": "local"}


def test_listed_firms_resolve_into_the_plan_firms_they_are(con):
    merged = {r[0] for r in _one(con, "SELECT firm_id FROM firm_source WHERE batch_id = "
                                      "'shipped-listed' AND matched_existing")}
    assert {"zongshen", "chuanyi", "yuanda", "wangbian", "crsc", "zhuzhou_times"} <= merged
    # the plan's Chongqing plant of 三一重工 is not the listed parent: in the review list
    assert "sany" not in merged
    assert _one(con, "SELECT count(*) FROM resolution_review WHERE candidate_id = 'sany'"
                )[0][0] >= 1


def test_curated_facts_cite_their_pages(con):
    rows = _one(con, """
SELECT n.node_id, s.kind, s.locator, n.evidence FROM firm_node n
JOIN dim_firm f USING (firm_id) JOIN dim_source s ON s.source_id = n.source_id
WHERE f.name = '东方电气' AND n.method = 'web_page'""")
    assert {"clean_energy.hydro_turbine", "clean_energy.wind_turbine"} <= {r[0] for r in rows}
    assert all(kind == "web_page" and loc.startswith("http") and ev for _, kind, loc, ev in rows)
    products = _one(con, "SELECT p.product FROM firm_product p JOIN dim_firm f USING (firm_id) "
                         "WHERE f.name = '航发科技'")
    assert products and "航空" in products[0][0]
    # a district only where a page states one; else the city the registered name gives
    place = _one(con, "SELECT adcode, precision FROM dim_firm WHERE name = '东方电气'")
    assert place == [("510100", "city")]


def test_green_lists_label_known_firms_and_keep_the_rest_at_their_province(con):
    labelled = _one(con, """
SELECT f.name, l.evidence FROM firm_label l JOIN dim_firm f USING (firm_id)
WHERE l.label = '绿色工厂' AND f.source_id NOT LIKE 'miit%'""")
    assert labelled and all("工信部绿色工厂名单" in ev for _, ev in labelled)
    own = _one(con, "SELECT precision, count(*) FROM dim_firm WHERE source_id = "
                    "'miit_green_factories' GROUP BY precision")
    assert {p for p, _ in own} <= {"province", "city", "district"}
    assert not _one(con, "SELECT 1 FROM dim_firm WHERE source_id LIKE 'miit%' "
                         "AND precision = 'point'")


def test_the_classifier_places_shipped_firms_with_a_score(con):
    scored = _one(con, """
SELECT s.status, s.confidence, s.evidence FROM firm_chain_score s JOIN dim_firm f USING (firm_id)
WHERE f.name = '中国中车' AND s.chain_id = 'rail'""")
    assert scored and scored[0][0] == "chain" and scored[0][1] >= 0.5
    # every rule placement has its score; every rule node sits on a placed chain
    assert not _one(con, """
SELECT 1 FROM firm_chain c WHERE c.method = 'rule' AND NOT EXISTS (
  SELECT 1 FROM firm_chain_score s WHERE s.firm_id = c.firm_id AND s.chain_id = c.chain_id
  AND s.status = 'chain')""")
    assert not _one(con, """
SELECT 1 FROM firm_node n WHERE n.method = 'rule' AND NOT EXISTS (
  SELECT 1 FROM firm_chain_score s WHERE s.firm_id = n.firm_id AND s.chain_id = n.chain_id
  AND s.status = 'chain')""")


def test_curated_former_names_are_former_keys(con):
    """A former name a page states (国网信通 was 四川岷江水利电力…) is a key of the kind an
    import's 曾用名 column gives, so a row under the old name merges as former_name."""
    keys = _one(con, """
SELECT k.key_type, k.key_value FROM build_firm_key k JOIN dim_firm f USING (firm_id)
WHERE f.name = '国网信通' AND k.key_type IN ('name', 'former')""")
    former = {v for t, v in keys if t == "former"}
    assert any("岷江水利电力" in v for v in former)
    assert not former & {v for t, v in keys if t == "name"}
