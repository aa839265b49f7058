import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.sqlframes import query_frames
from etl.uscc import CHARSET, check_character, is_valid_uscc, uscc_clean_sql, uscc_valid_sql

# published codes of well-known firms (their registry pages)
REAL = ["914403001922038216", "9144030071526726XG", "91110000100010433L"]
BODY = st.text(alphabet=CHARSET, min_size=17, max_size=17)


def _sql_valid(codes: list[str]) -> list[bool]:
    frame = pd.DataFrame({"c": codes})
    sql = f"SELECT {uscc_valid_sql(uscc_clean_sql('c'))} AS ok FROM f"  # noqa: S608
    return query_frames(sql, {"f": frame})["ok"].tolist()


def test_real_codes_pass_in_python_and_sql():
    assert all(is_valid_uscc(c) for c in REAL)
    assert _sql_valid(REAL) == [True, True, True]


def test_three_bad_codes_fail():
    bad = ["914403001922038217", "91440300192203821", "9144030O1922038216"]  # check, length, O
    assert not any(is_valid_uscc(c) for c in bad)
    assert _sql_valid(bad) == [False, False, False]


def test_cleaning_accepts_full_width_lower_case_and_spaces():
    frame = pd.DataFrame({"c": ["９１４４０３００１９２２０３８２１６", " 9144030071526726xg ",
                                None]})
    out = query_frames(f"SELECT {uscc_clean_sql('c')} AS c FROM f",  # noqa: S608
                       {"f": frame})["c"]
    assert out.tolist()[:2] == ["914403001922038216", "9144030071526726XG"]
    assert pd.isna(out.iloc[2])


def test_check_character_rejects_a_bad_body():
    with pytest.raises(ValueError, match="17-character"):
        check_character("I" * 17)


@settings(max_examples=60, deadline=None)
@given(BODY)
def test_a_body_with_its_check_character_is_valid_in_python_and_sql(body):
    code = body + check_character(body)
    assert is_valid_uscc(code)
    assert _sql_valid([code]) == [True]


@settings(max_examples=60, deadline=None)
@given(BODY, st.integers(min_value=0, max_value=17), st.sampled_from(CHARSET))
def test_any_single_substitution_is_caught(body, position, char):
    code = body + check_character(body)
    changed = code[:position] + char + code[position + 1:]
    if changed != code:
        assert not is_valid_uscc(changed)
        assert _sql_valid([changed]) == [False]


def _clean(text):
    """The Python form of uscc_clean_sql, for comparing the two on any text."""
    from etl.uscc import FULL_WIDTH

    if text is None:
        return None
    text = text.strip(" ").translate(str.maketrans(FULL_WIDTH, CHARSET)).upper()
    text = text.replace(" ", "").replace("-", "").replace("　", "")
    return text or None


MESSY = st.one_of(
    st.none(),
    st.text(max_size=22),
    st.text(alphabet=CHARSET + "IOZSVabcxy -　０１２ＡＢ", min_size=16, max_size=20),
    BODY.map(lambda body: body + check_character(body)).map(str.lower),
    BODY.map(lambda body: "-".join([body[:6], body[6:] + check_character(body)])),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(MESSY, min_size=1, max_size=25))
def test_the_sql_form_agrees_with_the_python_form_on_any_text(values):
    frame = pd.DataFrame({"c": values}, dtype=object)
    sql = f"SELECT {uscc_valid_sql(uscc_clean_sql('c'))} AS ok FROM f"  # noqa: S608
    got = query_frames(sql, {"f": frame})["ok"].tolist()
    assert got == [is_valid_uscc(_clean(v)) for v in values]


@settings(max_examples=60, deadline=None)
@given(BODY, st.integers(min_value=0, max_value=15))
def test_swapping_two_neighbouring_body_characters_is_caught(body, i):
    code = body + check_character(body)
    swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
    if swapped != code:
        assert not is_valid_uscc(swapped)
