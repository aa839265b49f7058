from layouts._app import nav_links, with_query


def test_with_query_sets_and_removes_keys():
    assert with_query("?chain=rail&lang=en", chain="grid") == "?chain=grid&lang=en"
    assert with_query("?chain=rail", chain=None) == ""
    assert with_query("", region="500116") == "?region=500116"


def test_nav_links_keep_language_chain_and_region_only():
    labels, hrefs = nav_links("?lang=en&chain=rail&region=500116&firm=x")
    assert labels[0] == "Overview"
    assert hrefs[1] == "/chain?lang=en&chain=rail&region=500116"
    assert all("firm=" not in h for h in hrefs)
    labels, hrefs = nav_links("")
    assert labels[0] == "总览" and hrefs[0] == "/"


def test_map_markers_escape_names_drawn_as_html():
    from layouts._map_view import _leader_marker

    marker = _leader_marker({"rank": 1, "firm_name": "<img src=x onerror=alert(1)>",
                             "score": 1.0, "lat": 29.5, "lon": 106.5}, "zh")
    html = marker.iconOptions["html"]
    assert "<img" not in html and "&lt;img" in html
