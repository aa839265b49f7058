"""English names of China's divisions: the rule, the curated list, and the committed column."""

from __future__ import annotations

import csv

import pytest

from chainmap.config import load_settings
from etl.romanize import load_curated, region_name_en

REF = load_settings().data_dir / "reference"


@pytest.mark.parametrize(("name", "level", "english"), [
    ("江津区", "district", "Jiangjin District"),
    ("南岸区", "district", "Nan'an District"),           # apostrophe before a vowel syllable
    ("丰都县", "district", "Fengdu County"),             # 都 read du in a place name
    ("长宁县", "district", "Changning County"),          # 长 read chang, not zhang
    ("朝阳区", "district", "Chaoyang District"),         # 朝 read chao, not zhao
    ("忠县", "district", "Zhongxian County"),            # one-syllable name keeps its 县
    ("成都市", "city", "Chengdu"),                       # a prefecture-level city
    ("都江堰市", "district", "Dujiangyan City"),         # a county-level city
    ("两江新区", "district", "Liangjiang New Area"),
    ("秀山土家族苗族自治县", "district", "Xiushan Tujia and Miao Autonomous County"),
    ("凉山彝族自治州", "city", "Liangshan Yi Autonomous Prefecture"),
    ("巴里坤哈萨克自治县", "district", "Balikun Kazak Autonomous County"),  # no 族
    ("鄂伦春自治旗", "district", "Oroqen Autonomous Banner"),  # the people alone
    ("新疆维吾尔自治区", "province", "Xinjiang Uygur Autonomous Region"),
    ("某地", "district", None),                          # no generic word: no English name
    ("某某自治县", "district", None),                    # no people named: no guess
])
def test_the_rule(name, level, english):
    assert region_name_en(name, level) == english


def test_the_curated_names_win():
    curated = load_curated(REF / "region_names_en.csv")
    assert region_name_en("陕西省", "province") == "Shanxi Province"  # what the rule says
    assert region_name_en("陕西省", "province", curated) == "Shaanxi Province"
    assert region_name_en("阿坝藏族羌族自治州", "city", curated).startswith("Ngawa ")
    assert region_name_en("什邡市", "district") == "Shenfang City"  # pypinyin's 什 is wrong here
    assert region_name_en("什邡市", "district", curated) == "Shifang City"
    assert region_name_en("长子县", "district", curated) == "Zhangzi County"  # the exception
    with (REF / "region_names_en.csv").open(encoding="utf-8") as handle:
        assert all(row["source"].startswith("http") for row in csv.DictReader(handle))


def test_the_committed_column_is_what_the_rule_gives():
    """divisions.csv's name_en is refreshed by `python -m etl.romanize`: a changed rule or
    curated list without the refresh fails here."""
    curated = load_curated(REF / "region_names_en.csv")
    with (REF / "divisions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 3000
    stale = [(r["name"], r["name_en"]) for r in rows
             if r["name_en"] != (region_name_en(r["name"], r["level"], curated) or "")]
    assert stale == []
    named = {r["adcode"]: r["name_en"] for r in rows}
    assert named["500116"] == "Jiangjin District" and named["510000"] == "Sichuan Province"
    assert sum(1 for r in rows if not r["name_en"]) <= 1  # 海西…直辖, an index artefact


def test_the_build_names_every_region_it_draws(con):
    missing = con.execute("SELECT count(*) FROM dim_region WHERE name_en IS NULL").fetchone()[0]
    assert missing == 0
    assert con.execute("SELECT name_en FROM dim_region WHERE region_id = '500108'"
                       ).fetchone()[0] == "Nan'an District"
