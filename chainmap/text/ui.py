"""The pages' way into the one text catalogue (chainmap.text.catalogue): ``t(code, lang)`` and
a few ways of putting texts together. Data names come from the database."""

from __future__ import annotations

from chainmap.text.catalogue import CATALOGUE, LANGS, t

__all__ = ["LANGS", "TEXT", "bracketed", "page_title", "status_note", "t"]

TEXT = CATALOGUE  # every code the pages may show (the one catalogue)


def bracketed(text: object, lang: str = "zh") -> str:
    """`text` in brackets after what precedes it: " (text)" in English, "（text）" in Chinese."""
    return f" ({text})" if lang == "en" else f"（{text}）"


def status_note(status: str, lang: str = "zh", **values) -> str:
    """A status and what it means, as a page says it: "未覆盖：已加载的数据未覆盖…" /
    "no data: the loaded data do not cover …" (an export's legend writes the status as a
    label: chainmap.text.captions.status_caption)."""
    return f"{t(f'status_{status}', lang)}{t('colon', lang)}" \
        f"{t(f'status_{status}_def', lang, **values)}"


def page_title(page: str, lang: str = "zh") -> str:
    """A page's own name in titles (its navigation label and the app's name); the title of a
    view puts its chain and region before it (layouts/_titles.py view_title)."""
    return f"{t(f'nav_{page}', lang)} · chainmap"
