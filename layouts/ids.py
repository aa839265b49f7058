"""Every Dash component id of the shell and the pages, named once.

Use ``Id.X`` wherever a layout or a callback names a component: in ``id=``, in
``Input``/``Output``/``State`` and as the ``"type"`` of a pattern-matching id. ``Id`` is a
``StrEnum``: a member is a ``str`` equal to its value, and Dash sends that value to the
browser (component ids, callback dependencies, pattern-matching dict ids alike).

The values are contracts: ``layouts/assets/*.js``, ``layouts/assets/style.css``,
``bench/locustfile.py``, ``bench/app_interactions.py`` and ``tests/browser`` use the same
strings literally, so a value never changes with a rename here.

Two ids are not here: the database-fault page's (``db-unreadable``,
``db-unreadable-command``) are named in ``chainmap_web/unreadable.py``, which draws that page
and, being the web server, cannot import the pages. ``tests/layouts/test_ids.py`` keeps them
apart from these.
"""

from __future__ import annotations

from enum import StrEnum, unique

__all__ = ["Id", "district_status", "nav_link", "node_firms", "progress_row"]


@unique
class Id(StrEnum):
    # the shell (layouts/app.py): the URL every page reads and writes, the top bar
    URL = "url"
    BRAND = "brand"
    ACCOUNT = "account"
    LANG_TOGGLE = "lang-toggle"
    NAV_IMPORT = "nav-import"
    NAV_LOGIN = "nav-login"
    NAV_LOGOUT = "nav-logout"

    # overview (layouts/overview.py)
    OVERVIEW_REGION = "overview-region"
    PROGRESS_CARD = "progress-card"
    PROGRESS_PANEL = "progress-panel"
    PROGRESS_MISSING = "progress-missing"
    PROGRESS_EDITORS_ONLY = "progress-editors-only"
    PROGRESS_FORM = "progress-form"
    PROGRESS_TARGET = "progress-target"
    PROGRESS_YEAR = "progress-year"
    PROGRESS_VALUE = "progress-value"
    PROGRESS_SOURCE = "progress-source"
    PROGRESS_NOTE = "progress-note"
    PROGRESS_SAVE = "progress-save"
    PROGRESS_FORM_RESULT = "progress-form-result"
    PROGRESS_ERROR = "progress-error"
    PROGRESS_SAVED = "progress-saved"
    COMPLETENESS_GRAPH = "completeness-graph"
    COVERAGE_CARD = "coverage-card"
    COVERAGE_TABLE = "coverage-table"
    COVERED_REGIONS = "covered-regions"
    BIGGEST_GAPS = "biggest-gaps"
    GAPS_RANK_NOTE = "gaps-rank-note"
    FIRMS_HEATMAP = "firms-heatmap"

    # chain (layouts/chain.py, layouts/_chain_view.py)
    CHAIN_CHAIN = "chain-chain"
    CHAIN_REGION = "chain-region"
    CHAIN_FIT = "chain-fit"
    CHAIN_PANE = "chain-pane"
    CHAIN_SVG = "chain-svg"
    CHAIN_SELECTED = "chain-selected"
    CHAIN_GRAPH = "chain-graph"
    CHAIN_DRAWN = "chain-drawn"
    CHAIN_COVERAGE = "chain-coverage"
    NODE_PANEL = "node-panel"
    NODE_TITLE = "node-title"
    NODE_TIER = "node-tier"
    NODE_BASIS = "node-basis"

    # map (layouts/map.py, layouts/_map_view.py)
    MAP_CHAIN = "map-chain"
    MAP_MEASURE = "map-measure"
    MAP_OVERLAY = "map-overlay"
    MAP_LABEL = "map-label"
    MAP_PANE = "map-pane"
    SIDE_PANEL = "side-panel"
    CLUSTER_MAP = "cluster-map"
    BASE_TILES = "base-tiles"
    SICHUAN_CITIES = "sichuan-cities"
    SICHUAN_UNSHADED = "sichuan-unshaded"
    PARTNER_CITIES = "partner-cities"
    CORE_OUTLINES = "core-outlines"
    DISTRICT_LAYER = "district-layer"
    DISTRICT_DETAIL = "district-detail"
    DISTRICT_NAME = "district-name"
    DISTRICT_ZONES = "district-zones"
    DISTRICT_FIRMS = "district-firms"
    DISTRICT_SUPPLIERS = "district-suppliers"
    MAP_LABEL_NOTE = "map-label-note"
    PARTNER_LIST = "partner-list"
    PLACED_LIST = "placed-list"
    UNPLACED_LIST = "unplaced-list"
    OUTSIDE_COUNT = "outside-count"
    CRS_NOTE = "crs-note"
    # the map's pattern-matching ids: {"type": Id.X, "id": ...}
    DISTRICT_LABEL = "district-label"
    FIRM_GROUP = "firm-group"
    LEADER = "leader"
    CHOROPLETH = "choropleth"
    CLUSTER_OUTLINE = "cluster-outline"

    # targets (layouts/targets.py)
    TARGETS_CHAIN = "targets-chain"
    TARGETS_REGION = "targets-region"
    TARGETS_EXPORT = "targets-export"
    TARGETS_DOWNLOAD = "targets-download"
    TARGET_LIST = "target-list"
    GAP_TABLE = "gap-table"
    NO_GAPS = "no-gaps"
    NO_TARGETS = "no-targets"

    # firms (layouts/firms.py)
    FIRM_SEARCH = "firm-search"
    FIRM_CHAIN = "firm-chain"
    FIRM_ROLE = "firm-role"
    FIRM_LABEL = "firm-label"
    FIRM_TITLES = "firm-titles"
    FIRM_TABLE = "firm-table"
    FIRM_DETAIL = "firm-detail"
    FIRM_DETAIL_NAME = "firm-detail-name"
    FIRM_DETAIL_NAME_ZH = "firm-detail-name-zh"
    FIRM_DETAIL_NO_NAME_EN = "firm-detail-no-name-en"

    # present (layouts/present.py)
    PRESENT_PAGE = "present-page"
    PRESENT_CHAIN = "present-chain"
    PRESENT_REGION = "present-region"
    PRESENT_PREV = "present-prev"
    PRESENT_NEXT = "present-next"
    PRESENT_STEP_NAME = "present-step-name"
    PRESENT_FULL = "present-full"
    PRESENT_EXPORT = "present-export"  # pattern-matching: {"type": Id.PRESENT_EXPORT, "fmt": ...}
    PRESENT_DOWNLOAD = "present-download"
    PRESENT_ERROR = "present-error"
    PRESENT_STAGE = "present-stage"
    PRESENT_CHAIN_SVG = "present-chain-svg"
    PRESENT_TARGETS = "present-targets"

    # import (layouts/imports.py)
    IMPORT_KIND = "import-kind"
    IMPORT_CHOOSE = "import-choose"
    IMPORT_UPLOAD_STATUS = "import-upload-status"
    IMPORT_UPLOADED = "import-uploaded"
    IMPORT_COMMIT = "import-commit"
    IMPORT_FILE = "import-file"
    IMPORT_JOB = "import-job"
    IMPORT_POLL = "import-poll"
    IMPORT_RESULT = "import-result"
    IMPORT_REPORT = "import-report"
    IMPORT_PROGRESS = "import-progress"
    IMPORT_REVIEW = "import-review"
    IMPORT_SAMPLE = "import-sample"
    IMPORT_QUARANTINE = "import-quarantine"
    IMPORT_BATCHES = "import-batches"
    QUARANTINE_VIEW = "quarantine-view"
    QUARANTINE_TABLE = "quarantine-table"
    QUARANTINE_DOWNLOAD = "quarantine-download"
    QUARANTINE_DOWNLOAD_ALL = "quarantine-download-all"


# ids made from a key: one component per navigation entry, firm group, status or target

def nav_link(key: str) -> str:
    """The shell's link to a page of ``chainmap_web.urls.NAV``: nav-overview, nav-chain …"""
    return f"nav-{key}"


def node_firms(group: str) -> str:
    """A chain node's list of firms of one group (layouts/_chain_view.py)."""
    return f"node-firms-{group}"


def district_status(status: str) -> str:
    """A district's nodes of one status in the map's side panel (layouts/map.py)."""
    return f"district-{status}"


def progress_row(target_id: str) -> str:
    """A target's row in the overview's progress table."""
    return f"progress-row-{target_id}"
