"""Fitting text into boxes without a font engine: estimated widths, wrapping, truncation.

Widths are estimates in em for the Noto Sans CJK family: a CJK character or full-width
punctuation is 1 em, Latin letters and digits about 0.58 em, narrow letters less. They
err wide, so fitted text stays inside its box.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fit_line", "text_width", "wrap_text"]

NARROW = set("iljtfrI.,;:'!|() []")
ELLIPSIS = "…"


def _char_em(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in NARROW:
        return 0.34
    if ch.isupper() or ch in "mwMW%&@":
        return 0.72
    return 0.58


def text_width(text: str, size: float) -> float:
    """Estimated width in px of `text` at font size `size` px."""
    return size * sum(_char_em(ch) for ch in text)


def fit_line(text: str, max_width: float, size: float) -> str:
    """`text`, or as much of it as fits followed by an ellipsis."""
    if text_width(text, size) <= max_width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + ELLIPSIS, size) > max_width:
            break
        out += ch
    return out.rstrip() + ELLIPSIS


def _tokens(text: str) -> list[str]:
    """Words for Latin text, characters for CJK (closing punctuation stays on its line)."""
    return re.findall(r"\(?[A-Za-z0-9\-/.'’]+[ ,;:)）、，]*|\s+|[（「]*.[）」、，。：；]*", text)


def wrap_text(text: str, max_width: float, size: float, max_lines: int = 3) -> list[str]:
    """Greedy wrap into at most `max_lines` lines; the last one is truncated if needed."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        if current.strip() and text_width(current + token.rstrip(), size) > max_width:
            lines.append(current)
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current)
    flat = [part for line in lines for part in _break_long(line, max_width, size)]
    if len(flat) > max_lines:
        flat = [*flat[:max_lines - 1], fit_line("".join(flat[max_lines - 1:]).strip(),
                                                max_width, size)]
    return [line.strip() for line in flat] or [""]


def _break_long(line: str, max_width: float, size: float) -> list[str]:
    """A single word wider than the box is cut where it reaches the edge."""
    parts, current = [], ""
    for ch in line:
        if current.strip() and text_width((current + ch).rstrip(), size) > max_width:
            parts.append(current)
            current = ch
        else:
            current += ch
    return [*parts, current]
