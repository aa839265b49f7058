"""chainmap.geo.queries: the layers a map draws."""


def test_map_layers_for_a_chain(con):
    from chainmap.geo.queries import query_map_layers

    layers = query_map_layers(con, "rail")
    assert len(layers["districts"]["features"]) == 38
    assert [f["id"] for f in layers["clusters"]["features"]] == ["rail"]
    (south, west), (north, _east) = layers["bounds"]
    assert 27.9 < south < 28.3 and 31.9 < north < 32.4 and 105.1 < west < 105.5
    labelled = {f["properties"]["name"] for f in layers["districts"]["features"]
                if f["properties"]["show_label"]}
    assert "万州区" in labelled and "渝中区" not in labelled
    placed = {g["name"] for g in layers["groups"]["placed"]}
    assert "江北区" in placed  # 重庆长客


def test_chengyu_layers_for_rail(con):
    from chainmap.geo.queries import query_chengyu_layers

    layers = query_chengyu_layers(con, "rail")
    assert set(layers["partners"]) == {"510100", "511400", "512000"}
    assert len(layers["cities"]["features"]) == 21
    assert {b["element_id"] for b in layers["belts"]} == {"belt_north", "belt_middle",
                                                          "belt_south"}
    assert all(len(b["path"]) == 3 for b in layers["belts"])
    assert len(layers["core_outlines"]["features"]) == 2


def test_map_layers_lq_measure_and_overlay(con):
    from chainmap.geo.queries import query_map_layers

    layers = query_map_layers(con, "rail", None, "lq", True)
    values = {f["properties"]["name"]: f["properties"]["value"]
              for f in layers["districts"]["features"] if f["properties"]["value"]}
    assert set(values) == {"江北区", "大渡口区", "江津区"} and all(v > 1 for v in values.values())
    assert layers["leaders"][0]["firm_name"] == "重庆长客"
    (_south, west), _ = layers["bounds"]
    assert west < 100  # Sichuan's west is included
