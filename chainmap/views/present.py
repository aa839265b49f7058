"""Presenter mode (演示模式): the sequence of views and the file for each view."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from chainmap.queries import query_place_names_en
from chainmap.render.bundle import (
    PRINT_CSS,
    targets_table_html,
    targets_title,
    write_chain_file,
    write_map_file,
    write_presentation_bundle,
)
from chainmap.render.chromium import render_pdf, render_png
from chainmap.reports import run_report
from chainmap.text.sanitize import escape

__all__ = ["STEPS", "STEP_FORMATS", "targets_page_html", "write_step_file"]

STEPS = ("map", "chain", "targets")
STEP_FORMATS = {"map": ("png", "pdf", "html"), "chain": ("png", "pdf", "svg"),
                "targets": ("png", "pdf", "html"), "bundle": ("zip",)}


def targets_page_html(con: duckdb.DuckDBPyConnection, chain: str, region: str,
                      title: str, lang: str = "zh") -> str:
    """The target list as one print-styled page (escaped throughout), in `lang`: the rows'
    English forms and the regions' English names in English."""
    frame = pd.DataFrame(run_report(con, "targets", chain, region).data)
    places = query_place_names_en(con) if lang == "en" else {}
    html_lang = "en" if lang == "en" else "zh-CN"
    return (f"<!DOCTYPE html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{PRINT_CSS}</style></head><body>"
            f"<section><h1>{escape(title)}</h1>{targets_table_html(frame, lang, places)}"
            "</section></body></html>")


def write_step_file(con: duckdb.DuckDBPyConnection, step: str, chain: str, region: str,
                    fmt: str, out: Path, lang: str = "zh", title: str = "") -> Path:
    """The file a presenter downloads for one view (or the whole bundle)."""
    if fmt not in STEP_FORMATS.get(step, ()):
        raise ValueError(f"cannot export {step!r} as {fmt!r}")
    if step == "bundle":
        return write_presentation_bundle(con, chain, region, out, lang)
    if step == "map":
        return write_map_file(con, chain, out, fmt, lang)
    if step == "chain":
        return write_chain_file(con, chain, region, out, fmt, lang)
    page = targets_page_html(con, chain, region,
                             title or targets_title(con, chain, region, lang), lang)
    if fmt == "html":
        out.write_text(page, "utf-8")
        return out
    return (render_png(page, out, 1600, 1000) if fmt == "png"
            else render_pdf(page, out, landscape=True))
