"""Logging in and out."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from bot.console import audit
from bot.console.accounts import LOCKOUT, MAX_FAILURES, authenticate
from bot.console.app import current_account, db

auth = Blueprint("auth", __name__, url_prefix="/console")

FAILED = (
    f"That email and password did not work. After {MAX_FAILURES} wrong attempts an account is "
    f"locked for {int(LOCKOUT.total_seconds() // 60)} minutes."
)
THROTTLED = "Too many attempts from this address. Wait ten minutes and try again."


def _safe_next(target: str | None) -> str:
    """Only a path inside the console: never an address elsewhere."""
    if target and target.startswith("/console") and "//" not in target and "\\" not in target:
        return target
    return url_for("cases.queue")


@auth.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("cases.queue"))
    if request.method == "GET":
        return render_template("login.html")
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    store = db()
    result = authenticate(
        store, email, password, request.remote_addr or "unknown", datetime.now(timezone.utc)
    )
    if result.reason != "ok" or result.account is None:
        audit.record(
            store, result.account, "login_failed",
            detail={"reason": result.reason}, actor_email=email.strip().lower()[:254],
        )  # fmt: skip
        store.commit()
        flash(THROTTLED if result.reason == "throttled" else FAILED, "error")
        status = 429 if result.reason == "throttled" else 401
        return render_template("login.html", email=email), status
    audit.record(store, result.account, "login")
    store.commit()
    session.clear()  # a fresh session on log-in: nothing from before carries over
    session.permanent = True
    login_user(result.account)
    return redirect(_safe_next(request.args.get("next")))


@auth.post("/logout")
@login_required
def logout() -> Response:
    audit.record(db(), current_account(), "logout")
    db().commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
