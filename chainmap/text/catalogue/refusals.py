"""Why an input file is refused whole (etl.importers.sheets.InputRefused: a code and its
values), and what a path is instead of a regular file: part of the one text catalogue
(chainmap.text.catalogue), where each is also ``refusal_<code>`` and ``not_a_file_<kind>``;
chainmap.text.refusals.refusal_text fills one in."""

from __future__ import annotations

__all__ = ["NOT_A_FILE", "REFUSALS"]

# code -> (中文, English); {name} is the file's name, the other fields the code's values
REFUSALS: dict[str, tuple[str, str]] = {
    "not_a_file": ("{name} 不是普通文件（{what}），未读取：请选择 .xlsx 或 .csv 文件",
                   "{name} is not a regular file ({what}); nothing was read: choose an .xlsx "
                   "or .csv file"),
    "not_a_folder": ("{name} 不是文件夹：知识图谱导入需要一个文件夹",
                     "{name} is not a folder: a knowledge-graph import reads a folder"),
    "binary_text": ("{name} 不是文本表格：开头大量是 NUL 字节（二进制文件？），未导入；请另存为 "
                    ".csv（UTF-8）或 .xlsx",
                    "{name} is not a text table: its start is mostly NUL bytes (a binary "
                    "file?); nothing was imported. Save it as .csv (UTF-8) or .xlsx"),
    "line_too_long": ("{name} 的前 {mb} MB 中没有换行：不是表格，或有一行超过 {mb} MB，未导入",
                      "{name} has no line break in its first {mb} MB: not a table, or a row "
                      "over {mb} MB; nothing was imported"),
    "too_many_columns": ("{name} 有 {columns:,} 列，超过 {limit:,} 列的上限（企业登记导出约 "
                         "30–60 列），未导入：请删去不需要的列后再导入",
                         "{name} has {columns:,} columns, over the limit of {limit:,} (a "
                         "registry export has about 30-60); nothing was imported: remove the "
                         "columns you do not need and import it again"),
    "too_large": ("{name} 大小为 {mb:,.0f} MB，超过 {limit:,.0f} MB 的导入上限"
                  "（CHAINMAP_MAX_IMPORT_MB），未读取：请拆分文件，或提高上限",
                  "{name} is {mb:,.0f} MB, over the import limit of {limit:,.0f} MB "
                  "(CHAINMAP_MAX_IMPORT_MB); nothing was read. Split the file, or raise the "
                  "limit"),
    "too_large_unpacked": ("{name} 解压后为 {mb:,.0f} MB，超过 {limit:,.0f} MB 的上限"
                           "（CHAINMAP_MAX_XLSX_MB）：请拆分文件或另存为 .csv",
                           "{name} unpacks to {mb:,.0f} MB, over the limit of {limit:,.0f} MB "
                           "(CHAINMAP_MAX_XLSX_MB); split the file or export it as .csv"),
    "zip_bomb": ("{name}：{member} 会膨胀 {ratio:,.0f} 倍（{packed:,} -> {unpacked:,} 字节），"
                 "超过 {limit}:1 的上限（CHAINMAP_MAX_XLSX_RATIO），疑似压缩炸弹，已拒绝",
                 "{name}: {member} would inflate {ratio:,.0f} times ({packed:,} -> "
                 "{unpacked:,} bytes), over the limit of {limit}:1 (CHAINMAP_MAX_XLSX_RATIO); "
                 "refused as a possible zip bomb"),
    "empty_file": ("{name} 是空文件（0 字节）", "{name} is empty (0 bytes)"),
    "python_reader_too_large": (
        "{name}（{mb:,.0f} MB）无法由快速读取器准确读取（空行、单独的回车符、NUL 字节、"
        "不成对的引号，或比前几行更宽的行），而逐行读取器只接受不超过 {limit} MB "
        "的文本文件，未导入：请在 Excel 或 WPS 中另存为 CSV（UTF-8），或拆分文件",
        "{name} ({mb:,.0f} MB) cannot be read exactly by the fast reader (an empty line, a "
        "bare carriage return, a NUL byte, a stray quote, or a row wider than the first "
        "rows), and the "
        "exact reader takes text files of up to {limit} MB; nothing was imported: save it "
        "again as CSV (UTF-8) from Excel or WPS, or split it"),
    "json_too_large": ("{name} 为 {mb:,.0f} MB：Tushare JSON 文件整体读取，上限 {limit} MB"
                       "（stock_basic 约 1 MB），未导入",
                       "{name} is {mb:,.0f} MB: a Tushare JSON file is read whole, up to "
                       "{limit} MB (stock_basic is about 1 MB); nothing was imported"),
    "out_of_memory": ("{name} 导入时超出内存上限（{mb:,} MB），未导入，数据库未改变：请拆分文件",
                      "importing {name} went over the memory limit ({mb:,} MB); nothing was "
                      "imported and the database is unchanged: split the file"),
}

# what a path is instead of a regular file (the ``what`` of not_a_file): (中文, English)
NOT_A_FILE = {"folder": ("文件夹", "a folder"), "fifo": ("命名管道", "a named pipe"),
              "device": ("设备文件", "a device"), "socket": ("套接字", "a socket"),
              "other": ("特殊文件", "a special file")}
