"""The schools that carry the widget, read from data/schools/*.yml (one file per trust)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import read_yaml
from bot.geo import GeoPoint
from bot.team import TeamContact, TeamHours, parse_closures, parse_hours, parse_team


@dataclass(frozen=True)
class School:
    slug: str
    name: str
    phase: str
    town: str
    postcode: str
    point: GeoPoint
    pastoral_hours: str  # as the school words it, for people
    demo: bool
    hours: TeamHours  # the same, for the assistant: when the team reads the console
    team: tuple[TeamContact, ...]  # the school's DSLs and deputies, then the trust's DSL
    trust_slug: str = ""
    # The school office, for questions it answers (absence, trips, admissions, term dates).
    office_phone: str = ""
    office_email: str = ""
    office_url: str = ""
    office_hours: str = ""
    widget_origins: tuple[str, ...] = ()
    # The local authority's children's social care front door, as crisis-card contacts
    # (day, and out of hours when it has its own number): a parent's card shows them.
    children_services: tuple[dict[str, Any], ...] = ()

    @property
    def dsl_name(self) -> str:
        return next((c.name for c in self.team if c.role == "dsl"), "")


def audience_of(metadata: Mapping[str, Any]) -> str | None:
    """Who a chat window says is writing ("parent", "pupil"); anything malformed: not known."""
    audience = metadata.get("audience")
    return audience if isinstance(audience, str) else None


def load_schools(data_dir: Path) -> dict[str, School]:
    """Every trust file's schools. A school without a DSL to alert is refused, by name: a
    hand-off that reaches nobody must never start."""
    schools: dict[str, School] = {}
    for path in sorted((data_dir / "schools").glob("*.yml")):
        document = read_yaml(path)
        trust = document["trust"]
        trust_dsl = parse_team([{"role": "trust_dsl", **trust["dsl"]}], f"{path.name}: trust")
        closed = parse_closures(trust.get("closed") or ())
        front_doors = document.get("children_services") or {}
        for entry in document["schools"]:
            where = f"{path.name}: school {entry.get('slug')!r}"
            team = parse_team(entry.get("team") or (), where)
            if not any(contact.role == "dsl" for contact in team):
                raise ValueError(f"{where} has no safeguarding team contacts (a dsl is needed)")
            hours = parse_hours(entry["team_hours"], entry.get("closed") or ())
            schools[entry["slug"]] = School(
                slug=entry["slug"],
                name=entry["name"],
                phase=entry["phase"],
                town=entry["town"],
                postcode=entry["postcode"],
                point=GeoPoint(float(entry["latitude"]), float(entry["longitude"])),
                pastoral_hours=entry["pastoral_hours"],
                demo=bool(document.get("demo")),
                hours=TeamHours(hours.times, (*closed, *hours.closed)),
                team=(*team, *trust_dsl),
                trust_slug=trust["slug"],
                office_phone=str(entry.get("office_phone", "")),
                office_email=str(entry.get("office_email", "")),
                office_url=str(entry.get("office_url", "")),
                office_hours=str(entry.get("office_hours", "")),
                widget_origins=tuple(document.get("widget_origins") or ()),
                children_services=_front_door(front_doors, entry.get("children_services"), where),
            )
    return schools


def _front_door(
    front_doors: Mapping[str, Any], authority: str | None, where: str
) -> tuple[dict[str, Any], ...]:
    """The school's local authority's contacts; each with a number and where it was checked."""
    if authority is None:
        return ()
    if authority not in front_doors:
        raise ValueError(f"{where}: children_services {authority!r} is not in the file")
    contacts = tuple(dict(contact) for contact in front_doors[authority])
    for contact in contacts:
        if not contact.get("phone") or not contact.get("name"):
            raise ValueError(f"{where}: every children's services contact needs a phone")
        if not contact.get("source") and not contact.get("verify_before_launch"):
            raise ValueError(f"{where}: {contact['name']} needs its source")
    return contacts
