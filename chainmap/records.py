"""Domain records at API boundaries; bulk data stays in DuckDB and DataFrames."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["DESIGNATION_EN", "LABEL_EN", "TIER_EN", "Firm",
           "FirmRole", "Precision", "SourcedFact", "Tier"]

# how a fact was obtained, as people read it: chainmap.text.catalogue METHODS
TIER_EN = {"上游": "upstream", "中游": "midstream", "下游": "downstream"}
# what the plan says it does with a firm (its verb), in English; one not listed stays as written
DESIGNATION_EN = {"支持": "supported", "重点支持": "key support", "依托": "relied on",
                  "推动": "promoted", "引进": "to attract", "加强指导": "closer guidance",
                  "推动设立研发中心": "an R&D centre to be set up",
                  "推进搬迁项目": "relocation project advanced",
                  "推进项目建设": "project construction advanced",
                  "鼓励扩大投资": "encouraged to invest more",
                  "支持打造服务平台": "supported to build a service platform"}
# a firm's label (chainmap's own words: the plan's and the import rules') -> English; a label
# not listed (one a planner typed) is shown as it is
LABEL_EN = {"龙头企业": "leading firm", "科研机构": "research institution",
            "服务平台": "service platform", "外资": "foreign-invested", "国企": "state-owned",
            "民企": "private", "集体企业": "collective", "上市": "listed",
            "央企": "central SOE", "地方国企": "local SOE", "校办企业": "university-run",
            "绿色工厂": "green factory (MIIT)",
            "绿色供应链管理示范企业": "green supply-chain model firm (MIIT)"}


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
