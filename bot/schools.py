"""The schools that carry the widget, read from data/schools/*.yml (one file per trust)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.geo import GeoPoint


@dataclass(frozen=True)
class School:
    slug: str
    name: str
    phase: str
    town: str
    postcode: str
    point: GeoPoint
    pastoral_hours: str
    demo: bool
    trust_slug: str = ""
    dsl_name: str = ""
    dsl_phone: str = ""
    dsl_email: str = ""
    widget_origins: tuple[str, ...] = ()


def audience_of(metadata: Mapping[str, Any]) -> str | None:
    """Who a chat window says is writing ("parent", "pupil"); anything malformed: not known."""
    audience = metadata.get("audience")
    return audience if isinstance(audience, str) else None


def load_schools(data_dir: Path) -> dict[str, School]:
    schools: dict[str, School] = {}
    for path in sorted((data_dir / "schools").glob("*.yml")):
        document = yaml.safe_load(path.read_text())
        for entry in document["schools"]:
            schools[entry["slug"]] = School(
                slug=entry["slug"],
                name=entry["name"],
                phase=entry["phase"],
                town=entry["town"],
                postcode=entry["postcode"],
                point=GeoPoint(float(entry["latitude"]), float(entry["longitude"])),
                pastoral_hours=entry["pastoral_hours"],
                demo=bool(document.get("demo")),
                trust_slug=document["trust"]["slug"],
                dsl_name=entry.get("dsl_name", ""),
                dsl_phone=str(entry.get("phone", "")),
                dsl_email=entry.get("dsl_email", ""),
                widget_origins=tuple(document.get("widget_origins") or ()),
            )
    return schools
