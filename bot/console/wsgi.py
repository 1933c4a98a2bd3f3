"""The console for a WSGI server: `gunicorn bot.console.wsgi:app` (what `signpost run` does)."""

from bot.console.app import create_app
from bot.private_logs import install

app = create_app()
install()  # gunicorn's handlers exist by now: they never write what staff or families typed
