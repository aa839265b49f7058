"""SYNTHETIC benchmark data: registry exports in the enterprise-platform (企查查-style) format.

Every row is invented by this script (seeded, reproducible) and the file's first line says
so; nothing here is a real firm. Use it only for benchmarks and scale tests.

  python bench/generate_registry.py --size 1000000 --out /tmp/registry_1m.csv \\
      [--links 5000000 --links-out /tmp/links_5m.csv] [--seed 7] [--encoding utf-8|gb18030]

Distributions (documented, not measured from a real registry): provinces weighted by their
number of county-level units times a manufacturing factor (every county-level unit of the
divisions table, including the four municipalities' districts, 重庆市's 38 among them, and
the county-level cities a province administers directly; before round 9 those were left
out, so no synthetic firm lay in Chongqing); ~20% of firms in the GB/T 4754
classes chainmap's chain nodes use (their 经营范围 drawn from the node keywords), the rest in
other classes; 2% exact duplicates, 1% near-duplicates (name variants), ~1.5% dirty rows
(empty names, unparseable dates and capital, broken credit codes), 5% historical place
names in addresses, 3% addresses without a district.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.uscc import CHARSET, WEIGHTS  # noqa: E402

TITLE = "【合成数据 SYNTHETIC】chainmap 基准测试用企业名录（脚本生成，非真实企业）"
BRAND = list("华鑫宏远恒通达利兴盛泰康瑞祥丰源安捷博创力凯威德佳诚正新宇辰星海峰金银豪东方"
             "中联合众信宏广大天永嘉荣昌明顺")
SURNAME = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董")
GIVEN = list("伟芳娜敏静强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌")
SUFFIX = ["有限公司", "有限责任公司", "股份有限公司", "集团有限公司"]
SUFFIX_P = [0.62, 0.25, 0.1, 0.03]
GENERIC_SCOPE = ["技术开发、技术咨询、技术服务", "货物进出口", "销售五金交电",
                 "仓储服务（不含危险品）", "企业管理咨询", "软件开发", "建筑材料销售", "普通货运"]
STATUS = ["存续", "在业", "注销", "吊销", "迁出"]
STATUS_P = [0.80, 0.08, 0.08, 0.03, 0.01]
KINDS = ["有限责任公司(自然人投资或控股)", "有限责任公司(法人独资)", "股份有限公司(非上市)",
         "其他有限责任公司", "有限责任公司(外商投资)"]
MANUFACTURING = {"44": 3.0, "32": 2.5, "33": 2.5, "37": 2.0, "35": 1.8, "50": 1.6, "51": 1.6,
                 "42": 1.4, "41": 1.2, "43": 1.1}
MUNICIPALITIES = ("110000", "120000", "310000", "500000")
ROADS = ["工业大道", "科技路", "创业路", "人民路", "经开大道", "园区路", "滨江路", "兴业路"]


def _places(rng, n: int) -> pd.DataFrame:
    div = pd.read_csv(ROOT / "data/reference/divisions.csv", dtype=str)
    districts = div[div["level"] == "district"].copy()
    cities = div[div["level"] == "city"].set_index("adcode")["name"]
    provinces = div[div["level"] == "province"].set_index("adcode")["name"]
    districts["province"] = (districts["adcode"].str[:2] + "0000").map(provinces)
    # a district directly under its province: a municipality's (重庆市's 38, as exports give
    # 所属城市 重庆市) or a county-level city the province administers (仙桃市 is its own city)
    direct = districts["parent_adcode"].isin(provinces.index)
    districts["city"] = districts["parent_adcode"].map(cities).where(
        ~direct, districts["province"].where(
            districts["parent_adcode"].isin(MUNICIPALITIES), districts["name"]))
    districts = districts.dropna(subset=["city", "province"])
    weight = districts["adcode"].str[:2].map(MANUFACTURING).fillna(1.0).to_numpy()
    pick = rng.choice(len(districts), size=n, p=weight / weight.sum())
    return districts.iloc[pick].reset_index(drop=True)[["adcode", "name", "city", "province"]]


def _uscc(rng, adcodes: np.ndarray) -> np.ndarray:
    n = len(adcodes)
    body = np.empty((n, 17), dtype=np.int64)
    body[:, 0], body[:, 1] = 9, 1  # 9 = 工商, 1 = 企业
    for i in range(6):
        body[:, 2 + i] = adcodes.astype("U6").view("U1").reshape(n, 6)[:, i].astype(int)
    body[:, 8:] = rng.integers(0, 31, size=(n, 9))
    check = (31 - (body * np.array(WEIGHTS)).sum(axis=1) % 31) % 31
    chars = np.array(list(CHARSET))
    codes = np.array(["".join(row) for row in chars[np.column_stack([body, check])]])
    broken = rng.random(n) < 0.01  # a wrong check character
    codes[broken] = [c[:17] + CHARSET[(CHARSET.index(c[17]) + 1) % 31] for c in codes[broken]]
    codes[rng.random(n) < 0.03] = ""  # not given
    return codes


def _industries(rng, n: int) -> pd.DataFrame:
    used = pd.read_csv(ROOT / "data/reference/gbt4754_codes_used.csv", dtype=str)
    heads = pd.read_csv(ROOT / "data/reference/gbt4754_headings.csv", dtype=str)
    names = dict(zip(heads["code"], heads["name"], strict=False)) | dict(
        zip(used["code"], used["name"], strict=False))
    others = heads.loc[heads["level"] == "2", "code"].to_numpy()
    chain = rng.random(n) < 0.2
    code = np.where(chain, rng.choice(used["code"].to_numpy(), n), rng.choice(others, n))
    code = pd.Series(code)
    return pd.DataFrame({
        "code": code, "门类": np.where(code.str[:2].astype(int).between(13, 43), "制造业", "其他"),
        "大类": code.str[:2].map(names).fillna(""), "中类": code.str[:3].map(names).fillna(""),
        "小类": code.map(names).fillna(""), "chain": chain})


def _scope(rng, industries: pd.DataFrame) -> np.ndarray:
    import yaml

    words: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data/chains").glob("*.yaml")):
        for node in yaml.safe_load(path.read_text("utf-8"))["nodes"]:
            for c in node.get("gbt4754") or []:
                words.setdefault(str(c), []).extend(node.get("keywords") or [])
    generic = np.array(GENERIC_SCOPE)
    out = []
    for code, chain in zip(industries["code"], industries["chain"], strict=True):
        parts = list(rng.choice(generic, 2, replace=False))
        if chain and words.get(code):
            kw = words[code]
            parts = [f"{w}的研发、制造、销售" for w in rng.choice(kw, min(2, len(kw)),
                                                          replace=False)] + parts
        out.append("；".join(parts))
    return np.array(out)


def generate(size: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = int(size / 1.03)
    places = _places(rng, base)
    ind = _industries(rng, base)
    brand = rng.choice(BRAND, (base, 2))
    trade = (ind["小类"].str.split("、|，|及|和", regex=True).str[0]
             .str.replace("制造", "", regex=False).str[:4].replace("", "实业"))
    suffix = rng.choice(SUFFIX, base, p=SUFFIX_P)
    names = (places["city"].str.replace("市", "", regex=False).str[:2]
             + brand[:, 0] + brand[:, 1] + trade + suffix)
    names = names + np.where(pd.Series(names).duplicated(), "（" + pd.Series(
        rng.integers(1, 999, base)).astype(str) + "）", "")
    historical = rng.random(base) < 0.05
    district_text = places["name"].where(~historical, places["name"].str.replace(
        "区", "县", regex=False))
    no_district = rng.random(base) < 0.03
    address = (places["province"] + places["city"].where(places["province"] != places["city"],
                                                         "")
               + district_text.where(~no_district & (places["name"] != places["city"]), "")
               + rng.choice(ROADS, base)
               + pd.Series(rng.integers(1, 999, base)).astype(str) + "号")
    frame = pd.DataFrame({
        "企业名称": names, "统一社会信用代码": _uscc(rng, places["adcode"].to_numpy()),
        "登记状态": rng.choice(STATUS, base, p=STATUS_P),
        "法定代表人": rng.choice(SURNAME, base) + rng.choice(GIVEN, base),
        "注册资本": (np.round(rng.lognormal(6, 1.5, base), 1)).astype(str) + "万元人民币",
        "成立日期": (pd.Timestamp("1990-01-01") + pd.to_timedelta(
            rng.integers(0, 35 * 365, base), unit="D")).strftime("%Y-%m-%d"),
        "所属省份": places["province"], "所属城市": places["city"],
        "所属区县": places["name"].where(~no_district, ""), "企业地址": address,
        "国标行业门类": ind["门类"], "国标行业大类": ind["大类"], "国标行业中类": ind["中类"],
        "国标行业小类": ind["小类"], "经营范围": _scope(rng, ind),
        "参保人数": np.maximum(0, rng.lognormal(2.5, 1.3, base)).astype(int).astype(str),
        "企业类型": rng.choice(KINDS, base),
    })
    return _dirty(rng, frame, size)


def _dirty(rng, frame: pd.DataFrame, size: int) -> pd.DataFrame:
    n = len(frame)
    dup = frame.iloc[rng.choice(n, int(0.02 * size))]
    near = frame.iloc[rng.choice(n, size - n - len(dup))].copy()
    near["企业名称"] = near["企业名称"].str.replace("有限公司", "有限责任公司", regex=False)
    near["企业名称"] = near["企业名称"].str.replace("(", "（", regex=False)
    out = pd.concat([frame, dup, near], ignore_index=True)
    m = len(out)
    out.loc[rng.random(m) < 0.005, "企业名称"] = ""
    out.loc[rng.random(m) < 0.004, "成立日期"] = "不详"
    out.loc[rng.random(m) < 0.004, "注册资本"] = "未公开"
    out.loc[rng.random(m) < 0.002, "统一社会信用代码"] = "91500000XXXX"
    order = rng.permutation(m)
    return out.iloc[order].reset_index(drop=True)


def generate_links(rng, names: np.ndarray, count: int) -> pd.DataFrame:
    products = ["齿轮", "轴承", "电机", "铸件", "液压件", "控制器", "线缆", "钢材", "传感器"]
    return pd.DataFrame({"supplier": rng.choice(names, count), "customer": rng.choice(names, count),
                         "product": rng.choice(products, count), "source": "synthetic"})


def write(frame: pd.DataFrame, out: Path, encoding: str) -> None:
    with out.open("w", encoding=encoding, newline="", errors="replace") as f:
        f.write(TITLE + "\n")
        frame.to_csv(f, index=False, quoting=csv.QUOTE_MINIMAL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--encoding", default="utf-8")
    parser.add_argument("--links", type=int, default=0)
    parser.add_argument("--links-out", type=Path)
    args = parser.parse_args()
    t0 = time.perf_counter()
    frame = generate(args.size, args.seed)
    write(frame, args.out, args.encoding)
    print(f"wrote {len(frame):,} SYNTHETIC rows to {args.out} in {time.perf_counter() - t0:.1f}s")
    if args.links:
        rng = np.random.default_rng(args.seed + 1)
        links = generate_links(rng, frame["企业名称"].to_numpy(), args.links)
        links.to_csv(args.links_out or args.out.with_suffix(".links.csv"), index=False)
        print(f"wrote {len(links):,} SYNTHETIC links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
