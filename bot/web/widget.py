"""The widget's routes: the built widget script (from bot/widget) and the demo school pages
(`/demo/`, `/demo/SLUG`)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, render_template, send_file
from werkzeug.wrappers import Response

from bot.web.request import app_runtime

WIDGET_DIR = Path(__file__).resolve().parent.parent / "widget"
WIDGET_FILE = WIDGET_DIR / "dist" / "widget.js"

widget = Blueprint("widget", __name__, template_folder=WIDGET_DIR / "templates")


def rasa_public_url() -> str:
    """Where browsers reach the Rasa server (its socket.io and REST channels)."""
    settings = app_runtime().settings
    return (settings.rasa_public_url or f"http://localhost:{settings.rasa_port}").rstrip("/")


def _demo_policy(rasa_url: str) -> str:
    """The demo pages may talk to the Rasa server (HTTP and websocket), nothing else."""
    parts = urlsplit(rasa_url)
    socket = ("wss" if parts.scheme == "https" else "ws") + f"://{parts.netloc}"
    return (
        f"default-src 'self'; connect-src 'self' {rasa_url} {socket}; script-src 'self'; "
        "style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'"
    )


@widget.get("/widget/widget.js")
def widget_script() -> Response:
    if not WIDGET_FILE.exists():
        abort(503, "the widget is not built: run `make setup`")
    response = send_file(WIDGET_FILE, mimetype="text/javascript", max_age=300)
    # Any school's page may load the script; what it may talk to is Rasa's CORS list.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@widget.get("/demo/")
def demo_index() -> Response | str:
    demo = [school for school in app_runtime().schools.values() if school.demo]
    return render_template("demo_index.html", schools=demo)


@widget.get("/demo/<slug>")
def demo_school(slug: str) -> str:
    school = app_runtime().schools.get(slug)
    if school is None or not school.demo:
        abort(404)
    return render_template("demo_school.html", school=school, rasa_url=rasa_public_url())


@widget.after_request
def _policy(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = _demo_policy(rasa_public_url())
    return response


def register(app: Flask) -> None:
    app.register_blueprint(widget)
