from chainmap_web.urls import nav_links, with_query


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
    # an English name comes from data too (chainmap.geo.places.with_firm_names_en puts it in
    # firm_name): escaped the same way
    marker = _leader_marker({"rank": 1, "firm_id": "f1", "firm_name": "<svg onload=x>",
                             "score": 1.0, "lat": 29.5, "lon": 106.5}, "en")
    html = marker.iconOptions["html"]
    assert "<svg" not in html and "&lt;svg" in html


def test_the_served_app_holds_every_callback_before_its_first_request(built_settings):
    """gunicorn's `app:server` (and `chainmap serve`) finish Dash's setup up front: a
    threaded worker's first requests must not race it (a callback not found: a 500)."""
    import os
    import subprocess
    import sys

    from chainmap.config import PACKAGE_ROOT

    code = ("import app; m = app.app.callback_map; "
            "print(app.app._got_first_request['setup_server'], "
            "any('firm-table.data' in k for k in m), len(m))")
    out = subprocess.run([sys.executable, "-c", code], cwd=PACKAGE_ROOT, check=True,
                         capture_output=True, text=True,
                         env=os.environ | {"CHAINMAP_DB": str(built_settings.db_path)})
    ready, firm_table, count = out.stdout.split()[-3:]
    assert ready == "True" and firm_table == "True" and int(count) > 10


def test_an_unknown_chain_or_region_in_the_url_draws_the_default_not_an_error(built_settings):
    """An old link (a chain renamed), an edited URL or an empty value: the pages draw the
    default chain (the map: all chains) and region instead of failing in the pages
    callback, which left a blank page."""
    from tests.layouts.components import app_on, find

    with app_on(built_settings):
        from layouts import chain, present, targets
        from layouts._map_view import map_page

        for page, chain_id, region_id in (
                (chain, "chain-chain", "chain-region"),
                (targets, "targets-chain", "targets-region"),
                (present, "present-chain", "present-region")):
            for bad in ({"chain": "zzz"}, {"chain": ""}, {"region": "999999"},
                        {"region": "x'); DROP TABLE dim_firm; --"}):
                drawn = page.layout(**({"chain": "rail", "region": "500000"} | bad))
                assert find(drawn, chain_id).value == "rail"
                assert find(drawn, region_id).value == "500000"
        drawn = present.layout(chain="grid", region="chengyu", step="targets")
        assert find(drawn, "present-chain").value == "grid"
        assert find(drawn, "present-region").value == "chengyu"
        assert find(map_page(chain="zzz"), "map-chain").value == ""
        assert find(map_page(chain="rail"), "map-chain").value == "rail"
