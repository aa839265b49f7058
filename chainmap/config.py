"""Settings: the one place that reads the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["PACKAGE_ROOT", "Settings", "load_settings"]

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """Paths and limits, built once and passed down."""

    data_dir: Path = PACKAGE_ROOT / "data"
    db_path: Path = PACKAGE_ROOT / "data" / "chainmap.duckdb"
    language: str = "zh"
    host: str = "127.0.0.1"
    port: int = 8050
    # None = the web map draws the district polygons with no base map (works offline).
    # CHAINMAP_TILE_URL: an XYZ template of a GCJ-02 tile service (AMap, Tencent, an
    # intranet copy), drawn under the districts, whose stored GCJ-02 coordinates it matches
    tile_url: str | None = None
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
    # the database (chainmap/cache_disk.py); CHAINMAP_SHARED_CACHE=0 keeps them per process
    shared_cache: bool = True

    @property
    def tile_host(self) -> str | None:
        """Where the base map's tiles come from, as the app names it: the host alone (no
        path, query or credentials, which may hold a key); None without a base map."""
        if not self.tile_url:
            return None
        parts = urlsplit(self.tile_url)
        return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname

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
        """Open sessions and failed logins (chainmap/accounts/login_state.py), beside the
        users file:
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


TILE_CRS = "GCJ-02"  # the boundaries' system (docs/data-model.md); the only one tiles may be in


def _tile_url(value: str) -> str | None:
    """CHAINMAP_TILE_URL: empty (no base map) or an http(s) template with {z}, {x} and {y}."""
    url = value.strip()
    if not url:
        return None
    missing = [k for k in ("{z}", "{x}", "{y}") if k not in url]
    if not url.lower().startswith(("http://", "https://")) or missing:
        raise ValueError(f"CHAINMAP_TILE_URL must be an http(s) tile template with {{z}}, {{x}} "
                         f"and {{y}}, e.g. http://host/{{z}}/{{x}}/{{y}}.png, not {value!r}")
    return url


def _tile_crs(value: str) -> str:
    """CHAINMAP_TILE_CRS: the tiles' coordinate system, GCJ-02 (the default) only. Tiles in
    WGS-84 (OpenStreetMap, GPS) or BD-09 (Baidu) would sit hundreds of metres off the GCJ-02
    boundaries; nothing converts them, so they are refused at start-up, not drawn askew."""
    if value.strip().upper().replace("-", "").replace("_", "") != "GCJ02":
        raise ValueError(f"CHAINMAP_TILE_CRS must be GCJ-02, not {value!r}: the boundaries are "
                         "in GCJ-02, and tiles in another system (WGS-84, BD-09) would not line "
                         "up with them (shifted by hundreds of metres)")
    return TILE_CRS


def load_settings(db_path: str | Path | None = None) -> Settings:
    """Build Settings from defaults, then CHAINMAP_* environment variables, then arguments."""
    env = os.environ
    base = Settings()
    settings = replace(
        base,
        data_dir=Path(env.get("CHAINMAP_DATA_DIR", base.data_dir)),
        db_path=Path(env.get("CHAINMAP_DB", base.db_path)),
        language=env.get("CHAINMAP_LANG", base.language),
        host=env.get("CHAINMAP_HOST", base.host),
        port=int(env.get("CHAINMAP_PORT", base.port)),
        tile_url=_tile_url(env.get("CHAINMAP_TILE_URL", "")),
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
    _tile_crs(env.get("CHAINMAP_TILE_CRS", TILE_CRS))
    return settings.with_db(db_path)
