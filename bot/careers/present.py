"""Careers answers in words that fit who is asking.

- a primary pupil: one short, concrete sentence; no pay figures unless they ask;
- a secondary pupil: what the job is, a day in it, ways in and subjects that help;
- a parent asking for their child: all of that, and pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.careers.catalogue import Role, route_words
from bot.careers.search import Fit, compare

PRIMARY_MAX_AGE = 11


@dataclass(frozen=True)
class Reader:
    audience: str | None  # parent | pupil | staff, as the widget said
    age: int | None = None
    phase: str | None = None  # the school's phase, when the age is not known

    @property
    def young(self) -> bool:
        if self.audience == "parent":
            return False
        if self.age is not None:
            return self.age <= PRIMARY_MAX_AGE
        return self.phase == "primary"

    @property
    def parent(self) -> bool:
        return self.audience == "parent"


def a_role(role: Role) -> str:
    """The role's title in a sentence, with its article: "a paramedic", "an anaesthetist",
    "an IT support technician", "a GP" (acronyms keep their capitals)."""
    return with_article(
        " ".join(word if _is_acronym(word) else word.lower() for word in role.title.split())
    )


# An acronym's letters said one by one: "an HR officer", "an NHS 111 health adviser", "a GP".
_SOUNDS_A_VOWEL = set("AEFHILMNORSX")


def _is_acronym(word: str) -> bool:
    return sum(letter.isupper() for letter in word) >= 2


def with_article(name: str) -> str:
    """A job's name with its article: "a vet", "an electrician", "an IT technician"."""
    first = name.split(" ", 1)[0]
    vowel = first[:1] in _SOUNDS_A_VOWEL if _is_acronym(first) else name[:1] in "aeiou"
    return f"{'an' if vowel else 'a'} {name}"


def _ways_in(role: Role) -> str:
    routes = [route_words(r) for r in role.routes]
    return "; ".join(routes)


def describe(role: Role, reader: Reader, *, pay_asked: bool = False) -> str:
    if reader.young:
        text = f"{role.title}: {role.summary_young}"
        if pay_asked and role.pay:
            text += f" They earn {role.pay.words()}."
        return text
    parts = [f"{role.title}: {role.summary}", f"A day in the job: {role.day}"]
    parts.append(f"Ways in: {_ways_in(role)}. {role.route_notes}")
    if role.subjects:
        subjects = ", ".join(s.replace("_", " ") for s in role.subjects)
        parts.append(f"Subjects that help: {subjects}.")
    if (reader.parent or pay_asked) and role.pay:
        parts.append(f"Pay: {role.band_label}, {role.pay.words()} (NHS pay in England).")
    return "\n".join(parts)


def pay_answer(role: Role) -> str:
    if role.pay is None:
        return f"I don't have pay figures for {role.title}."
    return (
        f"{role.title}: {role.band_label}, {role.pay.words()} for a full-time job in the NHS "
        "in England. You start at the bottom of the range and go up with experience."
    )


def routes_answer(role: Role, reader: Reader) -> str:
    if reader.young:
        return (
            f"To be a {role.title.lower()}, people go to college or university, or learn "
            f"on the job. {role.route_notes}"
        )
    return f"Ways in to {role.title}: {_ways_in(role)}. {role.route_notes}"


def fits_answer(found: list[Fit], reader: Reader) -> str:
    if not found:
        return (
            "I couldn't find a role that fits all of that. Tell me a bit more about what you like."
        )
    lines = ["These could suit you:"]
    for fit in found:
        why = "; ".join(fit.reasons) or "it matches what you said"
        summary = fit.role.summary_young if reader.young else fit.role.summary
        lines.append(f"• {fit.role.title}: {summary} ({why})")
    return "\n".join(lines)


def compare_answer(first: Role, second: Role, reader: Reader) -> str:
    rows = compare(first, second)
    if reader.young:
        rows = [row for row in rows if row[0] != "Pay"]
    lines = [f"{first.title} and {second.title}, side by side:"]
    for what, a, b in rows:
        lines.append(f"{what}:\n  {first.title}: {a}\n  {second.title}: {b}")
    return "\n".join(lines)


def careers_payload(roles: list[Role]) -> dict[str, Any]:
    """The `careers` custom payload of DESIGN.md: the widget draws a card per role."""
    return {"type": "careers", "roles": [role.payload() for role in roles]}
