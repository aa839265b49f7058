"""Text from the data made safe for the place it is drawn or written.

Names and any imported text may hold markup, formula-like prefixes, control characters or
path separators. Each output gets its own function:

- ``escape``: HTML and SVG/XML text and attribute values. Characters that XML 1.0 forbids
  (C0 controls other than tab, newline, carriage return; U+FFFE, U+FFFF) are dropped first:
  one such character makes a standalone SVG unreadable.
- ``plotly_text``: plotly labels, annotations and hover text, which draw a subset of HTML
  tags (``<b>``, ``<br>``, ``<a href>`` …) and decode only some entities (``&lt;`` ``&gt;``
  ``&amp;``, not ``&quot;``): ``< > &`` are escaped, quotes left as they are.
- ``safe_filename``: a file name built from data or from a request (chain, region …) with
  no path separators, no leading dots and a bounded length.

Spreadsheet cells are handled in ``chainmap.render.export`` (formula prefixes, illegal characters).
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["escape", "plotly_text", "safe_filename", "strip_controls"]

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FILENAME_BAD = re.compile(r"[^\w.\-]+")
FILENAME_MAX = 120


def strip_controls(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (tab, newline and CR are kept)."""
    return XML_ILLEGAL.sub("", text)


def escape(value, quote: bool = True) -> str:
    """HTML/XML-escaped text (quotes too, for attributes) with illegal characters dropped."""
    return html.escape(strip_controls(str(value)), quote=quote)


def plotly_text(value) -> str:
    """Text for plotly: markup escaped as entities plotly decodes back to the characters."""
    return escape(value, quote=False)


def safe_filename(text: str, default: str = "file") -> str:
    """A single file-name component: letters (any script), digits, ``.``, ``-``, ``_``.

    Separators and other characters become ``_``; leading dots and ``_`` are dropped (no
    hidden files, no ``..``); the result is at most 120 characters and never empty.
    """
    name = unicodedata.normalize("NFC", strip_controls(str(text)))
    name = FILENAME_BAD.sub("_", name).lstrip("._")[:FILENAME_MAX].rstrip("_")
    return name or default
