from openpyxl import load_workbook

from chainmap.render.workbooks import write_targets_workbook
from chainmap.views.firm_search import query_firm_detail, query_firm_page
from chainmap.views.overview import query_overview


def test_overview_counts_every_chain_and_lists_missing_nodes(con):
    data = query_overview(con, "500000")
    comp = data["completeness"].set_index("chain_id")
    assert len(comp) == 12
    assert (comp["missing"] + comp["weak"] + comp["covered"] + comp["unknown"]
            == comp["nodes"]).all()
    # only what the data can call missing: the plan's nodes to attract firms for (no
    # registry covers Chongqing), never a node no source covers
    assert set(data["biggest_gaps"]["status"]) == {"missing"}
    assert set(data["biggest_gaps"]["status_basis"]) == {"plan"}
    assert {"rail.signalling", "rail.traction"} <= set(data["biggest_gaps"]["node_id"])
    assert comp["unknown"].sum() > 0 and not set(data["gaps"]["status"]) - {"missing", "weak"}
    coverage = data["data_coverage"]
    assert coverage["region"] == "500000" and not coverage["exhaustive"]
    assert coverage["sources"][0]["scope"] == "plan" and coverage["sources"][0]["firms"] > 0
    assert data["covered_regions"] == []
    by_area = data["firms_by_chain_district"]
    assert by_area.loc[by_area["area"] == "江北区", "firms"].sum() >= 1
    assert "区县不详" in set(by_area["area"])


def test_firm_page_filters_sorts_and_pages(con):
    rows, total = query_firm_page(con, search="长客")
    assert total == 1 and rows.iloc[0]["name"] == "重庆长客"
    rail, total = query_firm_page(con, chain="rail", sort_by="name", page_size=3)
    assert total >= 9 and len(rail) == 3
    second, _ = query_firm_page(con, chain="rail", sort_by="name", page=1, page_size=3)
    assert set(rail["firm_id"]).isdisjoint(second["firm_id"])
    attract, total = query_firm_page(con, role="attract")
    assert total == 6 and set(attract["role"]) == {"attract"}


def test_firm_page_treats_search_text_as_data(con):
    rows, total = query_firm_page(con, search="'; DROP TABLE dim_firm; --")
    assert total == 0 and rows.empty
    _, total = query_firm_page(con, sort_by="name; DROP TABLE dim_firm")  # not whitelisted
    assert total >= 55


def test_firm_detail_lists_each_fact_with_its_source(con):
    detail = query_firm_detail(con, "cq_crrc_cc")
    facts = detail["facts"]
    assert {"角色", "所在地", "产业链", "环节"} <= set(facts["fact"])
    web = facts[facts["method"] == "web_page"]
    assert not web.empty and web["locator"].str.startswith("http").all()
    assert query_firm_detail(con, "nope") is None


def test_targets_workbook(con, tmp_path):
    path = write_targets_workbook(con, "rail", "500000", tmp_path / "t.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["招商目标清单", "缺失薄弱未覆盖环节", "数据覆盖", "说明"]
    ws = wb["招商目标清单"]
    assert ws["C1"].value == "目标企业" and ws.freeze_panes == "A2"
    assert "中国通号" in {c.value for c in ws["C"]}
    assert any("计划" in (c.value or "") for c in ws["G"])
    # the Notes sheet names the region, with the code the app's address uses
    assert wb["说明"]["B3"].value == "重庆市（500000）"
    assert wb["说明"]["B7"].value.startswith("数据覆盖 · 重庆市：")
    gaps = {row[0].value: (row[2].value, row[3].value)
            for row in wb["缺失薄弱未覆盖环节"].iter_rows()}
    assert gaps["信号系统（列控/联锁）"] == ("缺失", "行动计划提出引进")
    assert "未覆盖" in {status for status, _ in gaps.values()}
    coverage = wb["数据覆盖"]
    assert [c.value for c in coverage[1]] == ["数据来源", "列出范围", "本地区企业数", "是否全量"]
    assert coverage["B2"].value == "行动计划点名的企业" and coverage["D2"].value == "非全量"


def test_targets_workbook_in_english(con, tmp_path):
    path = write_targets_workbook(con, "rail", "500000", tmp_path / "t.xlsx", lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Targets", "Gaps", "Data coverage", "Notes"]
    ws = wb["Targets"]
    assert [c.value for c in ws[1]] == ["Gap node", "Node status", "Target firm", "Score",
                                        "Location", "Distance (km)", "Reasons"]
    assert "Traction systems" in {c.value for c in ws["A"]}
    assert "Zhuzhou" in {c.value for c in ws["E"]} and "株洲市" not in {c.value for c in ws["E"]}
    assert any((c.value or "").startswith("Fills the node") for c in ws["G"])
    assert {c.value for c in wb["Gaps"]["B"]} - {"Tier"} <= {"upstream", "midstream",
                                                              "downstream"}
    assert wb["Notes"]["B2"].value == "Rail transit equipment"
    assert wb["Notes"]["B3"].value == "Chongqing (500000)"
    # a target firm with an English name (from its source) is called by it
    firms = {c.value for c in ws["C"]}
    assert "China Railway Signal & Communication (CRSC)" in firms and "中国通号" not in firms


def test_firm_page_past_the_end_and_computed_sort_keys(con):
    rows, total = query_firm_page(con, page=999)
    assert rows.empty and total >= 55
    by_chains, _ = query_firm_page(con, sort_by="chains", page_size=200)
    keys = [c for c in by_chains["chains"] if isinstance(c, str)]
    assert keys == sorted(keys)
    desc, _ = query_firm_page(con, sort_by="n_sources", descending=True, page_size=5)
    assert list(desc["n_sources"]) == sorted(desc["n_sources"], reverse=True)


def test_search_condition_matches_exactly_what_ilike_matches():
    import duckdb

    from chainmap.views.firm_search import search_condition

    names = ["重庆长客", "CRRC 长客", "crrc长客", "Crrc", "\u0130nstrument", "instrument",
             "\u212aunshan", "kunshan", "ＣＲＲＣ", "ｃｒｒｃ", "a_b%c", "重庆", "Ünion", "ünion",
             "長客", "（重庆）"]
    con = duckdb.connect()
    con.execute("CREATE TABLE f AS SELECT 'id' || i AS firm_id, name, "
                "CASE WHEN i % 3 = 0 THEN NULL ELSE 'x' || name END AS full_name "
                "FROM (SELECT unnest(?) AS name, unnest(range(?)) AS i)",
                [names, len(names)])
    for search in ["长客", "crrc", "CRRC", "i", "I", "k", "K", "ｃｒｒｃ", "Ｃ", "_", "%", "b%c",
                   "ünion", "Ü", "（重庆）", "重庆", "id3", "n s", "x"]:
        condition, values = search_condition(search)
        got = con.execute(f"SELECT firm_id FROM f WHERE {condition} ORDER BY 1",  # noqa: S608
                          values).fetchall()
        like = f"%{search}%"
        want = con.execute("SELECT firm_id FROM f WHERE name ILIKE ? OR "
                           "coalesce(full_name, '') ILIKE ? OR firm_id = ? ORDER BY 1",
                           [like, like, search]).fetchall()
        assert got == want, search
    assert "contains(" in search_condition("重庆")[0]  # caseless: no lower() per row
    assert "regexp_matches(" in search_condition("crrc")[0]


def test_heat_map_columns_are_chongqing_districts_however_national_the_firms(data_copy, tmp_path):
    """A national registry places firms in districts all over China: they are counted in
    one column, not one column per district of the country."""
    from chainmap.db import connect
    from chainmap.views.overview import OUTSIDE
    from etl.imports import commit_import
    from etl.pipeline import build_database
    from layouts._heatmap import firms_heatmap

    build_database(data_copy)
    path = tmp_path / "export.csv"
    path.write_text("企业名称,所属省份,所属城市,所属区县,国标行业小类,经营范围\n"
                    "成都示例机器人制造有限公司,四川省,成都市,郫都区,工业机器人制造,"
                    "工业机器人的研发、制造\n"
                    "武汉示例机器人制造有限公司,湖北省,武汉市,江夏区,工业机器人制造,"
                    "工业机器人的研发、制造\n", "utf-8")
    commit_import("qcc", path, data_copy)
    with connect(data_copy.db_path) as con:
        data = query_overview(con, "500000")
        chains = con.execute("SELECT chain_id, name_zh, name_en FROM dim_chain").df()
    areas = data["firms_by_chain_district"]
    assert "郫都区" not in set(areas["area"]) and "江夏区" not in set(areas["area"])
    assert areas.loc[(areas["area"] == OUTSIDE) & (areas["chain_id"] == "robot"),
                     "firms"].sum() >= 2
    heat = firms_heatmap(areas, chains, "zh").data[0]
    inside = areas[areas["area"] != OUTSIDE]["firms"].max()
    assert heat.zmax == max(float(inside), 1.0)  # the colours compare Chongqing's districts


def test_firm_page_reads_the_stored_list_and_computes_the_same_without_it(con, built_settings,
                                                                          tmp_path):
    """A read-only connection sorts by the build's agg_firm_list; a writable one (no stored
    table may be trusted) computes the same pages."""
    import shutil

    import duckdb

    from chainmap.db import stored_table

    assert stored_table(con, "agg_firm_list")
    copy = tmp_path / "w.duckdb"
    shutil.copy(built_settings.db_path, copy)
    writable = duckdb.connect(str(copy))
    try:
        assert not stored_table(writable, "agg_firm_list")
        for sort_by in ("name", "role", "precision", "region_name", "chains", "labels",
                        "n_sources"):
            for descending in (False, True):
                for chain, role in (("", ""), ("rail", ""), ("", "local"), ("rail", "local")):
                    args = {"chain": chain, "role": role, "sort_by": sort_by,
                            "descending": descending, "page_size": 40}
                    stored, n1 = query_firm_page(con, **args)
                    computed, n2 = query_firm_page(writable, **args)
                    assert n1 == n2
                    assert stored.equals(computed), (sort_by, descending, chain, role)
                    if sort_by in ("name", "region_name"):  # by pinyin: the test below
                        continue
                    keys = [k for k in stored[sort_by] if isinstance(k, str | int)]
                    assert keys == sorted(keys, reverse=descending), (sort_by, descending)
    finally:
        writable.close()


def test_names_and_regions_sort_by_pinyin_not_by_code_point(con):
    """A Chinese reader looks for 埃马克 before 重庆… (chóng) before 三一重工 (sān); code point
    order puts 三 (U+4E09) first and 埃 (U+57C3) after it."""
    for descending in (False, True):
        names = list(query_firm_page(con, sort_by="name", descending=descending,
                                     page_size=5000)[0]["name"])
        order = [names.index(n) for n in ("埃马克", "重庆大学", "三一重工")]
        assert order == sorted(order, reverse=descending), names[:10]
    by_region = query_firm_page(con, sort_by="region_name", page_size=5000)[0]
    seen = list(dict.fromkeys(by_region["region_name"].dropna()))  # in the page's order
    pinyin = [r[0] for r in con.execute("SELECT name FROM dim_region WHERE name IN (SELECT "
                                        "unnest(?)) ORDER BY name COLLATE zh", [seen]).fetchall()]
    assert seen == list(dict.fromkeys(pinyin)) and len(seen) > 3
    assert seen != sorted(seen)  # the order is not the code points'


def test_a_database_built_before_name_key_sorts_names_live(con, built_settings, tmp_path):
    import shutil

    import duckdb

    copy = tmp_path / "old.duckdb"
    shutil.copy(built_settings.db_path, copy)
    with duckdb.connect(str(copy)) as old:
        old.execute("ALTER TABLE agg_firm_list DROP COLUMN name_key")
        old.execute("ALTER TABLE agg_firm_list DROP COLUMN role")
    with duckdb.connect(str(copy), read_only=True) as old:
        for descending in (False, True):
            args = {"sort_by": "name", "descending": descending, "page_size": 30}
            assert query_firm_page(old, **args)[0].equals(query_firm_page(con, **args)[0])


def test_a_chain_shows_once_however_many_sources_place_the_firm_on_it(built_settings, tmp_path):
    import shutil

    import duckdb

    from etl.derive import derive_tables

    copy = tmp_path / "w.duckdb"
    shutil.copy(built_settings.db_path, copy)
    con = duckdb.connect(str(copy))
    firm, chain = con.execute("SELECT firm_id, chain_id FROM firm_chain LIMIT 1").fetchone()
    # a second source placing the same firm on the same chain
    con.execute("INSERT INTO firm_chain SELECT firm_id, chain_id, plan_designation, "
                "'zz_second_source', method, evidence FROM firm_chain "
                "WHERE firm_id = ? AND chain_id = ? LIMIT 1", [firm, chain])
    derive_tables(con)
    computed, _ = query_firm_page(con, search=firm)
    con.close()
    stored, _ = query_firm_page(duckdb.connect(str(copy), read_only=True), search=firm)
    for frame in (computed, stored):
        row = frame[frame["firm_id"] == firm].iloc[0]
        chains = [c.strip() for c in row["chains"].split(",")]
        assert chains == sorted(set(chains)) and chain in chains


def test_a_page_read_from_the_end_is_the_page_read_from_the_start(con, monkeypatch):
    """Pages in the back half are read in the reverse order from the end (a small offset):
    every page, every sort key, both ways, with and without filters, gives the same rows."""
    import chainmap.views.firm_search as fs

    for sort_by in ("name", "role", "region_name", "chains", "labels", "n_sources"):
        for descending in (False, True):
            for filters in ({"role": "local"}, {"chain": "rail"}, {"search": "重庆"},
                            {"label": "绿色工厂"}):
                args = dict(filters, sort_by=sort_by, descending=descending, page_size=7)
                monkeypatch.setattr(fs, "FLIP_AFTER", 10**9)
                forward = [query_firm_page(con, page=p, **args) for p in range(30)]
                monkeypatch.setattr(fs, "FLIP_AFTER", 0)
                flipped = [query_firm_page(con, page=p, **args) for p in range(30)]
                for (a, n1), (b, n2) in zip(forward, flipped, strict=True):
                    assert n1 == n2 and a.equals(b), (sort_by, descending, filters)
                assert sum(len(a) for a, _ in forward) == forward[0][1]


def test_region_note_names_the_region_and_keeps_an_unknown_code():
    from chainmap.render.workbooks import region_note
    assert region_note("510000", "四川省") == "四川省（510000）"
    assert region_note("510000", "Sichuan", "en") == "Sichuan (510000)"
    assert region_note("999999", "999999") == "999999"  # query_region_name's unknown id
    assert region_note("500000", None, "en") == "500000"


def test_firm_names_en_read_by_id_when_many_firms_have_one(built_settings, monkeypatch):
    """Few firms with an English name: read once per connection; many: read per call, by id.
    Both give the same names, and a firm without one is left out (never made up)."""
    import chainmap.queries as q
    from chainmap.db import connect

    ids = ("cq_crrc_cc", "crsc", "no_such_firm")
    names = ("重庆长客", "中国通号", "无此企业")
    with connect(built_settings.db_path) as fresh:
        few = q.query_firm_names_en(fresh, ids)
        few_by_name = q.query_firm_names_en_by_name(fresh, names)
    monkeypatch.setattr(q, "FEW_NAMES_EN", 3)
    with connect(built_settings.db_path) as fresh:
        assert q._names_en_all(fresh, "firm_id") is None
        many = q.query_firm_names_en(fresh, ids)
        many_by_name = q.query_firm_names_en_by_name(fresh, names)
    assert few == many == {"cq_crrc_cc": "CRRC Changchun (Chongqing)",
                           "crsc": "China Railway Signal & Communication (CRSC)"}
    crsc = "China Railway Signal & Communication (CRSC)"
    assert few_by_name == many_by_name == {"重庆长客": "CRRC Changchun (Chongqing)",
                                           "中国通号": crsc}
    assert q.query_firm_names_en(None, ()) == {}
