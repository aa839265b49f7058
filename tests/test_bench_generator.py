"""bench/generate_registry.py draws firms in every kind of county-level unit: the four
municipalities' districts (Chongqing, the product's home region, above all) and the
county-level cities a province administers directly, not only districts under a city."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import generate_registry  # noqa: E402


def test_places_include_chongqing_districts_and_directly_administered_cities():
    places = generate_registry._places(np.random.default_rng(3), 60_000)
    cq = places[places["adcode"].str.startswith("50")]
    assert len(cq) > 300  # ~1.6 % of the rows: 38 districts, manufacturing factor 1.6
    assert set(cq["city"]) == {"重庆市"} and set(cq["province"]) == {"重庆市"}
    assert cq["adcode"].nunique() > 30
    xiantao = places[places["adcode"] == "429004"]  # 仙桃市, under 湖北省 directly
    assert len(xiantao) and set(xiantao["city"]) == {"仙桃市"}
    assert places["city"].notna().all()


def test_a_chongqing_row_reads_like_an_export(tmp_path):
    frame = generate_registry.generate(20_000, seed=5)
    cq = frame[frame["所属省份"] == "重庆市"]
    assert len(cq) > 100
    assert (cq["所属城市"] == "重庆市").all()
    with_district = cq[cq["所属区县"] != ""]
    # 重庆市北碚区…: the municipality once, then the district (or its historical 县 form)
    assert with_district["企业地址"].str.match(r"^重庆市[^重]{1,10}[区县]").all()
    assert not frame["企业地址"].str.contains("仙桃市仙桃市").any()
