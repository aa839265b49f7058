"""A tiny hand-built chain and region set; every metric on it is worked out by hand.

toy chain:   steel ─┐
             motor ─┼─> body ──> service
             ctrl  ─┘
Chongqing (500000): districts 500101, 500102; Sichuan (510000): city 510100.
Firms: A body 0.9 @500101 (依托) · B motor 0.9 @500101 · C motor 0.9 @500102 (revenue 30)
       D steel 0.4 @500102 (marginal) · H service 0.7 @500000 (city only)
       E ctrl 0.8 @510100 (上市) · F ctrl 0.8, location unknown, plan seeks to attract (龙头企业)
No registry import: a node with no firm is missing only where the plan seeks one (ctrl, in
Chongqing); elsewhere it is unknown. ``cover`` adds a registry batch covering a region.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.catalog import SCHEMA_FILE
from etl.derive import derive_tables

SQUARE = '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}'

TABLES = {
    "dim_source": [{"source_id": "t", "title": "toy", "kind": "test"},
                   {"source_id": "plan", "title": "玩具行动计划", "kind": "plan_text"}],
    "dim_region": [
        {"region_id": "500000", "name": "重庆市", "level": "province", "province_id": "500000",
         "label_lon": 106.5, "label_lat": 29.5},
        {"region_id": "500101", "name": "甲区", "level": "district", "parent_id": "500000",
         "province_id": "500000", "geometry": SQUARE, "label_lon": 106.4, "label_lat": 29.6},
        {"region_id": "500102", "name": "乙区", "level": "district", "parent_id": "500000",
         "province_id": "500000", "geometry": SQUARE, "label_lon": 106.6, "label_lat": 29.4},
        {"region_id": "510000", "name": "四川省", "level": "province", "province_id": "510000",
         "label_lon": 103.0, "label_lat": 30.5},
        {"region_id": "510100", "name": "成都市", "level": "city", "parent_id": "510000",
         "province_id": "510000", "geometry": SQUARE, "label_lon": 104.0, "label_lat": 30.6},
    ],
    "dim_chain": [{"chain_id": "toy", "name_zh": "玩具", "name_en": "Toy", "focus": False}],
    "dim_chain_node": [
        {"node_id": f"toy.{n}", "chain_id": "toy", "name_zh": zh, "name_en": n, "tier": tier,
         "tier_order": order, "plan_named": False, "source_id": "t"}
        for n, zh, tier, order in [("steel", "钢材", "上游", 0), ("motor", "电机", "上游", 0),
                                   ("ctrl", "控制器", "上游", 0), ("body", "整机", "中游", 1),
                                   ("service", "运维", "下游", 2)]],
    "fct_chain_edge": [{"chain_id": "toy", "src_node_id": f"toy.{a}", "dst_node_id": f"toy.{b}",
                        "source_id": "t"} for a, b in [("steel", "body"), ("motor", "body"),
                                                       ("ctrl", "body"), ("body", "service")]],
    "dim_firm": [
        {"firm_id": fid, "name": name, "kind": "firm", "role": role, "adcode": ad,
         "precision": prec, "revenue_yi": rev, "source_id": "t", "method": "manual"}
        for fid, name, role, ad, prec, rev in [
            ("A", "甲整机", "local", "500101", "district", None),
            ("B", "乙电机", "local", "500101", "district", None),
            ("C", "丙电机", "local", "500102", "district", 30.0),
            ("D", "丁钢铁", "local", "500102", "district", None),
            ("H", "戊运维", "local", "500000", "city", None),
            ("E", "蓉控制", "external", "510100", "city", None),
            ("F", "远方控制", "attract", None, "unknown", None)]],
    "firm_node": [
        {"firm_id": f, "node_id": f"toy.{n}", "chain_id": "toy", "role": "maker",
         "confidence": c, "evidence": f"{f}-{n}", "source_id": src, "method": "manual"}
        for f, n, c, src in [("A", "body", 0.9, "t"), ("B", "motor", 0.9, "t"),
                             ("C", "motor", 0.9, "t"), ("D", "steel", 0.4, "t"),
                             ("H", "service", 0.7, "t"), ("E", "ctrl", 0.8, "t"),
                             ("F", "ctrl", 0.8, "plan")]],
    "firm_chain": [{"firm_id": "A", "chain_id": "toy", "plan_designation": "依托",
                    "source_id": "plan", "method": "plan_text"}],
    "firm_label": [{"firm_id": "E", "label": "上市", "source_id": "t", "method": "manual"},
                   {"firm_id": "F", "label": "龙头企业", "source_id": "t", "method": "manual"}],
}


def toy_connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(SCHEMA_FILE.read_text("utf-8"))
    for table, rows in TABLES.items():
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        defaults = {"crs": "GCJ-02", "source_id": "t"} if table == "dim_region" else {}
        frame = pd.DataFrame([defaults | r for r in rows]).reindex(columns=columns)
        con.register("rows_in", frame)
        con.execute(f"INSERT INTO {table} SELECT * FROM rows_in")  # noqa: S608
        con.unregister("rows_in")
    derive_tables(con)
    return con


def cover(con: duckdb.DuckDBPyConnection, region: str, batch: str = "qcc-toy") -> None:
    """A registry batch (no firms of its own) declared to list every firm of ``region``,
    and the derived tables again."""
    if not con.execute("SELECT count(*) FROM import_batch WHERE batch_id = ?",
                       [batch]).fetchone()[0]:
        source = f"import_{batch.replace('-', '_')}"
        con.execute("INSERT INTO dim_source (source_id, title, kind) VALUES (?, ?, "
                    "'imported_file')", [source, f"企业登记信息导出：{batch}.csv"])
        con.execute("INSERT INTO import_batch VALUES (?, 1, 'qcc', ?, NULL, 'x', NULL, 0, 0, "
                    "0, 0, 0, 0, 0)", [batch, source])
    con.execute("INSERT INTO import_batch_cover VALUES (?, ?)", [batch, region])
    derive_tables(con)
