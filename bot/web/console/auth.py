"""Logging in and out: a password, then (for DSLs, trust DSLs and admins) a code from an
authenticator app; a one-time set-up link for a new account's holder to choose a password."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from bot.console import audit, two_factor
from bot.console.accounts import (
    LOCKOUT,
    MAX_FAILURES,
    AccountError,
    account_for_setup,
    authenticate,
    check_second_factor,
    complete_setup,
)
from bot.console.models import StaffAccount
from bot.proxies import client_address
from bot.web.request import current_account, db

auth = Blueprint("auth", __name__, url_prefix="/console", template_folder="templates")

FAILED = (
    f"That email and password did not work. After {MAX_FAILURES} wrong attempts an account is "
    f"locked for {int(LOCKOUT.total_seconds() // 60)} minutes."
)
THROTTLED = "Too many failed attempts from this address. Wait ten minutes and try again."
WRONG_CODE = "That code did not work. Codes change every 30 seconds, and each works once."
# Between the password and the code: who, which session version, since when.
PENDING = "pending_login"
PENDING_FOR_S = 600
ENROL_SECRET = "enrol_secret"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _safe_next(target: str | None) -> str:
    """Only a path inside the console: never an address elsewhere."""
    if target and target.startswith("/console") and "//" not in target and "\\" not in target:
        return target
    return url_for("cases.queue")


def _finish(account: StaffAccount, second_factor: str | None = None) -> None:
    """Logged in: a fresh session, and the audit says how."""
    audit.record(db(), account, "login", detail={"second_factor": second_factor or "none"})
    db().commit()
    session.clear()  # nothing from before the log-in carries over
    session.permanent = True
    login_user(account)


def _pending_account() -> StaffAccount | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_FOR_S:
        return None
    account = db().get(StaffAccount, int(pending.get("id", 0)))
    if account is None or not account.active:
        return None
    return account if (account.session_version or 0) == pending.get("v") else None


def _second_step(account: StaffAccount) -> Response:
    session.clear()
    session[PENDING] = {"id": account.id, "v": account.session_version or 0, "at": time.time()}
    return redirect(url_for("auth.code" if account.totp_secret else "auth.enrol"))


@auth.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("cases.queue"))
    if request.method == "GET":
        return render_template("login.html")
    email = request.form.get("email", "")
    store = db()
    address = client_address(request.remote_addr, request.headers.get("X-Forwarded-For"))
    result = authenticate(store, email, request.form.get("password", ""), address, _now())
    if result.reason != "ok" or result.account is None:
        audit.record(
            store, result.account, "login_failed",
            detail={"reason": result.reason}, actor_email=email.strip().lower()[:254],
        )  # fmt: skip
        store.commit()
        flash(THROTTLED if result.reason == "throttled" else FAILED, "error")
        status = 429 if result.reason == "throttled" else 401
        return render_template("login.html", email=email), status
    store.commit()
    if two_factor.required(result.account.role):
        return _second_step(result.account)
    _finish(result.account)
    return redirect(_safe_next(request.args.get("next")))


@auth.route("/login/code", methods=["GET", "POST"])
def code() -> Response | str | tuple[str, int]:
    account = _pending_account()
    if account is None or not account.totp_secret:
        return redirect(url_for("auth.login"))
    if request.method == "GET":
        return render_template("login_code.html")
    outcome = check_second_factor(account, request.form.get("code", ""), _now())
    if outcome in ("totp", "recovery"):
        _finish(account, outcome)
        if outcome == "recovery":
            left = len(account.recovery_codes or [])
            flash(f"You used a recovery code; {left} are left. Ask for a new set-up link "
                  "if you no longer have your authenticator.", "error")  # fmt: skip
        return redirect(url_for("cases.queue"))
    audit.record(db(), account, "login_failed", detail={"reason": f"code {outcome}"})
    db().commit()
    if outcome == "locked":
        session.pop(PENDING, None)
        flash(FAILED, "error")
        return redirect(url_for("auth.login"))
    flash(WRONG_CODE, "error")
    return render_template("login_code.html"), 401


@auth.route("/login/enrol", methods=["GET", "POST"])
def enrol() -> Response | str | tuple[str, int]:
    """First log-in of an account that needs a second factor: link an authenticator app."""
    account = _pending_account()
    if account is None or account.totp_secret:
        return redirect(url_for("auth.login"))
    secret = session.get(ENROL_SECRET) or two_factor.new_secret()
    session[ENROL_SECRET] = secret
    uri = two_factor.provisioning_uri(secret, account.email)
    page = {"secret": secret, "qr": two_factor.qr_code(uri)}
    if request.method == "GET":
        return render_template("enrol.html", **page)
    step = two_factor.matching_step(secret, request.form.get("code", ""), None, _now())
    if step is None:
        flash(WRONG_CODE, "error")
        return render_template("enrol.html", **page), 401
    codes = two_factor.new_recovery_codes()
    account.totp_secret = secret
    account.totp_last_step = step
    account.recovery_codes = [two_factor.hashed(c) for c in codes]
    audit.record(db(), account, "two_factor_enrolled")
    _finish(account, "totp")
    return render_template("recovery_codes.html", codes=codes)


@auth.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str) -> Response | str | tuple[str, int]:
    """A new account's holder (or one reset by an admin) chooses their own password."""
    account = account_for_setup(db(), token, _now())
    if account is None:
        abort(404)
    if request.method == "GET":
        return render_template("setup.html", account=account)
    password = request.form.get("password", "")
    if password != request.form.get("confirm", ""):
        flash("The two passwords are not the same.", "error")
        return render_template("setup.html", account=account), 400
    try:
        complete_setup(account, password)
    except AccountError as error:
        flash(str(error), "error")
        return render_template("setup.html", account=account), 400
    audit.record(db(), account, "setup_completed")
    db().commit()
    if two_factor.required(account.role):
        return _second_step(account)
    _finish(account)
    return redirect(url_for("cases.queue"))


@auth.post("/logout")
@login_required
def logout() -> Response:
    account = current_account()
    audit.record(db(), account, "logout")
    account.end_sessions()  # a copy of the cookie, saved before, opens nothing now
    db().commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
