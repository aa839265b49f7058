"""The web server around the pages, installed on the Dash app's Flask server in one call.

Sessions, roles and CSRF (chainmap_web.auth), /login and /logout (chainmap_web.login), the
import page's upload and quarantine download (chainmap_web.upload, chainmap_web.quarantine)
and the page shown while the database cannot be read (chainmap_web.unreadable).
"""

from __future__ import annotations

from chainmap.config import Settings
from chainmap.db import DatabaseUnreadableError
from chainmap_web.auth import install_auth
from chainmap_web.login import login_view, logout_view
from chainmap_web.quarantine import QUARANTINE_URL, quarantine_download
from chainmap_web.unreadable import unreadable_response
from chainmap_web.upload import UPLOAD_URL, remove_stale_uploads, upload_view

__all__ = ["install_server"]


def install_server(app, settings: Settings) -> None:
    """Everything the server adds to the pages of `app` (a Dash app) for `settings`."""
    install_auth(app, settings)  # sessions, roles, CSRF, upload limit
    server = app.server
    server.add_url_rule("/login", "chainmap_login", login_view, methods=["GET", "POST"])
    server.add_url_rule("/logout", "chainmap_logout", logout_view, methods=["GET", "POST"])
    server.add_url_rule(QUARANTINE_URL, "chainmap_quarantine", quarantine_download)
    server.add_url_rule(UPLOAD_URL, "chainmap_upload", upload_view, methods=["POST"])
    server.register_error_handler(DatabaseUnreadableError, unreadable_response)
    remove_stale_uploads()  # uploads a day old (and broken ones) left while the app was down
