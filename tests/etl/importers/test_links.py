from etl.importers.links import import_links

from .conftest import CODE_A


def test_three_links_and_their_problems(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("供应商,客户,产品,来源,供应商统一社会信用代码\n"
                    f"重庆示例齿轮箱有限公司,重庆长客,牵引齿轮箱,2023年报,{CODE_A}\n"
                    ",重庆长客,车门,访谈,\n"
                    "重庆长客,重庆长客,车体,访谈,\n"
                    f"重庆示例齿轮箱有限公司,重庆长客,牵引齿轮箱,2023年报,{CODE_A}\n", "utf-8")
    staged = import_links(path)
    links = staged.tables["supply_link"]
    assert staged.rows == 4 and len(links) == 1
    assert links.iloc[0]["supplier_uscc"] == CODE_A
    assert links.iloc[0]["evidence"] == "来源：2023年报"
    q = staged.tables["quarantine"].set_index("row_no")["reasons"].to_dict()
    assert q == {3: "missing_party", 4: "self_link", 5: "duplicate_in_file"}
