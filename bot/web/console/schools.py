"""Each school's safeguarding team and hours, kept by the trust's admin (bot/console/
school_team.py). An admin sees their own trust's schools; any other school is not there."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from bot.console.access import visible_schools
from bot.console.models import SchoolRecord
from bot.console.school_team import (
    DAY_NAMES,
    ROLE_NAMES,
    TeamDraft,
    TeamError,
    hours_in_words,
    save_team,
)
from bot.web.request import current_account, db, require

schools = Blueprint("schools", __name__, url_prefix="/console", template_folder="templates")
# Empty rows under the team and the closed periods, to add to them without any script.
SPARE_ROWS = 2
MAX_ROWS = 40  # more than any school's team or year of closures; bounds what a form can ask


def _school(slug: str) -> SchoolRecord:
    me = require("team")
    record = db().get(SchoolRecord, slug[:100])
    if record is None or record.trust_slug != me.trust_slug:
        abort(404)
    return record


@schools.get("/schools")
@login_required
def teams() -> str:
    me = require("team")
    return render_template(
        "schools.html",
        schools=visible_schools(db(), me),
        roles=ROLE_NAMES,
        hours_in_words=hours_in_words,
    )


@schools.route("/schools/<slug>/team", methods=["GET", "POST"])
@login_required
def team(slug: str) -> str | Response | tuple[str, int]:
    record = _school(slug)
    if request.method == "GET":
        return _page(record, TeamDraft.of(record))
    draft = _draft(request.form)
    try:
        save_team(db(), current_account(), record, draft, datetime.now(timezone.utc))
    except TeamError as error:
        db().rollback()
        flash(f"Not saved: {error}", "error")
        return _page(record, draft), 400
    db().commit()
    flash(f"Saved the safeguarding team of {record.name}.", "success")
    return redirect(url_for("schools.team", slug=record.slug))


def _page(record: SchoolRecord, draft: TeamDraft) -> str:
    return render_template(
        "team.html",
        school=record,
        contacts=[*draft.contacts, *({} for _ in range(SPARE_ROWS))],
        times=draft.times,
        closed=[*draft.closed, *({} for _ in range(SPARE_ROWS))],
        roles=ROLE_NAMES,
        days=DAY_NAMES,
    )


def _draft(form: MultiDict[str, str]) -> TeamDraft:
    """The form's rows (contact_role_0, contact_name_0...) as entered, blanks included."""

    def rows(prefix: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
        found = []
        for index in range(MAX_ROWS):
            row = {key: form.get(f"{prefix}_{key}_{index}", "").strip()[:254] for key in keys}
            if f"{prefix}_{keys[0]}_{index}" in form:
                found.append(row)
        return found

    return TeamDraft(
        rows("contact", ("role", "name", "email", "phone")),
        {
            day: (
                form.get(f"opens_{day}", "").strip()[:8],
                form.get(f"closes_{day}", "").strip()[:8],
            )
            for day in DAY_NAMES
        },
        rows("closed", ("from", "to", "name")),
    )
