"""Profile rows -> stage tables (etl.importers.profile), on a few rows each."""

from __future__ import annotations

import pandas as pd

from etl.importers.profile import stage_profiles

# one firm a founding date; the firms' names differ, so no row is a duplicate of another
DATES = {
    "2016年3月5日": "2016-03-05",
    "2016-03-05": "2016-03-05",
    "2016/3/5": "2016-03-05",
    "2016.3.5": "2016-03-05",
    "20160305": "2016-03-05",
    "2016-03-05 00:00:00": "2016-03-05",  # a workbook's date cell read as text
    "2020年2月29日": "2020-02-29",  # a leap day
    "42430": "2016-03-01",  # an Excel serial day number
    # days the calendar does not have
    "2016年13月45日": None,
    "2021-02-30": None,
    "2019/2/29": None,
    "20161345": None,
    "2016-00-05": None,
    "0000-01-01": None,
    "不详": None,
}


def _rows(dates) -> pd.DataFrame:
    return pd.DataFrame({
        "row_no": range(2, 2 + len(dates)),
        "full_name": [f"重庆示例{chr(0x4E00 + i)}机械有限公司" for i in range(len(dates))],
        "province": "重庆市", "city": "重庆市", "district": "北碚区",
        "founded": list(dates),
    })


def test_founding_dates_are_read_and_impossible_days_flagged(ref):
    rows = _rows(DATES)
    tables = stage_profiles(rows, ref)
    firms = tables["firms"].set_index("row_no")
    founded = dict(zip(rows["founded"], firms.loc[rows["row_no"], "founded"], strict=True))
    assert {text: (None if pd.isna(day) else day) for text, day in founded.items()} == DATES
    quarantine = tables["quarantine"].set_index("row_no")["reasons"].to_dict()
    unparsed = {text for text, row_no in zip(rows["founded"], rows["row_no"], strict=True)
                if "date_unparsed" in quarantine.get(row_no, "").split(";")}
    assert unparsed == {text for text, day in DATES.items() if day is None}
    # flagged, not rejected: the firm is kept, without a founding date
    assert set(tables["quarantine"]["status"]) == {"flagged"}
    assert len(firms) == len(DATES)
