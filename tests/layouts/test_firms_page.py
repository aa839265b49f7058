"""The firm library follows the page language: headers, role filter, role and precision names,
chain names; Chinese stays as it was."""

from __future__ import annotations

import pytest

from tests.layouts.components import app_on, chinese, find, outside_quotes, visible_texts

# every worded column in English (regions by their English names, labels by chainmap's words)
WORDS_EN = ("role_en", "precision_en", "chains_en", "region_name_en", "labels_en")


@pytest.fixture(scope="module")
def firms(built_settings):
    with app_on(built_settings):
        from layouts import firms

        yield firms


def test_rows_carry_the_words_in_both_languages(firms):
    rows, _ = firms.firm_rows("长客", "", "", None, 0)
    row = next(r for r in rows if r["firm_id"] == "cq_crrc_cc")
    assert (row["role"], row["role_en"]) == ("本地企业", "local firm")
    assert (row["precision"], row["precision_en"]) == ("区县", "district")
    assert "轨道交通" in row["chains"] and chinese([row["chains_en"]]) == []
    everything, _ = firms.firm_rows("", "", "", None, 0)
    assert all(chinese([r[c] for c in WORDS_EN]) == [] for r in everything)
    assert {r["region_name_en"] for r in everything if r["region_name"] == "未知"} <= {"unknown"}
    weichai, _ = firms.firm_rows("重庆潍柴", "", "", None, 0)
    jiangjin = next(r for r in weichai if r["region_name"] == "江津区")
    assert jiangjin["region_name_en"] == "Jiangjin District"
    leaders, _ = firms.firm_rows("", "", "", None, 0, "龙头企业")
    labelled = next(r for r in leaders if "龙头企业" in r["labels"])
    # several labels: joined as each language writes a list (上市、龙头企业 / listed, leading firm)
    several = [r for r in leaders if "、" in r["labels"]]
    assert several and all(", " not in r["labels"] and ", " in r["labels_en"] for r in several)
    assert "leading firm" in labelled["labels_en"] and "龙头企业" not in labelled["labels_en"]


def test_the_page_in_english(firms):
    page = firms.layout(lang="en")
    table = find(page, "firm-table")
    assert [c["name"] for c in table.columns] == [
        "Name", "Role", "Location", "Location precision", "Chains", "Labels", "Sources"]
    assert [c["id"] for c in table.columns] == [
        "name_en", "role_en", "region_name_en", "precision_en", "chains_en", "labels_en",
        "n_sources"]
    roles = find(page, "firm-role").options
    assert roles[0]["label"] == "All roles" and {"value": "local", "label": "local firm"} in roles
    assert chinese(visible_texts(page)) == []


def test_the_page_in_chinese_is_as_before(firms):
    page = firms.layout()
    table = find(page, "firm-table")
    assert [c["name"] for c in table.columns] == [
        "名称", "角色", "所在地", "定位精度", "产业链", "标签", "来源数"]
    assert [c["id"] for c in table.columns] == firms.COLUMNS
    assert find(page, "firm-role").options[:2] == [{"label": "全部角色", "value": ""},
                                                   {"label": "本地企业", "value": "local"}]


def test_sorting_by_an_english_column_sorts_by_its_code(firms):
    for column in ("role", "precision", "region_name", "chains", "labels"):
        by_zh, _ = firms.firm_rows("", "", "", [{"column_id": column, "direction": "desc"}], 0)
        by_en, _ = firms.firm_rows("", "", "", [{"column_id": f"{column}_en",
                                                 "direction": "desc"}], 0)
        assert [r["firm_id"] for r in by_en] == [r["firm_id"] for r in by_zh], column


def test_a_firms_facts_in_english(firms):
    detail = firms.firm_detail("cq_crrc_cc", "en")
    texts = visible_texts(detail)
    assert {"Fact", "Value", "Source", "Method", "Role", "local firm"} <= set(texts)
    zh = visible_texts(firms.firm_detail("cq_crrc_cc", "zh"))
    assert {"事实", "内容", "来源", "方式", "依据", "角色", "本地企业"} <= set(zh)


def test_fact_values_in_the_page_language(firms):
    """Location precision, chain and node names in the language of the page (the Chinese
    page showed the precision code, e.g. 重庆市（city）, and the chain id)."""
    en = visible_texts(firms.firm_detail("cq_crrc_cc", "en"))
    zh = visible_texts(firms.firm_detail("cq_crrc_cc", "zh"))
    assert any(x.endswith("(district)") for x in en)
    assert any(x.startswith("Rail transit") for x in en)
    assert any(" (confidence " in x for x in en) and not any("置信度" in x for x in en)
    assert any(x.endswith("（区县）") for x in zh) and not any("（district）" in x for x in zh)
    assert any(x.startswith("轨道交通") for x in zh) and "rail" not in zh
    assert any("（置信度 " in x for x in zh)


def test_the_label_filter_lists_green_factories(firms):
    """The MIIT green lists shipped in data/registry are labels one can filter by."""
    page = firms.layout(label="绿色工厂")
    options = find(page, "firm-label").options
    assert options[0] == {"label": "全部标签", "value": ""}
    assert any(o["value"] == "绿色工厂" for o in options)
    assert find(page, "firm-label").value == "绿色工厂"
    rows, pages = firms.firm_rows("", "", "", None, 0, "绿色工厂")
    assert rows and all("绿色工厂" in r["labels"] for r in rows)
    _everything, all_pages = firms.firm_rows("", "", "", None, 0)
    assert pages < all_pages
    assert find(firms.layout(label="no such label"), "firm-label").value == ""


def test_firms_are_named_in_english_where_a_source_gives_an_english_name(firms):
    """Issue 17: English mode kept Chinese firm names on /firms while the map and the targets
    used English ones. A firm without an English name keeps its registered one."""
    rows, _ = firms.firm_rows("长客", "", "", None, 0)
    crrc = next(r for r in rows if r["firm_id"] == "cq_crrc_cc")
    assert (crrc["name"], crrc["name_en"]) == ("重庆长客", "CRRC Changchun (Chongqing)")
    everything, _ = firms.firm_rows("", "", "", None, 0)
    named = [r for r in everything if r["name_en"] != r["name"]]
    assert named and chinese([r["name_en"] for r in named]) == []
    from chainmap.queries import query_firm_names_en
    from chainmap_web import state as _state
    english = _state.cached(query_firm_names_en, tuple(r["firm_id"] for r in everything))
    assert all(r["name_en"] == english.get(r["firm_id"], r["name"]) for r in everything)
    # sorted by the English column: by the names shown, English ones A-Z first, then the
    # firms named as registered (the Chinese column sorts by pinyin: Han names first)
    by_en, _ = firms.firm_rows("", "", "", [{"column_id": "name_en", "direction": "asc"}], 0)
    shown = [r["name_en"] for r in by_en]
    assert chinese(shown) == [] and [n[0].casefold() for n in shown] == sorted(
        n[0].casefold() for n in shown)
    last, _ = firms.firm_rows("", "", "", [{"column_id": "name_en", "direction": "desc"}], 0)
    assert all(r["name_en"] == r["name"] for r in last) and chinese([last[0]["name_en"]])
    by_zh, _ = firms.firm_rows("", "", "", [{"column_id": "name", "direction": "asc"}], 0)
    assert chinese([by_zh[0]["name"]]) and by_zh != by_en


def test_a_firm_is_found_by_its_english_name(firms):
    for search in ("CRRC Changchun", "crrc changchun", "(Chongqing)"):
        rows, _ = firms.firm_rows(search, "", "", None, 0)
        assert "cq_crrc_cc" in [r["firm_id"] for r in rows], search
    rows, _ = firms.firm_rows("no firm is called this", "", "", None, 0)
    assert rows == []


def test_the_detail_in_english_names_the_firm_in_english_and_marks_chinese_evidence(firms):
    detail = firms.firm_detail("cq_crrc_cc", "en")
    assert detail[0].children == "CRRC Changchun (Chongqing)"
    assert detail[1].id == "firm-detail-name-zh"
    assert detail[1].children == "Registered name: 重庆长客"
    evidence = [tr.children[-1].children for tr in detail[-1].children[1].children]
    assert any(evidence)
    for text in evidence:  # Chinese only in a quote said to be Chinese
        outside = outside_quotes(text)
        assert chinese([outside]) == [], text
        assert not chinese([text]) or "Chinese" in text, text
    zh = firms.firm_detail("cq_crrc_cc", "zh")
    assert zh[0].children == "重庆长客" and getattr(zh[1], "id", None) != "firm-detail-name-zh"
    zh_evidence = [tr.children[-1].children for tr in zh[-1].children[1].children]
    assert chinese(zh_evidence)  # as written in Chinese
