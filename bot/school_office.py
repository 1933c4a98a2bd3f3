"""Questions the school office answers, not the assistant: reporting an absence, trips and
payments, admissions, uniform, term dates, letters home. The answer is the office's own
phone, email, web page and hours, never a list of services (DESIGN.md, `school_contact`)."""

from __future__ import annotations

from typing import Any

from bot.replies import Reply, tel_link
from bot.schools import School

WHAT_THE_OFFICE_DOES = (
    "absences, trips and payments, admissions, uniform, term dates and letters home"
)
WHAT_I_DO = "I can help with asthma, money worries, mental health support and NHS careers."


def office_contact(school: School | None) -> dict[str, Any]:
    """The `school_contact` payload: the office's ways in, or none when no school is known
    (a chat window without a school, or one the directory does not hold)."""
    if school is None:
        return {"type": "school_contact", "school": None, "contacts": []}
    office: dict[str, Any] = {"name": f"{school.name} office"}
    if school.office_hours:
        office["hours"] = school.office_hours
    if school.office_phone:
        office["phone"] = school.office_phone
        office["tel"] = tel_link(school.office_phone)
    if school.office_email:
        office["email"] = school.office_email
    if school.office_url:
        office["url"] = school.office_url
    return {"type": "school_contact", "school": school.name, "contacts": [office]}


def office_reply(school: School | None) -> Reply:
    """The card and its text version as one message (`Reply.show`), then what I can do."""
    payload = office_contact(school)
    reply = Reply()
    if school is None:
        reply.show(
            payload,
            f"That is one for your school office: they deal with {WHAT_THE_OFFICE_DOES}. "
            "Their phone number and email are on the school's website.",
        )
    else:
        office = payload["contacts"][0]
        ways = [
            f"{verb} {office[key]}"
            for verb, key in (("call", "phone"), ("email", "email"), ("see", "url"))
            if office.get(key)
        ]
        hours = f" The office is open {school.office_hours}." if school.office_hours else ""
        reply.show(
            payload,
            f"That is one for {school.name}'s office: they deal with {WHAT_THE_OFFICE_DOES}. "
            f"You can {_joined(ways)}.{hours}",
        )
    reply.say(WHAT_I_DO)
    return reply


def _joined(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts) or "ask at the school's reception"
    return ", ".join(parts[:-1]) + " or " + parts[-1]
