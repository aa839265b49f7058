"""The SQL of the tables the build derives and stores (agg_*) that the library runs too.

etl/derive.py stores each statement's rows once per build; on a writable connection (or a
build from before the table) the library runs the same statement live instead. One text
for both, so the stored table and the live answer cannot drift apart. The tables only the
build computes (agg_chain_places, the firms' name order) have their SQL in etl/derive.py.
"""

from __future__ import annotations

__all__ = ["ALL_CHAIN_FACTS_SQL", "BATCH_COVER_SQL", "FIRMS_BY_CHAIN_DISTRICT_SQL",
           "FIRM_LIST_SQL", "INFER_MIN_FIRMS", "INFER_SHARE", "PER_FIRM", "REGION_COVERAGE_SQL",
           "REGISTRY_KINDS", "SOURCE_PLACES_SQL", "chain_facts_sql", "per_firm"]

# What a registry import covers (chainmap.analytics.data_coverage: agg_region_coverage)
INFER_SHARE = 0.9  # an undeclared registry covers the region holding this share of its firms
INFER_MIN_FIRMS = 20  # … when that is at least this many firms
REGISTRY_KINDS = ("qcc", "csv")  # import kinds that list every firm of what they cover

# Each registry batch's covered regions: declared (import_batch_cover) or, for a batch that
# declares none, inferred from where its firms are (each firm of the batch once, at its
# best-known place, as every analysis places it).
BATCH_COVER = """
WITH batches AS (
    SELECT batch_id, source_id FROM import_batch WHERE kind IN {kinds}
),
declared AS (
    SELECT b.batch_id, b.source_id, c.region_id AS cover_id, 'declared' AS basis
    FROM batches b JOIN import_batch_cover c ON c.batch_id = b.batch_id
),
located AS (
    SELECT b.source_id, f.adcode
    FROM (SELECT DISTINCT batch_id, firm_id FROM firm_source) s
    JOIN batches b ON b.batch_id = s.batch_id
    JOIN dim_firm f ON f.firm_id = s.firm_id
    WHERE f.adcode IS NOT NULL
      AND b.batch_id NOT IN (SELECT batch_id FROM import_batch_cover)
),
per_place AS (SELECT source_id, adcode, count(*) AS firms FROM located GROUP BY 1, 2),
totals AS (SELECT source_id, sum(firms) AS firms FROM per_place GROUP BY 1),
held AS (
    SELECT p.source_id, c.ancestor_id AS region_id,
           CASE r.level WHEN 'district' THEN 0 WHEN 'city' THEN 1 ELSE 2 END AS size,
           sum(p.firms) AS firms
    FROM per_place p JOIN region_closure c ON c.descendant_id = p.adcode
    JOIN dim_region r ON r.region_id = c.ancestor_id
    WHERE r.level IN ('district', 'city', 'province')
    GROUP BY 1, 2, 3
),
inferred AS (
    SELECT b.batch_id, h.source_id, h.region_id AS cover_id, 'inferred' AS basis
    FROM (SELECT h.source_id, h.region_id,
                 row_number() OVER (PARTITION BY h.source_id
                                    ORDER BY h.size, h.region_id) AS rn
          FROM held h JOIN totals t ON t.source_id = h.source_id
          WHERE h.firms >= {min_firms} AND h.firms >= {share} * t.firms) h
    JOIN batches b ON b.source_id = h.source_id
    WHERE h.rn = 1
)
SELECT batch_id, source_id, cover_id, basis FROM declared
UNION ALL
SELECT batch_id, source_id, cover_id, basis FROM inferred
"""
BATCH_COVER_SQL = BATCH_COVER.format(kinds=REGISTRY_KINDS, min_firms=INFER_MIN_FIRMS,
                                     share=INFER_SHARE)

# Every region a registry batch covers: the batch's regions and every region inside them;
# a group (成渝) when every province in it is covered.
REGION_COVERAGE = """
WITH roots AS ({roots}),
expanded AS (
    SELECT c.descendant_id AS region_id, r.batch_id, r.source_id, r.cover_id, r.basis
    FROM roots r JOIN region_closure c ON c.ancestor_id = r.cover_id
),
groups AS (
    SELECT c.ancestor_id AS group_id, c.descendant_id AS province_id
    FROM region_closure c JOIN dim_region p ON p.region_id = c.descendant_id
    WHERE p.level = 'province' AND c.ancestor_id NOT IN (SELECT region_id FROM dim_region)
),
whole AS (
    SELECT g.group_id FROM groups g
    LEFT JOIN (SELECT DISTINCT region_id FROM expanded) e ON e.region_id = g.province_id
    GROUP BY g.group_id HAVING count(e.region_id) = count(*)
)
SELECT region_id, batch_id, source_id, cover_id, basis FROM expanded
UNION ALL
SELECT g.group_id, e.batch_id, e.source_id, e.cover_id, e.basis
FROM groups g JOIN whole w ON w.group_id = g.group_id
JOIN expanded e ON e.region_id = g.province_id
"""
REGION_COVERAGE_SQL = REGION_COVERAGE.format(roots=BATCH_COVER_SQL)

# (chainmap.analytics.data_coverage: agg_source_places)
# Firms each source names, per best-known place (a firm once per source): the source that
# brought the firm in, every import batch that has a row of it, every source of a label.
SOURCE_PLACES_SQL = """
WITH named AS (
    SELECT firm_id, source_id FROM dim_firm
    UNION ALL
    SELECT s.firm_id, b.source_id FROM firm_source s
    JOIN import_batch b ON b.batch_id = s.batch_id
    UNION ALL
    SELECT firm_id, source_id FROM firm_label
)
SELECT n.source_id, f.adcode, count(DISTINCT n.firm_id) AS firms
FROM named n JOIN dim_firm f ON f.firm_id = n.firm_id
WHERE f.adcode IS NOT NULL
GROUP BY n.source_id, f.adcode
"""

# One row per (chain, firm, node): the firm's best assignment there, with its firm and region
# columns, labels and plan designation. Set-based: labels and plan designations are
# aggregated once per firm and joined. The build stores these rows as agg_chain_facts
# (etl/derive.py), sorted by chain, so a read-only connection reads one chain's rows instead
# of recomputing them (the app's first call after a rebuild); a writable one computes them.
CHAIN_FACTS = """
WITH best AS (
    SELECT chain_id, firm_id, node_id, node_role, confidence, evidence, method, source_id
    FROM (SELECT chain_id, firm_id, node_id, role AS node_role, confidence, evidence, method,
                 source_id,
                 row_number() OVER (PARTITION BY chain_id, firm_id, node_id
                                    ORDER BY confidence DESC, method) AS rn
          FROM firm_node WHERE {only}) ranked
    WHERE rn = 1
),
labels AS (
    SELECT l.firm_id, string_agg(l.label, ';' ORDER BY l.label) AS labels
    FROM (SELECT DISTINCT firm_id, label FROM firm_label
          WHERE firm_id IN (SELECT firm_id FROM firm_node) AND {only}) l
    GROUP BY l.firm_id
),
plan AS (
    SELECT c.chain_id, c.firm_id, min(c.plan_designation) AS plan_designation
    FROM firm_chain c WHERE c.source_id = 'plan' AND {only} GROUP BY c.chain_id, c.firm_id
)
SELECT b.chain_id, b.firm_id, f.name, b.node_id, b.node_role, b.confidence, b.evidence,
       b.method, b.source_id, f.adcode, f.precision, f.role AS firm_role, f.kind,
       f.revenue_yi, f.employees, r.name AS region_name, r.label_lon, r.label_lat,
       r.province_id, lab.labels, p.plan_designation
FROM best b JOIN dim_firm f ON f.firm_id = b.firm_id
LEFT JOIN dim_region r ON r.region_id = f.adcode
LEFT JOIN labels lab ON lab.firm_id = b.firm_id
LEFT JOIN plan p ON p.chain_id = b.chain_id AND p.firm_id = b.firm_id
ORDER BY b.chain_id, b.node_id, b.confidence DESC, b.firm_id
"""
ALL_CHAIN_FACTS_SQL = CHAIN_FACTS.format(only="true")


def chain_facts_sql(only: str) -> str:
    """ALL_CHAIN_FACTS_SQL's rows of some firms only (``only``: SQL of their ids): what a
    build that added one batch computes again (etl/derive.py)."""
    return CHAIN_FACTS.format(only=f"firm_id IN ({only})")

# Firms per chain and area (chainmap.views.overview; stored as agg_firms_by_chain_district):
# a district or zone of Chongqing by name; elsewhere in China (a national registry: every
# district of the country) all in one column. The area names are overview.OUTSIDE,
# CITY_ONLY and ZONE.
FIRMS_BY_CHAIN_DISTRICT_SQL = (
    "SELECT c.chain_id, "
    "  CASE WHEN f.precision = 'district' AND f.adcode LIKE '50%' THEN r.name "
    "       WHEN f.precision = 'zone' AND f.adcode LIKE 'Z50%' THEN r.name || '（功能区）' "
    "       WHEN f.adcode = '500000' THEN '区县不详' ELSE '重庆市外/未知' END AS area, "
    "  count(DISTINCT f.firm_id) AS firms "
    "FROM firm_chain c JOIN dim_firm f ON f.firm_id = c.firm_id "
    "LEFT JOIN dim_region r ON r.region_id = f.adcode "
    "GROUP BY 1, 2 ORDER BY 1, 2")

# Per firm, what the registry table shows beside dim_firm: its chains (each once, however
# many sources place it there), labels and number of sources, each one aggregate (column ->
# expression, table). The build stores them for every firm as agg_firm_list (etl/derive.py),
# so a read-only connection sorts by them without aggregating a million firms
# (chainmap.views.firm_search).
PER_FIRM = {
    "chains": ("array_to_string(list_sort(list(DISTINCT chain_id)), ', ')", "firm_chain"),
    "labels": ("array_to_string(list_sort(list(DISTINCT label)), ', ')", "firm_label"),
    "n_sources": ("count(DISTINCT source_id)", "firm_location_fact"),
}


def per_firm(column: str, only: str = "true") -> str:
    expression, table = PER_FIRM[column]
    return (f"SELECT firm_id, {expression} AS {column} FROM {table} "  # noqa: S608 (constants)
            f"WHERE {only} GROUP BY firm_id")


# the three for every firm (or, with ``{only}``/``{only_f}``, some firms: a page); a firm
# counts its dim_firm row as one source
FIRM_LIST_SQL = f"""
SELECT f.firm_id, c.chains, b.labels, coalesce(s.n_sources, 0) + 1 AS n_sources
FROM dim_firm f
LEFT JOIN ({per_firm("chains", "{only}")}) c ON c.firm_id = f.firm_id
LEFT JOIN ({per_firm("labels", "{only}")}) b ON b.firm_id = f.firm_id
LEFT JOIN ({per_firm("n_sources", "{only}")}) s ON s.firm_id = f.firm_id
WHERE {{only_f}}"""  # noqa: S608 (our constants)
