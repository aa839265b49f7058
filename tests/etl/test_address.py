import pandas as pd
import pytest

from chainmap.config import PACKAGE_ROOT
from etl.address import (
    MUNICIPALITIES,
    build_division_names,
    locate_sql,
    read_division_aliases,
    read_divisions,
    settle_location_sql,
)
from etl.sqlframes import query_frames

DATA = PACKAGE_ROOT / "data"


@pytest.fixture(scope="module")
def names():
    return build_division_names(read_divisions(DATA), read_division_aliases(DATA))


def locate(names, *texts, province=None, city=None):
    src = pd.DataFrame({"key": range(len(texts)), "txt": texts,
                        "ctx_province": province, "ctx_city": city}).astype(object)
    out = query_frames(locate_sql("src"), {"src": src, "names": names}).sort_values("key")
    return [(r.adcode if isinstance(r.adcode, str) else None, r.precision)
            for r in out.itertuples()]


def test_three_addresses(names):
    assert locate(names, "重庆市北碚区童家溪镇同兴北路200号", "四川省成都市武侯区人民南路",
                  "北京市海淀区中关村") == [
        ("500109", "district"), ("510107", "district"), ("110108", "district")]


@pytest.mark.parametrize(("text", "expected"), [
    ("四川省成都市郫县团结镇", ("510117", "district")),        # 郫县 -> 郫都区
    ("重庆璧山县青杠街道", ("500120", "district")),            # 璧山县 -> 璧山区
    ("四川省遂宁市射洪县太和镇", ("510981", "district")),      # 射洪县 -> 射洪市
    ("四川省资阳市简阳市", ("510185", "district")),            # moved to 成都
    ("凉山州西昌市", ("513401", "district")),
])
def test_historical_and_short_names(names, text, expected):
    assert locate(names, text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("重庆市两江新区金渝大道", ("Z500001", "zone")),
    ("重庆市北部新区礼嘉", ("Z500001", "zone")),
    ("重庆高新区西永大道", ("Z500002", "zone")),
    ("重庆市渝北区两江新区", ("500112", "district")),          # the district is more precise
    ("成都市高新区天府大道", ("510100", "city")),              # other 高新区: the city only
    ("重庆经济技术开发区", ("500000", "city")),
    ("四川天府新区", ("Z510001", "zone")),
])
def test_functional_zones_only_as_far_as_the_text_supports(names, text, expected):
    assert locate(names, text) == [expected]


def test_municipalities_are_city_precision_and_provinces_province(names):
    assert locate(names, "重庆", "四川", "深圳", "内蒙") == [
        ("500000", "city"), ("510000", "province"), ("440300", "city"), ("150000", "province")]


def test_ambiguous_or_street_names_stay_unresolved(names):
    # 江北区 is in Chongqing and in Ningbo; 朝阳区 is not 朝阳市; 渝北路 is a street
    assert locate(names, "江北区观音桥", "朝阳区", "东方电气股份有限公司") == [
        (None, "unknown")] * 3
    assert locate(names, "重庆市渝北路") == [("500000", "city")]


def test_context_resolves_a_text_without_province(names):
    assert locate(names, "江北区观音桥", province="500000") == [("500105", "district")]
    assert locate(names, "武侯区人民南路", province="510000", city="510100") == [
        ("510107", "district")]
    assert locate(names, "东方电气股份有限公司", province="510000") == [(None, "unknown")]


def _loc(rows):
    return pd.DataFrame(rows, columns=["key", "adcode", "precision", "matched"]).astype(object)


def test_settle_takes_the_more_precise_text_inside_the_stated_region():
    first = _loc([(1, "500000", "city", "重庆市"), (2, "510100", "city", "成都市"),
                  (3, "510000", "province", "四川"), (4, None, None, None)])
    second = _loc([(1, "500109", "district", "北碚区"), (2, "500109", "district", "北碚区"),
                   (3, "510100", "city", "成都"), (4, "Z500001", "zone", "两江新区")])
    out = query_frames(settle_location_sql("a", "b"), {"a": first, "b": second})
    out = out.sort_values("key").set_index("key")
    assert out.loc[1, "adcode"] == "500109" and out.loc[1, "used"] == "second"
    assert out.loc[2, "adcode"] == "510100" and bool(out.loc[2, "conflict"])  # disagreement
    assert out.loc[3, "adcode"] == "510100"
    assert out.loc[4, "adcode"] == "Z500001" and out.loc[4, "precision"] == "zone"


def test_division_table_covers_china_and_every_parent_exists():
    divisions = read_divisions(DATA)
    assert divisions["adcode"].is_unique and len(divisions) > 3000
    assert set(divisions["parent_adcode"]) - {""} <= set(divisions["adcode"])
    cq = divisions[divisions["parent_adcode"].eq("500000")]
    assert len(cq) == 38 and {"500155", "500156"} <= set(cq["adcode"])
    assert {"510117", "510118"} <= set(divisions["adcode"])  # 郫都区, 新津区


# --- properties -------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

DIVISIONS = read_divisions(DATA)
BY_CODE = DIVISIONS.set_index("adcode")
DISTRICTS = DIVISIONS[DIVISIONS["level"].eq("district")]["adcode"].tolist()
ROADS = ["示例路", "创新大道", "工业园路", "科技街"]
LEVEL = {"unknown": 0, "province": 1, "city": 2, "zone": 3, "district": 4}


def chain_of(adcode: str) -> list[tuple[str, str]]:
    """(name, adcode) from the province down to ``adcode`` (北京市 once, not 北京市北京市)."""
    chain = []
    while adcode:
        row = BY_CODE.loc[adcode]
        if not chain or chain[0][0] != row["name"]:
            chain.insert(0, (row["name"], adcode))
        adcode = row["parent_adcode"]
    return chain


def ceiling(adcode: str) -> int:
    """The finest precision a text naming down to ``adcode`` supports (a municipality's
    name is a city, as in the plan data)."""
    level = BY_CODE.loc[adcode]["level"]
    return LEVEL["city" if level == "province" and adcode in MUNICIPALITIES else level]


ADDRESS = st.tuples(st.sampled_from(DISTRICTS), st.sampled_from(ROADS),
                    st.integers(min_value=1, max_value=999))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ADDRESS, min_size=1, max_size=30))
def test_a_full_address_resolves_to_its_district(names, addresses):
    texts = ["".join(n for n, _ in chain_of(code)) + f"{road}{n}号"
             for code, road, n in addresses]
    got = locate(names, *texts)
    assert got == [(code, "district") for code, _, _ in addresses], texts


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ADDRESS, st.integers(min_value=1, max_value=3)), min_size=1,
                max_size=30))
def test_precision_never_claims_more_than_the_text_names(names, cases):
    """Cut a full address after its province or city: the result is no finer than that."""
    texts, allowed = [], []
    for (code, road, n), keep in cases:
        kept = chain_of(code)[:keep]
        texts.append("".join(name for name, _ in kept) + f"{road}{n}号")
        allowed.append(ceiling(kept[-1][1]))
    for (adcode, precision), finest, text in zip(locate(names, *texts), allowed, texts,
                                                 strict=True):
        assert LEVEL[precision] <= finest, text
        assert (adcode is None) == (precision == "unknown")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=30), min_size=1, max_size=30),
       st.sampled_from([None, "500000", "510000"]))
def test_any_text_locates_without_error(names, texts, province):
    got = locate(names, *texts, province=province)
    assert len(got) == len(texts)
    assert all(p in LEVEL for _, p in got)
