import pandas as pd

from etl.resolve import candidates_sql, new_firms_sql, pick_sql, review_sql
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


def _resolve(stg, merges=NO_MERGES):
    steps = [("cand", candidates_sql()), ("picked", pick_sql()), ("newids", new_firms_sql()),
             ("row_firm", "SELECT s.source_key, coalesce(CASE WHEN NOT p.ambiguous THEN "
                          "p.firm_id END, n.firm_id) AS firm_id, CASE WHEN p.firm_id IS NOT "
                          "NULL AND NOT p.ambiguous THEN p.method ELSE 'new' END AS method "
                          "FROM stg_firms s LEFT JOIN picked p USING (source_key) "
                          "LEFT JOIN newids n USING (source_key)"),
             ("review", review_sql())]
    out = query_steps({"stg_firms": stg, "int_firm_key": KEYS, "dim_firm": FIRMS,
                       "ovr_merge": merges}, steps, ["row_firm", "review"])
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
