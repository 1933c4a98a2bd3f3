"""Accounts (admins for admins and pastoral staff, trust DSLs for DSLs), the directory's
freshness (admins, trust DSLs) and the audit log (DSLs, trust DSLs and admins)."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from bot.config import Settings
from bot.console import audit
from bot.console.access import manageable_roles, visible_schools
from bot.console.accounts import AccountError, create_account, issue_setup_link
from bot.console.audit import ACTIONS, audit_scope
from bot.console.models import ROLES, AuditEntry, StaffAccount
from bot.directory.freshness import (
    DEFAULT_STALE_DAYS,
    source_counts,
    stale_services,
    unmapped_terms,
)
from bot.directory.openreferral.quality import feed_quality, feeds
from bot.directory.openreferral.topic_map import TopicMap
from bot.web.request import current_account, db, require

admin = Blueprint("admin", __name__, url_prefix="/console", template_folder="templates")
AUDIT_PAGE = 500


@admin.get("/audit")
@login_required
def audit_log() -> str:
    me = require("audit")
    scope = audit_scope(me)
    action = request.args.get("action", "")
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE)
    if scope is not None:
        query = query.where(scope)
    if action in ACTIONS:
        query = query.where(AuditEntry.action == action)
    entries = list(db().scalars(query))
    audit.record(db(), me, "view_audit", detail={"action": action} if action else {})
    db().commit()
    return render_template(
        "audit.html", entries=entries, actions=ACTIONS, action=action, school_names=_names(me)
    )


def _names(me: StaffAccount) -> dict[str, str]:
    """The names of the schools this account may see, by slug: people read names."""
    return {school.slug: school.name for school in visible_schools(db(), me)}


MAX_STALE_DAYS = 3650


@admin.get("/directory")
@login_required
def directory() -> str:
    me = require("directory")
    default_days = Settings.from_env().stale_days or DEFAULT_STALE_DAYS
    try:
        # Ten years back is as far as a date goes here (a billion days is past year 9999).
        days = min(MAX_STALE_DAYS, max(1, int(request.args.get("days", default_days))))
    except ValueError:
        days = default_days
    now = datetime.now(timezone.utc)
    stale = stale_services(db(), now, days)
    audit.record(db(), me, "view_directory", detail={"days": days, "stale": len(stale)})
    db().commit()
    return render_template(
        "directory.html",
        days=days,
        stale=stale,
        sources=source_counts(db()),
        quality=[feed_quality(db(), feed) for feed in feeds(db())],
        unmapped=unmapped_terms(db(), TopicMap.from_file(Settings.from_env().data_dir)),
    )


def _trust_accounts(me: StaffAccount) -> list[StaffAccount]:
    return list(
        db().scalars(
            select(StaffAccount)
            .where(StaffAccount.trust_slug == me.trust_slug)
            .order_by(StaffAccount.role, StaffAccount.name)
        )
    )


@admin.route("/accounts", methods=["GET", "POST"])
@login_required
def accounts() -> str | Response:
    me = require("accounts")
    roles = [role for role in ROLES if role in manageable_roles(me)]
    if request.method == "POST":
        role = request.form.get("role", "")
        now = datetime.now(timezone.utc)
        try:
            if role not in roles:
                raise AccountError(f"you cannot make {role.replace('_', ' ')} accounts")
            account = create_account(
                db(),
                email=request.form.get("email", ""),
                name=request.form.get("name", ""),
                role=role,
                school_slug=request.form.get("school") or None,
                now=now,
            )
        except AccountError as error:
            db().rollback()
            flash(str(error), "error")
            return redirect(url_for("admin.accounts"))
        token = issue_setup_link(account, now)
        audit.record(
            db(), me, "account_created", school_slug=account.school_slug,
            detail={"account_id": account.id, "role": account.role},
        )  # fmt: skip
        db().commit()
        return _setup_link_page(account, token)
    return render_template(
        "accounts.html",
        accounts=_trust_accounts(me),
        roles=roles,
        manageable=manageable_roles(me),
        schools=visible_schools(db(), me),
        school_names=_names(me),
    )


def _setup_link_page(account: StaffAccount, token: str) -> str:
    """The link, shown once to whoever made it, to pass on to the account's holder."""
    link = url_for("auth.setup", token=token, _external=True)
    return render_template("setup_link.html", account=account, link=link)


def _account(account_id: int) -> StaffAccount:
    me = require("accounts")
    account = db().get(StaffAccount, account_id)
    if (
        account is None
        or account.trust_slug != me.trust_slug
        or account.role not in manageable_roles(me)
    ):
        abort(404)
    return account


@admin.post("/accounts/<int:account_id>/reset")
@login_required
def reset(account_id: int) -> str | Response:
    """A new set-up link: the holder chooses a new password and links a new authenticator
    (a lost phone, a forgotten password). Their sessions end at once."""
    account = _account(account_id)
    token = issue_setup_link(account, datetime.now(timezone.utc))
    audit.record(
        db(), current_account(), "setup_link_issued", school_slug=account.school_slug,
        detail={"account_id": account.id},
    )  # fmt: skip
    db().commit()
    return _setup_link_page(account, token)


@admin.post("/accounts/<int:account_id>/unlock")
@login_required
def unlock(account_id: int) -> Response:
    account = _account(account_id)
    account.locked_until = None
    account.failed_logins = 0
    audit.record(db(), current_account(), "account_unlocked", detail={"account_id": account.id})
    db().commit()
    flash(f"Unlocked {account.name}: they can log in again.", "success")
    return redirect(url_for("admin.accounts"))


@admin.post("/accounts/<int:account_id>/deactivate")
@login_required
def deactivate(account_id: int) -> Response:
    account = _account(account_id)
    if account.id == current_account().id:
        flash("You cannot deactivate your own account.", "error")
        return redirect(url_for("admin.accounts"))
    account.active = False
    account.end_sessions()
    audit.record(db(), current_account(), "account_deactivated", detail={"account_id": account.id})
    db().commit()
    flash(f"Deactivated {account.name}: they were logged out and cannot log in.", "success")
    return redirect(url_for("admin.accounts"))
