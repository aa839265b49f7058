"""Targets keep the best `top` per node by the rounded score; only candidates that can reach
the top are rounded and sorted. The shortcut must pick exactly what ranking all would."""

import numpy as np
import pandas as pd
import pytest

from chainmap.analytics.targets import _near_top, _ranked


def _rank_all(score, gap_of, top):
    keys = pd.DataFrame({"node_id": [f"n{g:02d}" for g in gap_of],
                         "score": [round(v, 2) for v in score.tolist()]})
    return _ranked(keys, top)


def _rank_near(score, gap_of, top):
    near = np.flatnonzero(_near_top(score, gap_of, top))
    keys = pd.DataFrame({"node_id": [f"n{g:02d}" for g in gap_of[near]],
                         "score": [round(v, 2) for v in score[near].tolist()]}, index=near)
    return _ranked(keys, top)


@pytest.mark.parametrize("seed", range(40))
def test_the_shortcut_keeps_the_same_rows_in_the_same_order(seed):
    rng = np.random.default_rng(seed)
    n, gaps = int(rng.integers(1, 400)), int(rng.integers(1, 8))
    # scores on and around rounding boundaries, with many exact and near ties
    base = rng.integers(0, 300, n) * 0.005
    score = base + rng.choice([0.0, 1e-9, -1e-9, 0.0049, -0.0049, 0.011], n)
    gap_of = np.sort(rng.integers(0, gaps, n))  # candidates come grouped by gap
    for top in (1, 3, 10):
        pd.testing.assert_frame_equal(_rank_all(score, gap_of, top).reset_index(),
                                      _rank_near(score, gap_of, top).reset_index())


def test_a_missing_score_keeps_every_candidate():
    score = np.array([1.0, np.nan, 0.5])
    assert _near_top(score, np.array([0, 0, 0]), 1).all()
