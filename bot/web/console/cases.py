"""The queue, the conversation view, and what staff do with an escalation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from bot.alerts.ladder import Ladder
from bot.alerts.waits import format_duration, past_their_time, wait_of, week_summary
from bot.console import audit, casework
from bot.console.access import can, case_for, visible_schools
from bot.console.case import Case
from bot.console.models import AuditEntry, EscalationNote, StaffAccount, StaffReply
from bot.console.presence import record_seen
from bot.console.queue import STATUSES, build_queue
from bot.console.rasa_api import RasaUnavailable
from bot.console.transcript import Line, transcript
from bot.safeguarding.lexicon import CATEGORIES
from bot.web.request import app_runtime, current_account, db, rasa

cases = Blueprint("cases", __name__, url_prefix="/console", template_folder="templates")
# Who sees the week's waits above the queue: those answerable for how fast the team responds
# (an admin never sees the queue: they read no cases).
WEEK_SUMMARY_ROLES = ("dsl", "trust_dsl")


def _case(escalation_id: str) -> Case:
    """The escalation if this account may see it; 404 otherwise, whether or not it exists."""
    case = case_for(db(), current_account(), escalation_id)
    if case is None:
        abort(404)
    return case


def _filters() -> dict[str, str]:
    return {
        "school": request.args.get("school", "")[:100],
        "category": request.args.get("category", "")[:40],
        "status": request.args.get("status", "open")[:20],
    }


@cases.get("/")
@login_required
def queue() -> str | Response:
    me = current_account()
    if not can(me, "escalations"):
        return redirect(url_for("admin.audit_log" if can(me, "audit") else "auth.login"))
    filters = _filters()
    audit.record(db(), me, "view_queue", detail={k: v for k, v in filters.items() if v})
    db().commit()
    return render_template(
        "queue.html",
        **_queue_panel_context(me, filters),
        filters=filters,
        schools=visible_schools(db(), me),
        categories=CATEGORIES,
        statuses=STATUSES,
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
    return render_template("_queue_panel.html", **_queue_panel_context(me, _filters()))


def _ladder() -> Ladder:
    return Ladder.from_setting(app_runtime().settings.alert_ladder)


def _queue_panel_context(me: StaffAccount, filters: dict[str, str]) -> dict[str, object]:
    """What the queue's panel shows: the cases with how long each has waited for a person,
    which are unclaimed past their time, and (for DSLs) the week's figures."""
    now = datetime.now(timezone.utc)
    queue = build_queue(db(), me, **filters)
    summary = week_summary(db(), me, _ladder(), now)
    shown = [*queue.escalations, *queue.reviews, *summary.late]
    return {
        "queue": queue,
        "waits": {case.id: wait_of(case, now) for case in shown},
        "format_duration": format_duration,
        "late": {case.id for case in summary.late},
        "summary": summary if me.role in WEEK_SUMMARY_ROLES else None,
        "school_names": {s.slug: s.name for s in visible_schools(db(), me)},
    }


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


@cases.get("/escalations/<escalation_id>")
@login_required
def escalation(escalation_id: str) -> str:
    case = _case(escalation_id)
    audit.record(db(), current_account(), "view", escalation=case)
    db().commit()
    lines, live = _lines(case)
    notes = db().scalars(
        select(EscalationNote)
        .where(EscalationNote.escalation_id == case.id)
        .order_by(EscalationNote.id)
    )
    now = datetime.now(timezone.utc)
    return render_template(
        "escalation.html",
        case=case,
        wait=wait_of(case, now),
        late=bool(past_their_time(db(), [case], _ladder(), now)),
        lines=lines,
        live=live,
        notes=list(notes),
        names=_staff_names(),
        me=current_account(),
        can_resolve=can(current_account(), "resolve"),
        outcomes=casework.OUTCOMES,
        categories=CATEGORIES,
    )


@cases.get("/escalations/<escalation_id>/transcript")
@login_required
def transcript_panel(escalation_id: str) -> str:
    """The transcript alone, refreshed while the page is open (the page view is audited)."""
    case = _case(escalation_id)
    lines, live = _lines(case)
    return render_template("_transcript.html", lines=lines, live=live)


# One step of casework: the session, who does it, and the case.
Step = Callable[[Session, StaffAccount, Case], object]


def _act(escalation_id: str, step: Step) -> Response:
    """Do `step` on a case this account may see, keep what it recorded (an undelivered
    reply too, when it fails), and go back to the case with any error shown."""
    case = _case(escalation_id)
    store = db()
    try:
        step(store, current_account(), case)
        store.commit()
    except casework.CaseworkError as error:
        store.commit()  # what was recorded (an undelivered reply) stays recorded
        flash(str(error), "error")
    return redirect(url_for("cases.escalation", escalation_id=case.id))


@cases.post("/escalations/<escalation_id>/claim")
@login_required
def claim(escalation_id: str) -> Response:
    take_over = request.form.get("take_over") == "yes"

    def step(store: Session, me: StaffAccount, case: Case) -> None:
        casework.claim(store, rasa(), me, case, take_over=take_over)

    return _act(escalation_id, step)


@cases.post("/escalations/<escalation_id>/reply")
@login_required
def reply(escalation_id: str) -> Response:
    text = request.form.get("text", "")

    def step(store: Session, me: StaffAccount, case: Case) -> None:
        casework.reply(store, rasa(), me, case, text)

    return _act(escalation_id, step)


@cases.post("/escalations/<escalation_id>/hand-back")
@login_required
def hand_back(escalation_id: str) -> Response:
    def step(store: Session, me: StaffAccount, case: Case) -> None:
        casework.hand_back(store, rasa(), me, case)

    return _act(escalation_id, step)


@cases.post("/escalations/<escalation_id>/notes")
@login_required
def note(escalation_id: str) -> Response:
    text = request.form.get("text", "")

    def step(store: Session, me: StaffAccount, case: Case) -> None:
        casework.add_note(store, me, case, text)

    return _act(escalation_id, step)


@cases.post("/escalations/<escalation_id>/resolve")
@login_required
def resolve(escalation_id: str) -> Response:
    outcome, categories = request.form.get("outcome", ""), request.form.getlist("categories")

    def step(store: Session, me: StaffAccount, case: Case) -> None:
        if not can(me, "resolve"):
            abort(403)
        casework.resolve(store, rasa(), me, case, outcome, categories)

    return _act(escalation_id, step)


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
    notes = list(
        db().scalars(select(EscalationNote).where(EscalationNote.escalation_id == case.id))
    )
    replies = list(db().scalars(select(StaffReply).where(StaffReply.escalation_id == case.id)))
    trail = list(
        db().scalars(
            select(AuditEntry).where(AuditEntry.escalation_id == case.id).order_by(AuditEntry.id)
        )
    )
    return render_template(
        "chronology.html",
        case=case,
        lines=lines,
        live=live,
        notes=notes,
        replies=replies,
        trail=trail,
        names=_staff_names(),
        outcomes=casework.OUTCOMES,
        printed_at=datetime.now(timezone.utc),
        printed_by=me,
    )
