"""Uploads do not stay: the job that reads one removes it when a commit ends or a preview
fails, a day-old upload (and a broken upload's ``.part``) is swept, and one user's uploads
together stay under ``upload_quota_mb`` (chainmap_web/upload.py, docs/security.md)."""

from __future__ import annotations

import io
import json
import os
import time

import pytest

from chainmap.accounts.users import add_user, read_users, write_users
from chainmap.config import load_settings
from chainmap_web import state as _state
from chainmap_web.jobs import wait_job
from tests.layouts.test_imports_upload import (
    CONTENT,
    EXPORT_2,
    NO_HEADER,
    imports_page,  # noqa: F401 (its fixture)
    send,
)

DAY = 24 * 3600


def _root():
    return _state.settings().db_path.with_name(_state.settings().db_path.name + ".uploads")


@pytest.fixture
def uploads(imports_page):  # noqa: F811
    """The import page on a scratch database of this module (``imports_page``)."""
    return imports_page


def _files() -> dict[str, int]:
    """Every file under the upload folder (any user's): name -> size."""
    return {p.name: p.stat().st_size for p in _root().rglob("*") if p.is_file()}


def _located(name: str):
    (path,) = [p for p in _root().rglob(name) if p.is_file()]
    return path


def _previewed(ns, data: bytes, name: str, search: str = "", staged=None):
    """Upload ``data`` and run its preview job to its end: (stored name, shown, staged)."""
    sent = send(ns, data, name, search)
    assert sent.status_code == 200
    stored = sent.json["path"]
    with ns.signed_in():
        args = ({"state": "stored", "path": stored}, "qcc", search)
        shown, staged_now, _, job, _ = ns.page.on_upload(*args, **(
            {"staged": staged} if staged else {}))
        if job:
            wait_job(job["job"], 300)
            shown, *_ = ns.page.on_poll(1, job, search)
    return stored, shown, staged_now


def test_a_failed_preview_removes_its_upload(uploads):
    stored, shown, _ = _previewed(uploads, NO_HEADER, "x.csv")  # no header row: refused
    assert shown[0].children.startswith("无法导入：")
    assert stored not in _files()


def test_an_upload_the_page_refuses_to_preview_is_not_kept(uploads):
    sent = send(uploads, CONTENT, "y.csv")
    stored = sent.json["path"]
    assert stored in _files()
    with uploads.signed_in():
        (shown,), *_ = uploads.page.on_upload({"state": "stored", "path": stored},
                                                   "chainkg", "")  # a kind the page lacks
    assert shown.className == "error-box" and stored not in _files()


def test_a_commit_removes_its_upload_and_a_preview_keeps_it_for_the_commit(uploads):
    page = uploads.page
    stored, _, staged = _previewed(uploads, EXPORT_2.encode(), "lifecycle.csv")
    assert stored in _files()  # previewed: waits for its commit
    with uploads.signed_in():
        _, _, job, _ = page.on_commit(1, staged, "")
        assert wait_job(job["job"], 300)["state"] == "done"
    assert stored not in _files()
    with uploads.signed_in():  # the page's store still names it: said, nothing started
        (shown,), disabled, job, _ = page.on_commit(2, staged, "?lang=en")
    assert shown.children.endswith("The uploaded file is gone: upload it again") and disabled


def test_a_failed_commit_removes_its_upload(uploads, monkeypatch):
    page = uploads.page
    stored, _, staged = _previewed(uploads, EXPORT_2.encode(), "again.csv")
    assert stored in _files()

    def refused(*_args, **_kw):
        raise ValueError("refused for the test")

    monkeypatch.setattr(page, "commit_job", refused)  # the import service's commit
    with uploads.signed_in():
        _, _, job, _ = page.on_commit(1, staged, "")
        state = wait_job(job["job"], 300)
    assert state["state"] == "failed" and state["error"]["en"] == "refused for the test"
    assert stored not in _files()


def test_a_new_upload_on_the_page_abandons_the_previewed_one(uploads):
    first, _, staged = _previewed(uploads, EXPORT_2.encode(), "first.csv")
    assert first in _files()
    second, _, _ = _previewed(uploads, EXPORT_2.encode(), "second.csv", staged=staged)
    assert first not in _files() and second in _files()
    # a name the browser made up is no path: nothing happens
    _previewed(uploads, CONTENT, "x.csv", staged={"path": "../../chainmap.duckdb"})
    assert _state.settings().db_path.is_file()


def test_day_old_uploads_and_broken_parts_are_swept_at_the_next_upload(uploads):
    old, fresh = (send(uploads, CONTENT, f"{n}.csv").json["path"] for n in "ab")
    old_path = _located(old)
    day_ago = time.time() - DAY - 60
    os.utime(old_path, (day_ago, day_ago))
    dead_part = old_path.with_name(f".{'c' * 24}.csv.part")  # a broken upload, 2 h ago
    live_part = old_path.with_name(f".{'d' * 24}.csv.part")  # one arriving now
    for part in (dead_part, live_part):
        part.write_bytes(b"x")
    os.utime(dead_part, (time.time() - 7200,) * 2)
    newest = send(uploads, CONTENT, "c.csv").json["path"]  # sweeps first
    kept = _files()
    assert old not in kept and dead_part.name not in kept
    assert {fresh, newest, live_part.name} <= set(kept)
    live_part.unlink()


def test_the_sweep_leaves_the_upload_a_running_job_reads(uploads):
    from chainmap_web import jobs as _jobs
    from chainmap_web.upload import remove_stale_uploads

    stored = send(uploads, CONTENT, "held.csv").json["path"]
    path = _located(stored)
    os.utime(path, (time.time() - 2 * DAY,) * 2)
    job = "ef" * 12  # a commit running in this process, reading that upload
    (_jobs.jobs_dir() / f"{job}.json").write_text(json.dumps(
        {"id": job, "what": "commit", "state": "running", "pid": os.getpid(),
         "upload": stored, "started": time.time(), "updated": time.time(),
         "messages": []}), "utf-8")
    try:
        assert path not in remove_stale_uploads()
        assert path.is_file()
    finally:
        (_jobs.jobs_dir() / f"{job}.json").unlink()
    assert path in remove_stale_uploads() and not path.exists()


def test_one_users_uploads_stay_under_the_quota(uploads, monkeypatch):
    """With MB = 10 bytes, max_import_mb (500) is 5,000 bytes and the quota (1000) 10,000: two
    uploads of 4,000 fit, a third is refused (413, in the page's language) and not kept; the
    folder of another editor is apart."""
    from chainmap_web import upload as _upload

    users = _state.settings().users_path
    write_users(users, add_user(read_users(users), "editor2", "editor", "editor-pass-2"))
    monkeypatch.setattr(_upload, "MB", 10)
    mine = uploads.client_of()
    for name in ("q1.csv", "q2.csv"):
        assert send(uploads, b"x" * 4000, name, client=mine).status_code == 200
    before = _files()
    refused = send(uploads, b"x" * 4000, "q3.csv", "?lang=en", client=mine)
    assert refused.status_code == 413
    assert refused.json["error"].startswith("Your uploads not yet imported take ")
    assert "1000 MB" in refused.json["error"]
    zh = send(uploads, b"x" * 4000, "q3.csv", client=mine)
    assert zh.status_code == 413 and "每位用户 1000 MB 的上限" in zh.json["error"]
    assert _files() == before  # nothing kept of the refused ones
    # the same body sent in chunks, its size not announced: refused once over the quota
    chunked = mine.post("/import/upload", query_string={"name": "q4.csv"},
                        input_stream=io.BytesIO(b"x" * 4000),
                        content_type="application/octet-stream",
                        environ_overrides={"wsgi.input_terminated": True},
                        headers={"X-CSRFToken": mine.get_cookie("_csrf_token").value})
    assert chunked.status_code == 413 and _files() == before
    other = uploads.client_of("editor2", "editor-pass-2")
    assert send(uploads, b"x" * 4000, "o1.csv", client=other).status_code == 200
    # the page shows the refusal as it shows the view's other reasons
    with uploads.signed_in():
        (shown,), *_ = uploads.page.on_upload(
            {"state": "refused", "error": refused.json["error"]}, "qcc", "?lang=en")
    assert shown.children == f"Cannot import: {refused.json['error']}"


class _AlongsideAnother(io.BytesIO):
    """A body whose first read lets another upload of the same user arrive meanwhile (its
    ``.part`` file growing in the user's folder), as two parallel uploads would."""

    def __init__(self, body: bytes, other, other_size: int) -> None:
        super().__init__(body)
        self.other, self.other_size = other, other_size

    def _meanwhile(self) -> None:
        if not self.other.exists():
            self.other.write_bytes(b"y" * self.other_size)

    def read(self, size: int | None = -1) -> bytes:
        self._meanwhile()
        return super().read(size)

    def readinto(self, buffer) -> int:
        self._meanwhile()
        return super().readinto(buffer)


def test_parallel_uploads_share_the_quota(uploads, monkeypatch):
    """Two uploads of one user received at the same time cannot each take the whole quota:
    the others are counted again at every piece received (before, the room was measured
    once, when the upload began: 7,000 + 4,000 bytes were kept under a 10,000-byte quota)."""
    from chainmap_web import upload as _upload

    monkeypatch.setattr(_upload, "MB", 10)
    mine = uploads.client_of()
    first = send(uploads, b"x" * 10, "p0.csv", client=mine)
    folder = _located(first.json["path"]).parent
    other = folder / ".0123456789abcdef01234567.csv.part"
    for stale in folder.iterdir():  # this user's earlier uploads (other tests') aside
        stale.unlink()
    refused = mine.post("/import/upload", query_string={"name": "p1.csv"},
                        input_stream=_AlongsideAnother(b"x" * 4000, other, 7000),
                        content_type="application/octet-stream",
                        environ_overrides={"wsgi.input_terminated": True},
                        headers={"X-CSRFToken": mine.get_cookie("_csrf_token").value})
    assert refused.status_code == 413, refused.json
    assert sorted(p.stat().st_size for p in folder.iterdir()) == [7000]  # nothing of it left


@pytest.mark.parametrize(("env", "mb"), [({}, 1000), ({"CHAINMAP_UPLOAD_QUOTA_MB": "20"}, 20)])
def test_the_quota_is_a_setting(monkeypatch, env, mb):
    monkeypatch.delenv("CHAINMAP_UPLOAD_QUOTA_MB", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert load_settings().upload_quota_mb == mb
