"""What a route needs within one request: its database session, the logged-in staff
account, the client for the Rasa server's HTTP API, and what the web server's process shares
(bot/runtime.py). `app.py` provides them."""

from __future__ import annotations

from flask import abort, current_app, g
from flask_login import current_user
from sqlalchemy.orm import Session

from bot.console.access import can
from bot.console.models import StaffAccount
from bot.console.rasa_api import RasaClient
from bot.runtime import Runtime


def app_runtime() -> Runtime:
    """The web server's runtime: its schools, its postcode locator, its database sessions."""
    return current_app.extensions["runtime"]  # type: ignore[no-any-return]


def db() -> Session:
    """This request's database session, opened on first use and closed when it ends."""
    if "db" not in g:
        g.db = app_runtime().sessions()
    return g.db


def close_db() -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


def current_account() -> StaffAccount:
    """The logged-in staff account (routes are @login_required, so there is one)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def require(permission: str) -> StaffAccount:
    """The logged-in account, if it may do this; otherwise the page is not there (404)."""
    me = current_account()
    if not can(me, permission):
        abort(404)
    return me


def rasa() -> RasaClient:
    return g.rasa
