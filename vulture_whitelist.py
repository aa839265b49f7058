"""Names that vulture (scripts/test.sh, [tool.vulture] in pyproject.toml) cannot see used:
each is reached only by a framework, a library or a registry, by name. Never imported or
run; vulture reads it as code that uses these names. Each line says who uses the name.

Decorated functions are not listed here: Dash callbacks, click commands, pytest fixtures and
locust tasks are left out by `ignore_decorators` in pyproject.toml.
"""
# ruff: noqa: B018, F821

# --- the library -------------------------------------------------------------------------
# chainmap/records.py: str Enum members, made from stored values (FirmRole(r.role),
# Precision(r.precision) in chainmap/queries.py) and iterated (`for role in FirmRole`)
_.INSTITUTION
_.PLATFORM
_.EXTERNAL
_.POINT
_.DISTRICT
_.CITY
_.UNKNOWN
# chainmap/records.py: Tier, the chain tiers as a domain record (CONVENTIONS.md); no code
# builds one yet: the tiers travel as their Chinese strings (TIER_EN)
_.UPSTREAM
_.MIDSTREAM
_.DOWNSTREAM
# chainmap/progress_store.py: ProgressEntry's fields, written to the store's CSV by
# dataclasses.asdict in STORE_COLUMNS order
_.entry_id
# chainmap/render/export.py: openpyxl reads the header cells' style when it saves
_.alignment
# chainmap/render/html_map.py: folium reads these when it renders the map's HTML
_._name  # the element's name in its template (get_name())
_.default_js  # folium's CDN scripts, emptied: Leaflet is inlined, the map works offline
_.default_css

# --- the ETL -------------------------------------------------------------------------------
# etl/importers/stage.py: the weakref.finalize that removes an owned stage folder when the
# stage is collected, kept on the object
_._cleanup

# --- the CLI and the web server ------------------------------------------------------------
# chainmap_cli/main.py: click reads ClickException.exit_code and calls .show(); ctx.obj is
# what @click.pass_obj hands every command (the Settings)
_.show
_.obj
# chainmap_cli/lazy.py: click calls Group.list_commands (the names, for --help and "Did you
# mean") and Group.get_command (the command, imported when first asked for)
_.list_commands
_.get_command
# gunicorn imports the served app by its name: `gunicorn app:server` (app.py, README) and
# `chainmap serve`'s "chainmap_cli.main:wsgi_app()"
server
wsgi_app
# chainmap_web/login.py: Flask's session.permanent (the cookie's lifetime)
_.permanent
# chainmap_web/upload.py: Flask's request.max_content_length (this view's body limit)
_.max_content_length

# --- bench ---------------------------------------------------------------------------------
# bench/locustfile.py: locust finds HttpUser classes in the file and reads their wait_time
Visitor
_.wait_time

# --- tests ---------------------------------------------------------------------------------
# pytest reads a module's `pytestmark` (the browser and load tests' markers)
pytestmark
# fixtures requested only for what they set up (the hostile database, a login being required,
# a built database)
hostile_state
login_required
on_built  # tests/web/test_urls.py: a built database for the selection
# tests/browser/chromium.py: selenium's Options.binary_location (Debian's Chromium)
_.binary_location
# tests/browser/test_tiles.py: http.server calls the local tile server's handler methods
_.do_GET
_.log_message
