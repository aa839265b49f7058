"""A kept preview is committed by swapping its database in, and only while it is exactly
what a build would give (etl/kept_preview.py)."""

from __future__ import annotations

import hashlib
import os

import pytest

import etl.imports as imports
from chainmap_cli.steps import step_line
from etl import kept_preview
from etl.import_store import list_batches, store_dir
from etl.imports import commit_import, preview_import
from etl.pipeline import build_database

from .importers.conftest import write_csv
from .test_resume import _tables

OTHER = [["重庆示例轴承有限公司", "", "存续", "", "", "", "重庆市", "重庆市", "璧山区",
          "重庆市璧山区示例路5号", "", "滚动轴承制造", "", ""]]


@pytest.fixture()
def built(data_copy):
    build_database(data_copy)
    return data_copy


@pytest.fixture()
def files(tmp_path):
    return (write_csv(tmp_path / "export.csv", "gbk"),
            write_csv(tmp_path / "other.csv", "utf-8", rows=OTHER, title=False))


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kept(settings) -> list:
    return kept_preview._finished(settings.db_path)


class Builds:
    """Counts the builds commit_import runs (etl.imports.build_database)."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        real = imports.build_database

        def counted(*args, **kwargs):
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(imports, "build_database", counted)


def test_confirming_a_kept_preview_builds_nothing_and_equals_a_full_rebuild(built, files,
                                                                          monkeypatch):
    export, _ = files
    preview = preview_import("qcc", export, built, keep=True)
    assert len(_kept(built)) == 1
    assert not list_batches(store_dir(built.db_path))  # nothing committed by a preview
    builds = Builds(monkeypatch)
    monkeypatch.setattr(imports, "_stage", lambda *a, **k: pytest.fail("read the file again"))
    messages: list[str] = []  # the steps as the CLI prints them
    report = commit_import("qcc", export, built,
                           progress=lambda event: messages.append(step_line(event)))
    assert builds.count == 0 and "using the database the preview built" in messages
    for key in ("rows", "accepted", "merged", "quarantined", "new_firms", "firms_with_nodes"):
        assert report[key] == preview.report[key], key
    batch = store_dir(built.db_path) / report["batch"]
    assert (batch / "report.json").is_file() and report["report_path"] == str(
        batch / "report.json")
    assert _kept(built) == []  # used up
    swapped = _tables(built.db_path)
    monkeypatch.undo()
    build_database(built, resume=False)  # the shipped data and the store, from scratch
    assert _tables(built.db_path) == swapped
    # the next commit continues from the swapped-in database (etl.resume), as after a build
    again = write_csv(built.db_path.parent / "again.csv", "utf-8", rows=OTHER, title=False)
    commit_import("qcc", again, built)
    assert _tables(built.db_path)["import_batch"] != swapped["import_batch"]


def test_a_preview_out_of_date_is_not_used(built, files, monkeypatch):
    export, other = files
    preview_import("qcc", export, built, keep=True)
    monkeypatch.setattr(imports, "remove_previews", lambda db_path: None)  # keep it anyway
    commit_import("qcc", other, built)  # the store changed since the preview
    assert len(_kept(built)) == 1
    builds = Builds(monkeypatch)
    commit_import("qcc", export, built)
    assert builds.count == 1  # built again: the kept database lacks the other batch
    committed = _tables(built.db_path)
    build_database(built, resume=False)
    assert _tables(built.db_path) == committed


def test_other_shipped_data_means_a_build(built, files, monkeypatch):
    export, _ = files
    preview_import("qcc", export, built, keep=True)
    with (built.data_dir / "overrides" / "firm_nodes.csv").open("a", encoding="utf-8") as f:
        f.write("")  # same bytes: still usable
    assert kept_preview.usable_preview(built.db_path, store_dir(built.db_path),
                                       built.data_dir, "qcc", _sha(export)) is not None
    path = built.data_dir / "reference" / "generic_keywords.csv"
    path.write_text(path.read_text("utf-8") + "示例通用词,测试\n", "utf-8")
    assert kept_preview.usable_preview(built.db_path, store_dir(built.db_path),
                                       built.data_dir, "qcc", _sha(export)) is None
    builds = Builds(monkeypatch)
    commit_import("qcc", export, built)
    assert builds.count == 1


def _sha(path) -> str:
    from etl.import_store import digest_inputs

    return digest_inputs([path])


def test_a_failed_swap_leaves_the_database_and_the_store_as_they_were(built, files,
                                                                     monkeypatch):
    export, _ = files
    preview_import("qcc", export, built, keep=True)
    before = _digest(built.db_path)

    def fail(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(type(built.db_path), "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        commit_import("qcc", export, built)
    assert _digest(built.db_path) == before
    assert not list_batches(store_dir(built.db_path))
    monkeypatch.undo()
    report = commit_import("qcc", export, built)  # the preview lost its batch: a build
    assert report["rows"] == 6 and len(list_batches(store_dir(built.db_path))) == 1


def test_previews_are_replaced_capped_and_cleaned(built, files, monkeypatch):
    export, other = files
    preview_import("qcc", export, built, keep=True)
    first = _kept(built)
    preview_import("qcc", export, built, keep=True)  # the same file again: replaces it
    assert len(_kept(built)) == 1 and _kept(built) != first
    monkeypatch.setattr(kept_preview, "MAX_KEPT", 1)
    preview_import("qcc", other, built, keep=True)
    assert [p.name[:20] for p in _kept(built)] == [
        kept_preview.batch_name("qcc", _sha(other))[:20]]
    root = kept_preview.previews_dir(built.db_path)
    dead = root / ".building-999999999-0123abcd"  # a preview whose process died
    dead.mkdir()
    mine = kept_preview.begin_preview(built.db_path)
    assert not dead.exists() and mine.exists() and mine.name.startswith(f".building-{os.getpid()}")
    kept_preview.remove_previews(built.db_path)
    assert _kept(built) == [] and mine.exists()  # one being built is its process's own
    preview_import("qcc", export, built)  # not kept: nothing stays
    assert _kept(built) == []
