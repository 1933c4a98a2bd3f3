"""The web server for a WSGI server: `gunicorn bot.web.wsgi:app` (what `signpost run` does)."""

from bot.private_logs import install
from bot.web.app import create_app

app = create_app()
install()  # gunicorn's handlers exist by now: they never write what staff or families typed
