"""Limits on imported files, checked before any reader opens them for its rows.

- only regular files are read: a folder where a file is expected (or a file where a
  folder is), a named pipe (FIFO), a device (/dev/zero) or a socket is refused from its
  type (``os.stat``), before anything opens it — reading one would hang or never end;
- an input (a file, or a folder's files together) larger than ``max_bytes`` is refused
  from its size on disk, before a byte of it is read;
- a text file (.csv/.txt/.tsv/.json) whose first megabyte is over 1 % NUL bytes (not
  UTF-16) is binary, not a table (a stray NUL in a name is only text); a .csv/.txt/.tsv
  without a line break in its first megabyte has no header line of a sane width: both
  are refused after reading that megabyte;
- an ``.xlsx``/``.xlsm`` is a zip archive whose members openpyxl inflates: its central
  directory (read without inflating anything) must declare at most ``max_unpacked`` bytes
  in all, and no member above ``RATIO_FLOOR`` bytes may inflate more than ``max_ratio``
  times (a zip bomb: a few MB that inflate to GBs). Python's zipfile never yields more
  than a member's declared size, so the declared sizes bound what openpyxl can inflate.

Past these, the readers refuse a table of more than ``sheets.MAX_COLUMNS`` columns, and
a row with a cell over ``MAX_NAME_CHARS`` (its names) or ``MAX_CELL_CHARS`` (any field)
goes to the quarantine (``etl.importers.profile``).

``check_input_limits`` (IO: stats files, reads a zip's directory and a text file's first
megabyte) raises ``InputRefused`` (``InputTooLarge`` for the sizes) or, for an .xlsx that
is not a zip archive, ``SheetError``; messages say what to do, in Chinese or English.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from etl.importers.sheets import EXCEL_SUFFIXES, TEXT_SUFFIXES, InputRefused, SheetError

__all__ = ["HEAD_BYTES", "MAX_CELL_CHARS", "MAX_NAME_CHARS", "RATIO_FLOOR", "InputLimits",
           "InputTooLarge", "check_input_limits", "check_xlsx_archive"]

MB = 1024 * 1024
RATIO_FLOOR = 10 * MB  # a member smaller than this cannot hurt, whatever its ratio
# A row with a longer cell is rejected into the quarantine with its reason (name_too_long,
# cell_too_long), not imported: the longest registered firm names have about 50 characters
# (200 leaves room for a name with its branch and bracketed notes), the longest 经营范围
# a few thousand (10,000 leaves room; a registry's cells are shorter). Every text step
# after staging (classification, name matching) then reads bounded texts.
MAX_NAME_CHARS = 200
MAX_CELL_CHARS = 10_000
HEAD_BYTES = MB  # a text file's first bytes, looked at for NUL bytes and a line break
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class InputTooLarge(InputRefused):
    """The input is over a size limit; nothing of it was read."""


@dataclass(frozen=True)
class InputLimits:
    max_bytes: int = 500 * MB
    max_unpacked: int = 2048 * MB
    max_ratio: int = 100

    @classmethod
    def from_settings(cls, settings) -> InputLimits:
        return cls(settings.max_import_mb * MB, settings.max_xlsx_mb * MB,
                   settings.max_xlsx_ratio)


def _not_regular(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file (NOT_A_FILE's codes)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "socket" if stat.S_ISSOCK(mode) else "other"


def _files(path: Path, folders: bool) -> list[tuple[Path, int]]:
    """(file, size) of the input: itself, or a folder's entries (its sub-folders left
    out); anything that is not a regular file, or a folder when ``folders`` is False, is
    refused by its ``os.stat`` (symbolic links followed), before anything opens it."""
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode) and folders:
        entries = [(p, p.stat()) for p in sorted(path.iterdir())]
        found = [(p, st) for p, st in entries if not stat.S_ISDIR(st.st_mode)]
    elif folders:
        raise InputRefused("not_a_folder", name=path.name)
    else:
        found = [(path, path.stat())]
    for file, st in found:
        what = _not_regular(st.st_mode)
        if what is not None:
            raise InputRefused("not_a_file", name=file.name or str(file), what=what)
    return [(file, st.st_size) for file, st in found]


def check_text_head(path: Path, size: int) -> None:
    """Refuse a text file that is not a table from its first HEAD_BYTES: over 1 % NUL
    bytes (and no UTF-16 byte-order mark), or, for .csv/.txt/.tsv, no line break there."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if head.startswith(UTF16_BOMS):
        return  # every other byte is NUL; the reader checks it as UTF-16
    if head.count(b"\0") * 100 > len(head):
        raise InputRefused("binary_text", name=path.name)
    if (path.suffix.lower() in TEXT_SUFFIXES and size > HEAD_BYTES
            and b"\n" not in head and b"\r" not in head):
        raise InputRefused("line_too_long", name=path.name, mb=HEAD_BYTES // MB)


def check_xlsx_archive(path: Path, limits: InputLimits) -> None:
    """Refuse a workbook whose declared unpacked size or packing ratio is over the limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetError(f"{path.name} is not a readable .xlsx workbook (not a zip archive: "
                         f"{exc}); open it in Excel and save it again, or export a .csv"
                         ) from exc
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked:
        raise InputTooLarge("too_large_unpacked", name=path.name, mb=unpacked / MB,
                            limit=limits.max_unpacked / MB)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise InputTooLarge("zip_bomb", name=path.name, member=member.filename,
                                ratio=ratio, packed=member.compress_size,
                                unpacked=member.file_size, limit=limits.max_ratio)


def check_input_limits(paths: list[Path], limits: InputLimits, folders: bool = False,
                       ) -> None:
    """Refuse inputs that are not regular files, or over the limits, before anything reads
    their rows (see module doc). ``folders``: the first input must be a folder (a
    knowledge graph), whose regular files are checked; otherwise every input is a file."""
    for index, path in enumerate(Path(p) for p in paths):
        if not path.exists():
            continue  # the importer says "no such file" in its own words
        files = _files(path, folders and index == 0)
        size = sum(s for _f, s in files)
        if size == 0 and not path.is_dir():
            raise InputRefused("empty_file", name=path.name)
        if size > limits.max_bytes:
            raise InputTooLarge("too_large", name=path.name, mb=size / MB,
                                limit=limits.max_bytes / MB)
        for file, file_size in files:
            if file.suffix.lower() in EXCEL_SUFFIXES:
                check_xlsx_archive(file, limits)
            elif file.suffix.lower() in (*TEXT_SUFFIXES, ".json") and file_size:
                check_text_head(file, file_size)
