"""Synthetic registry exports (clearly made-up firms) in the shapes vendors produce."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from chainmap.config import PACKAGE_ROOT
from etl.reference import read_reference
from etl.uscc import check_character

HEADER = ["企业名称", "统一社会信用代码", "登记状态", "法定代表人", "注册资本", "成立日期",
          "所属省份", "所属城市", "所属区县", "企业地址", "国标行业小类", "经营范围", "参保人数",
          "企业类型"]
TITLE = ["企查查 企业搜索结果（示例数据，非真实企业）"]
SUMMARY = ["导出时间：2024-05-01，共 7 条"]


def valid_code(body: str) -> str:
    return body + check_character(body)


CODE_A = valid_code("91500109MA5YTE771")
CODE_B = valid_code("91510117MA6TE7702")
ROWS = [
    ["重庆示例齿轮箱有限责任公司", CODE_A, "存续", "张三", "5000万元人民币", "2015/3/4",
     "重庆市", "重庆市", "北碚区", "重庆市北碚区童家溪镇示例路1号", "齿轮及齿轮减、变速箱制造",
     "传动齿轮箱、风电齿轮箱的研发、制造", "120", "有限责任公司(自然人投资或控股)"],
    ["成都示例机器人科技有限公司", CODE_B, "在业", "李四", "1000万美元", "20180101",
     "四川省", "成都市", "", "四川省成都市郫县团结镇示例街2号", "工业机器人制造",
     "工业机器人、谐波减速器制造", "-", "有限责任公司(外商投资、非独资)"],
    ["重庆示例注销机械有限公司", "", "注销", "王五", "50万", "2001-01-01", "重庆市", "重庆市",
     "江津区", "重庆市江津区示例路", "", "", "", ""],
    ["重庆示例齿轮箱有限责任公司两江分公司", "91500000MA5UBAD00X", "存续", "赵六", "", "2019-09-09",
     "重庆市", "重庆市", "", "重庆市两江新区示例大道9号", "", "齿轮箱销售", "", ""],
    ["重庆示例齿轮箱有限公司", "", "存续", "", "", "", "重庆", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["数据来源：企查查（示例）"],
]


def write_csv(path, encoding: str, rows=ROWS, title: bool = True):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if title:
        writer.writerow(TITLE)
        writer.writerow(SUMMARY)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows=ROWS):
    wb = Workbook()
    ws = wb.active
    ws.append(TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(SUMMARY)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADER))
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="session")
def ref():
    return read_reference(PACKAGE_ROOT / "data")
