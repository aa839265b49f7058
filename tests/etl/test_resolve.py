import pandas as pd

from etl.resolve import (
    REASON_CONTAINS,
    REASON_FORMER_OTHER,
    REASON_FORMER_SAME,
    candidates_sql,
    firm_keys_sql,
    new_firms_sql,
    pick_sql,
    review_sql,
)
from etl.sqlframes import query_steps

STG = ["source_key", "row_no", "full_name", "name_norm", "name_core", "short_norm", "uscc",
       "stock_code", "adcode"]


def _stg(*rows):
    return pd.DataFrame(rows, columns=STG).astype(object)


FIRMS = pd.DataFrame([("zongshen", "宗申动力", "500000", "firm"),
                      ("wangbian", "望变", "500000", "firm"),
                      ("u_X", "某公司", "510100", "firm")],
                     columns=["firm_id", "name", "adcode", "kind"])
KEYS = pd.DataFrame([("zongshen", "name", "重庆宗申动力机械股份有限公司"),
                     ("zongshen", "core", "宗申动力机械"), ("zongshen", "short", "宗申动力"),
                     ("wangbian", "short", "望变"), ("wangbian", "brand", "望变"),
                     ("u_X", "uscc", "914403001922038216")],
                    columns=["firm_id", "key_type", "key_value"])
NO_MERGES = pd.DataFrame(columns=["name_norm", "firm_id", "action"]).astype(object)
FORMER = ["source_key", "former_name", "name_norm", "name_core"]


def _former(*rows):
    return pd.DataFrame(list(rows), columns=FORMER).astype(object)


def _resolve(stg, merges=NO_MERGES, former=None, keys=KEYS, firms=FIRMS):
    steps = [("cand", candidates_sql()), ("picked", pick_sql()), ("newids", new_firms_sql()),
             ("row_firm", "SELECT s.source_key, coalesce(CASE WHEN NOT p.ambiguous THEN "
                          "p.firm_id END, n.firm_id) AS firm_id, CASE WHEN p.firm_id IS NOT "
                          "NULL AND NOT p.ambiguous THEN p.method ELSE 'new' END AS method "
                          "FROM stg_firms s LEFT JOIN picked p USING (source_key) "
                          "LEFT JOIN newids n USING (source_key)"),
             ("review", review_sql())]
    out = query_steps({"stg_firms": stg, "int_firm_key": keys, "dim_firm": firms,
                       "ovr_merge": merges,
                       "stg_firm_former_name": _former() if former is None else former},
                      steps, ["row_firm", "review"])
    rows = out["row_firm"].set_index("source_key")
    return {k: (r.firm_id, r.method) for k, r in rows.iterrows()}, out["review"]


def test_three_rows_match_by_code_name_and_core():
    got, _ = _resolve(_stg(
        ("a", 1, "x", "某某", None, None, "914403001922038216", None, "440300"),
        ("b", 2, "重庆宗申动力机械股份有限公司", "重庆宗申动力机械股份有限公司", "宗申动力机械",
         None, None, None, "500000"),
        ("c", 3, "宗申动力机械有限公司", "宗申动力机械有限公司", "宗申动力机械", None, None,
         None, "500113")))
    assert got == {"a": ("u_X", "uscc"), "b": ("zongshen", "name"),
                   "c": ("zongshen", "name_core+province")}


def test_same_core_in_another_province_is_reviewed_not_merged():
    got, review = _resolve(_stg(
        ("c", 3, "宗申动力机械有限公司", "宗申动力机械有限公司", "宗申动力机械", None, None, None,
         "440300")))
    assert got["c"][1] == "new" and got["c"][0].startswith("n_")
    assert review["candidate_id"].tolist() == ["zongshen"]


def test_rows_of_one_firm_share_a_stable_new_id():
    stg = _stg(("a", 1, "甲", "甲有限公司", "甲", None, "9144030071526726XG", None, None),
               ("b", 2, "甲", "甲有限公司", "甲", None, None, None, None),
               ("c", 3, "乙", "乙有限公司", "乙", None, None, None, None))
    first, _ = _resolve(stg)
    again, _ = _resolve(stg)
    assert first == again
    assert first["a"][0] == first["b"][0] == "u_9144030071526726XG"
    assert first["c"][0].startswith("n_") and len(first["c"][0]) == 14


def test_plan_short_name_prefix_is_only_a_review_candidate():
    got, review = _resolve(_stg(("w", 1, "重庆望变电气(集团)股份有限公司",
                                 "重庆望变电气集团股份有限公司", "望变电气", "望变电气", None,
                                 "603191.SH", "500000")))
    assert got["w"][1] == "new"
    assert review["candidate_id"].tolist() == ["wangbian"]


def test_planner_override_merges_or_separates():
    stg = _stg(("w", 1, "重庆望变电气(集团)股份有限公司", "重庆望变电气集团股份有限公司",
                "望变电气", "望变电气", None, None, "500000"),
               ("b", 2, "重庆宗申动力机械股份有限公司", "重庆宗申动力机械股份有限公司",
                "宗申动力机械", None, None, None, "500000"))
    merges = pd.DataFrame([("重庆望变电气集团股份有限公司", "wangbian", "merge"),
                           ("重庆宗申动力机械股份有限公司", "zongshen", "separate")],
                          columns=["name_norm", "firm_id", "action"])
    got, _ = _resolve(stg, merges)
    assert got["w"] == ("wangbian", "override")
    assert got["b"][1] == "new"


# name history: 远达环保 (plan name) is 国家电投集团远达环保股份有限公司, in 重庆
YUANDA_FIRMS = pd.concat([FIRMS, pd.DataFrame(
    [("yuanda", "远达环保", "500000", "firm"), ("crrc", "中国中车", "500000", "firm"),
     ("pku", "示例大学", "500000", "institution"), ("renamed", "某机械", "500000", "firm")],
    columns=FIRMS.columns)], ignore_index=True)
YUANDA_KEYS = pd.concat([KEYS, pd.DataFrame(
    [("yuanda", "name", "国家电投集团远达环保股份有限公司"),
     ("yuanda", "core", "国家电投集团远达环保"), ("yuanda", "short", "远达环保"),
     ("crrc", "short", "中国中车"), ("pku", "short", "示例大学"),
     ("renamed", "name", "重庆某机械有限公司"), ("renamed", "core", "某机械"),
     ("renamed", "former", "重庆旧名机械有限公司")],
    columns=KEYS.columns)], ignore_index=True)
ZDT = ("z", 1, "中电投远达环保(集团)股份有限公司", "中电投远达环保集团股份有限公司",
       "中电投远达环保", None, None, None, "500112")


def _history(stg, former=None):
    return _resolve(stg, former=former, keys=YUANDA_KEYS, firms=YUANDA_FIRMS)


def test_a_former_name_that_is_a_known_name_merges_as_former_name():
    got, review = _history(_stg(ZDT), _former(
        ("z", "国家电投集团远达环保股份有限公司", "国家电投集团远达环保股份有限公司",
         "国家电投集团远达环保")))
    assert got["z"] == ("yuanda", "former_name") and review.empty


def test_a_name_that_is_a_known_former_name_merges_as_former_name():
    got, _ = _history(_stg(("o", 1, "重庆旧名机械有限公司", "重庆旧名机械有限公司", "旧名机械",
                            None, None, None, None)))
    assert got["o"] == ("renamed", "former_name")


def test_the_registered_name_wins_over_a_former_name():
    got, _ = _history(_stg(("b", 2, "重庆宗申动力机械股份有限公司", "重庆宗申动力机械股份有限公司",
                            "宗申动力机械", None, None, None, "500000")),
                      _former(("b", "x", "国家电投集团远达环保股份有限公司",
                               "国家电投集团远达环保")))
    assert got["b"] == ("zongshen", "name")


def test_a_former_name_of_two_firms_merges_nothing():
    got, review = _history(_stg(ZDT), _former(
        ("z", "a", "国家电投集团远达环保股份有限公司", "国家电投集团远达环保"),
        ("z", "b", "重庆某机械有限公司", "某机械")))
    assert got["z"][1] == "new"
    assert sorted(review["candidate_id"]) == ["renamed", "yuanda"]
    assert set(review["reason"]) == {"ambiguous: several firms match"}


def test_a_known_short_name_inside_the_name_is_reviewed_in_the_same_province_only():
    got, review = _history(_stg(ZDT))
    assert got["z"][1] == "new"
    assert review[["candidate_id", "reason"]].values.tolist() == [["yuanda", REASON_CONTAINS]]
    elsewhere = (*ZDT[:-1], "440300")
    _got, review = _history(_stg(elsewhere))
    assert review.empty
    unknown = (*ZDT[:-1], None)
    _got, review = _history(_stg(unknown))
    assert review.empty


def test_the_row_short_name_inside_a_known_name_core_is_reviewed():
    firms = pd.concat([YUANDA_FIRMS, pd.DataFrame([("zdt", "中电投远达环保", "500000", "firm")],
                                                  columns=FIRMS.columns)], ignore_index=True)
    keys = pd.concat([YUANDA_KEYS, pd.DataFrame([("zdt", "core", "中电投远达环保")],
                                                columns=KEYS.columns)], ignore_index=True)
    got, review = _resolve(_stg(("t", 1, "某某环保股份有限公司", "某某环保股份有限公司", "某某环保",
                                 "远达环保", None, "600292.SH", "500000")),
                           keys=keys, firms=firms)
    # the short name itself merges (short_name+province) with yuanda; on another firm's core
    assert got["t"] == ("yuanda", "short_name+province") and review.empty
    got, review = _resolve(_stg(("t", 1, "某某环保股份有限公司", "某某环保股份有限公司", "某某环保",
                                 "远达环保X", None, None, "500000")), keys=keys, firms=firms)
    assert review.empty  # 远达环保X is inside no core
    keys2 = pd.concat([keys, pd.DataFrame([("zdt", "core", "中电投远达环保X厂")],
                                          columns=KEYS.columns)], ignore_index=True)
    got, review = _resolve(_stg(("t", 1, "某某环保股份有限公司", "某某环保股份有限公司", "某某环保",
                                 "远达环保X", None, None, "500000")), keys=keys2, firms=firms)
    assert got["t"][1] == "new"
    assert review[["candidate_id", "reason"]].values.tolist() == [["zdt", REASON_CONTAINS]]


def test_containment_skips_generic_names_institutions_and_common_words():
    rows = [("c", 1, "重庆中国中车配件有限公司", "重庆中国中车配件有限公司", "中国中车配件", None,
             None, None, "500000"),
            ("u", 2, "重庆示例大学科技有限公司", "重庆示例大学科技有限公司", "示例大学科技", None,
             None, None, "500000")]
    _got, review = _history(_stg(*rows))
    assert review.empty  # 中国中车 is generic words only; 示例大学 is no firm
    many = [(f"m{i}", 10 + i, f"重庆远达环保{i}号有限公司", f"重庆远达环保{i}号有限公司",
             f"远达环保{i}号", None, None, None, "500000") for i in range(6)]
    _got, review = _history(_stg(*many))
    assert review.empty  # inside six names of one file: a common word, not a hint
    _got, review = _history(_stg(*many[:5]))
    assert len(review) == 5 and set(review["reason"]) == {REASON_CONTAINS}


def test_a_former_name_core_of_a_known_firm_is_reviewed():
    other = ("f", 1, "成都新名环保有限公司", "成都新名环保有限公司", "新名环保", None, None, None,
             "510100")
    # 四川某机械有限公司: not a known name, but its core is the known firm's core
    former = _former(("f", "四川某机械有限责任公司", "四川某机械有限公司", "某机械"))
    got, review = _history(_stg(other), former)
    assert got["f"][1] == "new"
    assert review[["candidate_id", "reason"]].values.tolist() == [
        ["renamed", REASON_FORMER_OTHER]]
    same = (*other[:-1], "500000")
    _got, review = _history(_stg(same), former)
    assert review[["candidate_id", "reason"]].values.tolist() == [
        ["renamed", REASON_FORMER_SAME]]


def test_former_names_become_former_keys():
    stg = _stg(ZDT)
    rows = pd.DataFrame([("z", "yuanda")], columns=["source_key", "firm_id"])
    former = _former(("z", "国家电投集团远达环保股份有限公司", "国家电投集团远达环保股份有限公司",
                      "国家电投集团远达环保"))
    keys = query_steps({"stg_firms": stg, "row_firm": rows, "stg_firm_former_name": former},
                       [("k", firm_keys_sql())], ["k"])["k"]
    got = set(keys.itertuples(index=False, name=None))
    assert ("yuanda", "former", "国家电投集团远达环保股份有限公司") in got
    assert ("yuanda", "name", "中电投远达环保集团股份有限公司") in got
