"""The selection a request asks about: a chain, a region and a language, checked once.

A selection enters at the edge (a page's URL, a callback's query string, a CLI option) and is
parsed there into one `Selection`; the library below it (``chainmap.reports.report_of``, the
views) takes it as valid and does not check it again. The defaults are declared here once.

Two ways in, one per edge:

- ``select``: strict, for the CLI and the library's ``run_report``: an unknown chain raises
  UnknownChainError, an unknown region UnknownRegionError (the messages the CLI prints).
- ``drawable``: lenient, for the pages: an unknown, empty or hostile value is drawn as the
  default (an old link or an edited URL is a page, never an error).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb

from chainmap.analytics.region import UnknownRegionError
from chainmap.cache import memoised

__all__ = ["DEFAULT_CHAIN", "DEFAULT_LANG", "DEFAULT_REGION", "LANGS", "Lang", "Selection",
           "UnknownChainError", "UnknownRegionError", "check_chain", "check_region",
           "drawable", "drawable_chain", "drawable_region", "lang_of", "query_chain_ids",
           "query_region_ids", "select"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_CHAIN = "rail"
DEFAULT_REGION = "500000"  # Chongqing: the plan's city
DEFAULT_LANG: Lang = "zh"
GROUPS = frozenset({"chengyu"})  # regions that are a group of provinces, not a row of dim_region


class UnknownChainError(ValueError):
    pass


@dataclass(frozen=True)
class Selection:
    """A chain id and a region id known to the database, and a language. Built by ``select``
    or ``drawable`` (or directly by a caller that holds ids it knows are valid)."""

    chain: str = DEFAULT_CHAIN
    region: str = DEFAULT_REGION
    lang: Lang = DEFAULT_LANG


def lang_of(value: object) -> Lang:
    """A language as the app and the exports speak it: "en" is English, anything else (none,
    "zh", an unknown code, a non-string) the default."""
    return "en" if value == "en" else DEFAULT_LANG


def query_chain_ids(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The chain ids of dim_chain in the order the chain switch lists them (focus first;
    memoised per read-only connection)."""
    return memoised(con, "chain_ids", lambda: tuple(r[0] for r in con.execute(
        "SELECT chain_id FROM dim_chain ORDER BY focus DESC, chain_id").fetchall()))


def query_region_ids(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The region ids a selection can name: dim_region's and the group 'chengyu'."""
    return memoised(con, "region_ids", lambda: frozenset(
        {r[0] for r in con.execute("SELECT region_id FROM dim_region").fetchall()} | GROUPS))


def check_chain(con: duckdb.DuckDBPyConnection, chain: object) -> str:
    known = query_chain_ids(con)
    if not isinstance(chain, str) or chain not in known:
        raise UnknownChainError(f"unknown chain {chain!r}; one of {sorted(known)}")
    return chain


def check_region(con: duckdb.DuckDBPyConnection, region: object) -> str:
    if not isinstance(region, str) or region not in query_region_ids(con):
        raise UnknownRegionError(
            f"unknown region {region!r}: use a 6-digit adcode (e.g. 500000, 500116, 510100), "
            "a zone id (Z500001) or the group 'chengyu'")
    return region


def select(con: duckdb.DuckDBPyConnection, chain: object, region: object = DEFAULT_REGION,
           lang: object = DEFAULT_LANG) -> Selection:
    """The selection of a chain and region the caller names, or UnknownChainError (checked
    first) / UnknownRegionError."""
    return Selection(check_chain(con, chain), check_region(con, region), lang_of(lang))


def drawable_chain(chain: object, known: Sequence[str], default: str = DEFAULT_CHAIN, *,
                   allow_all: bool = False) -> str:
    """A chain id as a page can draw it: a known id as it is; anything else (an empty, unknown
    or renamed id from an old link) "" (all chains) where the page offers that, else
    ``default`` (or the first known chain, if that is not known either)."""
    if isinstance(chain, str) and chain in known:
        return chain
    if allow_all:
        return ""
    return default if default in known or not known else known[0]


def drawable_region(region: object, known: Collection[str], default: str = DEFAULT_REGION) -> str:
    """A region id as a page can draw it: a known region (an adcode, a zone id, or the group
    'chengyu') as it is, anything else ``default``."""
    return region if isinstance(region, str) and region in known else default


def drawable(chain_ids: Sequence[str], region_ids: Collection[str], chain: object = None,
             region: object = None, lang: object = None, *, allow_all: bool = False) -> Selection:
    """The selection a page draws for what its URL says (see drawable_chain, drawable_region);
    with `allow_all`, an unknown chain is "" (all chains)."""
    return Selection(drawable_chain(chain, chain_ids, allow_all=allow_all),
                     drawable_region(region, region_ids), lang_of(lang))
