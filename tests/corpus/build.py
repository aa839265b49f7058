"""Bad-input corpus: makers that WRITE each file into a folder at test time.

Nothing here is committed as a binary or a large file: the zip bomb (an .xlsx whose sheet
XML inflates to 3 GiB from about 3 MB) and the 200 MB CSV are generated on the fly, in
well under a second each. Every firm is invented (示例/测试 names, made-up credit codes).

Each maker takes the folder and returns the path to import (``tests/corpus/cases.py``
says what each one must give).
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook

from etl.uscc import check_character

HEADER = ["企业名称", "统一社会信用代码", "登记状态", "所属省份", "所属城市", "所属区县",
          "企业地址", "经营范围"]
FIRM_A = "重庆示例齿轮机械有限公司"
FIRM_B = "四川示例液压科技有限公司"
CODE_A = "91500109MA5YTE771" + check_character("91500109MA5YTE771")
CODE_B = "91510117MA6TE7702" + check_character("91510117MA6TE7702")
BAD_CODE = CODE_A[:-1] + ("0" if CODE_A[-1] != "0" else "1")  # check character wrong

HTML_NAMES = ("<script>alert(1)</script>重庆示例公司", '<img src=x onerror=alert(2)>示例有限公司',
              '"><svg onload=alert(3)>示例厂')
FORMULA_NAMES = ('=HYPERLINK("http://evil.example/x","点我")', "+cmd|' /C calc'!A0",
                 "-2+3+cmd|' /C notepad'!A1", "@SUM(1+1)*cmd|' /C calc'!A0")
SQL_NAMES = ("'); DROP TABLE dim_firm;--", "重庆示例' OR '1'='1 有限公司",
             'x"; DELETE FROM firm_node; --')
CONTROL_NAME = "重庆示例\x00控制\x1b[31m字符\u202eTFDP有限公司\x07"
EMOJI_NAME = "重庆示例🚄🤖⚙️机械有限公司👍🏽"
LONG_NAME = "重庆示例" + "超长名称" * 2500 + "有限公司"  # 10 008 characters


def row(name: str, code: str = "", district: str = "北碚区") -> list[str]:
    return [name, code, "存续", "重庆市", "重庆市", district,
            f"重庆市{district}示例路1号", "齿轮箱、减速器制造"]


def rows_text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def workbook_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- encodings ------------------------------------------------------------------------

TWO_FIRMS = [row(FIRM_A, CODE_A), row(FIRM_B, CODE_B, "江北区")]


def make_encoded(encoding: str):
    def make(folder: Path) -> Path:
        return write_text(folder / f"export-{encoding}.csv", rows_text(TWO_FIRMS), encoding)
    return make


def make_mixed_encoding(folder: Path) -> Path:
    """UTF-8 lines, then one line in GBK: no single encoding reads the file."""
    text = rows_text(TWO_FIRMS[:1]).encode("utf-8")
    gbk = "重庆示例混合编码有限公司,,存续\n".encode("gbk")
    return write_bytes(folder / "mixed.csv", text + gbk)


def make_invalid_bytes(folder: Path) -> Path:
    return write_bytes(folder / "invalid.csv",
                       rows_text(TWO_FIRMS).encode("utf-8") + b"\xff\xfe\xfa\x80\x81\n")


# --- shape ------------------------------------------------------------------------------

def make_empty(folder: Path) -> Path:
    return write_bytes(folder / "empty.csv", b"")


def make_header_only(folder: Path) -> Path:
    return write_text(folder / "header-only.csv", rows_text([]))


def make_title_rows_only(folder: Path) -> Path:
    return write_text(folder / "titles.csv",
                      "企查查 企业搜索结果（示例）\n导出时间：2024-05-01，共 0 条\n")


def make_duplicate_headers(folder: Path) -> Path:
    header = ["企业名称", "企业名称", "所属省份", "所属城市", "所属区县"]
    return write_text(folder / "dup-header.csv", rows_text(
        [[FIRM_A, "重庆示例第二列有限公司", "重庆市", "重庆市", "北碚区"]], header))


def make_missing_name_column(folder: Path) -> Path:
    header = ["统一社会信用代码", "所属省份", "企业地址"]
    return write_text(folder / "no-name.csv", rows_text([[CODE_A, "重庆市", "重庆市北碚区"]],
                                                        header))


def make_rows_without_names(folder: Path) -> Path:
    return write_text(folder / "no-names.csv", rows_text([row(""), row("  ")]))


def make_huge_cell(folder: Path) -> Path:
    """One cell of 200 000 characters: over the csv module's field limit."""
    return write_text(folder / "huge-cell.csv", rows_text([[*row(FIRM_A)[:7], "齿" * 200000]]))


# --- xlsx -----------------------------------------------------------------------------

def make_truncated_xlsx(folder: Path) -> Path:
    data = workbook_bytes([row(FIRM_A, CODE_A)] * 500)
    return write_bytes(folder / "truncated.xlsx", data[: len(data) // 2])


def make_random_xlsx(folder: Path) -> Path:
    import random

    rng = random.Random(7)
    return write_bytes(folder / "random.xlsx", bytes(rng.randrange(256) for _ in range(20_000)))


def make_empty_xlsx(folder: Path) -> Path:
    return write_bytes(folder / "empty.xlsx", b"")


def _rewrite_member(data: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            archive.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def make_damaged_sheet_xlsx(folder: Path) -> Path:
    """A valid zip whose sheet XML stops half-way (a broken export)."""
    data = workbook_bytes([row(f"重庆示例{i}号机械有限公司") for i in range(2000)])
    return write_bytes(folder / "damaged.xlsx", _rewrite_member(
        data, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2]))


def make_corrupt_xlsx(folder: Path) -> Path:
    """Bytes inside the deflated sheet overwritten: inflating it fails."""
    data = bytearray(workbook_bytes([row(f"重庆示例{i}号机械有限公司") for i in range(2000)]))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + 200
    data[start:start + 64] = b"\x00\xff" * 32
    return write_bytes(folder / "corrupt.xlsx", bytes(data))


def make_formula_xlsx(folder: Path) -> Path:
    """Formula cells (no cached value, as openpyxl writes them) and formula-like strings."""
    return write_bytes(folder / "formulas.xlsx", workbook_bytes(
        [row('=HYPERLINK("http://evil.example/x","重庆示例公式有限公司")'),
         row("+cmd|' /C calc'!A0"), row(FIRM_A)]))


def _deflate_repeated(prefix: bytes, chunk: bytes, count: int, suffix: bytes) -> bytes:
    """Raw deflate of prefix + chunk * count + suffix, compressing ``chunk`` only once:
    after a full flush the compressor starts afresh, so each repeat is the same bytes."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    body = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    assert body == again, "zlib did not restart after a full flush"
    return head + body * count + comp.compress(suffix) + comp.flush()


def _write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """A zip of (name, raw deflate data, crc32, unpacked size) members, without zip64."""
    local, central, offset = [], [], 0
    for name, data, crc, size in members:
        encoded = name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data),
                             size, len(encoded), 0) + encoded
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21,
                                   crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset)
                       + encoded)
        local += [header, data]
        offset += len(header) + len(data)
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                      len(directory), offset, 0)
    path.write_bytes(b"".join(local) + directory + end)


def make_zip_bomb(unpacked_mib: int = 3072, name: str = "bomb.xlsx"):
    """An .xlsx whose sheet XML declares (truthfully) ``unpacked_mib`` MiB of whitespace
    inside <sheetData>: valid XML that openpyxl would inflate and parse to the end."""
    def make(folder: Path) -> Path:
        template = zipfile.ZipFile(io.BytesIO(workbook_bytes([row(FIRM_A)])))
        sheet = template.read("xl/worksheets/sheet1.xml")
        prefix, _, rest = sheet.partition(b"<sheetData>")
        prefix += b"<sheetData>"
        suffix = b"</sheetData>" + rest.partition(b"</sheetData>")[2]
        chunk = b" " * (1 << 20)
        crc = zlib.crc32(prefix)
        for _ in range(unpacked_mib):
            crc = zlib.crc32(chunk, crc)
        crc = zlib.crc32(suffix, crc)
        members = []
        for info in template.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                data = _deflate_repeated(prefix, chunk, unpacked_mib, suffix)
                size = len(prefix) + len(suffix) + unpacked_mib * len(chunk)
                members.append((info.filename, data, crc, size))
            else:
                content = template.read(info.filename)
                comp = zlib.compressobj(9, zlib.DEFLATED, -15)
                members.append((info.filename, comp.compress(content) + comp.flush(),
                                zlib.crc32(content), len(content)))
        _write_zip(folder / name, members)
        return folder / name
    return make


def make_big_csv(megabytes: int = 200, name: str = "big.csv"):
    """A CSV of ``megabytes`` MB of distinct registry rows, written in 1 MB blocks."""
    def make(folder: Path) -> Path:
        path = folder / name
        line = ",".join(row("重庆示例{:09d}机械有限公司")) + "\n"
        per_block = (1 << 20) // len(line.encode())
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(",".join(HEADER) + "\n")
            for block in range(megabytes):
                base = block * per_block
                out.write("".join(line.format(base + i) for i in range(per_block)))
        return path
    return make


def make_registry_rows(count: int, name: str = "registry.csv"):
    """``count`` distinct firms over Chongqing's districts (for a slow enough import)."""
    districts = ["北碚区", "江北区", "渝北区", "璧山区", "巴南区", "江津区", "永川区", "涪陵区"]

    def make(folder: Path) -> Path:
        lines = [row(f"重庆示例{i:07d}机械有限公司", district=districts[i % len(districts)])
                 for i in range(count)]
        return write_text(folder / name, rows_text(lines))
    return make


# --- hostile text ---------------------------------------------------------------------

def make_names(names, file: str = "names.csv", code: str = ""):
    def make(folder: Path) -> Path:
        return write_text(folder / file, rows_text([row(n, code) for n in names]))
    return make


def make_invalid_codes(folder: Path) -> Path:
    return write_text(folder / "codes.csv", rows_text([
        row("重庆示例校验位错误有限公司", BAD_CODE),
        row("重庆示例长度错误有限公司", CODE_A[:-2]),
        row("重庆示例含字母O有限公司", "91500109MA5YTE77O" + CODE_A[-1]),
        row("重庆示例注入代码有限公司", "'); DROP TABLE dim_firm;--"),
        row(FIRM_A, CODE_A)]))


# --- mapping (import csv --mapping) and links ---------------------------------------

def make_mapped_list(folder: Path) -> Path:
    header = ["单位全称", "../../../../etc/passwd"]
    return write_text(folder / "list.csv", rows_text([[FIRM_A, "/etc/shadow"]], header))


def make_traversal_mapping(folder: Path) -> Path:
    """A mapping whose column names and defaults are paths: they are only ever text."""
    return write_text(folder / "mapping.yaml",
                      "columns:\n  full_name: 单位全称\n  address: ../../../../etc/passwd\n"
                      "defaults:\n  province: ../../../etc/shadow\n"
                      "file: /etc/passwd\n")


def make_missing_column_mapping(folder: Path) -> Path:
    return write_text(folder / "mapping.yaml",
                      "columns:\n  full_name: 单位全称\n  scope: ../../../../etc/hosts\n")


def make_unsafe_yaml_mapping(folder: Path) -> Path:
    return write_text(folder / "mapping.yaml",
                      "columns: !!python/object/apply:os.system ['touch /tmp/chainmap-pwned']\n")


def make_links_unknown(folder: Path) -> Path:
    return write_text(folder / "links.csv",
                      "supplier,customer,product,source\n"
                      "不存在的示例供应商有限公司,重庆长客,车门,访谈记录\n"
                      "重庆长客,另一家不存在的示例公司,转向架,访谈记录\n")
