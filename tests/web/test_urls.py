"""chainmap_web.urls.selection_of: a URL's selection parsed once, as the pages draw it."""

from __future__ import annotations

import pytest

from chainmap.selection import Selection
from chainmap_web.urls import DEFAULTS, lang_of, selection_of


@pytest.fixture()
def on_built(built_settings):
    from chainmap_web import state as _state

    before = _state._state["settings"]
    _state.configure(built_settings)
    yield
    if before is not None:
        _state.configure(before)


def test_the_url_defaults_are_the_selection_defaults():
    assert {"chain": Selection().chain, "region": Selection().region} == DEFAULTS


@pytest.mark.parametrize("search", [None, "", "?", 42, ["?lang=en"], "?lang=EN", "?lang=fr",
                                    "?lang=en%00", "?lang="])
def test_a_language_other_than_en_is_chinese(search):
    assert lang_of(search) == "zh"


def test_a_query_string_and_a_layout_s_keys_give_the_same_selection(on_built):
    search = "?chain=grid&region=chengyu&lang=en&node=x"
    assert selection_of(search) == Selection("grid", "chengyu", "en")
    assert selection_of({"chain": "grid", "region": "chengyu", "lang": "en"}) == \
        selection_of(search)


@pytest.mark.parametrize("search", [
    None, "", "?chain=zzz&region=999999", "?chain=&region=", "?chain=RAIL&region=500000%00",
    "?chain=x%27%29%3B+DROP+TABLE+dim_firm%3B+--&region=%3Cscript%3E", "?lang=en&lang=zh"])
def test_an_unknown_or_hostile_selection_is_drawn_as_the_default(on_built, search):
    assert selection_of(search) == Selection("rail", "500000", "zh")


def test_a_page_that_offers_all_chains_draws_an_unknown_one_as_all(on_built):
    assert selection_of("?chain=zzz&region=500116", allow_all=True) == \
        Selection("", "500116", "zh")
    assert selection_of({"chain": ["rail"]}, allow_all=True).chain == ""
