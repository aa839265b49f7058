"""Importers: each reads one kind of user file and returns normalised stage frames.

Every importer ends in the same stage tables (``etl.importers.stage``), so the
store, the build's replay, the report and the preview treat all kinds alike.
"""

from etl.importers.stage import STAGE_TABLES, StagedImport

__all__ = ["STAGE_TABLES", "StagedImport"]
