"""Composition root: settings -> create_app(settings). `gunicorn app:server` serves it."""

from chainmap.config import load_settings
from layouts.app import create_app, ready_to_serve

settings = load_settings()
app = ready_to_serve(create_app(settings))
server = app.server

if __name__ == "__main__":
    app.run(host=settings.host, port=settings.port)
