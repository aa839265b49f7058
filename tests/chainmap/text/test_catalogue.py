"""The one text catalogue (chainmap.text.catalogue): every code the source looks up is in it in
both languages, no code is written twice, and no other module keeps its own wording table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from chainmap.text import catalogue
from chainmap.text.catalogue import CATALOGUE, PARTS, _assembled, t

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ("chainmap", "chainmap_web", "chainmap_cli", "layouts", "etl")
CATALOGUE_DIR = ROOT / "chainmap" / "text" / "catalogue"
CJK = re.compile(r"[\u4e00-\u9fff]")
# the functions that look a code up in the catalogue (t; caption, its export name; the CLI's
# app and header), and the helpers whose first argument is a code's prefix
LOOKUPS = {"t", "caption", "app", "header"}


def _modules() -> list[Path]:
    return sorted(p for top in SOURCE for p in (ROOT / top).rglob("*.py")
                  if "__pycache__" not in p.parts)


def _outside_catalogue() -> list[Path]:
    return [p for p in _modules() if CATALOGUE_DIR not in p.parents]


def _trees(paths: list[Path]) -> list[tuple[Path, ast.AST]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in paths]


def _called(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _lookups() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(module, code) of every lookup of a literal code, and (module, prefix) of every lookup
    of an f-string code (``t(f"status_{s}")``) or a concatenated one (``"group_" + k``)."""
    codes, prefixes = set(), set()
    for path, tree in _trees(_modules()):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _called(node) in LOOKUPS and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                codes.add((where, arg.value))
            elif isinstance(arg, ast.JoinedStr) and arg.values and \
                    isinstance(arg.values[0], ast.Constant):
                prefixes.add((where, arg.values[0].value))
            elif isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant) and \
                    isinstance(arg.left.value, str):
                prefixes.add((where, arg.left.value))
    return codes, prefixes


def test_every_code_the_source_looks_up_is_in_the_catalogue_in_both_languages():
    codes, prefixes = _lookups()
    assert len(codes) > 150 and len(prefixes) > 10  # the scan finds the lookups
    missing = sorted((w, c) for w, c in codes if c not in CATALOGUE)
    assert missing == []
    no_prefix = sorted((w, p) for w, p in prefixes if not any(k.startswith(p) for k in CATALOGUE))
    assert no_prefix == []
    for code, words in CATALOGUE.items():
        assert isinstance(words, tuple) and len(words) == 2, code
        zh, en = words
        assert isinstance(zh, str) and isinstance(en, str) and (zh or en), code
        assert not CJK.search(en) or code in ENGLISH_MAY_QUOTE, (code, en)
        # the same fields in both languages, so either fills from the same values
        assert set(re.findall(r"\{(\w*)", zh)) == set(re.findall(r"\{(\w*)", en)) \
            or code in FIELDS_DIFFER, code


# an English text that names a Chinese word on purpose; texts whose languages use
# different values (the count of a list in English, its rest in Chinese …)
ENGLISH_MAY_QUOTE = {"lang_switch", "import_reason_delisted"}
FIELDS_DIFFER = {"more_firms", "coverage_item", "target_reason_size", "target_reason_gap_unknown",
                 "target_reason_gap"}


def test_the_status_codes_and_their_words():
    """A page's status word, an export's label and the page's note are one wording."""
    from chainmap.text.captions import status_caption
    from chainmap.text.ui import status_note

    assert (t("status_missing"), t("status_missing", "en")) == ("缺失", "missing")
    assert status_caption("unknown", "en") == "No data"
    assert status_caption("unknown") == "未覆盖"
    assert status_note("unknown") == "未覆盖：已加载的数据未覆盖本地区此环节，不能判断是否缺失"
    assert status_note("unknown", "en") == (
        "no data: the loaded data do not cover this node here, so it cannot be called missing")


def test_no_code_is_written_twice():
    # in two parts: the catalogue would not assemble
    assert sum(len(p) for p in PARTS.values()) == len(CATALOGUE)
    with pytest.raises(ValueError, match="'x' is in both a and b"):
        _assembled({"a": {"x": ("甲", "a")}, "b": {"x": ("乙", "b")}})
    # twice in one dict literal (Python keeps the last silently)
    for path, tree in _trees(sorted(CATALOGUE_DIR.glob("*.py"))):
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                twice = {k for k in keys if keys.count(k) > 1}
                assert not twice, (path.name, twice)


def _str(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _pairs(node: ast.AST) -> tuple[str, str] | None:
    """A (中文, English) literal pair."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        zh, en = (_str(e) for e in node.elts)
        if zh and en is not None and CJK.search(zh) and not CJK.search(en):
            return zh, en
    return None


def test_no_other_module_defines_a_wording_table_of_the_catalogue():
    """No (中文, English) pair of the catalogue is written again elsewhere, and no module keeps
    a code -> words table (STATUS_ZH …) whose words are the catalogue's."""
    pairs = {w: code for code, w in CATALOGUE.items()}
    words_of = {}  # a code's last part -> its words, e.g. "missing" -> {"缺失", "missing"}
    for code, (zh, en) in CATALOGUE.items():
        for i in range(len(code.split("_"))):
            words_of.setdefault("_".join(code.split("_")[i:]), set()).update((zh, en))
    again, tables = [], []
    for path, tree in _trees(_outside_catalogue()):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            pair = _pairs(node)
            if pair in pairs:
                again.append((where, node.lineno, pair, pairs[pair]))
            if isinstance(node, ast.Dict):
                same = [k for k, v in zip(node.keys, node.values, strict=True)
                        if _str(k) is not None and _str(v) is not None
                        and _str(v) != _str(k)  # a code mapped to itself is no wording
                        and _str(v) in words_of.get(_str(k), ())]
                if len(same) >= 2:
                    tables.append((where, node.lineno, [_str(k) for k in same]))
    assert again == []
    assert tables == []


def test_the_catalogue_is_the_only_text_table_the_parts_make():
    """The catalogue's parts are where its words are; ui.TEXT and the CLI's APP_TEXT are the
    catalogue itself, not copies."""
    from chainmap.text.ui import TEXT
    from chainmap_cli.tables import APP_TEXT

    assert TEXT is CATALOGUE and APP_TEXT is CATALOGUE
    assert catalogue.t is t
