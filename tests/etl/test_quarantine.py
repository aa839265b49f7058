import json

import pandas as pd
import pytest

from chainmap.views.import_report import REASONS
from etl.quarantine import reason_counts, severity, split_quarantine


def test_severity():
    assert severity("") is None
    assert severity("invalid_uscc;address_unresolved") == "flagged"
    assert severity("invalid_uscc;missing_name") == "rejected"
    with pytest.raises(ValueError, match="nope"):
        severity("nope")


def test_split_keeps_every_row_once_with_its_raw_values():
    frame = pd.DataFrame({"row_no": [4, 5, 6], "name": ["甲", None, "丙"],
                          "reasons": ["", "missing_name", "invalid_uscc"]})
    raw = pd.DataFrame({"企业名称": ["甲", "", "丙"], "代码": ["1", "2", "3"]}, index=[4, 5, 6])
    accepted, quarantine = split_quarantine(frame, raw, "x.csv")
    assert accepted["row_no"].tolist() == [4, 6] and "reasons" not in accepted
    assert quarantine["status"].tolist() == ["rejected", "flagged"]
    assert quarantine["file"].tolist() == ["x.csv", "x.csv"]
    assert json.loads(quarantine["raw"].iloc[0]) == {"代码": "2"}
    assert reason_counts(quarantine) == {"invalid_uscc": 1, "missing_name": 1}


def test_every_reason_has_a_severity_and_two_languages():
    for code, (level, zh, en) in REASONS.items():
        assert level in {"error", "warning"} and zh and en, code
