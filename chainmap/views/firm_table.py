"""Firm records as a table for people: flattened sources, Chinese headers."""

from __future__ import annotations

import pandas as pd

from chainmap.records import Firm
from chainmap.render.export import to_jsonable
from chainmap.text.catalogue import t

__all__ = ["FIRM_HEADERS_ZH", "firm_records", "firms_frame"]

# each column and its header's code in the text catalogue
FIRM_COLUMNS = {
    "firm_id": "col_id", "name": "col_name", "name_en": "col_name_en",
    "full_name": "fact_full_name", "kind": "col_kind", "role": "col_role",
    "adcode": "col_region_code", "region_name": "col_region",
    "precision": "col_location_precision", "chains": "col_chains", "nodes": "col_chain_nodes",
    "labels": "col_labels", "sources": "source",
}
FIRM_HEADERS_ZH = {column: t(code) for column, code in FIRM_COLUMNS.items()}


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
