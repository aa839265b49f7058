"""English target reasons translate the evidence's fixed words and say where a quote is
Chinese (issue 17: English mode quoted Chinese evidence inside English reasons unmarked)."""

from __future__ import annotations

import re

import pytest

from chainmap.reports import run_report
from chainmap.text.evidence import evidence_en, is_chinese
from tests.layouts.components import outside_quotes

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(("evidence", "english"), [
    ("主营产品「船用发动机、柴油机」含关键词「船用发动机」",
     "main products “船用发动机、柴油机” contain the keyword “船用发动机” (quoted in Chinese)"),
    ("企业名称「重庆齿轮箱有限责任公司」含关键词「齿轮箱」；Tushare 行业「汽车配件」对应本产业链",
     "firm name “重庆齿轮箱有限责任公司” contains the keyword “齿轮箱”; Tushare industry "
     "“汽车配件” maps to this chain (quoted in Chinese)"),
    ("主营产品「gear」（营收占比 <1%）含关键词「gear」；国标行业 C3670 与本环节行业代码相符",
     "main products “gear” (under 1% of revenue) contain the keyword “gear”; "
     "GB/T 4754 industry C3670 matches this node's industry code"),
    ("企业简称含“铸锻”（银河铸锻）", "short name “银河铸锻” contains “铸锻” (quoted in Chinese)"),
    ("网页「带动了公司摩托车发动机销量的提升」", "in Chinese: “带动了公司摩托车发动机销量的提升”"),
    ("重点支持重庆康明斯研制柴油机", "in Chinese: “重点支持重庆康明斯研制柴油机”"),
    ("计划将所列企业与所列环节并列提及，未逐一对应（组合提及，置信度低）：焊接、搬运等领域工业机器人",
     "the plan names the firms beside the nodes without pairing them (a joint mention, low "
     "confidence); in Chinese: “焊接、搬运等领域工业机器人”"),
    ("In 2019, Liebherr opened facilities in Yongchuan",
     "“In 2019, Liebherr opened facilities in Yongchuan”"),
    ("重庆ABB变压器有限公司（全称见来源网页）",
     "“重庆ABB变压器有限公司” (full name on the source web page) (quoted in Chinese)"),
    ("重庆市行动计划将其列为本市企业/机构（未写明区县）",
     "the Chongqing action plan lists it as a firm or institution of the city (no district "
     "given)"),
    (None, ""), (float("nan"), ""), ("  ", ""),
])
def test_evidence_in_english(evidence, english):
    assert evidence_en(evidence) == english


def test_a_pattern_with_more_after_it_is_quoted_whole_not_half_translated():
    text = "企业简称含“齿轮箱”（重庆齿轮箱），且计划在轨道交通关键零部件中提及传动齿轮箱"
    assert evidence_en(text) == f"in Chinese: “{text}”"


@pytest.mark.parametrize("chain", ["rail", "engine", "robot", "grid"])
def test_english_reasons_mark_every_chinese_quote(con, chain):
    """Every English reason of the built data: Chinese only inside quotes (a quote that is
    Chinese said to be), in a leader's or label's name, never in the reason's own words."""
    rows = run_report(con, "targets", chain, "500000").data
    assert rows, chain
    for row in rows:
        match = next(r for r in row["reasons_en"] if r.startswith("Node match: "))
        if is_chinese(match):
            assert "in Chinese: “" in match or "(quoted in Chinese)" in match, match
            assert not CJK.search(outside_quotes(match)), match
        for reason in row["reasons_en"]:
            if reason.startswith(("Fills the node", "Size:", "Distance:")):
                assert not CJK.search(outside_quotes(reason)), reason
