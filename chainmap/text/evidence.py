"""An evidence text in English: its fixed words translated, what it quotes kept as written.

The build writes a fact's evidence in Chinese (etl/classify.py: 主营产品「…」含关键词「…」),
or stores a quote (the plan's sentence, a web page's). In English the fixed words of the
build's own patterns are translated; a quote is never translated (a machine translation would
be a fact nobody wrote) but said to be Chinese where it is, so an English reader knows what
they are looking at.
"""

from __future__ import annotations

import re

__all__ = ["evidence_en", "is_chinese"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# the field a keyword rule read (etl/classify.py node_sql)
_FIELD_EN = {"主营产品": ("main products", "contain"), "企业名称": ("firm name", "contains"),
             "经营范围": ("business scope", "contains")}
# an industry scheme's word (etl/classify.py SCHEME_WORD)
_SCHEME_EN = {"申万行业": "Shenwan industry", "Tushare 行业": "Tushare industry",
              "Wind 行业": "Wind industry", "国标行业": "GB/T 4754 industry",
              "所属行业": "industry"}
_RULE = re.compile(
    r"(?P<field>主营产品|企业名称|经营范围)「(?P<text>.*?)」"
    r"(?:（营收占比 (?P<share><1|\d+)%）)?含关键词「(?P<keyword>[^」]*)」"
    r"(?:；国标行业 (?P<code>[^ ；]+) 与本环节行业代码相符)?"
    r"(?:；(?P<scheme>" + "|".join(map(re.escape, _SCHEME_EN)) + r")「(?P<industry>[^」]*)」"
    r"对应本产业链)?")
_SHORT_NAME = re.compile(r"企业简称含“(?P<word>[^”]*)”（(?P<name>[^）]*)）")
_WEB = re.compile(r"网页「(?P<text>.*)」")
_JOINT = "计划将所列企业与所列环节并列提及，未逐一对应（组合提及，置信度低）："
_FULL_NAME_ON_PAGE = re.compile(r"(?P<name>.+)（全称见来源网页）")
# fixed sentences the build writes (etl/firms.py)
_FIXED_EN = {
    "重庆市行动计划将其列为本市企业/机构（未写明区县）":
        "the Chongqing action plan lists it as a firm or institution of the city "
        "(no district given)",
    "计划未给出所在地（拟引进企业）": "the plan gives no location (a firm to be attracted)",
}


def is_chinese(text: str) -> bool:
    """Whether `text` holds a Chinese character."""
    return bool(_CJK.search(text))


def _quoted(text: str) -> str:
    return f"“{text}”"


def _marked(english: str, *quotes: str) -> str:
    """`english` with a note that its quotes are Chinese, when any of them is."""
    return english + (" (quoted in Chinese)" if any(map(is_chinese, quotes)) else "")


def _rule_en(m: re.Match) -> str:
    share, (field, verb) = m["share"], _FIELD_EN[m["field"]]
    parts = [f"{field} {_quoted(m['text'])}"
             + (f" ({'under 1' if share == '<1' else share}% of revenue)" if share else "")
             + f" {verb} the keyword {_quoted(m['keyword'])}"]
    if m["code"]:
        parts.append(f"GB/T 4754 industry {m['code']} matches this node's industry code")
    if m["scheme"]:
        parts.append(f"{_SCHEME_EN[m['scheme']]} {_quoted(m['industry'])} maps to this chain")
    return _marked("; ".join(parts), m["text"], m["keyword"], m["industry"] or "")


def evidence_en(evidence: object) -> str:
    """An evidence text for an English reader: the build's fixed words in English, a quote as
    written and said to be Chinese where it is (``in Chinese: “…”``; who wrote it is the
    fact's method, shown beside it); "" for none."""
    if not isinstance(evidence, str) or not evidence.strip():
        return ""
    text = evidence.strip()
    if text in _FIXED_EN:
        return _FIXED_EN[text]
    if m := _RULE.fullmatch(text):
        return _rule_en(m)
    if m := _SHORT_NAME.fullmatch(text):
        return _marked(f"short name {_quoted(m['name'])} contains {_quoted(m['word'])}",
                       m["name"], m["word"])
    if m := _FULL_NAME_ON_PAGE.fullmatch(text):
        return _marked(f"{_quoted(m['name'])} (full name on the source web page)", m["name"])
    if text.startswith(_JOINT):
        quote = text.removeprefix(_JOINT)
        return ("the plan names the firms beside the nodes without pairing them (a joint "
                "mention, low confidence); " + _said(quote))
    if m := _WEB.fullmatch(text):
        return _said(m["text"])
    return _said(text)


def _said(quote: str) -> str:
    """A quote, said to be Chinese where it is (who wrote it is the fact's method)."""
    return f"in Chinese: {_quoted(quote)}" if is_chinese(quote) else _quoted(quote)
