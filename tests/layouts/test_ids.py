"""Dash component ids are named once, in layouts/ids.py (issue 18): each value is unique,
each is used by some layout, and no page or web-server module writes an id as a string
literal (in ``id=``, ``component_id=``, ``htmlFor=``, as the first argument of
Input/Output/State, as the ``"type"`` of a pattern-matching id, or compared with
``ctx.triggered_id``). Dash must still send the plain values to the browser: the assets, the
stylesheet, the load test and the browser tests name them literally."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from dash import ALL, Input, html
from plotly.io.json import to_json_plotly

import chainmap_web
import layouts
from chainmap.analytics.coverage import STATUSES
from chainmap_web import unreadable
from chainmap_web.urls import NAV
from layouts import ids
from layouts.ids import Id

PAGES = Path(layouts.__file__).parent
WEB = Path(chainmap_web.__file__).parent
# the modules that draw components: the pages, the shell, their builders; the web server
MODULES = sorted(p for p in [*PAGES.glob("*.py"), *WEB.glob("*.py")] if p.name != "ids.py")
ID_KEYWORDS = {"id", "component_id", "htmlFor"}
ID_PARAMETERS = {"component_id", "table_id"}  # a builder's parameter that is an id
DEPENDENCIES = {"Input", "Output", "State"}
HELPERS = ("nav_link", "node_firms", "district_status", "progress_row")


def _is_literal(node: ast.AST | None) -> bool:
    """A string written in place: "x", f"x-{y}", "x" + y, "x".format(y)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_literal(node.left) or _is_literal(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _is_literal(node.func.value)
    return False


def _id_is_literal(node: ast.AST | None) -> bool:
    """A component id written in place: a literal, or a pattern-matching id whose "type" is."""
    if isinstance(node, ast.Dict):
        return any(isinstance(key, ast.Constant) and key.value == "type" and _is_literal(value)
                   for key, value in zip(node.keys, node.values, strict=True))
    return _is_literal(node)


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _id_positions(modules: list[Path]) -> dict[str, int]:
    """Builders that take a component id by position: {name: the id's position}
    (region_select(region, component_id, lang), _import_view.table(frame, table_id, ...)),
    under their own names and the names they are imported as."""
    out, aliases = {}, []
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                for position, name in enumerate(names):
                    if name in ID_PARAMETERS:
                        out[node.name] = position
            elif isinstance(node, ast.ImportFrom):
                aliases += [(a.name, a.asname) for a in node.names if a.asname]
    return out | {asname: out[name] for name, asname in aliases if name in out}


def literal_ids(source: str) -> list[tuple[int, str]]:
    """(line, code) of each component id the source writes as a string literal."""
    positions = {**_id_positions(MODULES), **dict.fromkeys(DEPENDENCIES, 0)}
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            named = [k.value for k in node.keywords if k.arg in ID_KEYWORDS]
            at = positions.get(_name(node.func))
            if at is not None and len(node.args) > at:
                named.append(node.args[at])
            found += [(node.lineno, ast.unparse(n)) for n in named if _id_is_literal(n)]
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "triggered_id" for s in sides):
                items = [e for s in sides for e in (s.elts if isinstance(s, ast.Tuple | ast.List
                                                                          | ast.Set) else [s])]
                found += [(node.lineno, ast.unparse(node)) for e in items if _is_literal(e)][:1]
    return found


def test_the_checker_finds_literal_ids():
    source = '''
html.Div(id="url")
html.Li(id=f"node-firms-{group}")
dcc.Dropdown(id={"type": "leader", "id": rank})
Output("brand", "children")
dash.State("url", "search")
chain_select(chain, lang, component_id="chain-chain")
region_select(region, "chain-region", lang)
html.Label(t("chain", lang), htmlFor="map-chain")
if dash.ctx.triggered_id in ("present-prev", "present-next"): pass
ok = dash.ctx.triggered_id == "present-next"
'''
    assert [line for line, _ in literal_ids(source)] == list(range(2, 12))
    assert literal_ids('html.Div(id=Id.URL)\nOutput(Id.BRAND, "children")\n'
                       'html.Li(id=node_firms(group), className="firm-list")\n'
                       'dcc.Dropdown(id={"type": Id.LEADER, "id": "1"})\n'
                       'if dash.ctx.triggered_id == Id.PRESENT_NEXT: pass\n') == []


@pytest.mark.parametrize("module", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_module_writes_a_component_id_as_a_literal(module: Path):
    assert literal_ids(module.read_text(encoding="utf-8")) == []


def test_every_value_is_unique():
    # Enum keeps a repeated value as an alias of the first name: __members__ lists both
    values = [member.value for member in Id.__members__.values()]
    repeated = sorted({v for v in values if values.count(v) > 1})
    assert repeated == []
    # and the ids made from keys, and the fault page's, are none of them
    made = [ids.nav_link(key) for key, _ in NAV] \
        + [ids.node_firms(group) for group in ("local", "sichuan", "elsewhere", "unknown")] \
        + [ids.district_status(status) for status in STATUSES]
    others = [*made, unreadable.PAGE_ID, unreadable.COMMAND_ID, unreadable.PAGE_CONTENT]
    assert len(set(others)) == len(others)
    assert set(others).isdisjoint(values)


def _used_names() -> set[str]:
    """Names of Id members and of the id helpers used by the pages and the web server."""
    used = set()
    for module in MODULES:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id == "Id":
                used.add(node.attr)
            elif isinstance(node, ast.Name):
                used.add(node.id)
    return used


def test_every_id_is_used_by_some_layout():
    used = _used_names()
    assert sorted(set(Id.__members__) - used) == []
    assert sorted(set(HELPERS) - used) == []
    assert sorted(ids.__all__) == sorted(["Id", *HELPERS])


def test_dash_sends_the_plain_values():
    """A StrEnum member is a str: in a component's id, a dependency and a pattern-matching id,
    the browser gets the value (the string the assets and tests name), not the member's name."""
    div = json.loads(to_json_plotly(html.Div(id=Id.URL)))
    assert div["props"]["id"] == "url"
    dependency = Input({"type": Id.PRESENT_EXPORT, "fmt": ALL}, "n_clicks").to_dict()
    assert dependency["id"] == '{"fmt":["ALL"],"type":"present-export"}'
    assert str(Input(Id.URL, "search")) == "url.search"
    pattern = json.loads(to_json_plotly(html.Div(id={"type": Id.LEADER, "id": "1"})))
    assert pattern["props"]["id"] == {"type": "leader", "id": "1"}
