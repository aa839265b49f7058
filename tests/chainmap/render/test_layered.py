from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from chainmap.render.layered import (
    BEND,
    assign_layers,
    count_crossings,
    insert_bends,
    order_layers,
    place_layers,
)


def test_layers_follow_groups_then_depth_inside_a_group():
    groups = {"a": 0, "b": 0, "c": 1, "d": 2}
    layer = assign_layers(groups, [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    # group 0 takes two columns (a supplies b inside it), so group 1 starts at column 2
    assert layer == {"a": 0, "b": 1, "c": 2, "d": 3}


def test_a_cycle_inside_a_group_does_not_loop_forever():
    layer = assign_layers({"a": 0, "b": 0}, [("a", "b"), ("b", "a")])
    assert set(layer) == {"a", "b"}


def test_edges_that_skip_columns_get_one_bend_per_column():
    layer = {"a": 0, "b": 1, "c": 3}
    layers, segments, bends = insert_bends(layer, [("a", "c"), ("a", "b"), ("c", "a")])
    assert len(bends[("a", "c")]) == 2
    assert [layers[p] for p in bends[("a", "c")]] == [1, 2]
    assert all(p.startswith(BEND) for p in bends[("a", "c")])
    assert bends[("c", "a")] == []  # backwards: drawn directly, not split
    assert ("a", "b") in segments and len(segments) == 4


def test_crossings_of_a_twisted_pair():
    assert count_crossings([["a", "b"], ["c", "d"]], [("a", "d"), ("b", "c")]) == 1
    assert count_crossings([["a", "b"], ["d", "c"]], [("a", "d"), ("b", "c")]) == 0


def test_ordering_untangles_a_small_graph():
    initial = [["a", "b", "c"], ["x", "y", "z"]]
    segments = [("a", "z"), ("b", "y"), ("c", "x")]
    assert count_crossings(initial, segments) == 3
    ordered = order_layers(initial, segments)
    assert count_crossings(ordered, segments) == 0
    assert order_layers(initial, segments) == ordered  # deterministic


@st.composite
def layered_graphs(draw):
    widths = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    columns = [[f"n{c}_{i}" for i in range(w)] for c, w in enumerate(widths)]
    segments = []
    for c in range(len(columns) - 1):
        for src in columns[c]:
            for dst in columns[c + 1]:
                if draw(st.booleans()):
                    segments.append((src, dst))
    return columns, segments


@settings(max_examples=60, deadline=None)
@given(layered_graphs())
def test_ordering_never_adds_crossings_and_keeps_columns(graph):
    columns, segments = graph
    ordered = order_layers(columns, segments)
    assert [sorted(c) for c in ordered] == [sorted(c) for c in columns]
    assert count_crossings(ordered, segments) <= count_crossings(columns, segments)


@settings(max_examples=40, deadline=None)
@given(layered_graphs())
def test_placement_keeps_order_and_leaves_the_gap(graph):
    columns, segments = graph
    size = {n: 1.0 for c in columns for n in c}
    y = place_layers(columns, segments, size, gap=0.3)
    for col in columns:
        for upper, lower in pairwise(col):
            # place_layers rounds to 6 decimals: two roundings can take up to 1e-6 off a gap
            assert y[lower] - y[upper] >= 1.3 - 1e-6
    assert min(y.values()) >= 0.5 - 1e-6  # nothing above the top edge
