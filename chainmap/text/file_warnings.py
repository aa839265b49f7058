"""An importer's file warning in the language shown. The importers (etl/importers) write a
warning in English, as the command line prints it; its words are the catalogue's
(chainmap.text.catalogue.codes FILE_WARNINGS), and an English warning is read back into its
code and values by its own English template, so no wording is written twice."""

from __future__ import annotations

import re

from chainmap.text.catalogue import FILE_WARNINGS, t

__all__ = ["warning_text"]


def _pattern(template: str) -> re.Pattern[str]:
    """A template's English as a pattern: its ``{field}`` a named group, the rest as written."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("^" + "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)"
                                    for i, p in enumerate(parts)) + "$")


_PATTERNS = {code: _pattern(en) for code, (_zh, en) in FILE_WARNINGS.items()}


def warning_text(message: str, lang: str = "zh") -> str:
    """An importer's warning `message` (English) in `lang`; one not in the catalogue as it
    is."""
    if lang == "en":
        return message
    for code, pattern in _PATTERNS.items():
        found = pattern.match(message)
        if found:
            return t(f"file_warning_{code}", lang, **found.groupdict())
    return message
