"""English names of China's administrative divisions, for the interface's English mode.

A division's English name is its curated official form when ``data/reference/
region_names_en.csv`` lists it (Shaanxi, Inner Mongolia, Ngawa …, each with its source),
else made by rule: the proper name in Hanyu Pinyin (pypinyin, with the place-name reading
of 都 as *du*), an apostrophe before a syllable starting with a, o or e (Nan'an), then the
English generic word for the Chinese one (区 District, 县 County, 自治州 Autonomous
Prefecture …) with the autonomous area's peoples named in English (秀山土家族苗族自治县 →
Xiushan Tujia and Miao Autonomous County). A one-syllable proper name keeps its Chinese
generic in the pinyin, as official usage does (忠县 → Zhongxian County). A name the rule
cannot take apart (an unknown generic or people) gets no English name: the interface then
shows the Chinese one, never a guess.

Run by a maintainer (``python -m etl.romanize``) to refresh the ``name_en`` column of
``data/reference/divisions.csv``; the build reads the committed column and needs no
pypinyin.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["ETHNIC_EN", "GENERIC_EN", "load_curated", "region_name_en", "romanize_divisions"]

# the 55 peoples of China (GB/T 3304-1991's romanisation; the common English word where
# there is one), longest first when matched
ETHNIC_EN = {
    "蒙古": "Mongolian", "藏": "Tibetan", "维吾尔": "Uygur", "苗": "Miao", "彝": "Yi",
    "壮": "Zhuang", "布依": "Bouyei", "朝鲜": "Korean", "满": "Manchu", "侗": "Dong",
    "瑶": "Yao", "白": "Bai", "土家": "Tujia", "哈尼": "Hani", "哈萨克": "Kazak", "傣": "Dai",
    "黎": "Li", "傈僳": "Lisu", "佤": "Va", "畲": "She", "高山": "Gaoshan", "拉祜": "Lahu",
    "水": "Shui", "东乡": "Dongxiang", "纳西": "Naxi", "景颇": "Jingpo", "柯尔克孜": "Kirgiz",
    "土": "Tu", "达斡尔": "Daur", "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang",
    "撒拉": "Salar", "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "阿昌": "Achang",
    "普米": "Pumi", "塔吉克": "Tajik", "怒": "Nu", "乌孜别克": "Uzbek", "俄罗斯": "Russian",
    "鄂温克": "Ewenki", "德昂": "De'ang", "保安": "Bonan", "裕固": "Yugur", "京": "Gin",
    "塔塔尔": "Tatar", "独龙": "Derung", "鄂伦春": "Oroqen", "赫哲": "Hezhen", "门巴": "Monba",
    "珞巴": "Lhoba", "基诺": "Jino", "回": "Hui", "各": "Multi-ethnic",
}
# the Chinese generic word -> the English one ("" for a prefecture-level city: Chengdu),
# longest first when matched; autonomous areas are handled with their peoples
GENERIC_EN = {
    "特别行政区": "Special Administrative Region", "自治区": "Autonomous Region",
    "自治州": "Autonomous Prefecture", "自治县": "Autonomous County",
    "自治旗": "Autonomous Banner", "新区": "New Area", "林区": "Forestry District",
    "矿区": "Mining District", "特区": "Special District", "地区": "Prefecture",
    "省": "Province", "市": "City", "区": "District", "县": "County", "旗": "Banner",
    "盟": "League",
}
# a character's reading in place names where pypinyin takes another (成都, 长宁, 朝阳); a name
# that reads it otherwise (长子县 Zhangzi) is in the curated list
PLACE_READINGS = {"都": "du", "长": "chang", "朝": "chao"}
VOWELS = ("a", "o", "e")


def load_curated(path: Path) -> dict[str, str]:
    """Chinese name -> curated English name (``region_names_en.csv``: name, name_en, source)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row["name_en"] for row in csv.DictReader(handle)}


def _pinyin(text: str) -> str:
    from pypinyin import Style, lazy_pinyin  # a maintainer's tool: not needed by the build

    syllables = [PLACE_READINGS.get(ch, s) for ch, s in
                 zip(text, lazy_pinyin(text, style=Style.NORMAL, v_to_u=True), strict=True)]
    word = syllables[0] + "".join("'" + s if s.startswith(VOWELS) else s
                                  for s in syllables[1:])
    return word[:1].upper() + word[1:]


def _peoples(text: str) -> tuple[str, list[str]] | None:
    """'秀山土家族苗族' -> ('秀山', ['Tujia', 'Miao']): peoples taken off the end."""
    peoples: list[str] = []
    rest = text
    while True:
        trimmed = rest[:-1] if rest.endswith("族") else rest
        hit = next((k for k in sorted(ETHNIC_EN, key=len, reverse=True)
                    if trimmed.endswith(k)), None)
        if hit is None or (not rest.endswith("族") and len(hit) < 2):  # 哈萨克自治县 has no 族
            break
        peoples.insert(0, ETHNIC_EN[hit])
        rest = trimmed[:-len(hit)]
    return (rest, peoples) if peoples else None


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def region_name_en(name: str, level: str, curated: dict[str, str] | None = None) -> str | None:
    """The English name of one division (``level``: province, city or district)."""
    if curated and name in curated:
        return curated[name]
    generic = next((g for g in sorted(GENERIC_EN, key=len, reverse=True)
                    if name.endswith(g) and len(name) > len(g)), None)
    if generic is None:
        return None
    proper = name[:-len(generic)]
    if generic.startswith("自治"):
        split = _peoples(proper)
        if split is None:
            return None
        proper, peoples = split
        named = f"{_pinyin(proper)} " if proper else ""  # 鄂伦春自治旗: the people alone
        return f"{named}{_and(peoples)} {GENERIC_EN[generic]}"
    if len(proper) == 1:  # 忠县 -> Zhongxian County
        return f"{_pinyin(name)} {GENERIC_EN[generic]}"
    if generic == "市" and level == "city":  # a prefecture-level city: Chengdu
        return _pinyin(proper)
    return f"{_pinyin(proper)} {GENERIC_EN[generic]}"


def romanize_divisions(divisions: Path, curated: Path) -> int:
    """Rewrite ``divisions.csv`` with its ``name_en`` column filled; returns the rows named."""
    names = load_curated(curated)
    with divisions.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = [f for f in reader.fieldnames or [] if f != "name_en"]
        rows = list(reader)
    for row in rows:
        row["name_en"] = region_name_en(row["name"], row["level"], names) or ""
    with divisions.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*fields, "name_en"])
        writer.writeheader()
        writer.writerows(rows)
    return sum(1 for row in rows if row["name_en"])


if __name__ == "__main__":  # pragma: no cover - maintainer tool
    from chainmap.config import load_settings

    ref = load_settings().data_dir / "reference"
    named = romanize_divisions(ref / "divisions.csv", ref / "region_names_en.csv")
    print(f"named {named} divisions in {ref / 'divisions.csv'}")
