"""The staff console's pages: log-in, the queue and a case's conversation, accounts, the
schools' safeguarding teams, the directory's freshness and the audit log. What the pages do
is in bot/console."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, redirect, request, url_for
from flask_login import LoginManager
from werkzeug.wrappers import Response

from bot.console.models import StaffAccount
from bot.web.console.admin import admin
from bot.web.console.auth import auth
from bot.web.console.cases import cases
from bot.web.console.schools import schools
from bot.web.request import db

PAGES_DIR = Path(__file__).resolve().parent


def _load(session_id: str) -> StaffAccount | None:
    # "account id:session version": a cookie from before a log-out opens nothing.
    account_id, _, version = session_id.partition(":")
    if not (account_id.isdigit() and version.isdigit()):
        return None
    account = db().get(StaffAccount, int(account_id))
    if account is None or not account.active:
        return None
    return account if (account.session_version or 0) == int(version) else None


def _anonymous() -> Response | tuple[str, int]:
    if request.headers.get("X-Requested-With") == "fetch":
        return "log in first", 401
    return redirect(url_for("auth.login"))


def register(app: Flask) -> None:
    logins = LoginManager(app)
    logins.login_view = "auth.login"
    logins.session_protection = "strong"
    # No "remember me": a session ends with the browser, at log-out, or after eight hours.
    logins.login_message = "Please log in to see the console."
    logins.user_loader(_load)
    logins.unauthorized_handler(_anonymous)
    app.register_blueprint(auth)
    app.register_blueprint(cases)
    app.register_blueprint(admin)
    app.register_blueprint(schools)
