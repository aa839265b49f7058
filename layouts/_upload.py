"""Uploads for /import: POST /import/upload, the file itself as the request body, streamed to
disk. A plain Flask view, not a Dash upload: a Dash upload arrives base64-encoded inside a
callback's JSON (4/3 of the file, held whole in the browser and in the server), so it was
capped at ``max_upload_mb`` (50 MB, about 130,000 registry rows). Streamed, a file may be
as large as the importer takes (``max_import_mb``, 500 MB: a national registry of a
million rows) and neither side holds it in memory.

The stored file's name is chosen here (``<24 random hex><suffix>``, in ``<db>.uploads/``);
only the suffix of the client's name is kept, and only one the importers read. The path is
under /import, so the guard (layouts/_auth.py) lets editors only and asks a logged-in
session for its CSRF token; the view checks the role again.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from flask import jsonify, request

from etl.imports import ImportInputError
from layouts import _state
from layouts._auth import require_role
from layouts._i18n import t

__all__ = ["CHUNK", "SUFFIXES", "UPLOAD_NAME", "UPLOAD_URL", "UploadError", "stored_upload",
           "upload_dir", "upload_suffix", "upload_view"]

UPLOAD_URL = "/import/upload"
SUFFIXES = {".xlsx", ".csv", ".json", ".txt"}
UPLOAD_NAME = re.compile(r"^[0-9a-f]{24}(" + "|".join(re.escape(x) for x in SUFFIXES) + ")$")
CHUNK = 1024 * 1024
MB = 1024 * 1024


class UploadError(ImportInputError):
    """An upload the page refuses. Its text is Chinese (``str``); ``message(lang)`` gives it
    in the page's language."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(t(key, "zh").format(**values))
        self.key, self.values = key, values

    def message(self, lang: str) -> str:
        return t(self.key, lang).format(**self.values)


def upload_dir() -> Path:
    folder = Path(f"{_state.settings().db_path}.uploads")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def upload_suffix(filename: object) -> str:
    """The suffix of a client's file name, if it is one the importers read."""
    suffix = Path(filename if isinstance(filename, str) else "").suffix.lower()
    if suffix not in SUFFIXES:
        raise (UploadError("upload_bad_type", suffix=suffix) if suffix
               else UploadError("upload_no_suffix"))
    return suffix


def stored_upload(name: object) -> Path:
    """The stored upload of that name: only a name this module chose, in the upload
    folder (the page's store, which the browser could alter, holds it)."""
    if not isinstance(name, str) or not UPLOAD_NAME.match(name):
        raise UploadError("upload_bad_record")
    path = upload_dir() / name
    if not path.is_file():
        raise UploadError("upload_gone")
    return path


def _refuse(error: UploadError, lang: str, status: int):
    response = jsonify(error=error.message(lang))
    response.status_code = status
    return response


@require_role("editor")
def upload_view():
    """POST /import/upload?name=<the file's name>[&lang=en]: store the body; answer
    ``{"path": <stored name>, "size": <bytes>}``, or ``{"error": …}`` with 400 (a type the
    importers do not read, a body shorter than announced) or 413 (over ``max_import_mb``).
    Nothing is kept of a refused upload."""
    lang = "en" if request.args.get("lang") == "en" else "zh"
    limit = _state.settings().max_import_mb * MB
    request.max_content_length = limit  # this view's own limit (Flask's is max_upload_mb)
    try:
        suffix = upload_suffix(request.args.get("name", ""))
    except UploadError as exc:
        return _refuse(exc, lang, 400)
    length = request.content_length
    if length is not None and length > limit:
        return _refuse(UploadError("upload_too_big", mb=limit // MB), lang, 413)
    path = upload_dir() / f"{secrets.token_hex(12)}{suffix}"
    part = path.with_name(f".{path.name}.part")
    written = 0
    try:
        with part.open("wb") as out:
            while chunk := request.stream.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise UploadError("upload_too_big", mb=limit // MB)
                out.write(chunk)
        if written == 0 or (length is not None and written != length):
            raise UploadError("upload_incomplete")
        part.rename(path)
    except UploadError as exc:
        part.unlink(missing_ok=True)
        return _refuse(exc, lang, 413 if exc.key == "upload_too_big" else 400)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return jsonify(path=path.name, size=written)
