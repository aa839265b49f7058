"""What an import did, read from the built database: its report, its rows, its quarantine.

These are read-only queries (the app's import and quarantine views use them too).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import duckdb
import pandas as pd

from chainmap.selection import lang_of
from chainmap.text.catalogue import (
    IMPORT_REASONS,
    QUARANTINE_FILE_COLUMNS,
    QUARANTINE_STATUSES,
    RAW_FIELDS,
    words,
)

__all__ = ["QUARANTINE_STATUS", "RAW_FIELDS", "REASONS", "count_quarantine",
           "iter_quarantine_tables", "quarantine_table", "query_batch_covers",
           "query_import_batches", "query_import_firms", "query_import_report",
           "query_quarantine", "query_quarantine_counts", "query_review", "raw_fields",
           "raw_values"]

# why an input row was rejected (an error) or flagged (a warning): each code's severity; its
# words are the text catalogue's (chainmap.text.catalogue IMPORT_REASONS)
SEVERITY: dict[str, str] = {
    **dict.fromkeys(("missing_name", "name_too_long", "cell_too_long", "not_a_data_row",
                     "inactive_status", "bad_record", "missing_party", "self_link",
                     "unknown_company", "unknown_firm", "not_a_product"), "error"),
    **dict.fromkeys(("invalid_uscc", "address_unresolved", "address_conflict",
                     "capital_unparsed", "capital_currency", "date_unparsed",
                     "duplicate_in_file", "status_moved", "review_match", "low_weight",
                     "delisted"), "warning"),
}
# code -> (severity, 中文, English)
REASONS: dict[str, tuple[str, str, str]] = {
    code: (SEVERITY[code], *IMPORT_REASONS[code]) for code in IMPORT_REASONS}


def query_import_batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM import_batch ORDER BY seq").df()


# a quarantined row's status -> (中文, English): the text catalogue's
QUARANTINE_STATUS = QUARANTINE_STATUSES
QUARANTINE_WHERE = "(? IS NULL OR batch_id = ?) AND (? IS NULL OR status = ?)"


def count_quarantine(con: duckdb.DuckDBPyConnection, batch_id: str | None = None,
                     status: str | None = None) -> int:
    sql = f"SELECT count(*) FROM import_quarantine WHERE {QUARANTINE_WHERE}"  # noqa: S608
    return int(con.execute(sql, [batch_id, batch_id, status, status]).fetchone()[0])


def query_quarantine(con: duckdb.DuckDBPyConnection, batch_id: str | None = None,
                     status: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Quarantined and flagged rows (the first ``limit`` of them), with their reasons spelt
    out in Chinese and English."""
    limit = limit if limit is not None else 1 << 62
    return _with_reasons(con.execute(
        f"SELECT {QUARANTINE_COLUMNS} FROM import_quarantine "  # noqa: S608 (constants)
        f"WHERE {QUARANTINE_WHERE} ORDER BY {QUARANTINE_ORDER} LIMIT ?",
        [batch_id, batch_id, status, status, limit]).df())


QUARANTINE_COLUMNS = "batch_id, file, row_no, stage, status, reasons, raw"
QUARANTINE_ORDER = "batch_id, file, row_no, stage"


def _with_reasons(frame: pd.DataFrame) -> pd.DataFrame:
    frame["reasons_zh"] = _spelt(frame["reasons"], 0)
    frame["reasons_en"] = _spelt(frame["reasons"], 1)
    return frame


def _ordered_ids(con: duckdb.DuckDBPyConnection, params: list) -> list[int]:
    """The quarantine's row ids in its order (sorting the narrow key, not the rows)."""
    return con.execute(f"SELECT rowid FROM import_quarantine WHERE {QUARANTINE_WHERE} "  # noqa: S608
                       f"ORDER BY {QUARANTINE_ORDER}", params).fetchnumpy()["rowid"].tolist()


def _chunks(con: duckdb.DuckDBPyConnection, columns: str, ids: list[int],
            rows: int) -> Iterator[pd.DataFrame]:
    """The rows ``ids`` in that order, ``rows`` at a time: each piece is read by its ids, so
    only a piece's rows are held (sorting a million-row import's whole quarantine by its
    key took 650 MB in DuckDB; its ids, a few)."""
    for start in range(0, len(ids), rows):
        part = ids[start:start + rows]
        frame = con.execute(f"SELECT rowid AS rid, {columns} FROM import_quarantine "  # noqa: S608
                            "WHERE rowid IN (SELECT unnest(?))", [part]).df()
        yield frame.set_index("rid").loc[part].reset_index(drop=True)


def _spell(reasons: str, lang: int) -> str:
    return "；".join(REASONS.get(c, ("", c, c))[lang + 1] for c in str(reasons).split(";") if c)


def _spelt(reasons: pd.Series, lang: int) -> pd.Series:
    """``_spell`` of each value, once per distinct value (a few dozen in a million rows)."""
    names = {r: _spell(r, lang) for r in reasons.dropna().unique()}
    return reasons.map(names)


def query_quarantine_counts(con: duckdb.DuckDBPyConnection, batch_id: str | None = None,
                            status: str | None = None) -> pd.DataFrame:
    """Quarantined rows per batch, status and reason (a row counts once per reason)."""
    sql = ("SELECT batch_id, status, code, count(*) AS rows FROM (SELECT batch_id, status, "  # noqa: S608
           "unnest(string_split(reasons, ';')) AS code FROM import_quarantine "
           f"WHERE {QUARANTINE_WHERE}) q WHERE code <> '' GROUP BY ALL ORDER BY ALL")
    return con.execute(sql, [batch_id, batch_id, status, status]).df()


def query_review(con: duckdb.DuckDBPyConnection, batch_id: str | None = None) -> pd.DataFrame:
    """The review band: imported rows that may be a known firm, not merged (one row per
    candidate), with the candidate's name."""
    return con.execute(
        "SELECT batch_id, row_no, full_name, candidate_id, candidate_name, reason "
        "FROM resolution_review WHERE (? IS NULL OR batch_id = ?) "
        "ORDER BY batch_id, row_no, candidate_id", [batch_id, batch_id]).df()


# the first columns of a quarantine file; none is a column name an importer reads
# (etl.importers.registry.SYNONYMS: "status" would be read as 登记状态), so the corrected file
# imports again as it is
QUARANTINE_HEADERS = {lang: tuple(words(QUARANTINE_FILE_COLUMNS, lang).values())
                      for lang in ("zh", "en")}
FIELD_KINDS = ("qcc", "csv")  # batches whose raw values are registry fields


def raw_values(raw) -> dict | None:
    """A row's input values (the importers keep them as a JSON object), or None when its raw
    text is not one (a resolution note such as 'X ≈ Y')."""
    if not isinstance(raw, str) or not raw.startswith("{"):
        return None
    try:
        values = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return values if isinstance(values, dict) else None


# an input field -> (中文, English): the text catalogue's (chainmap.text.catalogue RAW_FIELDS)


def raw_fields(raw, lang: str = "zh") -> list[tuple[str, str]] | None:
    """A row's input values as (field name in ``lang``, value) pairs, in the file's order;
    a field the table does not know keeps its key. None when the raw text is not a set of
    values (a resolution note such as 'X ≈ Y')."""
    values = raw_values(raw)
    if values is None:
        return None
    col = 1 if lang == "en" else 0
    return [(RAW_FIELDS[k][col] if k in RAW_FIELDS else str(k), "" if v is None else str(v))
            for k, v in values.items()]


QUARANTINE_CHUNK = 10_000  # rows per piece of a quarantine written out (iter_quarantine_tables)


def iter_quarantine_tables(con: duckdb.DuckDBPyConnection, batch_id: str | None = None,
                           status: str | None = None, lang: str = "zh",
                           fields: dict[str, str] | None = None,
                           rows: int = QUARANTINE_CHUNK) -> Iterator[pd.DataFrame]:
    """Every quarantined row as a person fixes it, in pieces of about ``rows`` rows with the
    same columns, so a quarantine of any size is written out in bounded memory: where the row
    came from, what happened and why, then its input values, one column per field (in the
    order first met). A registry batch's fields are named by ``fields`` (its own column
    names), so its rows, corrected, import again as they are; other kinds keep their own
    keys. A raw text that is not a set of values is kept as it is.

    The columns are found by a first pass over the raw texts alone; nothing is yielded when
    there is no row."""
    ids = _ordered_ids(con, [batch_id, batch_id, status, status])
    kinds = dict(con.execute("SELECT batch_id, kind FROM import_batch").fetchall())
    named = fields or {}

    def values(frame: pd.DataFrame) -> tuple[list[dict], list]:
        parsed = [raw_values(r) for r in frame["raw"]]
        rows_ = [{(named.get(k, k) if kinds.get(b) in FIELD_KINDS else k): v
                  for k, v in (p or {}).items()}
                 for p, b in zip(parsed, frame["batch_id"], strict=True)]
        texts = [r if p is None and isinstance(r, str) else None
                 for p, r in zip(parsed, frame["raw"], strict=True)]
        return rows_, texts

    en = 1 if lang == "en" else 0
    heads = QUARANTINE_HEADERS[lang_of(lang)]
    keys: dict[str, None] = {}
    any_text = False
    for frame in _chunks(con, "batch_id, raw", ids, rows):
        rows_, texts = values(frame)
        any_text = any_text or any(t is not None for t in texts)
        keys.update((k, None) for values_ in rows_ for k in values_)
    fixed = [*heads[:6], *([heads[6]] if any_text else [])]
    keys_ = [k for k in keys if k not in fixed]
    for frame in _chunks(con, QUARANTINE_COLUMNS, ids, rows):
        frame = _with_reasons(frame)
        out = pd.DataFrame({
            heads[0]: frame["batch_id"], heads[1]: frame["file"], heads[2]: frame["row_no"],
            heads[3]: frame["status"].map(lambda v: QUARANTINE_STATUS.get(v, (v, v))[en]),
            heads[4]: frame["reasons_en" if en else "reasons_zh"], heads[5]: frame["reasons"]})
        rows_, texts = values(frame)
        if any_text:
            out[heads[6]] = texts
        yield pd.concat([out, pd.DataFrame.from_records(rows_, columns=keys_,
                                                        index=out.index)], axis=1)


def quarantine_table(con: duckdb.DuckDBPyConnection, batch_id: str | None = None,
                     status: str | None = None, lang: str = "zh",
                     fields: dict[str, str] | None = None) -> pd.DataFrame:
    """``iter_quarantine_tables`` in one frame (for a workbook or a view; a file of any size
    is written piece by piece instead: chainmap.render.export.csv_chunks)."""
    pieces = list(iter_quarantine_tables(con, batch_id, status, lang, fields))
    if pieces:
        return pd.concat(pieces, ignore_index=True)
    return pd.DataFrame(columns=list(QUARANTINE_HEADERS[lang_of(lang)][:6]))


def query_import_firms(con: duckdb.DuckDBPyConnection, batch_id: str,
                       limit: int | None = None) -> pd.DataFrame:
    """The batch's rows as firms: where each went (new or merged), its region and nodes (each
    node once, with its highest confidence among the sources placing the firm there)."""
    return con.execute(
        "SELECT s.row_no, s.source_key, s.firm_id, f.name, f.full_name, s.match_method, "
        "s.matched_existing, f.role, f.adcode, r.name AS region_name, f.precision, "
        "n.nodes, n.node_names "
        "FROM firm_source s JOIN dim_firm f ON f.firm_id = s.firm_id "
        "LEFT JOIN dim_region r ON r.region_id = f.adcode "
        "LEFT JOIN (SELECT fn.firm_id, "
        "  string_agg(fn.node_id || ' ' || CAST(fn.confidence AS VARCHAR), '; ' "
        "    ORDER BY fn.confidence DESC, fn.node_id) AS nodes, "
        "  string_agg(d.name_zh || ' ' || CAST(fn.confidence AS VARCHAR), '；' "
        "    ORDER BY fn.confidence DESC, fn.node_id) AS node_names "
        "  FROM (SELECT firm_id, node_id, max(confidence) AS confidence FROM firm_node "
        "        WHERE firm_id IN (SELECT firm_id FROM firm_source WHERE batch_id = ?) "
        "        GROUP BY firm_id, node_id) fn "
        "  JOIN dim_chain_node d ON d.node_id = fn.node_id "
        "  GROUP BY fn.firm_id) n ON n.firm_id = s.firm_id "
        "WHERE s.batch_id = ? ORDER BY s.row_no LIMIT ?",
        [batch_id, batch_id, limit if limit is not None else 1 << 62]).df()


def _reasons(con, batch_id: str) -> dict[str, int]:
    """How many of the batch's quarantined rows have each reason (in SQL: no row leaves)."""
    counts = query_quarantine_counts(con, batch_id).groupby("code")["rows"].sum()
    return {code: int(n) for code, n in counts.items()}


def _firm_stats(con, batch_id: str, source_id: str) -> dict:
    by = dict(con.execute(
        "SELECT f.precision, count(DISTINCT f.firm_id) FROM firm_source s "
        "JOIN dim_firm f ON f.firm_id = s.firm_id WHERE s.batch_id = ? GROUP BY f.precision "
        "ORDER BY f.precision", [batch_id]).fetchall())
    roles = dict(con.execute(
        "SELECT f.role, count(DISTINCT f.firm_id) FROM firm_source s "
        "JOIN dim_firm f ON f.firm_id = s.firm_id WHERE s.batch_id = ? GROUP BY f.role "
        "ORDER BY f.role", [batch_id]).fetchall())
    firms, with_nodes = con.execute(
        "SELECT count(DISTINCT s.firm_id), count(DISTINCT n.firm_id) FROM firm_source s "
        "LEFT JOIN firm_node n ON n.firm_id = s.firm_id WHERE s.batch_id = ?",
        [batch_id]).fetchone()
    counts = {t: con.execute(f"SELECT count(*) FROM {t} WHERE source_id = ?",  # noqa: S608
                             [source_id]).fetchone()[0]
              for t in ("firm_node", "fct_supply_link", "fct_product_supply")}
    return {"firms": firms, "firms_by_precision": by, "firms_by_role": roles,
            "firms_with_nodes": with_nodes, "node_assignments": counts["firm_node"],
            "supply_links": counts["fct_supply_link"],
            "product_links": counts["fct_product_supply"]}


def query_import_report(con: duckdb.DuckDBPyConnection, batch_id: str,
                        file_warnings: list[str] | None = None, review_limit: int = 20) -> dict:
    """The report of one batch: rows, accepted, merged, quarantined, warnings, …"""
    row = con.execute("SELECT * FROM import_batch WHERE batch_id = ?", [batch_id]).df()
    if row.empty:
        raise KeyError(f"no import batch {batch_id!r} in this database")
    b = row.iloc[0]
    reasons = _reasons(con, batch_id)
    review = con.execute(
        "SELECT row_no, full_name, candidate_id, candidate_name, reason FROM resolution_review "
        "WHERE batch_id = ? ORDER BY row_no, candidate_id", [batch_id]).df()
    warnings = list(file_warnings or []) + [
        f"{code}: {n} ({REASONS.get(code, ('', code, code))[1]})" for code, n in reasons.items()]
    return {
        "batch": batch_id, "kind": b["kind"], "source_id": b["source_id"],
        "input": b["input_path"], "sha256": b["sha256"], "imported_at": b["imported_at"],
        "rows": int(b["rows"]), "accepted": int(b["accepted"]), "merged": int(b["merged"]),
        "quarantined": int(b["quarantined"]), "warnings": warnings,
        "file_warnings": list(file_warnings or []),
        "flagged": int(b["flagged"]), "new_firms": int(b["new_firms"]),
        "matched_existing": int(b["matched_existing"]), "reasons": reasons,
        "review_count": len(review),
        "review": review.head(review_limit).to_dict("records"),
        **_firm_stats(con, batch_id, b["source_id"]),
        "covers": query_batch_covers(con, batch_id),
        "duplicate_of": None,
    }


def query_batch_covers(con: duckdb.DuckDBPyConnection, batch_id: str) -> list[dict]:
    """The regions a registry batch lists every firm of: region, name, ``declared`` (--covers)
    or ``inferred`` (chainmap.analytics.data_coverage)."""
    rows = con.execute(
        "SELECT DISTINCT c.cover_id, coalesce(r.name, c.cover_id), c.basis "
        "FROM agg_region_coverage c LEFT JOIN dim_region r ON r.region_id = c.cover_id "
        "WHERE c.batch_id = ? ORDER BY 1", [batch_id]).fetchall()
    return [{"region": r[0], "name": r[1], "basis": r[2]} for r in rows]
