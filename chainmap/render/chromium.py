"""Render HTML (or an SVG wrapped in a page) to PNG or PDF with headless Chromium.

Chromium is Debian's /usr/bin/chromium or `chromium` on PATH, unless a path is given.
Every run gets a fresh profile in a temporary
directory, background networking off, and a virtual-time budget so that scripts (Leaflet)
finish drawing before the shot. The page is written next to the profile and loaded as a
file: URL, so the HTML must be self-contained.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from chainmap.text.sanitize import escape

__all__ = ["CHROMIUM_FLAGS", "RenderError", "RenderUnavailableError", "find_chromium",
           "render_pdf", "render_png", "svg_page", "svg_size"]

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic", "--hide-scrollbars",
                  "--disable-extensions", "--mute-audio", "--lang=zh-CN")
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
VIRTUAL_TIME_MS = 5000
TIMEOUT_S = 120.0


class RenderUnavailableError(RuntimeError):
    """No Chromium to render with."""


class RenderError(RuntimeError):
    """Chromium ran but produced no output (or timed out)."""


def find_chromium(explicit: str | Path | None = None) -> str:
    """The Chromium executable: `explicit`, else /usr/bin/chromium, else one on PATH."""
    for candidate in ((str(explicit),) if explicit else CANDIDATES):
        path = candidate if Path(candidate).is_absolute() else shutil.which(candidate)
        if path and os.access(path, os.X_OK):
            return path
    raise RenderUnavailableError(
        "Chromium is needed to make PNG and PDF files and was not found "
        f"(looked for {explicit if explicit else ', '.join(CANDIDATES)}); "
        "install it with `apt-get install chromium` (Debian) or `bash scripts/setup.sh test`")


def _run(chromium: str, html: str, output_flag: str, out: Path, extra: list[str],
         timeout: float) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chainmap-render-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, "utf-8")
        target = Path(tmp) / ("out" + out.suffix)
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
               f"--virtual-time-budget={VIRTUAL_TIME_MS}", *extra,
               f"{output_flag}={target}", page.as_uri()]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RenderError(f"Chromium took longer than {timeout:.0f} s") from exc
        if not target.exists() or target.stat().st_size == 0:
            tail = err.decode("utf-8", "replace").strip().splitlines()[-5:]
            raise RenderError(f"Chromium wrote no {out.suffix} (exit {proc.returncode}): "
                              + " | ".join(tail))
        shutil.move(target, out)
    return out


def render_png(html: str, out: Path, width: int = 1600, height: int = 1000, scale: float = 1.0,
               chromium: str | Path | None = None, timeout: float = TIMEOUT_S) -> Path:
    """A screenshot of the page at width x height CSS pixels (x `scale` device pixels)."""
    extra = [f"--window-size={int(width)},{int(height)}",
             f"--force-device-scale-factor={scale:g}"]
    return _run(find_chromium(chromium), html, "--screenshot", out, extra, timeout)


def _with_page_size(html: str, landscape: bool) -> str:
    if "@page" in html:
        return html
    style = (f"<style>@page {{ size: A4 {'landscape' if landscape else 'portrait'}; "
             "margin: 10mm; }</style>")
    head = re.search(r"<head[^>]*>", html, flags=re.IGNORECASE)
    if head:
        return html[:head.end()] + style + html[head.end():]
    return style + html


def render_pdf(html: str, out: Path, landscape: bool = True,
               chromium: str | Path | None = None, timeout: float = TIMEOUT_S) -> Path:
    """The page printed to PDF, A4 (landscape by default) unless the page sets its own @page."""
    extra = ["--no-pdf-header-footer", "--window-size=1600,1000"]
    return _run(find_chromium(chromium), _with_page_size(html, landscape), "--print-to-pdf",
                out, extra, timeout)


def svg_size(svg: str) -> tuple[int, int]:
    """The width and height (px) on an SVG's root element."""
    root = re.search(r"<svg\b[^>]*>", svg)
    if root is None:
        raise ValueError("not an SVG document")
    w = re.search(r'\swidth="([\d.]+)', root.group(0))
    h = re.search(r'\sheight="([\d.]+)', root.group(0))
    if not (w and h):
        raise ValueError("the SVG root has no width/height in px")
    return round(float(w.group(1))), round(float(h.group(1)))


def svg_page(svg: str, title: str = "", fit_page: bool = False) -> str:
    """An HTML page holding the SVG: at its own size, or scaled to the printed page."""
    size = ("svg { width: 100%; height: auto; max-height: 186mm; display: block; "
            "margin: 0 auto; }" if fit_page else "svg { display: block; }")
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title>"
            f"<style>html, body {{ margin: 0; background: #fff; }} {size}</style>"
            f"</head><body>{svg}</body></html>")
