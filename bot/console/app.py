"""The staff console's Flask app: configuration, log-in, security headers, one database
session per request. Routes live in bot/console/routes_*.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, g, redirect, request, url_for
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.wrappers import Response

from bot.config import Settings, stored_secret
from bot.console.models import StaffAccount
from bot.console.rasa_api import RasaClient
from bot.db import make_engine, make_session_factory

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


@dataclass(frozen=True)
class ConsoleSettings:
    database_url: str
    rasa_url: str
    rasa_token: str
    secret_key: str
    # Off only for plain-HTTP development; a school's deployment sits behind HTTPS.
    secure_cookies: bool = True

    @classmethod
    def from_env(cls) -> ConsoleSettings:
        from bot.stack import api_token  # the token `signpost run` gives the Rasa server

        settings = Settings.from_env()
        return cls(
            database_url=settings.database_url,
            rasa_url=settings.rasa_url or f"http://127.0.0.1:{settings.rasa_port}",
            rasa_token=api_token(),
            secret_key=settings.console_secret_key or stored_secret("console-secret"),
            secure_cookies=settings.secure_cookies,
        )


def db() -> Session:
    """This request's database session."""
    if "db" not in g:
        g.db = g.sessions()
    return g.db


def current_account() -> StaffAccount:
    """The logged-in staff account (routes are @login_required, so there is one)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def rasa() -> RasaClient:
    return g.rasa


def create_app(settings: ConsoleSettings | None = None) -> Flask:
    settings = settings or ConsoleSettings.from_env()
    app = Flask(__name__)
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
        DATABASE_URL=settings.database_url,
    )
    CSRFProtect(app)
    sessions: sessionmaker[Session] = make_session_factory(make_engine(settings.database_url))
    client = RasaClient(settings.rasa_url, settings.rasa_token)

    @app.before_request
    def _open() -> None:
        g.sessions = sessions
        g.rasa = client

    @app.teardown_request
    def _close(_error: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()

    logins = LoginManager(app)
    logins.login_view = "auth.login"
    logins.session_protection = "strong"
    # No "remember me": a session ends with the browser, at log-out, or after eight hours.
    logins.login_message = "Please log in to see the console."

    @logins.user_loader
    def _load(session_id: str) -> StaffAccount | None:
        # "account id:session version": a cookie from before a log-out opens nothing.
        account_id, _, version = session_id.partition(":")
        if not (account_id.isdigit() and version.isdigit()):
            return None
        account = db().get(StaffAccount, int(account_id))
        if account is None or not account.active:
            return None
        return account if (account.session_version or 0) == int(version) else None

    @logins.unauthorized_handler
    def _anonymous() -> Response | tuple[str, int]:
        if request.headers.get("X-Requested-With") == "fetch":
            return "log in first", 401
        return redirect(url_for("auth.login"))

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.path.startswith("/console"):
            response.headers["Cache-Control"] = "no-store"
        return response

    from bot.console.routes_admin import admin
    from bot.console.routes_auth import auth
    from bot.console.routes_cases import cases

    app.register_blueprint(auth)
    app.register_blueprint(cases)
    app.register_blueprint(admin)
    # The same web server carries the widget script and the demo school pages.
    from bot.widget.routes import register as register_widget

    register_widget(app)

    # The directory as an Open Referral UK API, whose root describes the API to a program
    # and sends a person to the demo pages.
    from bot.directory.openreferral.api import api_meta, openreferral

    app.register_blueprint(openreferral)

    @app.get("/")
    def _home() -> Response:
        # Browsers ask for text/html by name; programs ask for JSON or anything.
        if any(kind == "text/html" for kind, _quality in request.accept_mimetypes):
            return redirect(url_for("widget.demo_index"))
        return api_meta()

    return app
