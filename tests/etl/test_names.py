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
