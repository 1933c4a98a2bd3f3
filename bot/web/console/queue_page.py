"""What the queue's page and its panel show, and the filters each account last chose.

The filters are kept in the account's session (signed, and cleared at log-in and log-out),
not in a table: they come back whenever the queue is opened again that day, and a filter
chosen yesterday never hides today's hand-offs from the next log-in.
"""

from __future__ import annotations

from datetime import datetime, timezone

from flask import request, session
from sqlalchemy import select

from bot.alerts.ladder import Ladder
from bot.alerts.waits import format_duration, wait_of, week_summary
from bot.console.access import visible_schools
from bot.console.case import Case
from bot.console.models import StaffAccount
from bot.console.preview import preview
from bot.console.queue import Filters, build_queue
from bot.web.request import app_runtime, db

SAVED = "queue_filters"
# Who sees the week's waits above the queue: those answerable for how fast the team responds
# (an admin never sees the queue: they read no cases).
WEEK_SUMMARY_ROLES = ("dsl", "trust_dsl")


def chosen_filters(me: StaffAccount) -> Filters:
    """The filters in the address if the form sent any (and remembered for next time);
    otherwise the ones this account chose last in this session; otherwise none."""
    if any(key in request.args for key in Filters.__dataclass_fields__):
        filters = Filters.of(request.args)
        session[SAVED] = {"account": me.id, **filters.as_dict()}
        return filters
    saved = session.get(SAVED)
    if isinstance(saved, dict) and saved.get("account") == me.id:
        return Filters.of(saved)
    return Filters()


def forget_filters() -> None:
    session.pop(SAVED, None)


def ladder() -> Ladder:
    return Ladder.from_setting(app_runtime().settings.alert_ladder)


def _claimants(cases: list[Case]) -> dict[int, str]:
    ids = {c.claimed_by for c in cases if c.claimed_by is not None}
    if not ids:
        return {}
    rows = db().execute(select(StaffAccount.id, StaffAccount.name).where(StaffAccount.id.in_(ids)))
    return {account_id: name for account_id, name in rows}


def panel_context(me: StaffAccount, filters: Filters) -> dict[str, object]:
    """What the queue's panel shows: each case with its school's name, its first words, who
    holds it and how long it has waited for a person; which are unclaimed past their time;
    and (for DSLs) the week's figures."""
    now = datetime.now(timezone.utc)
    queue = build_queue(db(), me, filters)
    summary = week_summary(db(), me, ladder(), now)
    listed = [*queue.escalations, *queue.reviews]
    return {
        "queue": queue,
        "filters": filters,
        "waits": {case.id: wait_of(case, now) for case in [*listed, *summary.late]},
        "format_duration": format_duration,
        "late": {case.id for case in summary.late},
        "summary": summary if me.role in WEEK_SUMMARY_ROLES else None,
        "school_names": {s.slug: s.name for s in visible_schools(db(), me)},
        "previews": {case.id: preview(case.message) for case in listed},
        "claimants": _claimants(listed),
    }
