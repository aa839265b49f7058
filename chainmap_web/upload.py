"""Uploads for /import: POST /import/upload, the file itself as the request body, streamed to
disk. A plain Flask view, not a Dash upload: a Dash upload arrives base64-encoded inside a
callback's JSON (4/3 of the file, held whole in the browser and in the server), so it was
capped at ``max_upload_mb`` (50 MB, about 130,000 registry rows). Streamed, a file may be
as large as the importer takes (``max_import_mb``, 500 MB: a national registry of a
million rows) and neither side holds it in memory.

The stored file's name is chosen here (``<24 random hex><suffix>``, in the uploading user's
folder ``<db>.uploads/<16 hex of the user name's sha256>/``); only the suffix of the client's
name is kept, and only one the importers read. The path is under /import, so the guard
(chainmap_web/auth.py) lets editors only and asks a logged-in session for its CSRF token; the
view checks the role again.

An upload lasts as long as its use (docs/security.md, "Limits and paths"): the job that reads
it removes it when a commit ends (done or failed) or a preview fails (``upload_in_use``); a
previewed one waits for its commit until the page uploads another file (``abandon_upload``)
or a day has passed (``remove_stale_uploads``, at every upload and at app start, leaves the
upload of a running job). One user's uploads together stay under ``upload_quota_mb``.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from flask import has_request_context, jsonify, request

from chainmap.selection import lang_of
from chainmap.text.ui import t
from chainmap_web import state as _state
from chainmap_web.auth import current_user, require_role
from chainmap_web.jobs import running_jobs
from etl.imports import ImportInputError

__all__ = ["CHUNK", "KEEP_S", "PART_KEEP_S", "SUFFIXES", "UPLOAD_NAME", "UPLOAD_URL",
           "UploadError", "abandon_upload", "owner_folder", "read_used_bytes",
           "remove_stale_uploads", "stored_upload", "upload_dir", "upload_in_use",
           "upload_owner", "upload_root", "upload_suffix", "upload_view"]

UPLOAD_URL = "/import/upload"
SUFFIXES = {".xlsx", ".csv", ".json", ".txt"}
UPLOAD_NAME = re.compile(r"^[0-9a-f]{24}(" + "|".join(re.escape(x) for x in SUFFIXES) + ")$")
CHUNK = 1024 * 1024
MB = 1024 * 1024
KEEP_S = 24 * 3600  # an upload not imported is removed a day after it arrived
PART_KEEP_S = 3600  # a .part file not written for an hour is a broken upload's
PART_NAME = re.compile(r"^\.[0-9a-f]{24}\.[a-z]+\.part$")


class UploadError(ImportInputError):
    """An upload the page refuses. Its text is Chinese (``str``); ``message(lang)`` gives it
    in the page's language."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(t(key, "zh").format(**values))
        self.key, self.values = key, values

    def message(self, lang: str) -> str:
        return t(self.key, lang).format(**self.values)


def _root() -> Path:
    return Path(f"{_state.settings().db_path}.uploads")


def upload_root() -> Path:
    folder = _root()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def upload_owner() -> str:
    """Whose uploads this request sees: the logged-in user's name; "" (one shared folder)
    without a login or outside a request."""
    user = current_user() if has_request_context() else None
    return user.name if user else ""


def owner_folder(owner: str) -> str:
    """The name of a user's upload folder: 16 hex of the user name's sha256 (no name the
    user chose reaches the file system)."""
    return hashlib.sha256(owner.encode("utf-8")).hexdigest()[:16]


def upload_dir(owner: str | None = None) -> Path:
    """One user's upload folder (None: this request's user's)."""
    folder = upload_root() / owner_folder(upload_owner() if owner is None else owner)
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def upload_suffix(filename: object) -> str:
    """The suffix of a client's file name, if it is one the importers read."""
    suffix = Path(filename if isinstance(filename, str) else "").suffix.lower()
    if suffix not in SUFFIXES:
        raise (UploadError("upload_bad_type", suffix=suffix) if suffix
               else UploadError("upload_no_suffix"))
    return suffix


def stored_upload(name: object, owner: str | None = None) -> Path:
    """The stored upload of that name: only a name this module chose, in the user's upload
    folder (the page's store, which the browser could alter, holds it)."""
    if not isinstance(name, str) or not UPLOAD_NAME.match(name):
        raise UploadError("upload_bad_record")
    path = upload_dir(owner) / name
    if not path.is_file():
        raise UploadError("upload_gone")
    return path


def _held() -> set[str]:
    """The uploads running jobs read (their names)."""
    return {str(state.get("upload")) for state in running_jobs() if state.get("upload")}


@contextlib.contextmanager
def upload_in_use(path: Path, *, keep: bool) -> Iterator[Path]:
    """The upload a job reads: removed when the job fails, and when it ends well unless
    ``keep`` (a previewed upload waits for its commit)."""
    try:
        yield path
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if not keep:
        path.unlink(missing_ok=True)


def abandon_upload(name: object, owner: str | None = None) -> bool:
    """Remove the user's upload of that name, one the page no longer offers to commit,
    unless a running job reads it; whether it was removed."""
    if not isinstance(name, str) or not UPLOAD_NAME.match(name):
        return False
    path = upload_dir(owner) / name
    if not path.is_file() or name in _held():
        return False
    path.unlink(missing_ok=True)
    return True


def _stale(path: Path, now: float) -> str | None:
    """Whether the file is past its time: "part" (a broken upload's), "upload", or None."""
    try:
        age = now - path.stat().st_mtime
    except OSError:
        return None
    if PART_NAME.match(path.name) and age > PART_KEEP_S:
        return "part"
    return "upload" if UPLOAD_NAME.match(path.name) and age > KEEP_S else None


def remove_stale_uploads(now: float | None = None) -> list[Path]:
    """Remove uploads older than KEEP_S that no running job reads, and broken uploads'
    ``.part`` files not written for PART_KEEP_S, in every user's folder (and files of the
    earlier flat layout); what was removed."""
    now = time.time() if now is None else now
    root = _root()
    if not root.is_dir():
        return []
    files = [*root.iterdir(), *(p for d in root.iterdir() if d.is_dir() for p in d.iterdir())]
    stale = [(path, kind) for path in files if (kind := _stale(path, now))]
    held = _held() if any(kind == "upload" for _, kind in stale) else set()
    removed = [path for path, kind in stale if kind == "part" or path.name not in held]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def read_used_bytes(folder: Path, but: Path | None = None) -> int:
    """The bytes of a user's uploads, those being received included (``but`` one)."""
    total = 0
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            total += path.stat().st_size if path.is_file() and path != but else 0
    return total


def _refuse(error: UploadError, lang: str, status: int):
    response = jsonify(error=error.message(lang))
    response.status_code = status
    return response


def _receive(part: Path, limit: int, quota: tuple[int, UploadError], length: int | None) -> int:
    """Write the request's body to ``part``; its size. Refused (UploadError) over ``limit``
    (the file) or over ``quota`` (the user's, and the error to raise beyond it) together with
    the user's other uploads — those being received at the same time included: they are
    counted again at every piece, so parallel uploads cannot each take the whole quota — or
    shorter than announced."""
    written = 0
    with part.open("wb") as out:
        while chunk := request.stream.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise UploadError("upload_too_big", mb=limit // MB)
            if written + read_used_bytes(part.parent, but=part) > quota[0]:
                raise quota[1]
            out.write(chunk)
            out.flush()  # what others count of this one is what it has received
    if written == 0 or (length is not None and written != length):
        raise UploadError("upload_incomplete")
    return written


@require_role("editor")
def upload_view():
    """POST /import/upload?name=<the file's name>[&lang=en]: store the body; answer
    ``{"path": <stored name>, "size": <bytes>}``, or ``{"error": …}`` with 400 (a type the
    importers do not read, a body shorter than announced) or 413 (over ``max_import_mb``, or
    the user's uploads together over ``upload_quota_mb``). Nothing is kept of a refused
    upload. Old uploads are swept first."""
    lang = lang_of(request.args.get("lang"))
    settings = _state.settings()
    limit, quota = settings.max_import_mb * MB, settings.upload_quota_mb * MB
    request.max_content_length = limit  # this view's own limit (Flask's is max_upload_mb)
    try:
        suffix = upload_suffix(request.args.get("name", ""))
    except UploadError as exc:
        return _refuse(exc, lang, 400)
    length = request.content_length
    if length is not None and length > limit:
        return _refuse(UploadError("upload_too_big", mb=limit // MB), lang, 413)
    remove_stale_uploads()
    folder = upload_dir()
    used = read_used_bytes(folder)
    full = UploadError("upload_over_quota", used=math.ceil(used / MB), quota=quota // MB)
    if used + (length or 0) > quota:
        return _refuse(full, lang, 413)
    path = folder / f"{secrets.token_hex(12)}{suffix}"
    part = path.with_name(f".{path.name}.part")
    try:
        written = _receive(part, limit, (quota, full), length)
        part.rename(path)
    except UploadError as exc:
        part.unlink(missing_ok=True)
        return _refuse(exc, lang, 413 if exc.key in ("upload_too_big", "upload_over_quota")
                       else 400)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return jsonify(path=path.name, size=written)
