import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.names import (
    FULL_WIDTH,
    HALF_WIDTH,
    branch_parent_sql,
    name_core_sql,
    name_norm_sql,
    short_norm_sql,
)
from etl.sqlframes import query_frames

PREFIXES = ["四川省", "重庆市", "成都市", "四川", "重庆", "成都"]


def _names(values: list[str]) -> pd.DataFrame:
    norm = name_norm_sql("n")
    sql = (f"SELECT n, {norm} AS norm, {name_core_sql(norm, PREFIXES)} AS core, "  # noqa: S608
           f"{branch_parent_sql(norm)} AS parent, {short_norm_sql('n')} AS short FROM f")
    return query_frames(sql, {"f": pd.DataFrame({"n": values})})


def test_three_names():
    out = _names(["重庆通用工业（集团）有限责任公司", "重庆宗申动力机械股份有限公司北碚分公司",
                  "*ST惠程"])
    assert out["norm"].tolist() == ["重庆通用工业集团有限公司",
                                    "重庆宗申动力机械股份有限公司北碚分公司", "*ST惠程"]
    assert out["core"].iloc[0] == "通用工业"
    assert out["parent"].iloc[1] == "重庆宗申动力机械股份有限公司"
    assert pd.isna(out["parent"].iloc[0])
    assert out["short"].iloc[2] == "惠程"


def test_legal_form_variants_share_a_core():
    out = _names(["重庆川仪自动化股份有限公司", "重庆川仪自动化有限公司", "川仪自动化有限责任公司"])
    assert out["core"].nunique() == 1 and out["core"].iloc[0] == "川仪自动化"
    assert out["norm"].iloc[1] == _names(["重庆川仪自动化有限责任公司"])["norm"].iloc[0]


def _norm(value: str) -> str:
    return _names([value])["norm"].iloc[0]


NAME = st.text(alphabet=st.sampled_from(list("重庆机械动力ABC12()（） 有限公司集团股份")),
               min_size=1, max_size=14)


@settings(max_examples=40, deadline=None)
@given(NAME)
def test_normalising_twice_changes_nothing(value):
    once = _norm(value)
    if isinstance(once, str):
        assert _norm(once) == once


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ABCxyz0189()机械")), min_size=1, max_size=10))
def test_full_width_and_spaces_do_not_matter(value):
    full = value.translate(str.maketrans(HALF_WIDTH[:94], FULL_WIDTH[:94]))
    spaced = " ".join(value)
    assert _norm(full) == _norm(value) == _norm(spaced)


def _norms(values: list[str]) -> list:
    out = _names(values)
    return [v if isinstance(v, str) else None for v in out["norm"]]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=20))
def test_any_text_normalises_without_error_and_idempotently(values):
    out = _names(values)  # every form, on arbitrary Unicode (controls, emoji, quotes …)
    assert len(out) == len(values)
    once = [v for v in out["norm"] if isinstance(v, str)]
    assert not once or _norms(once) == once


CORE = st.text(alphabet=st.sampled_from(list("齿轮机械动力液压智能装备示例科技电气精密")),
               min_size=2, max_size=8)
BRACKETS = [("(", ")"), ("（", "）"), ("【", "】"), ("〔", "〕"), ("〖", "〗"), ("「", "」"),
            ("", "")]


@settings(max_examples=40, deadline=None)
@given(CORE, st.sampled_from(["集团", "重庆", "控股"]))
def test_bracket_variants_are_one_name(core, inner):
    variants = [f"重庆{core}{a}{inner}{b}有限公司" for a, b in BRACKETS]
    assert len(set(_norms(variants))) == 1


LEGAL_FORMS = ["有限公司", "有限责任公司", "股份有限公司", "集团有限公司", "（集团）有限公司",
               "集团股份有限公司", "股份公司"]


@settings(max_examples=40, deadline=None)
@given(CORE, st.sampled_from(["重庆市", "重庆", "四川省", "成都市", "成都", ""]))
def test_legal_form_and_region_variants_share_one_core(core, region):
    out = _names([f"{region}{core}{form}" for form in LEGAL_FORMS] + [core + "有限公司"])
    assert set(out["core"]) == {core}
    assert len(set(_norms([core + "有限公司", core + "有限责任公司"]))) == 1
