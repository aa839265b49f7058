"""Settings: the one place that reads the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["PACKAGE_ROOT", "Settings", "load_settings"]

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """Paths and limits, built once and passed down."""

    data_dir: Path = PACKAGE_ROOT / "data"
    db_path: Path = PACKAGE_ROOT / "data" / "chainmap.duckdb"
    shared_dir: Path = PACKAGE_ROOT.parent / "shared"
    language: str = "zh"
    host: str = "127.0.0.1"
    port: int = 8050
    # None = draw the district polygons with no basemap (works offline).
    # A URL template for a GCJ-02 tile service (AMap, Tencent) may be set; the
    # app then draws the stored GCJ-02 coordinates unchanged on it.
    tile_url: str | None = None
    tile_crs: str = "GCJ-02"
    coverage_thresholds: dict[str, int] = field(
        default_factory=lambda: {"weak_max": 1, "strong_min": 5}
    )
    # Access (docs/security.md): viewing is open unless CHAINMAP_AUTH=required; importing,
    # editing and administration always need a login with a role.
    auth_required: bool = False
    # None: read (or create, mode 0600) the secret_key_path file beside the database
    secret_key: str | None = field(default=None, repr=False)
    secure_cookies: bool = False  # set behind HTTPS: the session cookie gets `Secure`
    max_upload_mb: int = 50  # the largest request body the server reads (uploads included)
    users_file: Path | None = None  # None: users_path, beside the database
    # Imported files (docs/reliability.md, "Bad input"): checked before anything reads them
    max_import_mb: int = 500  # an input file (or a folder's files together)
    max_xlsx_mb: int = 2048  # an .xlsx: its members' declared uncompressed sizes together
    max_xlsx_ratio: int = 100  # an .xlsx member above 10 MB unpacked: unpacked / packed
    # uploads on /import not yet imported, one user's together (docs/security.md)
    upload_quota_mb: int = 1000
    # the pages' computed reports shared by the server's processes, in <db>.cache beside
    # the database (layouts/_shared_memo.py); CHAINMAP_SHARED_CACHE=0 keeps them per process
    shared_cache: bool = True

    @property
    def plan_dir(self) -> Path:
        return self.data_dir / "plan"

    @property
    def chains_dir(self) -> Path:
        return self.data_dir / "chains"

    @property
    def geo_dir(self) -> Path:
        return self.data_dir / "geo"

    @property
    def users_path(self) -> Path:
        """The user store: beside the database, not in it (the database is rebuilt)."""
        return self.users_file or self.db_path.with_name(self.db_path.stem + ".users.json")

    @property
    def secret_key_path(self) -> Path:
        return self.db_path.with_name(self.db_path.stem + ".secret")

    @property
    def login_state_path(self) -> Path:
        """Open sessions and failed logins (chainmap/login_state.py), beside the users file:
        `chainmap.users.json` -> `chainmap.logins.sqlite`."""
        users = self.users_path
        stem = users.name.removesuffix(".json").removesuffix(".users")
        return users.with_name(stem + ".logins.sqlite")

    def with_db(self, db_path: str | Path | None) -> Settings:
        return self if db_path is None else replace(self, db_path=Path(db_path))


def _auth_required(value: str) -> bool:
    """CHAINMAP_AUTH: `open` (default) or `required`; anything else is refused, not guessed."""
    mode = value.strip().lower()
    if mode not in ("open", "required"):
        raise ValueError(f"CHAINMAP_AUTH must be 'open' or 'required', not {value!r}")
    return mode == "required"


def load_settings(db_path: str | Path | None = None) -> Settings:
    """Build Settings from defaults, then CHAINMAP_* environment variables, then arguments."""
    env = os.environ
    base = Settings()
    settings = replace(
        base,
        data_dir=Path(env.get("CHAINMAP_DATA_DIR", base.data_dir)),
        db_path=Path(env.get("CHAINMAP_DB", base.db_path)),
        shared_dir=Path(env.get("CHAINMAP_SHARED_DIR", base.shared_dir)),
        language=env.get("CHAINMAP_LANG", base.language),
        host=env.get("CHAINMAP_HOST", base.host),
        port=int(env.get("CHAINMAP_PORT", base.port)),
        tile_url=env.get("CHAINMAP_TILE_URL") or None,
        auth_required=_auth_required(env.get("CHAINMAP_AUTH", "open")),
        secret_key=env.get("CHAINMAP_SECRET_KEY") or None,
        secure_cookies=env.get("CHAINMAP_SECURE_COOKIES", "").strip().lower() in TRUE,
        max_upload_mb=int(env.get("CHAINMAP_MAX_UPLOAD_MB", base.max_upload_mb)),
        users_file=Path(env["CHAINMAP_USERS_FILE"]) if env.get("CHAINMAP_USERS_FILE") else None,
        max_import_mb=int(env.get("CHAINMAP_MAX_IMPORT_MB", base.max_import_mb)),
        upload_quota_mb=int(env.get("CHAINMAP_UPLOAD_QUOTA_MB", base.upload_quota_mb)),
        max_xlsx_mb=int(env.get("CHAINMAP_MAX_XLSX_MB", base.max_xlsx_mb)),
        max_xlsx_ratio=int(env.get("CHAINMAP_MAX_XLSX_RATIO", base.max_xlsx_ratio)),
        shared_cache=env.get("CHAINMAP_SHARED_CACHE", "1").strip().lower() in TRUE,
    )
    return settings.with_db(db_path)
