"""The web server's Flask app: the console's pages, the widget and the Open Referral API put
together, with what every page shares (configuration, CSRF, security headers, one database
session per request)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from flask import Flask, g, redirect, request, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from bot.config import Settings, api_token, stored_secret
from bot.console.rasa_api import RasaClient
from bot.runtime import Runtime
from bot.web import console, openreferral_api, widget
from bot.web.console import PAGES_DIR
from bot.web.request import close_db

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


@dataclass(frozen=True)
class WebSettings:
    database_url: str
    rasa_url: str
    rasa_token: str
    secret_key: str
    # Off only for plain-HTTP development; a school's deployment sits behind HTTPS.
    secure_cookies: bool = True

    @classmethod
    def from_env(cls) -> WebSettings:
        settings = Settings.from_env()
        return cls(
            database_url=settings.database_url,
            rasa_url=settings.rasa_url or f"http://127.0.0.1:{settings.rasa_port}",
            rasa_token=api_token(),  # the token `signpost run` gives the Rasa server
            secret_key=settings.console_secret_key or stored_secret("console-secret"),
            secure_cookies=settings.secure_cookies,
        )


def create_app(settings: WebSettings | None = None) -> Flask:
    settings = settings or WebSettings.from_env()
    # The console's style sheet and script are the site's static files.
    app = Flask(__name__, static_folder=PAGES_DIR / "static")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME="signpost_console",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    CSRFProtect(app)
    # One engine, one set of schools, one postcode locator for the whole server.
    app.extensions["runtime"] = Runtime(
        replace(Settings.from_env(), database_url=settings.database_url)
    )
    client = RasaClient(settings.rasa_url, settings.rasa_token)

    @app.before_request
    def _open() -> None:
        g.rasa = client

    @app.teardown_request
    def _close(_error: BaseException | None) -> None:
        close_db()

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.path.startswith("/console"):
            response.headers["Cache-Control"] = "no-store"
        return response

    console.register(app)
    # The same server carries the widget script and the demo school pages.
    widget.register(app)
    # The directory as an Open Referral UK API, whose root describes the API to a program
    # and sends a person to the demo pages.
    app.register_blueprint(openreferral_api.openreferral)

    @app.get("/")
    def _home() -> Response:
        # Browsers ask for text/html by name; programs ask for JSON or anything.
        if any(kind == "text/html" for kind, _quality in request.accept_mimetypes):
            return redirect(url_for("widget.demo_index"))
        return openreferral_api.api_meta()

    return app
