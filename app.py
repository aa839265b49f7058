"""Composition root: settings -> create_app(settings). `gunicorn app:server` serves it."""

from chainmap.config import load_settings
from layouts._app import create_app

settings = load_settings()
app = create_app(settings)
server = app.server

if __name__ == "__main__":
    app.run(host=settings.host, port=settings.port)
