"""Size limits on imported files, checked before any reader opens them.

- an input (a file, or a folder's files together) larger than ``max_bytes`` is refused
  from its size on disk, before a byte of it is read;
- an ``.xlsx``/``.xlsm`` is a zip archive whose members openpyxl inflates: its central
  directory (read without inflating anything) must declare at most ``max_unpacked`` bytes
  in all, and no member above ``RATIO_FLOOR`` bytes may inflate more than ``max_ratio``
  times (a zip bomb: a few MB that inflate to GBs). Python's zipfile never yields more
  than a member's declared size, so the declared sizes bound what openpyxl can inflate.

``check_input_limits`` (IO: stats files, reads a zip's directory) raises ``InputTooLarge``
or, for an .xlsx that is not a zip archive, ``SheetError``; messages say what to do.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from etl.importers.sheets import EXCEL_SUFFIXES, SheetError

__all__ = ["RATIO_FLOOR", "InputLimits", "InputTooLarge", "check_input_limits",
           "check_xlsx_archive"]

MB = 1024 * 1024
RATIO_FLOOR = 10 * MB  # a member smaller than this cannot hurt, whatever its ratio


class InputTooLarge(SheetError):
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


def _files(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]


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
        raise InputTooLarge(
            f"{path.name} unpacks to {unpacked / MB:,.0f} MB, over the limit of "
            f"{limits.max_unpacked / MB:,.0f} MB (CHAINMAP_MAX_XLSX_MB); split the file or "
            "export it as .csv")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise InputTooLarge(
                f"{path.name}: {member.filename} would inflate {ratio:,.0f} times "
                f"({member.compress_size:,} -> {member.file_size:,} bytes), over the limit of "
                f"{limits.max_ratio}:1 (CHAINMAP_MAX_XLSX_RATIO); refused as a possible zip "
                "bomb")


def check_input_limits(paths: list[Path], limits: InputLimits) -> None:
    """Refuse inputs over the size limits before anything reads them (see module doc)."""
    for path in (Path(p) for p in paths):
        if not path.exists():
            continue  # the importer says "no such file" in its own words
        files = _files(path)
        size = sum(f.stat().st_size for f in files)
        if size == 0 and path.is_file():
            raise SheetError(f"{path.name} is empty (0 bytes)")
        if size > limits.max_bytes:
            raise InputTooLarge(
                f"{path.name} is {size / MB:,.0f} MB, over the import limit of "
                f"{limits.max_bytes / MB:,.0f} MB (CHAINMAP_MAX_IMPORT_MB); nothing was read. "
                "Split the file, or raise the limit")
        for file in files:
            if file.suffix.lower() in EXCEL_SUFFIXES:
                check_xlsx_archive(file, limits)
