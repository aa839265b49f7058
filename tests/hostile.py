"""Hostile firm names for the output-safety tests: markup, formulas, emoji, long text, controls.

``add_hostile_firms(data_dir)`` appends them to a copy of data/plan (firms.csv, with their
locations and chain nodes in the files' own formats), so a normal build carries them to
every output: the app's pages, the offline map, the chain diagram, the Excel and CSV files.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["ALERT_NAMES", "FORMULA_NAMES", "HOSTILE", "LONG_NAME", "add_hostile_firms"]

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"
HYPERLINK = '=HYPERLINK("http://x")'
CMD = "+cmd|' /C calc'!A0"
AT = "@SUM(1+1)<b>粗</b>"
LONG_NAME = "🚄\u202e超长名称\x07\x1b\x0b" + "测试" * 150 + "尾"

ALERT_NAMES = (IMG, SCRIPT)
FORMULA_NAMES = (HYPERLINK, CMD, AT)
EVIDENCE = "<script>alert(3)</script>依据"

# firm_id -> (name, role, location adcode or "", node ids)
HOSTILE = {
    "h_img": (IMG, "local", "500151", ["rail.vehicle"]),  # a chain leader: a map marker
    "h_script": (SCRIPT, "local", "500116", ["rail.bogie"]),
    "h_long": (LONG_NAME, "local", "500116", ["rail.bogie"]),
    "h_formula": (HYPERLINK, "attract", "", ["rail.signalling"]),
    "h_cmd": (CMD, "attract", "", ["rail.traction_converter"]),
    "h_at": (AT, "attract", "", ["rail.signalling"]),
}


def _append(path: Path, rows: list[dict]) -> None:
    with path.open("r", encoding="utf-8", newline="") as f:
        fields = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        if not path.read_bytes().endswith(b"\n"):
            f.write("\n")
        csv.DictWriter(f, fieldnames=fields, lineterminator="\n").writerows(rows)


def add_hostile_firms(data_dir: Path) -> None:
    plan = Path(data_dir) / "plan"
    firms, places, nodes = [], [], []
    for firm_id, (name, role, adcode, node_ids) in HOSTILE.items():
        firms.append({"firm_id": firm_id, "name": name, "name_en": name, "kind": "firm",
                      "role": role, "chains": "rail", "plan_designation": "测试",
                      "plan_products": name, "plan_section": "测试", "plan_quote": EVIDENCE,
                      "labels": ""})
        if adcode:
            places.append({"firm_id": firm_id, "adcode": adcode, "precision": "district",
                           "source_id": "plan", "method": "manual", "evidence": EVIDENCE})
        nodes += [{"firm_id": firm_id, "node_id": node, "role": "maker", "confidence": "0.9",
                   "evidence": EVIDENCE, "source_id": "plan", "method": "manual"}
                  for node in node_ids]
    _append(plan / "firms.csv", firms)
    _append(plan / "firm_locations.csv", places)
    _append(plan / "firm_nodes.csv", nodes)
