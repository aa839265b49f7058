"""Why an input file is refused whole, before (or instead of) being imported: one text a
code, in Chinese and English. The importers raise a code and its values
(``etl.importers.sheets.InputRefused``); the CLI and the import page pick the language.

The bounds behind them are in ``etl.importers.limits`` (docs/reliability.md#limits).
"""

from __future__ import annotations

from chainmap.text.catalogue.refusals import NOT_A_FILE, REFUSALS

# the texts are the one catalogue's (chainmap.text.catalogue.refusals)
__all__ = ["NOT_A_FILE", "REFUSALS", "refusal_text"]


def refusal_text(code: str, values: dict, lang: str = "en") -> str:
    """The refusal ``code`` in ``lang`` (zh or en) with its ``values``; an unknown code as
    it is."""
    texts = REFUSALS.get(code)
    if texts is None:
        return code
    col = 1 if lang == "en" else 0
    if "what" in values:
        values = values | {"what": NOT_A_FILE.get(values["what"], NOT_A_FILE["other"])[col]}
    return texts[col].format(**values)
