"""The console for a WSGI server: `gunicorn bot.console.wsgi:app` (what `signpost run` does)."""

from bot.console.app import create_app

app = create_app()
