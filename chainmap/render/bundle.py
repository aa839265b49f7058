"""一图一表一清单: the presentation bundle for one chain and one region, as one zip.

map.html (offline) and map.png: the plan's clusters and the chain's firm groups;
chain.svg and chain.png: the chain diagram coloured by coverage in the region;
targets.xlsx: the investment-target list (补链招商) with Chinese headers;
bundle.pdf: the three on A4 landscape pages (map, chain diagram, target table).
"""

from __future__ import annotations

import base64
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pandas as pd

from chainmap.geo.places import with_firm_names_en
from chainmap.geo.queries import query_map_layers
from chainmap.queries import query_place_names_en, query_region_name
from chainmap.render.chromium import render_pdf, render_png, svg_page, svg_size
from chainmap.render.diagram import chain_svg, query_chain_diagram
from chainmap.render.html_map import offline_map_html
from chainmap.render.palette import FONT_FAMILY
from chainmap.render.workbooks import write_targets_sheets
from chainmap.reports import run_report
from chainmap.text.captions import caption, firm_caption
from chainmap.text.catalogue import STATUSES, words
from chainmap.text.sanitize import escape

__all__ = ["BUNDLE_FILES", "CHAIN_FORMATS", "MAP_FORMATS", "bundle_print_html", "chain_title",
           "map_title", "region_title", "targets_table_html", "targets_title", "top_reasons",
           "write_chain_file", "write_map_file", "write_presentation_bundle"]

BUNDLE_FILES = ("map.html", "map.png", "chain.svg", "chain.png", "targets.xlsx", "bundle.pdf",
                "README.txt")
MAP_SIZE = (1600, 1000)
MAP_FORMATS = ("html", "png", "pdf")
CHAIN_FORMATS = ("svg", "png", "pdf", "html")
SKIPPED_REASONS = ("填补「", "规模：暂无数据", "距离：所在地未知", "Fills the node",
                   "Size: no data", "Distance: location unknown")


def top_reasons(reasons, n: int = 3) -> list[str]:
    """The first `n` reasons that say something beyond the gap itself."""
    items = list(reasons) if isinstance(reasons, list | tuple) else []
    return [r for r in items if not str(r).startswith(SKIPPED_REASONS)][:n]


def _names(con: duckdb.DuckDBPyConnection, chain: str | None) -> tuple[str, str]:
    if chain is None:
        return caption("all_chains_name", "zh"), caption("all_chains_name", "en")
    row = con.execute("SELECT name_zh, name_en FROM dim_chain WHERE chain_id = ?",
                      [chain]).fetchone()
    return (row[0], row[1]) if row else (chain, chain)


def map_title(con: duckdb.DuckDBPyConnection, chain: str | None, lang: str = "zh") -> str:
    zh, en = _names(con, chain)
    return caption("map_title", lang, chain=en if lang == "en" else zh)


def region_title(diagram: dict, lang: str = "zh") -> str:
    """The diagram's region in `lang` (an older diagram without an English name: Chinese)."""
    return diagram.get("region_name_en", diagram["region_name"]) if lang == "en" \
        else diagram["region_name"]


def chain_title(diagram: dict, lang: str = "zh") -> str:
    name = diagram["chain_name_en"] if lang == "en" else diagram["chain_name"]
    return caption("diagram_title", lang, chain=name, region=region_title(diagram, lang))


def targets_title(con: duckdb.DuckDBPyConnection, chain: str, region: str,
                  lang: str = "zh") -> str:
    """补链招商目标清单 · chain · region, or its English form."""
    zh, en = _names(con, chain)
    return caption("targets_list_title", lang, chain=en if lang == "en" else zh,
                   region=query_region_name(con, region, lang))


def targets_table_html(frame: pd.DataFrame, lang: str = "zh",
                       places: dict[str, str] | None = None) -> str:
    """The target list as an HTML table: node (status), firm, location, score, top reasons
    (in English from the rows' English forms where they have them, places by `places`)."""
    if frame.empty:
        return f'<p class="empty">{escape(caption("no_targets", lang))}</p>'
    en = lang == "en"
    status = words(STATUSES, lang)
    head = "".join(f"<th>{escape(caption(k, lang))}</th>" for k in
                   ("col_gap_node", "col_firm", "col_region", "col_score", "col_main_reasons"))
    rows = []
    for r in frame.to_dict("records"):
        node = r.get("node_name_en", r["node_name"]) if en else r["node_name"]
        firm = firm_caption(r, lang)
        said = r.get("reasons_en", r["reasons"]) if en else r["reasons"]
        reasons = "".join(f"<li>{escape(str(x))}</li>" for x in top_reasons(said))
        region = r["region_name"] if isinstance(r["region_name"], str) else None
        if en and region:
            region = (places or {}).get(region, region)
        rows.append(f"<tr><td>{escape(str(node))}<span class=\"st st-"
                    f"{escape(str(r['node_status']))}\">"
                    f"{escape(status.get(r['node_status'], str(r['node_status'])))}</span></td>"
                    f"<td>{escape(str(firm))}</td><td>{escape(region or '—')}</td>"
                    f"<td class=\"num\">{float(r['score']):.1f}</td><td><ul>{reasons}</ul></td>"
                    "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


PRINT_CSS = f"""
@page {{ size: A4 landscape; margin: 10mm; }}
html, body {{ margin: 0; font-family: {FONT_FAMILY}; color: #1a1a1a; }}
section {{ break-after: page; }}
section:last-child {{ break-after: auto; }}
h1 {{ font-size: 18pt; margin: 0 0 4mm; color: #14213d; }}
.figure {{ width: 100%; max-height: 188mm; object-fit: contain; display: block; }}
svg {{ width: 100%; height: auto; max-height: 188mm; display: block; }}
table {{ width: 100%; border-collapse: collapse; font-size: 9.5pt; }}
thead {{ display: table-header-group; }}
th {{ background: #dde7f3; text-align: left; padding: 2mm; }}
td {{ border-bottom: 0.3mm solid #c8d1dc; padding: 1.6mm 2mm; vertical-align: top; }}
tr {{ break-inside: avoid; }}
td.num {{ text-align: right; white-space: nowrap; }}
td ul {{ margin: 0; padding-left: 4mm; }}
.st {{ display: inline-block; margin-left: 2mm; padding: 0 1.5mm; border-radius: 1mm;
  background: #fde0d2; font-size: 8pt; }}
.st-unknown {{ background: #eeeeee; color: #4d4d4d; }}
.note {{ color: #555; font-size: 8.5pt; margin-top: 3mm; }}
"""


def _page(title: str, sections: list[str], lang: str) -> str:
    return ("<!DOCTYPE html><html lang=\"" + ("en" if lang == "en" else "zh-CN") + "\">"
            f"<head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{PRINT_CSS}</style></head><body>{''.join(sections)}</body></html>")


def _image_section(png: bytes, alt: str) -> str:
    image = base64.b64encode(png).decode("ascii")
    return (f"<section id=\"map\"><img class=\"figure\" alt=\"{escape(alt)}\" "
            f"src=\"data:image/png;base64,{image}\"></section>")


def bundle_print_html(map_png: bytes, map_heading: str, svg: str, targets_heading: str,
                      table_html: str, lang: str = "zh") -> str:
    """One print-styled page: the map (as an image), the chain diagram, the target table."""
    return _page(map_heading, [
        _image_section(map_png, map_heading),
        f"<section id=\"chain\">{svg}</section>",
        f"<section id=\"targets\"><h1>{escape(targets_heading)}</h1>{table_html}"
        f"<p class=\"note\">{escape(caption('data_note_confidence', lang))}</p></section>"], lang)


def _readme(chain: str, region: str, built_at: str | None) -> str:
    return ("chainmap 演示资料包 / presentation bundle\n"
            f"chain: {chain}  region: {region}  database built: {built_at or 'unknown'}\n\n"
            "map.html     离线地图（无需网络，可直接用浏览器打开） / offline map\n"
            "map.png      地图图片 / the map as an image\n"
            "chain.svg    产业链图谱（矢量） / chain diagram (vector)\n"
            "chain.png    产业链图谱图片 / chain diagram as an image\n"
            "targets.xlsx 补链招商目标清单 / investment-target list\n"
            "bundle.pdf   一图一表一清单（三页） / the three pages in one PDF\n\n"
            "坐标 GCJ-02；圆点代表区县或功能区，不是企业的具体位置。\n")


def write_presentation_bundle(con: duckdb.DuckDBPyConnection, chain: str, region: str,
                              out_zip: Path, lang: str = "zh") -> Path:
    """Write the bundle zip (atomically: a failed run leaves no partial zip)."""
    diagram = query_chain_diagram(con, chain, region)
    targets = run_report(con, "targets", chain, region)
    svg = chain_svg(diagram, chain_title(diagram, lang), lang)
    heading = map_title(con, chain, lang)
    layers = query_map_layers(con, chain)
    if lang == "en":
        layers = with_firm_names_en(con, layers)
    places = query_place_names_en(con) if lang == "en" else {}
    map_html = offline_map_html(layers, heading, lang, places=places)
    built = con.execute("SELECT value FROM build_meta WHERE key = 'built_at'").fetchone()
    out_zip = Path(out_zip)
    with tempfile.TemporaryDirectory(prefix="chainmap-bundle-") as tmp:
        d = Path(tmp)
        (d / "map.html").write_text(map_html, "utf-8")
        (d / "chain.svg").write_text(svg, "utf-8")
        render_png(offline_map_html(layers, heading, lang, interactive=False, places=places),
                   d / "map.png",
                   *MAP_SIZE, scale=2)
        width, height = svg_size(svg)
        render_png(svg_page(svg, chain_title(diagram, lang)), d / "chain.png", width, height,
                   scale=2)
        gaps = run_report(con, "gaps", chain, region)
        write_targets_sheets(targets.data, gaps.data,
                             diagram["chain_name_en" if lang == "en" else "chain_name"],
                             region, d / "targets.xlsx", lang, places,
                             query_region_name(con, region, lang),
                             gaps.data_coverage)  # the page's workbook
        targets_heading = targets_title(con, chain, region, lang)
        table = targets_table_html(pd.DataFrame(targets.data), lang, places)
        page = bundle_print_html((d / "map.png").read_bytes(), heading, svg, targets_heading,
                                 table, lang)
        render_pdf(page, d / "bundle.pdf")
        (d / "README.txt").write_text(_readme(chain, region, built and built[0]), "utf-8")
        partial = out_zip.with_name(out_zip.name + ".partial")
        out_zip.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in BUNDLE_FILES:
                zf.write(d / name, arcname=name)
        partial.replace(out_zip)
    return out_zip


def write_map_file(con: duckdb.DuckDBPyConnection, chain: str | None, out: Path,
                   fmt: str = "html", lang: str = "zh") -> Path:
    """The offline map of one chain (None: all chains) as html, png or pdf."""
    if fmt not in MAP_FORMATS:
        raise ValueError(f"unknown map format {fmt!r}; one of {MAP_FORMATS}")
    layers = query_map_layers(con, chain)
    if lang == "en":
        layers = with_firm_names_en(con, layers)
    title = map_title(con, chain, lang)
    places = query_place_names_en(con) if lang == "en" else {}
    out = Path(out)
    if fmt == "html":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(offline_map_html(layers, title, lang, places=places), "utf-8")
        return out
    picture = offline_map_html(layers, title, lang, interactive=False, places=places)
    if fmt == "png":
        return render_png(picture, out, *MAP_SIZE, scale=2)
    # printing a live Leaflet page reflows it to the paper; print a picture of it instead
    with tempfile.TemporaryDirectory(prefix="chainmap-map-") as tmp:
        png = render_png(picture, Path(tmp) / "map.png", *MAP_SIZE, scale=2).read_bytes()
    return render_pdf(_page(title, [_image_section(png, title)], lang), out)


def write_chain_file(con: duckdb.DuckDBPyConnection, chain: str, region: str, out: Path,
                     fmt: str = "svg", lang: str = "zh") -> Path:
    """The chain diagram of one chain in one region as svg, png, pdf or html."""
    if fmt not in CHAIN_FORMATS:
        raise ValueError(f"unknown chain format {fmt!r}; one of {CHAIN_FORMATS}")
    diagram = query_chain_diagram(con, chain, region)
    title = chain_title(diagram, lang)
    svg = chain_svg(diagram, title, lang)
    out = Path(out)
    if fmt == "png":
        width, height = svg_size(svg)
        return render_png(svg_page(svg, title), out, width, height, scale=2)
    if fmt == "pdf":
        return render_pdf(svg_page(svg, title, fit_page=True), out, landscape=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(svg if fmt == "svg" else svg_page(svg, title), "utf-8")
    return out
