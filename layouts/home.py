"""/ : the app opens on the cluster map (the overview page replaces this in the app issue)."""

from __future__ import annotations

import dash

from layouts._map_view import map_page

dash.register_page(__name__, path="/", title="chainmap · 重庆装备制造产业链", name="首页")


def layout(chain: str = "", lang: str = "zh", **_query):
    return map_page(chain, lang)
