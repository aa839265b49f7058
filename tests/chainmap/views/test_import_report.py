"""Import reports (chainmap.views.import_report) on the toy database."""

from __future__ import annotations

from chainmap.views.import_report import query_import_firms
from tests.chainmap.twice_sourced import BATCH, twice_sourced_connection


def test_an_imported_firm_lists_each_node_once_with_its_best_confidence():
    """Firm A is on toy.body by the plan (0.9) and by the import's rule (0.6)."""
    with twice_sourced_connection() as con:
        firms = query_import_firms(con, BATCH)
    assert list(firms["firm_id"]) == ["A"]
    assert firms.loc[0, "nodes"] == "toy.body 0.9"
    assert firms.loc[0, "node_names"] == "整机 0.9"
