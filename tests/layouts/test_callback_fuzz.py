"""No Dash callback answers a 500: every server callback of the app is posted hypothesis-made
inputs through the app's own endpoint (/_dash-update-component), as a logged-in editor.

The callbacks are read from ``app.callback_map`` (a new callback is fuzzed without editing
this file); each input and state gets values a browser, an edited request or an old link can
send: known, unknown and hostile chain ids, regions and node ids, query strings, None,
numbers (huge, negative, NaN), lists and dicts. An answer may be 200 (drawn), 204
(PreventUpdate / nothing to change), 400 (a pages-callback body that is no pathname and
query: layouts/_inputs.py, chainmap_web/auth.py) or the auth refusals 401 and 403;
``TESTING`` makes any exception of a callback reach the test with its traceback.

Nothing is excluded, but two inputs are narrowed: the presentation exports are asked only for
HTML and SVG (PNG, PDF and the bundle start Chromium, seconds each: tests/browser), and no
upload is ever stored, so the import callbacks see only refused or unknown uploads and jobs
(a real upload and its job: tests/layouts/test_imports_upload.py).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainmap.accounts.users import add_user, write_users
from chainmap_web.auth import CSRF_COOKIE, CSRF_HEADER
from tests.web.test_auth import log_in

EXAMPLES = int(os.environ.get("CHAINMAP_FUZZ_EXAMPLES", "50"))  # per callback
OK = {200, 204, 400, 401, 403}
HOSTILE = ["", " ", "zzz", "999999", "x'); DROP TABLE dim_firm; --", "<script>alert(1)</script>",
           "../../../etc/passwd", "\x00", "\u202e", "🚄", "%", "?&=", "a" * 3000, "None",
           "NaN", "-1", "1e309", "[]", "{}"]
DOMAIN = ["rail", "grid", "robot", "engine", "500000", "500116", "510100", "chengyu",
          "Z500001", "en", "zh", "map", "chain", "targets", "firms", "coverage", "html", "svg",
          "stored", "network", "qcc", "csv", "links", "supplier", "leader"]
QUERY_KEYS = ["lang", "chain", "region", "step", "node", "firm", "measure", "overlay", "label",
              "q", "page"]
DICT_KEYS = ["points", "customdata", "properties", "region_id", "row", "column_id", "firm_id",
             "direction", "state", "path", "error", "job", "kind", "name", "id", "value"]
EXPORT_FORMATS = ["html", "svg", "nope", "../x", ""]  # no png/pdf/zip: Chromium (module doc)


def _words(extra: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(DOMAIN + HOSTILE + extra), st.text(max_size=12))


def _json_values(words: st.SearchStrategy[str]) -> st.SearchStrategy:
    scalars = st.one_of(st.none(), st.booleans(), words,
                        st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                        st.floats(allow_nan=True, allow_infinity=True))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(DICT_KEYS), words), inner, max_size=4)),
        max_leaves=12)


def _search(words: st.SearchStrategy[str]) -> st.SearchStrategy:
    query = st.dictionaries(st.sampled_from(QUERY_KEYS), words, max_size=5)
    return st.one_of(st.none(), words, query.map(lambda q: "?" + urlencode(q)))


def _value(spec: dict, words: st.SearchStrategy[str], shaped: st.SearchStrategy,
           known: dict[str, list[str]]):
    """Values for one input or state, by its property (and, for a chain or region selector,
    its id): the shapes the page sends, and any."""
    prop, anything = spec["property"], _json_values(words)
    for what in ("chain", "region"):  # mostly known ids: the callback then does its work
        if prop == "value" and spec["id"].endswith(what):
            ids = st.sampled_from(known[what])
            return st.one_of(ids, ids, ids, words, anything)
    if prop == "search":
        return st.one_of(_search(words), anything)
    if prop == "pathname":
        return st.one_of(st.sampled_from(["/", "/firms", "/import", "/admin", "firms", "//x"]),
                         words.map(lambda w: "/" + w), anything)
    if prop in ("n_clicks", "n_intervals", "page_current"):
        return st.one_of(st.none(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                         anything)
    return st.one_of(words, shaped, anything)


def _shaped(words: st.SearchStrategy[str], firm_ids: list[str]) -> st.SearchStrategy:
    """Values shaped like the ones the pages send (clickData, active_cell, table rows …)."""
    return st.one_of(
        st.builds(lambda w: {"points": [{"customdata": w}]}, words),
        st.builds(lambda w: {"properties": {"region_id": w}}, words),
        st.builds(lambda r, c: {"row": r, "column": 1, "column_id": c},
                  st.integers(min_value=-3, max_value=2 ** 40), words),
        st.lists(st.builds(lambda f: {"firm_id": f}, st.sampled_from(firm_ids) | words),
                 max_size=3),
        st.lists(st.builds(lambda c, d: {"column_id": c, "direction": d}, words,
                           st.sampled_from(["asc", "desc", "up", None])), max_size=2),
        st.builds(lambda p, e: {"state": "stored", "path": p, "error": e}, words, words),
        st.builds(lambda j: {"job": j}, words),
        st.builds(lambda p, k: {"path": p, "kind": k}, words, words),
        st.lists(words, max_size=3))


def _outputs(key: str):
    """The outputs the renderer names for callback ``key`` (Dash's callback_map key)."""
    if not key.startswith(".."):
        component, prop = key.rsplit(".", 1) if "@" not in key else \
            (key.split("@")[0].rsplit(".", 1)[0], key.split(".", 1)[1])
        return {"id": component, "property": prop}
    parts = key[2:-2].split("...")
    return [{"id": p.split(".", 1)[0], "property": p.split(".", 1)[1]} for p in parts]


def _item(spec: dict, value, formats: list[str]):
    """One input or state of the body; a pattern-matching one (ALL) as the matched list."""
    if spec["id"].startswith("{"):
        pattern = json.loads(spec["id"])
        return [{"id": {k: (f if v == ["ALL"] else v) for k, v in pattern.items()},
                 "property": spec["property"], "value": value} for f in formats]
    return {"id": spec["id"], "property": spec["property"], "value": value}


def _prop_id(item) -> str:
    if isinstance(item, list):
        if not item:
            return "."
        item = item[0]
    ident = item["id"]
    if isinstance(ident, dict):
        ident = json.dumps(ident, sort_keys=True, separators=(",", ":"))
    return f"{ident}.{item['property']}"


def server_callbacks(app) -> dict[str, dict]:
    """Dash's callback_map without the clientside callbacks (they have no server function)."""
    return {key: spec for key, spec in app.callback_map.items() if "callback" in spec}


@pytest.fixture(scope="module")
def fuzz_app(built_settings, tmp_path_factory):
    from tests.layouts.components import app_on

    users = tmp_path_factory.mktemp("fuzz-users") / "users.json"
    write_users(users, add_user({}, "editor1", "editor", "editor-pass"))
    with app_on(replace(built_settings, users_file=users)) as app:
        app.server.config["TESTING"] = True  # a callback's exception reaches the test
        app.server.test_client().get("/")  # Dash registers the pages callback on first use
        yield app


@pytest.fixture(scope="module")
def editor(fuzz_app):
    client = fuzz_app.server.test_client()
    log_in(client, "editor1", "editor-pass")
    return client


@pytest.fixture(scope="module")
def known_ids(built_settings) -> dict[str, list[str]]:
    """Some ids of the database: chains, regions (as the region switch offers), nodes, firms."""
    from chainmap.db import connect

    queries = {
        "chain": "SELECT chain_id FROM dim_chain",
        "region": "SELECT region_id FROM dim_region WHERE province_id IN ('500000', '510000')"
                  " AND level IN ('province', 'city', 'district', 'zone') LIMIT 12",
        "node": "SELECT node_id FROM dim_chain_node WHERE chain_id IN ('rail', 'robot')",
        "firm": "SELECT firm_id FROM dim_firm ORDER BY firm_id LIMIT 20"}
    with connect(built_settings.db_path) as con:
        known = {k: [r[0] for r in con.execute(q).fetchall()] for k, q in queries.items()}
    known["region"].append("chengyu")
    return known


def post(client, key: str, spec: dict, values: list, formats: list[str], trigger: int):
    specs = spec["inputs"] + spec["state"]
    items = [_item(s, v, formats) for s, v in zip(specs, values, strict=True)]
    n_inputs = len(spec["inputs"])
    body = {"output": key, "outputs": _outputs(key), "inputs": items[:n_inputs],
            "state": items[n_inputs:], "changedPropIds": [_prop_id(items[trigger % n_inputs])]}
    token = client.get_cookie(CSRF_COOKIE)
    return client.post("/_dash-update-component", json=body,
                       headers={CSRF_HEADER: token.value if token else ""})


def test_the_app_has_server_callbacks_to_fuzz(fuzz_app):
    names = {spec["callback"].__wrapped__.__name__ for spec in
             server_callbacks(fuzz_app).values() if hasattr(spec["callback"], "__wrapped__")}
    assert len(server_callbacks(fuzz_app)) >= 17  # a chain node's click is clientside
    assert {"on_export", "on_filter", "on_pick", "on_select", "on_upload", "on_poll"} <= names


def fuzz_one(client, key: str, spec: dict, words, shaped, known):
    """Hypothesis on one callback: ``EXAMPLES`` bodies, each answered without an error."""
    specs = spec["inputs"] + spec["state"]
    values = st.tuples(*[_value(s, words, shaped, known) for s in specs])

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(values=values, formats=st.lists(st.sampled_from(EXPORT_FORMATS), min_size=1,
                                           max_size=3, unique=True),
           trigger=st.integers(min_value=0, max_value=9))
    def fuzz(values, formats, trigger):
        response = post(client, key, spec, list(values), formats, trigger)
        assert response.status_code in OK, (key, values, response.get_data(as_text=True))

    fuzz()


def test_no_callback_answers_an_error_to_any_input(fuzz_app, editor, known_ids):
    words = _words(known_ids["node"] + known_ids["firm"])
    shaped = _shaped(words, known_ids["firm"])
    known = known_ids
    failures = {}
    for key, spec in server_callbacks(fuzz_app).items():
        try:
            fuzz_one(editor, key, spec, words, shaped, known)
        except Exception as exc:  # every callback is fuzzed, then all are reported
            failures[key] = f"{type(exc).__name__}: {exc}"
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_the_targets_workbook_of_an_unknown_chain_or_region_is_no_download(fuzz_app, editor):
    """The targets page's Excel export answered 500 for a chain or region the database does
    not know (#22.7: UnknownChainError, UnknownRegionError, a list's TypeError): now nothing
    is downloaded (204); a known pair still downloads the workbook."""
    key = "targets-download.data"
    spec = server_callbacks(fuzz_app)[key]
    for chain, region in (("zzz", "500000"), ("rail", "999999"), (None, None),
                          (["rail"], "500000"), ("rail", 500000)):
        response = post(editor, key, spec, [1, chain, region, "?lang=en"], [], 0)
        assert response.status_code == 204, (chain, region, response.get_data(as_text=True))
    response = post(editor, key, spec, [1, "rail", "500116", "?lang=en"], [], 0)
    assert response.status_code == 200
    download = response.get_json()["response"]["targets-download"]["data"]
    assert download["filename"] == "chainmap-targets-rail-500116.xlsx" and download["base64"]


PAGE_KEY = ".._pages_content.children..._pages_store.data.."


def test_every_page_draws_any_value_of_any_query_key(fuzz_app, editor):
    """Not left to the random fuzz (which found /?region=rail answering 500 once in CI): each
    page is opened with every query key set to each domain word and hostile value at once, so
    a word valid for one key (a chain id) given to another (the region) is always tried."""
    import dash

    spec = server_callbacks(fuzz_app)[PAGE_KEY]
    names = [s["property"] for s in spec["inputs"] + spec["state"]]
    paths = sorted({page["path"] for page in dash.page_registry.values()})
    assert len(paths) >= 7
    failures = []
    for path in paths:
        for value in DOMAIN + HOSTILE:
            search = "?" + urlencode(dict.fromkeys(QUERY_KEYS, value))
            values = [{"pathname": path, "search": search}.get(n) for n in names]
            response = post(editor, PAGE_KEY, spec, values, [], 0)
            if response.status_code not in OK:
                failures.append((path, value, response.status_code))
    assert not failures, failures
