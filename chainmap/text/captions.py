"""Texts put together for exported figures and documents (and the pages that print the same
lines): a status as a label, the data coverage line, a tier, a firm's name, the firm unit. The
words are in the one text catalogue (chainmap.text.catalogue)."""

from __future__ import annotations

from chainmap.text.catalogue import TIERS, t

__all__ = ["caption", "data_coverage_caption", "data_coverage_items", "firm_caption",
           "firm_unit_caption", "status_caption", "tier_caption"]

# an export's words are in the one catalogue (chainmap.text.catalogue.exports, and the pages'
# words an export shares): ``caption`` is its ``t``
caption = t


def status_caption(status: str, lang: str = "zh") -> str:
    """A status as a label (a legend's, a table cell's): the catalogue's word, its first
    letter in capitals in English ("Missing", "No data")."""
    return _label(t(f"status_{status}", lang), lang)


def _label(text: str, lang: str) -> str:
    """`text` as a label: in English, its first letter in capitals."""
    return text[:1].upper() + text[1:] if lang == "en" else text


def _completeness(source: dict, region: str, lang: str) -> str:
    if not source["exhaustive"]:
        return caption("coverage_partial", lang)
    cover = source.get("covers_name_en" if lang == "en" else "covers_name") or region
    return caption("coverage_exhaustive", lang, how=caption(f"cover_{source['basis']}", lang),
                   region=cover)


def data_coverage_items(coverage: dict, lang: str = "zh") -> list[dict[str, str]]:
    """A report's ``data_coverage`` as rows for a table: source, what it lists, firms in the
    region, whether it lists every firm there (and how that is known)."""
    region = coverage["region_name_en" if lang == "en" else "region_name"]
    return [{caption("col_source", lang): s["title"],
             caption("col_scope", lang): caption(f"scope_{s['scope']}", lang),
             caption("col_firms_here", lang): s["firms"],
             caption("col_exhaustive", lang): _completeness(s, region, lang)}
            for s in coverage["sources"]]


def data_coverage_caption(coverage: dict, lang: str = "zh") -> str:
    """A report's ``data_coverage`` (chainmap.analytics.data_coverage) as one line: each
    source placing firms in the region, its firm count there, what it lists and whether it
    lists every firm there."""
    region = coverage["region_name_en" if lang == "en" else "region_name"]
    items = [caption("coverage_item", lang, title=s["title"], firms=f"{s['firms']:,}",
                     unit=firm_unit_caption(s["firms"], lang),
                     scope=caption(f"scope_{s['scope']}", lang),
                     complete=_completeness(s, region, lang))
             for s in coverage["sources"]]
    return caption("coverage_line", lang, region=region,
                   items=caption("coverage_sep", lang).join(items)
                   or caption("coverage_none", lang))


def firm_unit_caption(count: int, lang: str = "zh") -> str:
    """The word after a count of firms: 家; firm or firms."""
    return caption("firm_unit_one" if count == 1 else "firm_unit", lang)


def tier_caption(tier: str, lang: str = "zh") -> str:
    """A tier as a label: the catalogue's word, its first letter in capitals in English
    ("Upstream"); a tier it does not know as it is."""
    return _label(t(f"tier_{tier}", lang), lang) if tier in TIERS else tier


def firm_caption(row: dict, lang: str = "zh") -> str:
    """A report row's firm as shown: in English its ``firm_name_en`` where it has one (a
    text; a missing one may come as None or, through a DataFrame, NaN), else ``firm_name``."""
    english = row.get("firm_name_en") if lang == "en" else None
    return english if isinstance(english, str) and english.strip() else row["firm_name"]
