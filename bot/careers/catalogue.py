"""The NHS roles catalogue, read from data/careers/roles.yml and checked as it is read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import read_yaml

FAMILIES = (
    "nursing", "midwifery", "allied_health", "medicine", "dentistry", "pharmacy",
    "healthcare_science", "psychological", "ambulance", "wider_team",
)  # fmt: skip
ROUTES = (
    "degree", "degree_apprenticeship", "apprenticeship_level_2", "apprenticeship_level_3",
    "apprenticeship_level_4", "apprenticeship_level_5", "apprenticeship_level_6",
    "apprenticeship_level_7", "t_level", "access_course", "on_the_job", "graduate_entry",
    "medical_degree", "dental_degree",
)  # fmt: skip
INTERESTS = (
    "science", "people", "hands_on", "technology", "creative", "outdoors", "caring",
    "organising", "numbers",
)  # fmt: skip
# Routes that need no university degree first.
NON_GRADUATE_ROUTES = frozenset(
    {"apprenticeship_level_2", "apprenticeship_level_3", "apprenticeship_level_4",
     "apprenticeship_level_5", "t_level", "on_the_job", "access_course"}
)  # fmt: skip


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class PayRange:
    low: int
    high: int

    def words(self) -> str:
        return f"£{self.low:,} to £{self.high:,} a year"


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    family: str
    synonyms: tuple[str, ...]
    summary: str
    summary_young: str
    day: str
    # What the job does in everyday words ("comes round to change nan's bandages"): read only
    # to find the role from a description, never shown.
    described_as: tuple[str, ...]
    pay_scale: str
    pay_steps: tuple[str, ...]  # Agenda for Change bands, or doctors'/dentists' grades
    pay: PayRange | None
    routes: tuple[str, ...]
    route_notes: str
    subjects: tuple[str, ...]
    interests: tuple[str, ...]
    blood: bool
    related: tuple[str, ...]
    url: str

    @property
    def band_label(self) -> str:
        if self.pay_scale == "agenda_for_change":
            steps = self.pay_steps
            return f"Band {steps[0]}" if len(steps) == 1 else f"Bands {steps[0]}–{steps[-1]}"
        scale = self.pay_scale.replace("_", " ").capitalize()
        return f"{scale}' pay scale" if scale.endswith("s") else f"{scale} pay scale"  # doctors'

    @property
    def needs_no_degree(self) -> bool:
        return bool(NON_GRADUATE_ROUTES & set(self.routes))

    def payload(self) -> dict[str, Any]:
        """The role as the `careers` payload of DESIGN.md carries it."""
        return {
            "id": self.id,
            "title": self.title,
            "band": self.band_label,
            "pay": self.pay.words() if self.pay else None,
            "routes": [route_words(r) for r in self.routes],
            "url": self.url,
        }


_ROUTE_WORDS = {
    "degree": "a university degree",
    "degree_apprenticeship": "a degree apprenticeship (paid, no fees)",
    "t_level": "a T Level",
    "access_course": "an Access to Higher Education course, then a degree",
    "on_the_job": "training on the job",
    "graduate_entry": "a degree first, then specialist training",
    "medical_degree": "a medical degree, then training as a doctor",
    "dental_degree": "a dentistry degree",
}


def route_words(route: str) -> str:
    if route.startswith("apprenticeship_level_"):
        return f"an apprenticeship (level {route.rsplit('_', 1)[1]})"
    return _ROUTE_WORDS.get(route, route.replace("_", " "))


@dataclass(frozen=True)
class Catalogue:
    roles: dict[str, Role]

    def __len__(self) -> int:
        return len(self.roles)

    def get(self, role_id: str) -> Role | None:
        return self.roles.get(role_id)


def _pay(scales: dict[str, Any], pay: dict[str, Any], role_id: str) -> tuple[str, tuple, Any]:
    scale = str(pay.get("scale", ""))
    if scale not in scales:
        raise CatalogueError(f"{role_id}: pay scale {scale!r} is not in pay_scales")
    table = scales[scale].get("bands") or scales[scale].get("grades") or {}
    steps = tuple(str(s) for s in (pay.get("bands") or pay.get("grades") or ()))
    unknown = [s for s in steps if s not in table]
    if not steps or unknown:
        raise CatalogueError(f"{role_id}: pay steps {unknown or 'missing'} not in {scale}")
    lows = [int(table[s]["min"]) for s in steps]
    highs = [int(table[s]["max"]) for s in steps]
    return scale, steps, PayRange(min(lows), max(highs))


def _role(entry: dict[str, Any], scales: dict[str, Any]) -> Role:
    role_id = str(entry.get("id", "?"))
    for field in ("title", "summary", "summary_young", "day", "url", "route_notes"):
        if not str(entry.get(field) or "").strip():
            raise CatalogueError(f"{role_id}: {field} is missing")
    if entry.get("family") not in FAMILIES:
        raise CatalogueError(f"{role_id}: family {entry.get('family')!r} is not known")
    for field, allowed in (("routes", ROUTES), ("interests", INTERESTS)):
        values = entry.get(field) or []
        if not values or any(v not in allowed for v in values):
            raise CatalogueError(f"{role_id}: {field} {values} not all in {allowed}")
    scale, steps, pay = _pay(scales, entry.get("pay") or {}, role_id)
    return Role(
        id=role_id,
        title=str(entry["title"]),
        family=str(entry["family"]),
        synonyms=tuple(str(s).lower() for s in entry.get("synonyms") or ()),
        summary=str(entry["summary"]).strip(),
        summary_young=str(entry["summary_young"]).strip(),
        day=str(entry["day"]).strip(),
        described_as=tuple(str(d).strip() for d in entry.get("described_as") or ()),
        pay_scale=scale,
        pay_steps=steps,
        pay=pay,
        routes=tuple(entry["routes"]),
        route_notes=str(entry["route_notes"]).strip(),
        subjects=tuple(entry.get("subjects") or ()),
        interests=tuple(entry["interests"]),
        blood=bool(entry.get("blood")),
        related=tuple(entry.get("related") or ()),
        url=str(entry["url"]),
    )


def load_catalogue(data_dir: Path) -> Catalogue:
    document = read_yaml(data_dir / "careers" / "roles.yml")
    scales = document["pay_scales"]
    roles: dict[str, Role] = {}
    for entry in document["roles"]:
        role = _role(entry, scales)
        if role.id in roles:
            raise CatalogueError(f"{role.id}: listed twice")
        roles[role.id] = role
    for role in roles.values():
        missing = [r for r in role.related if r not in roles]
        if missing:
            raise CatalogueError(f"{role.id}: related roles {missing} are not in the catalogue")
    return Catalogue(roles)


@dataclass(frozen=True)
class DescribedJob:
    """An everyday description of what a job does, without its name, and the role it is."""

    text: str
    role: str


def load_described_jobs(data_dir: Path, catalogue: Catalogue) -> list[DescribedJob]:
    """data/careers/described_jobs.yml: what finding a role from a description learns from."""
    document = read_yaml(data_dir / "careers" / "described_jobs.yml")
    jobs = [DescribedJob(str(d["text"]).strip(), str(d["role"])) for d in document["descriptions"]]
    unknown = sorted({job.role for job in jobs} - set(catalogue.roles))
    if unknown:
        raise CatalogueError(f"described_jobs.yml: roles {unknown} are not in the catalogue")
    return jobs
