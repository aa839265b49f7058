"""chainmap.views.district_detail and node_detail: a district's and a node's firms."""


def test_district_detail(con):
    from chainmap.views.district_detail import query_district_detail

    d = query_district_detail(con, "500116", "rail")
    assert d["name"] == "江津区" and [f["name"] for f in d["firms"]] == ["重庆齿轮箱"]
    assert "信号系统（列控/联锁）" in d["missing"]
    assert {t["firm_name"] for t in d["targets"]} >= {"中国通号", "株洲时代"}
    assert query_district_detail(con, "500105")["zones"] == ["两江新区"]


def test_node_firms_grouped_by_place(con):
    from chainmap.views.node_detail import query_node_firms

    groups = query_node_firms(con, "rail", "500000", "rail.signalling")
    elsewhere = [f["name"] for f in groups["elsewhere"]]
    assert elsewhere[0] == "中国通号" and "交控科技" in elsewhere  # the plan's, then listed
    assert groups["local"] == [] and groups["sichuan"] == []
    vehicle = query_node_firms(con, "rail", "500000", "rail.vehicle")
    assert vehicle["local"][0]["name"] == "重庆长客" and vehicle["local"][0]["leader"]
