import csv

from chainmap.queries import query_firms, query_info


def test_info_reports_the_regions_chains_and_clusters(con):
    info = query_info(con)
    assert info["regions"]["cq_districts"] == 38
    assert info["regions"]["sc_cities"] == 21
    assert info["regions"]["cd_districts"] == 20
    chains = {c["id"]: c for c in info["chains"]}
    assert len(chains) == 12
    for cid in ("engine", "robot", "rail", "clean_energy"):
        assert chains[cid]["nodes"] >= 15 and chains[cid]["focus"]
    assert all(c["nodes"] >= 8 for c in chains.values())
    assert info["clusters"] >= 7
    assert info["partner_pairs"] == 4
    assert info["targets"] >= 6


def test_every_plan_firm_is_listed_with_role_location_and_sources(con, built_settings):
    with (built_settings.plan_dir / "firms.csv").open(encoding="utf-8") as f:
        shipped = {r["firm_id"]: r for r in csv.DictReader(f)}
    firms = {f.firm_id: f for f in query_firms(con) if f.firm_id in shipped}
    assert set(firms) == set(shipped)
    for firm_id, firm in firms.items():
        facts = {s.fact.split(":")[0] for s in firm.sources}
        assert {"role", "location"} <= facts, firm_id
        assert all(s.source_title for s in firm.sources), firm_id
        assert firm.role.value == shipped[firm_id]["role"]


def test_no_firm_is_placed_at_an_invented_point(con):
    firms = query_firms(con)
    assert not [f for f in firms if f.precision.value == "point"]
    attract = [f for f in firms if f.role.value == "attract"]
    assert attract and all(f.adcode is None or not f.adcode.startswith("50") for f in attract)


def test_district_precision_is_backed_by_a_cited_page(con):
    """A district comes from a cited page, or from the rule that a registered name begins
    with its registering authority's region (重庆涪陵电力… in the listed-company list)."""
    rows = con.execute(
        "SELECT f.firm_id, l.source_id, s.kind, s.locator, l.evidence FROM dim_firm f "
        "JOIN firm_location_fact l ON l.firm_id = f.firm_id AND l.adcode = f.adcode "
        "JOIN dim_source s ON s.source_id = l.source_id WHERE f.precision = 'district'"
    ).fetchall()
    assert rows
    assert all((kind == "web_page" and locator.startswith("http"))
               or (kind == "shipped_file" and "冠以「" in evidence.split("（")[0])
               for _, _, kind, locator, evidence in rows)
    assert any(kind == "web_page" for _, _, kind, _, _ in rows)
    # a bare city-district stem is not a registering authority (中原环保 is in 河南, not in
    # 郑州市中原区)
    zhongyuan = con.execute("SELECT adcode, precision FROM dim_firm WHERE name = '中原环保'"
                            ).fetchall()
    assert zhongyuan == [("410000", "province")]


def test_chain_filter(con):
    rail = {f.name for f in query_firms(con, "rail")}
    assert {"重庆长客", "中国通号", "株洲时代"} <= rail
    assert "宗申动力" not in rail


def test_a_firm_lists_each_chain_and_node_once_in_id_order():
    """Firm A is on chain toy by the plan and by an import, and on toy.body by both."""
    from tests.chainmap.twice_sourced import twice_sourced_connection

    with twice_sourced_connection() as con:
        firms = {f.firm_id: f for f in query_firms(con)}
        on_toy = {f.firm_id: f for f in query_firms(con, "toy")}
    assert firms["A"].chains == ("aero", "toy")  # not ("aero", "toy", "toy")
    assert firms["A"].nodes == ("toy.body",)
    assert on_toy["A"].chains == ("aero", "toy") and on_toy["A"].nodes == ("toy.body",)
    # every source is still there, for provenance
    facts = [s.fact for s in firms["A"].sources]
    assert facts.count("chain:toy") == 2 and facts.count("node:toy.body") == 2
