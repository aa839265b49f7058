"""Layered (Sugiyama-style) drawing of a directed graph, left to right, pure and deterministic.

Steps: layers (a group such as a chain tier is a band of columns; inside a band a node sits
one column right of its in-band suppliers), bend points where an edge skips a column,
barycentre sweeps plus adjacent swaps to reduce crossings (the best order seen is kept),
then vertical positions that straighten edges without changing the order (least squares
under a minimum gap: isotonic regression by pool-adjacent-violators).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise

__all__ = ["BEND", "assign_layers", "count_crossings", "insert_bends", "order_layers",
           "place_layers"]

BEND = "\x00bend"  # prefix of the ids of bend points (dummy nodes) an edge passes through

Edge = tuple[str, str]


def _depths(members: list[str], edges: Iterable[Edge]) -> dict[str, int]:
    """Longest-path depth of each member over the edges among members (a DAG)."""
    inside = set(members)
    preds: dict[str, list[str]] = defaultdict(list)
    for src, dst in edges:
        if src in inside and dst in inside and src != dst:
            preds[dst].append(src)
    depth: dict[str, int] = {}

    def visit(node: str, trail: frozenset[str]) -> int:
        if node not in depth:
            ups = [p for p in preds[node] if p not in trail]  # a cycle is cut, not followed
            depth[node] = 1 + max((visit(p, trail | {node}) for p in ups), default=-1)
        return depth[node]

    for node in members:
        visit(node, frozenset())
    return depth


def assign_layers(groups: dict[str, int], edges: Sequence[Edge]) -> dict[str, int]:
    """Column of each node: its group's first column plus its depth inside the group."""
    layer: dict[str, int] = {}
    offset = 0
    for group in sorted(set(groups.values())):
        members = sorted(n for n, g in groups.items() if g == group)
        depth = _depths(members, edges)
        for node in members:
            layer[node] = offset + depth[node]
        offset += 1 + max(depth.values(), default=0)
    return layer


def insert_bends(layer: dict[str, int], edges: Sequence[Edge]
                 ) -> tuple[dict[str, int], list[Edge], dict[Edge, list[str]]]:
    """Split forward edges that skip columns into unit segments through bend points.

    Returns the layers including bend points, the unit segments, and for each edge the
    bend points it passes through, in order. Edges that do not go forward (same column,
    or backwards) keep no segments and are drawn directly.
    """
    layers = dict(layer)
    segments: list[Edge] = []
    bends: dict[Edge, list[str]] = {}
    for src, dst in edges:
        if src not in layer or dst not in layer or layer[dst] <= layer[src]:
            bends[(src, dst)] = []
            continue
        path = [src]
        for col in range(layer[src] + 1, layer[dst]):
            point = f"{BEND}:{src}>{dst}:{col}"
            layers[point] = col
            path.append(point)
        path.append(dst)
        segments.extend(pairwise(path))
        bends[(src, dst)] = path[1:-1]
    return layers, segments, bends


def count_crossings(order: Sequence[Sequence[str]], segments: Iterable[Edge]) -> int:
    """Crossings between unit segments drawn as straight lines between adjacent columns."""
    pos = {node: (col, i) for col, nodes in enumerate(order) for i, node in enumerate(nodes)}
    by_col: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for src, dst in segments:
        (c1, i1), (c2, i2) = pos[src], pos[dst]
        if c2 == c1 + 1:
            by_col[c1].append((i1, i2))
    total = 0
    for segs in by_col.values():
        for k, (a1, b1) in enumerate(segs):
            total += sum(1 for a2, b2 in segs[k + 1:] if (a1 - a2) * (b1 - b2) < 0)
    return total


def _neighbours(segments: Iterable[Edge]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    preds: dict[str, list[str]] = defaultdict(list)
    succs: dict[str, list[str]] = defaultdict(list)
    for src, dst in segments:
        succs[src].append(dst)
        preds[dst].append(src)
    return preds, succs


def _barycentre_sort(nodes: list[str], adjacent: dict[str, list[str]],
                     index: dict[str, int]) -> list[str]:
    def key(item: tuple[int, str]) -> tuple[float, int]:
        i, node = item
        near = [index[n] for n in adjacent.get(node, ()) if n in index]
        return (sum(near) / len(near) if near else float(i), i)
    return [node for _, node in sorted(enumerate(nodes), key=key)]


def _sweep(order: list[list[str]], adjacent: dict[str, list[str]],
           columns: Iterable[int], step: int) -> list[list[str]]:
    order = [list(c) for c in order]
    for col in columns:
        index = {n: i for i, n in enumerate(order[col - step])}
        order[col] = _barycentre_sort(order[col], adjacent, index)
    return order


def _transpose(order: list[list[str]], segments: list[Edge]) -> list[list[str]]:
    """Swap neighbours in a column while that lowers the crossing count."""
    order = [list(c) for c in order]
    best = count_crossings(order, segments)
    improved = True
    while improved:
        improved = False
        for col in order:
            for i in range(len(col) - 1):
                col[i], col[i + 1] = col[i + 1], col[i]
                crossings = count_crossings(order, segments)
                if crossings < best:
                    best, improved = crossings, True
                else:
                    col[i], col[i + 1] = col[i + 1], col[i]
    return order


def order_layers(initial: Sequence[Sequence[str]], segments: list[Edge],
                 sweeps: int = 8) -> list[list[str]]:
    """Reorder each column to reduce crossings; never returns more than the initial order."""
    preds, succs = _neighbours(segments)
    current = [list(c) for c in initial]
    best, best_count = current, count_crossings(current, segments)
    n = len(current)
    for _ in range(sweeps):
        current = _sweep(current, preds, range(1, n), 1)
        current = _sweep(current, succs, range(n - 2, -1, -1), -1)
        current = _transpose(current, segments)
        crossings = count_crossings(current, segments)
        if crossings < best_count:
            best, best_count = current, crossings
        if best_count == 0:
            break
    return best


def _isotonic(values: list[float]) -> list[float]:
    """Non-decreasing least-squares fit (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, weight]
    for v in values:
        blocks.append([v, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m1, w1), (m2, w2) = blocks.pop(-2), blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2])
    return [m for m, w in blocks for _ in range(int(w))]


def _fit_column(nodes: list[str], wanted: list[float], size: dict[str, float],
                gap: float) -> list[float]:
    """Positions closest to `wanted` (centres) keeping order and no overlap."""
    offsets, acc = [], 0.0
    for i, node in enumerate(nodes):
        if i:
            acc += (size[nodes[i - 1]] + size[node]) / 2 + gap
        offsets.append(acc)
    fitted = _isotonic([w - o for w, o in zip(wanted, offsets, strict=True)])
    return [f + o for f, o in zip(fitted, offsets, strict=True)]


def place_layers(order: Sequence[Sequence[str]], segments: list[Edge],
                 size: dict[str, float], gap: float = 0.0,
                 rounds: int = 9) -> dict[str, float]:
    """Vertical centre of every node: stacked and centred, then pulled toward neighbours."""
    preds, succs = _neighbours(segments)
    y: dict[str, float] = {}
    for col in order:
        centres = _fit_column(list(col), [0.0] * len(col), size, gap)
        y |= dict(zip(col, centres, strict=True))
    both = {n: preds.get(n, []) + succs.get(n, []) for n in y}
    for r in range(rounds):
        adjacent = (preds, succs, both)[r % 3]
        columns = order if r % 3 != 1 else order[::-1]
        for col in columns:
            wanted = []
            for node in col:
                near = [y[n] for n in adjacent.get(node, ())]
                wanted.append(sum(near) / len(near) if near else y[node])
            y |= dict(zip(col, _fit_column(list(col), wanted, size, gap), strict=True))
    top = min((v - size[n] / 2 for n, v in y.items()), default=0.0)
    return {node: round(v - top, 6) for node, v in y.items()}
