"""Planner overrides that survive rebuilds (``data/overrides/``).

- ``firm_nodes.csv``: firm (id or name), node_id, action (add | remove), confidence,
  note, author. Applied after the imports on every build: ``remove`` deletes every
  assignment of that firm to that node (plan, rule or imported), ``add`` records a
  manual one.
- ``firm_merges.csv``: name (an imported firm's registered or short name), firm_id,
  action (merge | separate), note, author: confirm a merge from the review band, or
  keep two firms apart.
- ``chain_nodes.yaml``: extra nodes, keywords and edges for a chain template.

A bad line is a build error that names the file and the line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

__all__ = ["OverrideError", "check_firm_merges", "check_firm_nodes", "extend_templates",
           "load_firm_node_overrides", "read_chain_overrides"]

CHAIN_FILE = "overrides/chain_nodes.yaml"
NODE_DEFAULTS = {"parent": None, "plan_named": False, "plan_quote": None, "gbt4754": [],
                 "keywords": [], "source_id": "override_chain_nodes"}
TIERS = ("上游", "中游", "下游")


class OverrideError(ValueError):
    """An override line is malformed or names something unknown."""


def _line(frame: pd.DataFrame, position: int) -> int:
    return int(frame["line"].iloc[position]) if "line" in frame else position + 2


def check_firm_nodes(frame: pd.DataFrame, known_nodes: set[str]) -> pd.DataFrame:
    """Validated firm_nodes.csv rows with ``line`` and numeric ``confidence`` (add: default 0.9)."""
    out = frame.copy()
    out["line"] = range(2, len(out) + 2)
    confidence = []
    for i, row in enumerate(out.itertuples()):
        where = f"data/overrides/firm_nodes.csv line {_line(out, i)}"
        if row.action not in ("add", "remove"):
            raise OverrideError(f"{where}: action must be add or remove, not {row.action!r}")
        if not row.firm.strip():
            raise OverrideError(f"{where}: no firm (give a firm_id or a firm name)")
        if row.node_id not in known_nodes:
            raise OverrideError(f"{where}: unknown chain node {row.node_id!r}")
        try:
            value = float(row.confidence) if str(row.confidence).strip() else 0.9
        except ValueError:
            raise OverrideError(f"{where}: confidence {row.confidence!r} is not a number") from None
        if not 0 <= value <= 1:
            raise OverrideError(f"{where}: confidence must be between 0 and 1")
        confidence.append(value)
    return out.assign(confidence=confidence)


def check_firm_merges(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["line"] = range(2, len(out) + 2)
    for i, row in enumerate(out.itertuples()):
        where = f"data/overrides/firm_merges.csv line {_line(out, i)}"
        if row.action not in ("merge", "separate"):
            raise OverrideError(f"{where}: action must be merge or separate, not {row.action!r}")
        if not row.name.strip() or not row.firm_id.strip():
            raise OverrideError(f"{where}: both name and firm_id are needed")
    return out


class _LineLoader(yaml.SafeLoader):
    """YAML mappings remember the line they start on (``__line__``)."""


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def read_chain_overrides(data_dir: Path) -> dict:
    path = Path(data_dir) / CHAIN_FILE
    if not path.exists():
        return {}
    try:
        doc = yaml.load(path.read_text("utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        raise OverrideError(f"{CHAIN_FILE}: not valid YAML: {exc}") from exc
    return (doc or {}).get("chains") or {}


def _where(item, fallback: int | None = None) -> str:
    line = item.get("__line__") if isinstance(item, dict) else fallback
    return f"{CHAIN_FILE} line {line}" if line else CHAIN_FILE


def _add_nodes(chain: dict, spec: dict, known_codes: set[str]) -> None:
    ids = {n["id"] for n in chain["nodes"]}
    for node in spec.get("nodes") or []:
        where = _where(node, spec.get("__line__"))
        if not isinstance(node, dict) or not str(node.get("id", "")).startswith(chain["id"] + "."):
            raise OverrideError(f"{where}: a node needs an id starting with '{chain['id']}.'")
        if node["id"] in ids:
            raise OverrideError(f"{where}: node {node['id']} already exists")
        if node.get("tier") not in TIERS or not node.get("name_zh"):
            raise OverrideError(f"{where}: node {node['id']} needs name_zh and a tier "
                                f"({'/'.join(TIERS)})")
        unknown = [c for c in node.get("gbt4754") or [] if str(c) not in known_codes]
        if unknown:
            raise OverrideError(f"{where}: node {node['id']} has unknown GB/T codes {unknown}")
        chain["nodes"].append(NODE_DEFAULTS | {k: v for k, v in node.items() if k != "__line__"})
        ids.add(node["id"])


def _add_keywords(chain: dict, spec: dict) -> None:
    nodes = {n["id"]: n for n in chain["nodes"]}
    keywords = spec.get("keywords") or {}
    for node_id, words in keywords.items():
        if node_id == "__line__":
            continue
        if node_id not in nodes:
            raise OverrideError(f"{_where(keywords)}: keywords for unknown node {node_id}")
        nodes[node_id]["keywords"] = list(nodes[node_id].get("keywords") or []) + [
            str(w) for w in words if str(w) not in (nodes[node_id].get("keywords") or [])]


def _add_edges(chain: dict, spec: dict) -> None:
    ids = {n["id"] for n in chain["nodes"]}
    for edge in spec.get("edges") or []:
        if not isinstance(edge, list) or len(edge) != 2 or not set(edge) <= ids:
            raise OverrideError(f"{_where(spec)}: edge {edge} must be [supplier_node, "
                                "consumer_node] with nodes of this chain")
        chain["edges"] = [*(chain.get("edges") or []), edge]


def extend_templates(templates: list[dict], overrides: dict, known_codes: set[str],
                     ) -> list[dict]:
    """Chain templates with the override file's nodes, keywords and edges added."""
    by_id = {t["id"]: t for t in templates}
    out = {cid: dict(t, nodes=[dict(n) for n in t.get("nodes") or []],
                     edges=list(t.get("edges") or [])) for cid, t in by_id.items()}
    for chain_id, spec in overrides.items():
        if chain_id == "__line__":
            continue
        if chain_id not in out:
            raise OverrideError(f"{_where(spec, overrides.get('__line__'))}: unknown chain "
                                f"{chain_id!r}; one of {sorted(out)}")
        spec = spec or {}
        _add_nodes(out[chain_id], spec, known_codes)
        _add_keywords(out[chain_id], spec)
        _add_edges(out[chain_id], spec)
    return [out[t["id"]] for t in templates]


FIRM_LOOKUP = """
SELECT o.line, min(f.firm_id) AS firm_id, count(DISTINCT f.firm_id) AS n
FROM ovr_node o LEFT JOIN (
  SELECT firm_id, firm_id AS label FROM dim_firm
  UNION SELECT firm_id, name FROM dim_firm
  UNION SELECT firm_id, full_name FROM firm_name) f ON f.label = trim(o.firm)
GROUP BY o.line"""


def load_firm_node_overrides(con, frame: pd.DataFrame, only: str | None = None) -> None:
    """Apply checked firm_nodes.csv rows: removals first, then manual additions. ``only``:
    SQL of the firms whose rows to apply (a resumed build's: the others' rows are applied
    already); every row's firm is looked up and checked either way."""
    if frame.empty:
        return
    con.register("ovr_node", frame[["line", "firm", "node_id", "action", "confidence", "note",
                                    "author"]])
    try:
        found = con.execute(FIRM_LOOKUP).fetchall()
        for line, _firm_id, n in found:
            if n != 1:
                what = "names no known firm" if n == 0 else f"names {n} firms (use a firm_id)"
                raise OverrideError(f"data/overrides/firm_nodes.csv line {line}: {what}")
        ids = {line: firm_id for line, firm_id, _n in found}
        wanted = (None if only is None
                  else {r[0] for r in con.execute(only).fetchall()} & set(ids.values()))
        for row in frame.sort_values(["action", "line"], ascending=[False, True]).itertuples():
            if wanted is None or ids[row.line] in wanted:
                _apply_one(con, row, ids[row.line])
    finally:
        con.unregister("ovr_node")


def _apply_one(con, row, firm_id: str) -> None:
    if row.action == "remove":
        removed = con.execute("DELETE FROM firm_node WHERE firm_id = ? AND node_id = ? "
                              "AND source_id <> 'override_firm_nodes'",
                              [firm_id, row.node_id]).fetchone()[0]
    else:
        con.execute("DELETE FROM firm_node WHERE firm_id = ? AND node_id = ? AND "
                    "source_id = 'override_firm_nodes'", [firm_id, row.node_id])
        con.execute(
            "INSERT INTO firm_node SELECT ?, node_id, chain_id, 'maker', ?, ?, "
            "'override_firm_nodes', 'manual' FROM dim_chain_node WHERE node_id = ?",
            [firm_id, row.confidence, f"{row.note}（{row.author}）".strip(), row.node_id])
        removed = 0
    con.execute("INSERT INTO override_log VALUES ('data/overrides/firm_nodes.csv', ?, ?, ?, ?, "
                "?, ?, ?)", [int(row.line), row.action, firm_id, row.node_id, int(removed),
                             row.note, row.author])
