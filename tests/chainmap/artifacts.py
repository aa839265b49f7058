"""Looking inside rendered files in tests: PNG pixels, PDF pages, remote references.

The PNG reader handles 8-bit RGB/RGBA, not interlaced (what Chromium writes): enough to ask
what a screenshot shows (its size, how many colours, whether a colour is present). Pillow
is not a dependency of the project.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# a script, stylesheet, image or frame fetched from another host
REMOTE = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
    re.IGNORECASE)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    channels: int
    rows: list[bytes]

    def pixels(self, step: int = 1) -> Counter:
        """Counts of RGB colours, sampling every `step`-th pixel of every `step`-th row."""
        counts: Counter = Counter()
        c = self.channels
        for row in self.rows[::step]:
            for i in range(0, len(row), c * step):
                counts[row[i:i + 3]] += 1
        return counts

    def has_colour(self, hex_colour: str, tolerance: int = 6, step: int = 2) -> bool:
        want = bytes.fromhex(hex_colour.lstrip("#"))
        return any(all(abs(a - b) <= tolerance for a, b in zip(rgb, want, strict=True))
                   for rgb in self.pixels(step))


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(kind: int, line: bytearray, prev: bytes, bpp: int) -> bytearray:
    if kind == 1:
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif kind == 2:
        line = bytearray((x + y) & 0xFF for x, y in zip(line, prev, strict=True))
    elif kind == 3:
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            up_left = prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + _paeth(left, prev[i], up_left)) & 0xFF
    return line


def read_png(data: bytes | Path) -> Image:
    raw = Path(data).read_bytes() if isinstance(data, Path) else data
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(raw):
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        body = raw[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour})")
    bpp = 3 if colour == 2 else 4
    data_ = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(data_[start], bytearray(data_[start + 1:start + 1 + stride]), prev, bpp)
        rows.append(bytes(line))
        prev = rows[-1]
    return Image(width, height, bpp, rows)
