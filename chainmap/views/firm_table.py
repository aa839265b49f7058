"""Firm records as a table for people: flattened sources, Chinese headers."""

from __future__ import annotations

import pandas as pd

from chainmap.records import Firm
from chainmap.render.export import to_jsonable

__all__ = ["FIRM_HEADERS_ZH", "firm_records", "firms_frame"]

FIRM_HEADERS_ZH = {
    "firm_id": "编号", "name": "名称", "name_en": "英文名", "full_name": "全称", "kind": "类型",
    "role": "角色", "adcode": "区划代码", "region_name": "所在地", "precision": "定位精度",
    "chains": "产业链", "nodes": "链条环节", "labels": "标签", "sources": "来源",
}


def firm_records(firms: list[Firm]) -> list[dict]:
    """JSON-ready records: every Firm field, sources as a list of dicts."""
    records = []
    for firm in firms:
        record = to_jsonable(firm)
        full = [s.fact.split(":", 1)[1] for s in firm.sources if s.fact.startswith("full_name:")]
        record["full_name"] = full[0] if full else None
        records.append(record)
    return records


def _source_text(sources: list[dict]) -> str:
    return "\n".join(
        f"{s['fact']} ← {s['source_title']} [{s['method']}]" for s in sources)


def firms_frame(firms: list[Firm]) -> pd.DataFrame:
    records = firm_records(firms)
    frame = pd.DataFrame(records, columns=list(FIRM_HEADERS_ZH))
    frame["sources"] = [_source_text(r["sources"]) for r in records]
    return frame
