"""Precision and recall of the chain classifier on a labelled set of real firms.

    python -m bench.classify_eval [--set FILE ...] [--errors] [--json]

The labelled sets (tests/data/classify_*.csv; ``SETS``) hold real listed firms from across
China, each with
what an import would carry (short name, full name, Tushare industry, former names, main
products as a cited web page states them) and its labels (the chains its main business is
on, the nodes its products name), each label with its page (url, quote). Positives span the
12 chains; negatives are car, truck, bus and motorcycle makers, consumer-goods makers, PV,
nuclear and battery firms, out-of-scope equipment (semiconductor, lithium-battery, textile,
packaging, medical) and non-engine auto parts.

The classifier runs alone (``etl.classify``: node rules, then the firm x chain score) over
those inputs in an in-memory database holding the shipped chains and reference tables;
no curated assignment is read, so the figures are what a user's own import gets. Two
profiles: ``registry`` (names and industry only: a bare list of listed firms) and ``full``
(plus products and former names). Chain level: over firm x chain pairs (a firm placed on a
chain it is not labelled with is a false positive, on none of its labelled chains a false
negative). Node level: over the firms with labelled nodes, the node assignments on chains
the firm is placed on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb
import pandas as pd

from etl.classify import CLS_TEXT_SQL, TEXT_KEYWORDS_SQL, chain_score_sql, node_sql
from etl.pipeline import build_tables, load_tables
from etl.read import read_curated
from etl.reference import read_classifier_reference

__all__ = ["PROFILES", "SETS", "classify_set", "evaluate", "read_eval_set", "read_eval_sets",
           "score"]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DEFAULT_SET = DATA / "classify_eval.csv"
# name -> file: the set the rules were developed on, and two sets labelled later by people
# who did not see the rules (docs/methods.md gives the figures of each before and after)
SETS = {"dev": DEFAULT_SET, "holdout1": DATA / "classify_holdout.csv",
        "holdout2": DATA / "classify_holdout2.csv"}
PROFILES = {"registry": ("name", "industry"),
            "full": ("name", "industry", "products", "former_names")}


def read_eval_set(path: Path = DEFAULT_SET) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.assign(firm_id=[f"e{i:04d}" for i in range(len(frame))])


def read_eval_sets(paths: dict[str, Path]) -> pd.DataFrame:
    """Several sets as one (column ``set``: its name), firm ids unique across them."""
    frames = [read_eval_set(p).assign(set=name) for name, p in paths.items()]
    out = pd.concat(frames, ignore_index=True)
    return out.assign(firm_id=[f"e{i:04d}" for i in range(len(out))])


def _ids(value: str) -> set[str]:
    return {v for v in value.split(";") if v}


def _inputs(evalset: pd.DataFrame, signals: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    names, products, industries = [], [], []
    for r in evalset.itertuples():
        if "name" in signals:
            names.append((r.firm_id, r.fullname or r.name))
        if "former_names" in signals:
            names += [(r.firm_id, n) for n in _ids(r.former_names)]
        if "products" in signals and r.products:
            products.append((r.firm_id, r.products))
        if "industry" in signals and r.tushare_industry:
            industries.append((r.firm_id, r.tushare_industry))
    return {
        "firm_name": pd.DataFrame({"firm_id": [n[0] for n in names],
                                   "full_name": [n[1] for n in names], "source_id": "eval",
                                   "method": "imported_file"}),
        "firm_product": pd.DataFrame({"firm_id": [p[0] for p in products],
                                      "product": [p[1] for p in products], "weight": None,
                                      "source_id": "eval"}).astype({"weight": float}),
        "firm_industry": pd.DataFrame({"firm_id": [i[0] for i in industries],
                                       "scheme": "tushare", "code": None,
                                       "name": [i[1] for i in industries], "source_id": "eval"}),
    }


def classify_set(evalset: pd.DataFrame, signals: tuple[str, ...], data_dir: Path = ROOT / "data",
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(firm x chain scores, node assignments) the classifier gives the set's firms."""
    con = duckdb.connect()
    try:
        load_tables(con, build_tables(read_curated(data_dir)))
        con.execute("DELETE FROM firm_name; DELETE FROM firm_node; DELETE FROM firm_chain")
        for table, frame in {**read_classifier_reference(data_dir),
                             **_inputs(evalset, signals)}.items():
            con.register("frame_in", frame)
            columns = ", ".join(frame.columns)
            # our own table and column names (CLASSIFIER_TABLES, _inputs), never input text
            con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM frame_in")  # noqa: S608
            con.unregister("frame_in")
        # CLS_TEXT_SQL reads former names of firms a source lists
        con.execute("INSERT INTO firm_source SELECT DISTINCT firm_id, 'eval', NULL, firm_id, "
                    "'new', false FROM firm_name")
        con.execute(f"CREATE TEMP TABLE cls_text AS {CLS_TEXT_SQL}")
        con.execute(f"CREATE TEMP TABLE cls_text_kw AS {TEXT_KEYWORDS_SQL}")
        con.execute(f"CREATE TEMP TABLE cls_nodes AS {node_sql()}")
        scores = con.execute(chain_score_sql()).df()
        nodes = con.execute(
            "SELECT n.firm_id, n.node_id, n.chain_id, n.confidence FROM cls_nodes n "  # noqa: S608
            f"JOIN ({chain_score_sql()}) s ON s.firm_id = n.firm_id "
            "AND s.chain_id = n.chain_id AND s.status = 'chain'").df()
    finally:
        con.close()
    return scores, nodes


def score(expected: dict[str, set[str]], got: dict[str, set[str]]) -> dict:
    tp = sum(len(expected[f] & got.get(f, set())) for f in expected)
    fp = sum(len(got.get(f, set()) - expected[f]) for f in expected)
    fn = sum(len(expected[f] - got.get(f, set())) for f in expected)
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None}


def evaluate(evalset: pd.DataFrame, signals: tuple[str, ...]) -> dict:
    scores, nodes = classify_set(evalset, signals)
    placed = scores[scores["status"] == "chain"]
    got_chain = placed.groupby("firm_id")["chain_id"].agg(set).to_dict()
    review = scores[scores["status"] == "review"].groupby("firm_id")["chain_id"].agg(set).to_dict()
    exp_chain = {r.firm_id: _ids(r.expected_chains) for r in evalset.itertuples()}
    with_nodes = evalset[evalset["expected_nodes"] != ""]
    exp_node = {r.firm_id: _ids(r.expected_nodes) for r in with_nodes.itertuples()}
    got_node = nodes.groupby("firm_id")["node_id"].agg(set).to_dict()
    negatives = evalset[evalset["expected_chains"] == ""]
    per_chain = {}
    for chain in sorted({c for s in exp_chain.values() for c in s}):
        e = {f: {chain} & s for f, s in exp_chain.items()}
        g = {f: {chain} & got_chain.get(f, set()) for f in exp_chain}
        per_chain[chain] = score(e, g)
    errors = []
    for r in evalset.itertuples():
        exp, got = exp_chain[r.firm_id], got_chain.get(r.firm_id, set())
        if exp != got:
            errors.append({"name": r.name, "expected": sorted(exp), "got": sorted(got),
                           "review": sorted(review.get(r.firm_id, set())),
                           "category": r.category})
    return {"signals": list(signals), "firms": len(evalset),
            "positives": int((evalset["expected_chains"] != "").sum()),
            "negatives": len(negatives),
            "chain": score(exp_chain, got_chain),
            "node": score(exp_node, {f: got_node.get(f, set()) for f in exp_node}),
            "node_firms": len(exp_node),
            "negatives_placed": sum(1 for f in negatives["firm_id"] if got_chain.get(f)),
            "review_pairs": int((scores["status"] == "review").sum()),
            "per_chain": per_chain, "errors": errors}


def _pct(value: float | None) -> str:
    return "  –  " if value is None else f"{value * 100:5.1f}%"


def _print(result: dict, errors: bool) -> None:
    c, n = result["chain"], result["node"]
    print(f"profile {'+'.join(result['signals'])}: {result['firms']} firms "
          f"({result['positives']} on chains, {result['negatives']} on none)")
    print(f"  chain level  precision {_pct(c['precision'])}  recall {_pct(c['recall'])}  "
          f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']}); negatives placed on a chain: "
          f"{result['negatives_placed']}; pairs sent to review: {result['review_pairs']}")
    print(f"  node level   precision {_pct(n['precision'])}  recall {_pct(n['recall'])}  "
          f"(tp {n['tp']}, fp {n['fp']}, fn {n['fn']}; {result['node_firms']} firms with "
          "labelled nodes)")
    print("  per chain    " + "  ".join(
        f"{k} {_pct(v['precision']).strip()}/{_pct(v['recall']).strip()}"
        for k, v in result["per_chain"].items()))
    if errors:
        for e in result["errors"]:
            print(f"    {e['name']}: expected {e['expected']} got {e['got']}"
                  + (f" review {e['review']}" if e["review"] else "") + f" [{e['category']}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="chain classifier precision and recall")
    parser.add_argument("--set", type=Path, action="append", default=None,
                        help="a labelled CSV (repeatable; default: the three shipped sets)")
    parser.add_argument("--errors", action="store_true", help="list every misclassified firm")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    paths = {p.stem: p for p in args.set} if args.set else SETS
    every = read_eval_sets(paths)
    groups = {name: every[every["set"] == name] for name in paths}
    if len(groups) > 1:
        groups["all"] = every
    results = {group: {name: evaluate(frame, signals) for name, signals in PROFILES.items()}
               for group, frame in groups.items()}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    for group, by_profile in results.items():
        print(f"== {group}")
        for result in by_profile.values():
            _print(result, args.errors and group != "all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
