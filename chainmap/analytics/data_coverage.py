"""What the loaded data can say about a region: which sources place firms there, whether one
of them lists every firm there, and which nodes the plan says Chongqing lacks.

A node with no known firm in a region is only *missing* (缺失) when a source says so:

- ``registry``: an enterprise-registry import (kinds qcc, csv) covers the region, so a firm
  that is not in the data is not there. A batch covers the regions it declares
  (``chainmap import … --covers``, table ``import_batch_cover``) or, when it declares none,
  the smallest region (district, city or province) holding at least ``INFER_SHARE`` of its
  located firms when that is at least ``INFER_MIN_FIRMS`` firms. A region is covered when
  it, or a region containing it, is covered (a group such as 成渝 when all its provinces are);
- ``plan``: the plan seeks to attract a firm for the node (a firm of role ``attract`` on it,
  the plan's 补链/引进 sentences). The plan is about Chongqing: this holds for 500000 and
  every region inside it.

Otherwise the node is ``unknown`` (未覆盖): no loaded source names a firm there, which is not
the same as there being none. The build stores the coverage (``agg_region_coverage``) and
the firms each source places in each region (``agg_source_places``) (etl/derive.py); a
writable connection computes them from the same SQL (chainmap.aggregates).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from chainmap.aggregates import (
    INFER_MIN_FIRMS,
    INFER_SHARE,
    REGION_COVERAGE_SQL,
    REGISTRY_KINDS,
    SOURCE_PLACES_SQL,
)
from chainmap.analytics.facts import CONFIRMED, PRODUCING_ROLES
from chainmap.analytics.region import query_region
from chainmap.cache import memoised
from chainmap.db import stored_table
from chainmap.text.captions import caption

__all__ = ["INFER_MIN_FIRMS", "INFER_SHARE", "PLAN_REGION", "REGISTRY_KINDS", "GapBasis",
           "query_covered_regions", "query_data_coverage", "query_gap_basis", "source_scope"]

PLAN_REGION = "500000"  # the plan's sentences speak for Chongqing and the regions inside it
# dim_source kinds that locate or describe firms but do not list them (a web page cited for
# one firm's district, the division table, the chain templates …)
NOT_FIRM_LISTS = ("web_page", "geo_package", "reference", "standard", "curated")

# Nodes the plan seeks a producer for: a firm it would attract (拟引进) makes the node
# (confirmed, not marginal evidence), by the plan's own evidence (its text, the pages cited
# for its firms, the planners' corrections), not by a rule run over an imported or shipped
# firm list that matched the firm.
PLAN_SOUGHT = """
SELECT DISTINCT n.node_id FROM firm_node n JOIN dim_firm f ON f.firm_id = n.firm_id
WHERE f.role = 'attract' AND n.role IN {roles} AND n.confidence >= {confirmed}
  AND n.source_id IN (SELECT source_id FROM dim_source
                      WHERE kind IN ('plan_text', 'web_page', 'curated'))
"""
PLAN_SOUGHT_SQL = PLAN_SOUGHT.format(roles=PRODUCING_ROLES, confirmed=CONFIRMED)


@dataclass(frozen=True)
class GapBasis:
    """What lets a region's node with no known firm be called missing (``basis``)."""

    registry: bool = False  # an enterprise-registry import covers the region
    plan_nodes: frozenset[str] = frozenset()  # nodes the plan seeks firms for, here

    def basis(self, node_id: str) -> str | None:
        """``registry``, ``plan`` or None (then a node with no known firm is unknown)."""
        if self.registry:
            return "registry"
        return "plan" if node_id in self.plan_nodes else None


def _table(con: duckdb.DuckDBPyConnection, stored: str, sql: str) -> str:
    """The build's table, or the SQL it stands for (a writable connection, an old build)."""
    return stored if stored_table(con, stored) else f"({sql})"


def _has_cover_table(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has import_batch_cover (a build from before it has not)."""
    return memoised(con, "has_import_batch_cover", lambda: bool(con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'import_batch_cover' "
        "AND database_name = current_database()").fetchone()[0]))


def _coverage_rows(con: duckdb.DuckDBPyConnection, region: str) -> list[tuple]:
    """(batch_id, source_id, cover_id, basis) of every registry batch covering ``region``."""
    if not stored_table(con, "agg_region_coverage") and not _has_cover_table(con):
        return []
    table = _table(con, "agg_region_coverage", REGION_COVERAGE_SQL)
    return memoised(con, ("region_coverage", region), lambda: [tuple(r) for r in con.execute(
        f"SELECT DISTINCT batch_id, source_id, cover_id, basis FROM {table} c "  # noqa: S608
        "WHERE region_id = ? ORDER BY batch_id", [region]).fetchall()])


def _plan_nodes(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    return memoised(con, "plan_sought_nodes", lambda: frozenset(
        r[0] for r in con.execute(PLAN_SOUGHT_SQL).fetchall()))


def _in_plan_region(con: duckdb.DuckDBPyConnection, region: str) -> bool:
    return memoised(con, ("in_plan_region", region), lambda: bool(con.execute(
        "SELECT count(*) FROM region_closure WHERE ancestor_id = ? AND descendant_id = ?",
        [PLAN_REGION, region]).fetchone()[0]))


def query_gap_basis(con: duckdb.DuckDBPyConnection, region: str) -> GapBasis:
    """What in the data can call a node with no known firm in ``region`` missing."""
    plan = _plan_nodes(con) if _in_plan_region(con, region) else frozenset()
    return GapBasis(registry=bool(_coverage_rows(con, region)), plan_nodes=plan)


def source_scope(source_kind: str, batch_kind: str | None, title: str) -> str:
    """What a source lists: ``plan`` (the firms the plan names), ``registry`` (every
    registered firm of what it covers), ``listed`` (listed companies), ``green`` (green
    factories), ``links`` (firms in supply links), or ``list`` (some other firm list)."""
    if source_kind == "plan_text":
        return "plan"
    if batch_kind is not None:
        return {"qcc": "registry", "csv": "registry", "tushare": "listed",
                "chainkg": "listed", "links": "links"}.get(batch_kind, "list")
    text = f"{source_kind} {title}".lower()
    if "上市" in text or "listed" in text or "stock" in text:
        return "listed"
    if "绿色" in text or "green" in text:
        return "green"
    return "list"


SOURCES_SQL = """
SELECT s.source_id, s.title, s.kind, b.batch_id, b.kind AS batch_kind, b.seq
FROM dim_source s LEFT JOIN import_batch b ON b.source_id = s.source_id
WHERE s.source_id IN (SELECT unnest(?))
"""


def _source_counts(con: duckdb.DuckDBPyConnection, region: str) -> dict[str, int]:
    table = _table(con, "agg_source_places", SOURCE_PLACES_SQL)
    return dict(con.execute(
        f"SELECT p.source_id, sum(p.firms)::BIGINT FROM {table} p "  # noqa: S608
        "JOIN region_closure c ON c.descendant_id = p.adcode AND c.ancestor_id = ? "
        "GROUP BY p.source_id", [region]).fetchall())


def _names(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, tuple[str, str]]:
    """region_id -> (name, English name or the name)."""
    rows = con.execute("SELECT region_id, name, coalesce(name_en, name) FROM dim_region "
                       "WHERE region_id IN (SELECT unnest(?))", [ids]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def _data_coverage(con: duckdb.DuckDBPyConnection, region: str) -> dict:
    place = query_region(con, region)
    counts = _source_counts(con, region)
    covering = {source: (cover, basis) for _b, source, cover, basis in
                _coverage_rows(con, region)}
    ids = sorted(set(counts) | set(covering))
    rows = con.execute(SOURCES_SQL, [ids]).fetchall() if ids else []
    names = _names(con, sorted({region} | {c for c, _ in covering.values()}))
    sources = []
    for source_id, title, kind, batch_id, batch_kind, seq in rows:
        if kind in NOT_FIRM_LISTS and batch_id is None:
            continue
        cover, basis = covering.get(source_id, (None, None))
        sources.append({
            "source_id": source_id, "title": title, "batch_id": batch_id,
            "scope": source_scope(kind, batch_kind, title),
            "firms": int(counts.get(source_id, 0)), "exhaustive": source_id in covering,
            "covers": cover, "covers_name": names.get(cover, (cover, cover))[0],
            "covers_name_en": names.get(cover, (cover, cover))[1], "basis": basis,
            "_order": (0 if kind == "plan_text" else 1 if batch_id is None else 2, seq or 0,
                       title)})
    sources.sort(key=lambda s: s.pop("_order"))
    name, name_en = names.get(region, (place.name, place.name))
    if region == "chengyu":
        name_en = caption("region_chengyu", "en")
    return {"region": place.region_id, "region_name": name, "region_name_en": name_en,
            "exhaustive": bool(covering), "sources": sources}


def query_data_coverage(con: duckdb.DuckDBPyConnection, region: str) -> dict:
    """The sources that place firms in ``region``, each with its title, what it lists
    (``scope``: ``source_scope``), its firm count there, and whether it lists every firm
    there (``exhaustive``: a registry import covering the region, with the region it covers
    and whether that was ``declared`` or ``inferred``); ``exhaustive`` at the top: whether
    any does. Raises UnknownRegionError like query_region. Memoised per read-only
    connection; treat the result as read-only."""
    return memoised(con, ("data_coverage", region), lambda: _data_coverage(con, region))


def query_covered_regions(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The regions registry imports cover (each batch's own region, not every region inside
    it): region, name, English name, batch, source title, ``declared`` or ``inferred``."""
    if not stored_table(con, "agg_region_coverage") and not _has_cover_table(con):
        return []
    table = _table(con, "agg_region_coverage", REGION_COVERAGE_SQL)
    rows = memoised(con, "covered_regions", lambda: con.execute(
        "SELECT DISTINCT c.cover_id, coalesce(r.name, c.cover_id), "  # noqa: S608
        "coalesce(r.name_en, r.name, c.cover_id), c.batch_id, s.title, c.basis "
        f"FROM {table} c LEFT JOIN dim_region r ON r.region_id = c.cover_id "
        "LEFT JOIN dim_source s ON s.source_id = c.source_id "
        "ORDER BY 1, 4").fetchall())
    keys = ("region", "name", "name_en", "batch_id", "title", "basis")
    return [dict(zip(keys, r, strict=True)) for r in rows]
