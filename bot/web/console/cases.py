"""The queue, the conversation view, and what staff do with an escalation. Every step says
on the page what it did (or why it could not), as well as in the audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from bot.alerts.waits import past_their_time, wait_of
from bot.console import audit, casework
from bot.console.access import can, case_for, visible_schools
from bot.console.case import Case
from bot.console.models import (
    AuditEntry,
    EscalationNote,
    SchoolRecord,
    StaffAccount,
    StaffReply,
)
from bot.console.presence import record_seen
from bot.console.queue import STATUSES, Filters
from bot.console.rasa_api import RasaUnavailable
from bot.console.transcript import Line, transcript
from bot.safeguarding.lexicon import CATEGORIES
from bot.web.console.queue_page import chosen_filters, ladder, panel_context
from bot.web.request import current_account, db, rasa

cases = Blueprint("cases", __name__, url_prefix="/console", template_folder="templates")
# Where the escalation page shows what a step did: below the conversation, by the forms.
DONE = "done"


def _case(escalation_id: str) -> Case:
    """The escalation if this account may see it; 404 otherwise, whether or not it exists."""
    case = case_for(db(), current_account(), escalation_id)
    if case is None:
        abort(404)
    return case


@cases.get("/")
@login_required
def queue() -> str | Response:
    me = current_account()
    if not can(me, "escalations"):
        return redirect(url_for("admin.audit_log" if can(me, "audit") else "auth.login"))
    filters = chosen_filters(me)
    audit.record(db(), me, "view_queue", detail={k: v for k, v in filters.as_dict().items() if v})
    db().commit()
    return render_template(
        "queue.html",
        **panel_context(me, filters),
        schools=visible_schools(db(), me),
        categories=CATEGORIES,
        statuses=STATUSES,
        clear_filters=url_for("cases.queue", **Filters().as_dict()),
    )


@cases.get("/queue/panel")
@login_required
def queue_panel() -> str:
    """The queue's table alone, fetched every few seconds so new escalations appear. Each
    fetch also says this member of staff has the console open (bot/console/presence.py)."""
    me = current_account()
    if not can(me, "escalations"):
        abort(404)
    record_seen(db(), me, datetime.now(timezone.utc))
    db().commit()
    return render_template("_queue_panel.html", **panel_context(me, Filters.of(request.args)))


def _lines(case: Case) -> tuple[list[Line], bool]:
    """The transcript from Rasa; if Rasa is unreachable, what the escalation itself holds."""
    try:
        return transcript(rasa().events(case.conversation_id), case.message), True
    except RasaUnavailable:
        lines = [Line("person", case.message, case.created_at, case.audience or "", [], True)]
        lines += [
            Line("person", m.text, m.received_at, case.audience or "", list(m.categories))
            for m in case.follow_ups
        ]
        return lines, False


def _staff_names() -> dict[int, str]:
    return {a.id: a.name for a in db().scalars(select(StaffAccount))}


def _school_name(case: Case) -> str:
    record = db().get(SchoolRecord, case.school) if case.school else None
    return record.name if record else (case.school or "not given")


def _notes(case: Case) -> list[EscalationNote]:
    return list(
        db().scalars(
            select(EscalationNote)
            .where(EscalationNote.escalation_id == case.id)
            .order_by(EscalationNote.id)
        )
    )


@dataclass
class ResolveDraft:
    """The resolve form as the DSL filled it in, kept when it is refused so nothing typed
    is lost."""

    outcome: str = ""
    categories: list[str] = field(default_factory=list)
    note: str = ""
    error: str = ""


def _escalation_page(case: Case, draft: ResolveDraft | None = None) -> str:
    lines, live = _lines(case)
    now = datetime.now(timezone.utc)
    me = current_account()
    return render_template(
        "escalation.html",
        case=case,
        school_name=_school_name(case),
        wait=wait_of(case, now),
        late=bool(past_their_time(db(), [case], ladder(), now)),
        lines=lines,
        live=live,
        notes=_notes(case),
        names=_staff_names(),
        me=me,
        can_resolve=can(me, "resolve"),
        outcomes=casework.OUTCOMES,
        categories=CATEGORIES,
        draft=draft or ResolveDraft(categories=list(case.categories)),
        max_text=casework.MAX_TEXT,
    )


@cases.get("/escalations/<escalation_id>")
@login_required
def escalation(escalation_id: str) -> str:
    case = _case(escalation_id)
    audit.record(db(), current_account(), "view", escalation=case)
    db().commit()
    return _escalation_page(case)


@cases.get("/escalations/<escalation_id>/transcript")
@login_required
def transcript_panel(escalation_id: str) -> str:
    """The transcript alone, refreshed while the page is open (the page view is audited)."""
    case = _case(escalation_id)
    lines, live = _lines(case)
    return render_template("_transcript.html", lines=lines, live=live)


# One step of casework: the session, who does it, and the case; what it did, in words.
Step = Callable[[Session, StaffAccount, Case], str]


def _act(escalation_id: str, step: Step) -> Response:
    """Do `step` on a case this account may see, keep what it recorded (an undelivered
    reply too, when it fails), and go back to the case saying what happened."""
    case = _case(escalation_id)
    store = db()
    try:
        done = step(store, current_account(), case)
        store.commit()
        flash(done, "success")
    except casework.CaseworkError as error:
        store.commit()  # what was recorded (an undelivered reply) stays recorded
        flash(str(error), "error")
    return redirect(url_for("cases.escalation", escalation_id=case.id, _anchor=DONE))


@cases.post("/escalations/<escalation_id>/claim")
@login_required
def claim(escalation_id: str) -> Response:
    take_over = request.form.get("take_over") == "yes"

    def step(store: Session, me: StaffAccount, case: Case) -> str:
        holder = case.claimed_by if case.status == "claimed" else None
        casework.claim(store, rasa(), me, case, take_over=take_over)
        if holder == me.id:
            return "You already hold this conversation."
        if holder is not None:
            name = _staff_names().get(holder, "another member of staff")
            return f"You have taken over the conversation from {name}. It is in the audit log."
        return (
            "You have claimed this conversation. The assistant has gone quiet: "
            "your replies reach the person with your name."
        )

    return _act(escalation_id, step)


@cases.post("/escalations/<escalation_id>/reply")
@login_required
def reply(escalation_id: str) -> Response:
    text = request.form.get("text", "")

    def step(store: Session, me: StaffAccount, case: Case) -> str:
        casework.reply(store, rasa(), me, case, text)
        return "Reply sent. The person sees it in their chat, from you by name."

    return _act(escalation_id, step)


@cases.post("/escalations/<escalation_id>/hand-back")
@login_required
def hand_back(escalation_id: str) -> Response:
    def step(store: Session, me: StaffAccount, case: Case) -> str:
        casework.hand_back(store, rasa(), me, case)
        return "Handed back: the assistant answers the person again."

    return _act(escalation_id, step)


@cases.post("/escalations/<escalation_id>/notes")
@login_required
def note(escalation_id: str) -> Response:
    text = request.form.get("text", "")

    def step(store: Session, me: StaffAccount, case: Case) -> str:
        casework.add_note(store, me, case, text)
        return "Note saved. Staff only: the person never sees it."

    return _act(escalation_id, step)


@cases.post("/escalations/<escalation_id>/resolve")
@login_required
def resolve(escalation_id: str) -> Response | tuple[str, int]:
    """Resolve with an outcome, the confirmed categories and an outcome note. Refused, the
    page comes back with what was filled in and the reason beside the form; nothing changes."""
    case = _case(escalation_id)
    me = current_account()
    if not can(me, "resolve"):
        abort(403)
    draft = ResolveDraft(
        request.form.get("outcome", ""),
        request.form.getlist("categories"),
        request.form.get("note", "")[: casework.MAX_TEXT * 2],
    )
    store = db()
    try:
        casework.resolve(store, rasa(), me, case, draft.outcome, draft.categories, draft.note)
    except casework.CaseworkError as error:
        store.rollback()
        draft.error = str(error)
        return _escalation_page(case, draft), 400
    store.commit()
    flash(
        f"Resolved: {casework.OUTCOMES[draft.outcome]}. The outcome note is in the record "
        "and the chronology.",
        "success",
    )
    return redirect(url_for("cases.escalation", escalation_id=case.id, _anchor=DONE))


@cases.get("/escalations/<escalation_id>/chronology")
@login_required
def chronology(escalation_id: str) -> str:
    """A printable record for the school's safeguarding file (print to PDF from the browser)."""
    case = _case(escalation_id)
    me = current_account()
    if not can(me, "resolve"):
        abort(403)
    audit.record(db(), me, "export", escalation=case)
    db().commit()
    lines, live = _lines(case)
    replies = list(db().scalars(select(StaffReply).where(StaffReply.escalation_id == case.id)))
    trail = list(
        db().scalars(
            select(AuditEntry).where(AuditEntry.escalation_id == case.id).order_by(AuditEntry.id)
        )
    )
    return render_template(
        "chronology.html",
        case=case,
        school_name=_school_name(case),
        lines=lines,
        live=live,
        notes=_notes(case),
        replies=replies,
        trail=trail,
        names=_staff_names(),
        outcomes=casework.OUTCOMES,
        printed_at=datetime.now(timezone.utc),
        printed_by=me,
    )
