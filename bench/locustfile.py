"""Locust users for bench/load_test.py: real page loads and Dash callback POSTs.

A page load is what a browser does for one page (static bundles aside, which it caches):
the HTML shell, /_dash-layout, /_dash-dependencies, then the callback that draws the page
(Dash pages' `_pages_content`) and the one that labels the navigation. Interactions are the
callbacks a click or a search sends. Every callback body is built from the served app's own
/_dash-dependencies (fetched once), so a renamed component fails loudly instead of silently
sending requests the app ignores. A response counts as an error unless it is 200 and, for a
callback, JSON with a `response`. With CHAINMAP_LOAD_LOG set, every request is also written
to that file (time, kind, ms, failed) for bench/load_test.py's windows (before and after a
swap).
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from pathlib import Path

from locust import HttpUser, between, events, task

PAGES = [("/", ""), ("/chain", "?chain=rail"), ("/chain", "?chain=robot&region=chengyu"),
         ("/map", ""), ("/map", "?chain=rail&measure=lq&overlay=chengyu"),
         ("/targets", "?chain=rail"), ("/firms", ""), ("/present", "?chain=rail"),
         ("/present", "?chain=rail&step=chain")]
SHELL = ("..brand.children...lang-toggle.children...nav-overview.children...nav-chain.children"
         "...nav-map.children...nav-targets.children...nav-firms.children...nav-present.children"
         "...nav-overview.href...nav-chain.href...nav-map.href...nav-targets.href"
         "...nav-firms.href...nav-present.href..")
CONTENT = ".._pages_content.children..._pages_store.data.."
ACCOUNT = "account.children"  # the login/import links, re-drawn in the page's language
FIRM_ROW = {"firm_id": "cq_crrc_cc", "name": "重庆长客"}
# name -> (output, input values, state values), in the order /_dash-dependencies lists them
INTERACTIONS = {
    # a click on a box sets ?node= (layouts/assets/chain.js): the page is drawn with its panel
    "chain node click": (CONTENT, ["/chain", "?chain=rail&node=rail.bogie"], []),
    "map district click": ("district-detail.children",
                           [{"properties": {"region_id": "500116"}}], ["rail", "?chain=rail"]),
    "firm search": ("..firm-table.data...firm-table.page_count..",
                    ["重庆", "", "", [], 0, ""], []),
    "firm detail": ("firm-detail.children", [{"row": 0, "column": 0, "column_id": "name"}],
                    [[FIRM_ROW], ""]),
    "targets excel": ("targets-download.data", [1], ["rail", "500000", ""]),
}

REQUEST_LOG = os.environ.get("CHAINMAP_LOAD_LOG")
if REQUEST_LOG:
    _log = Path(REQUEST_LOG).open("a", encoding="utf-8", buffering=1)  # noqa: SIM115

    @events.request.add_listener
    def _record(request_type, name, response_time, exception=None, **_kw) -> None:
        _log.write(f"{time.time():.3f}\t{request_type} {name}\t{response_time:.1f}\t"
                   f"{int(exception is not None)}\n")

# shared round-robins: every page and every interaction is driven, even in a short run
_pages = itertools.cycle(PAGES)
_interactions = itertools.cycle(INTERACTIONS)
_deps: dict[str, dict] = {}
_deps_lock = threading.Lock()


def _outputs(output: str):
    """Dash's `outputs` for an output string: one {id, property} or a list of them."""
    if not output.startswith(".."):
        ident, prop = output.rsplit(".", 1)
        return {"id": ident, "property": prop}
    return [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
            for part in output.strip(".").split("...")]


def callback_body(deps: dict[str, dict], output: str, inputs: list, state: list) -> dict:
    dep = deps[output]  # KeyError: the app no longer has this callback
    if len(dep["inputs"]) != len(inputs) or len(dep["state"]) != len(state):
        raise ValueError(f"{output}: the callback's inputs or state changed")
    return {"output": output, "outputs": _outputs(output),
            "inputs": [{**d, "value": v} for d, v in zip(dep["inputs"], inputs, strict=True)],
            "state": [{**d, "value": v} for d, v in zip(dep["state"], state, strict=True)],
            "changedPropIds": [f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"]}


class Visitor(HttpUser):
    """Someone moving through the pages, clicking now and then."""

    wait_time = between(0.5, 2.0)

    def dependencies(self) -> dict[str, dict]:
        with _deps_lock:
            if not _deps:
                with self.client.get("/_dash-dependencies", name="/_dash-dependencies",
                                     catch_response=True) as response:
                    _deps.update({d["output"]: d for d in response.json()})
            return _deps

    def post_callback(self, name: str, body: dict) -> None:
        with self.client.post("/_dash-update-component", data=json.dumps(body),
                              headers={"Content-Type": "application/json"},
                              name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif "response" not in response.json():
                response.failure("no callback response")

    @task(6)
    def page_load(self) -> None:
        path, search = next(_pages)
        self.client.get(path + search, name=f"page {path}")
        self.client.get("/_dash-layout", name="/_dash-layout")
        self.client.get("/_dash-dependencies", name="/_dash-dependencies")
        deps = self.dependencies()
        self.post_callback(f"draw {path}", callback_body(deps, CONTENT, [path, search], []))
        self.post_callback("navigation labels", callback_body(deps, SHELL, [search], []))
        self.post_callback("account links", callback_body(deps, ACCOUNT, [search, path], []))

    @task(4)
    def interaction(self) -> None:
        name = next(_interactions)
        output, inputs, state = INTERACTIONS[name]
        self.post_callback(name, callback_body(self.dependencies(), output, inputs, state))
