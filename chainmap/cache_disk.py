"""The cache's second level: values shared by the server's processes, on disk beside the database.

Every gunicorn worker keeps its own `Memo` of the database file (``chainmap.cache``); after a
swap each of them computed the same cold reports at once (at 1M firms the pages' defaults
alone take about 4 s of CPU, three workers on two cores). Here a value computed by one
process is written to ``<db>.cache/<identity>/<sha256 of the memo key>`` and the others load
it:

- ``<identity>`` names the database file the connection has open (its inode, mtime and
  size) and the code that computed the value (the stamps of the library's sources and of the
  caller's, the versions of the libraries whose objects are stored, the settings): a swapped,
  rebuilt or damaged-then-rebuilt file, or a new release, never finds another's values. The
  first process to use the identity of the file now at the path removes the others' folders,
  and a process that wrote a value for an older file removes that file's folder again (its
  write may have raced the removal); other races are ignored: a value that cannot be written
  or read is computed in the process.
- A process that misses takes an exclusive ``flock`` on the key's lock file: the first
  computes and writes (temporary file, then ``os.replace``), the others wait for it and
  load; never longer than ``LOCK_WAIT_S``, then they compute it themselves. A computation
  that raises releases the lock and raises to the caller as before (the damaged-database
  page still sees DuckDB's error); a waiting process then computes it and meets the error
  itself.
- The values are pickles (frames, dicts, plotly figures, Dash components). The folder is
  made 0700 beside the database and is as trusted as the database itself (whoever can write
  there can replace the database). A value that does not pickle stays in the process's memo
  only; any OSError or unpickling error means "compute it here", never a failed request.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import pickle
import shutil
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

__all__ = ["LOCK_WAIT_S", "load_or_compute", "memo_folder", "shareable"]

log = logging.getLogger(__name__)

LOCK_WAIT_S = 60.0  # at most this long waiting for another process's computation
# one file's folder holds at most this much (values and their lock files): past it a value is
# computed and kept in the process's own memo only — searches are endless, the disk is not
MAX_FILES = 4096
MAX_BYTES = 512 * 1024 * 1024
LOCK_POLL_S = 0.02
_PLAIN = (str, int, float, bool, bytes, type(None))
_LIBRARIES = ("pandas", "numpy", "plotly", "dash", "duckdb")
_lock = threading.Lock()
_seen: dict = {"code": {}, "identities": set()}  # sources -> their stamp; folders made


def shareable(fn, args) -> bool:
    """A value other processes can find by its key: a module-level function (a closure's
    name says nothing of what it captured) and arguments of plain values, whose repr is the
    same in every process."""
    return "<locals>" not in fn.__qualname__ and _plain(args)


def _plain(value) -> bool:
    if isinstance(value, (tuple, list)):
        return all(_plain(item) for item in value)
    return isinstance(value, _PLAIN)


def memo_folder(db_path: Path, stamp, settings, sources: tuple[Path, ...] = ()) -> Path | None:
    """The folder of the values computed from the database file stamped ``stamp``
    (inode, mtime_ns, size) by this code: the library's and the packages' in ``sources``
    (the callers whose functions are memoised); None when the stamp is not that of one file."""
    if not (isinstance(stamp, tuple) and len(stamp) == 3):
        return None
    return _root(db_path) / f"{_file_part(*stamp)}-{_code_stamp(settings, sources)}"


def _file_part(ino: int, mtime_ns: int, size: int) -> str:
    """The part of a folder's name that names the database file."""
    return f"{ino}-{mtime_ns}-{size}"


def _root(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".cache")


def _code_stamp(settings, sources: tuple[Path, ...]) -> str:
    """What besides the database decides a value: the sources (the library's and
    ``sources``), the stored objects' libraries, the settings (repr: the secret key is not
    in it)."""
    packages = tuple(sorted({Path(__file__).resolve().parent,
                             *(Path(p).resolve() for p in sources)}))
    with _lock:
        if packages not in _seen["code"]:
            digest = hashlib.sha256(sys.version.encode())
            for name in _LIBRARIES:
                with contextlib.suppress(metadata.PackageNotFoundError):
                    digest.update(f"{name}={metadata.version(name)}".encode())
            for package in packages:
                for source in sorted(package.rglob("*.py")):
                    st = source.stat()
                    digest.update(f"{source}:{st.st_mtime_ns}:{st.st_size}".encode())
            _seen["code"][packages] = digest.hexdigest()
        code = _seen["code"][packages]
    return hashlib.sha256(f"{code}{settings!r}".encode()).hexdigest()[:16]


def load_or_compute(folder: Path | None, key, compute):
    """The value of ``key``: loaded from ``folder`` when another process wrote it, else
    ``compute()`` (once across the processes, under the key's lock) and written there."""
    if folder is None:
        return compute()
    try:
        _make_folder(folder)
        name = hashlib.sha256(repr(key).encode()).hexdigest()
    except OSError as exc:
        log.debug("shared memo unavailable (%s): computing here", exc)
        return compute()
    found, value = _read(folder / name)
    if found:
        return value
    if _full(folder):
        return compute()
    with _key_lock(folder / f"{name}.lock"):
        found, value = _read(folder / name)  # computed by the process we waited for
        if found:
            return value
        value = compute()  # raises to the caller as it did without the shared memo
        _write(folder, name, value)
    if _current(folder) is False:  # a file swapped in meanwhile: an older file's values go,
        shutil.rmtree(folder, ignore_errors=True)  # also when this write raced their removal
    return value


def _current(folder: Path) -> bool | None:
    """Whether ``folder`` holds the values of the file now at the database's path (None: it
    cannot be told, no file there)."""
    db_path = folder.parent.with_name(folder.parent.name.removesuffix(".cache"))
    try:
        st = db_path.stat()
    except OSError:
        return None
    return folder.name.startswith(f"{_file_part(st.st_ino, st.st_mtime_ns, st.st_size)}-")


def _make_folder(folder: Path) -> None:
    """Make the identity's folder (0700) the first time this process uses it; when it is the
    file now at the database's path, remove the other identities' folders (older files'; a
    process still reading an older file neither removes the newer's nor remakes its own)."""
    with _lock:
        if folder in _seen["identities"]:
            return
    folder.parent.mkdir(mode=0o700, exist_ok=True)  # beside the database, as trusted as it
    folder.mkdir(mode=0o700, exist_ok=True)
    with _lock:
        _seen["identities"].add(folder)
    if not _current(folder):
        return
    with contextlib.suppress(OSError):
        for other in folder.parent.iterdir():
            if other != folder and other.is_dir() and not other.is_symlink():
                shutil.rmtree(other, ignore_errors=True)


def _full(folder: Path) -> bool:
    """Whether the folder holds MAX_FILES files or MAX_BYTES (a scan: misses only)."""
    files = size = 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                files += 1
                size += entry.stat(follow_symlinks=False).st_size
                if files >= MAX_FILES or size >= MAX_BYTES:
                    return True
    except OSError:
        return True
    return False


def _read(path: Path):
    """(True, value) from a value file; (False, None) when there is none or it cannot be
    read (then it is computed and written again)."""
    try:
        with path.open("rb") as f:
            return True, pickle.load(f)
    except FileNotFoundError:
        return False, None
    except Exception as exc:  # a torn or foreign file: compute it here
        log.debug("shared memo: %s unreadable (%s)", path, exc)
        return False, None


def _write(folder: Path, name: str, value) -> None:
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # kept in this process's memo only
        log.debug("shared memo: %s not stored (%s)", name, exc)
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            Path(tmp).replace(folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise
    except OSError as exc:
        log.debug("shared memo: %s not written (%s)", name, exc)


@contextlib.contextmanager
def _key_lock(path: Path):
    """An exclusive flock on ``path`` for the block, waited for at most LOCK_WAIT_S; the
    block runs unlocked when the lock cannot be had (unwritable folder, waited too long)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        log.debug("shared memo: no lock file %s (%s)", path, exc)
        yield
        return
    locked = False
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(LOCK_POLL_S)
            except OSError as exc:
                log.debug("shared memo: cannot lock %s (%s)", path, exc)
                break
        yield
    finally:
        if locked:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
