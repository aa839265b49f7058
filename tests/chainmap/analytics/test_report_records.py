"""A report's `data` rows are frame.to_dict("records"), built column by column."""

import numpy as np
import pandas as pd

from chainmap.reports import _records


def _typed(rows):
    return [[(k, type(v).__name__, repr(v)) for k, v in row.items()] for row in rows]


def test_records_equal_to_dict_in_values_and_types():
    frame = pd.DataFrame({
        "i": [1, 2, 3], "f": [1.5, np.nan, 0.0], "b": [True, False, True],
        "s": pd.Series(["a", None, "c"], dtype="str"),
        "o": pd.Series([[1, 2], {"k": np.float64(0.5)}, None], dtype=object),
        "mixed": pd.Series([np.float64(2.5), np.int64(3), pd.NA], dtype=object),
        "n": pd.array([1, None, 3], dtype="Int32"),
        "t": pd.to_datetime(["2025-01-01", "2025-01-02", None]),
    })
    assert _typed(_records(frame)) == _typed(frame.to_dict("records"))
    assert _records(frame.iloc[:0]) == frame.iloc[:0].to_dict("records") == []
