"""Domain records at API boundaries; bulk data stays in DuckDB and DataFrames."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from chainmap.text.catalogue import DESIGNATIONS, LABELS, TIERS, words

__all__ = ["DESIGNATION_EN", "LABEL_EN", "TIER_EN", "Firm",
           "FirmRole", "Precision", "SourcedFact", "Tier"]

# the English of a tier, of what the plan says it does with a firm (its verb) and of a firm's
# label (chainmap's own words: the plan's and the import rules'): the text catalogue's tables
# (chainmap.text.catalogue TIERS, DESIGNATIONS, LABELS); one not listed stays as written.
# How a fact was obtained, as people read it: chainmap.text.catalogue METHODS
TIER_EN = words(TIERS, "en")
DESIGNATION_EN = words(DESIGNATIONS, "en")
LABEL_EN = words(LABELS, "en")


class Tier(StrEnum):
    UPSTREAM = "上游"
    MIDSTREAM = "中游"
    DOWNSTREAM = "下游"


class FirmRole(StrEnum):
    LOCAL = "local"
    ATTRACT = "attract"
    INSTITUTION = "institution"
    PLATFORM = "platform"
    EXTERNAL = "external"


class Precision(StrEnum):
    POINT = "point"
    DISTRICT = "district"
    ZONE = "zone"
    CITY = "city"
    PROVINCE = "province"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SourcedFact:
    fact: str
    source_id: str
    source_title: str
    method: str
    evidence: str | None = None
    locator: str | None = None


@dataclass(frozen=True)
class Firm:
    firm_id: str
    name: str
    name_en: str | None
    kind: str
    role: FirmRole
    adcode: str | None
    region_name: str | None
    precision: Precision
    chains: tuple[str, ...]
    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    sources: tuple[SourcedFact, ...] = field(default=())
