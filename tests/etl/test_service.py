"""The import service reports its steps as structured events (etl.events.Progress: step, rows,
of), in order and with their counts, and checks an import kind in one place."""

from __future__ import annotations

import pytest

from etl.events import Progress, Step
from etl.imports import (
    KINDS,
    UPLOAD_KINDS,
    ImportInputError,
    check_kind,
    commit_import,
    preview_import,
    stage_input,
)
from etl.pipeline import build_database

from .importers.conftest import write_csv


@pytest.fixture()
def built(data_copy):
    build_database(data_copy)
    return data_copy


def test_a_preview_a_commit_and_a_rebuild_report_their_steps_in_order(built, tmp_path):
    export = write_csv(tmp_path / "export.csv", "gbk")  # 6 data rows
    said: list[Progress] = []
    preview = preview_import("qcc", export, built, progress=said.append)
    assert [e.step for e in said[:2]] == [Step.READING, Step.READ]
    assert said[0] == Progress(Step.READING, name=str(export))
    assert said[1] == Progress(Step.READ, rows=6) and preview.report["rows"] == 6
    assert [e.step for e in said[2:]] in ([Step.ADDING], [Step.REPLAYING])
    said.clear()
    report = commit_import("qcc", export, built, progress=said.append)
    assert said[:2] == [Progress(Step.READING, name=str(export)), Progress(Step.READ, rows=6)]
    batch = report["batch"]
    assert said[2:] in ([Progress(Step.ADDING, name=batch)],
                        [Progress(Step.REPLAYING, 1, 1, batch)])
    said.clear()
    build_database(built, progress=said.append)  # a rebuild replays every stored import
    assert said == [Progress(Step.REPLAYING, rows=1, of=1, name=batch)]
    said.clear()
    assert commit_import("qcc", export, built, progress=said.append)["duplicate_of"] == batch
    assert said == []  # known by its digest: nothing read, nothing built


def test_the_kinds_are_declared_once_and_checked_in_one_place(tmp_path):
    assert set(UPLOAD_KINDS) <= set(KINDS)
    assert [check_kind(kind) for kind in KINDS] == list(KINDS)
    assert check_kind("links", UPLOAD_KINDS) == "links"
    for kind, kinds in (("csv", UPLOAD_KINDS), ("chainkg", UPLOAD_KINDS), ("xls", KINDS),
                        (None, KINDS), (["qcc"], KINDS)):
        with pytest.raises(ImportInputError, match="unknown import kind"):
            check_kind(kind, kinds)
    with pytest.raises(ImportInputError, match="unknown import kind 'xls'; one of qcc, "):
        stage_input("xls", tmp_path, None)
