"""The crisis card: fixed, versioned text from data/safeguarding/crisis_contacts.yml."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import read_yaml
from bot.replies import tel_link

HANDOFF_KEYS = ("reading_now", "in_hours", "out_of_hours", "no_school")
# The adult card's general council contact, replaced by the school's own when it is known.
LOCAL_COUNCIL = "childrens-social-care"
# Where a contact was checked: for the people who keep the data, not for the card.
PRIVATE = ("source", "checked", "verify_before_launch")


@dataclass(frozen=True)
class CrisisCards:
    version: int
    audiences: dict[str, dict[str, Any]]
    # What is said after the card about when the school's team will read the conversation:
    # per audience, one text for each of HANDOFF_KEYS.
    handoff: dict[str, dict[str, str]]

    @classmethod
    def from_file(cls, path: Path) -> CrisisCards:
        raw = read_yaml(path)
        handoff = raw.get("handoff") or {}
        for audience in raw["audiences"]:
            missing = [k for k in HANDOFF_KEYS if k not in handoff.get(audience, {})]
            if missing:
                raise ValueError(f"{path}: handoff.{audience} lacks {', '.join(missing)}")
        return cls(version=int(raw["version"]), audiences=raw["audiences"], handoff=handoff)

    def handoff_text(self, audience: str, key: str, **values: str) -> str:
        return self.handoff[audience][key].format(**values)

    @staticmethod
    def audience_for(widget_audience: str | None) -> str:
        """An adult's card for a parent or staff member; a child's card otherwise."""
        return "adult" if widget_audience in ("parent", "staff") else "child"

    def contacts(self, audience: str, local: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
        """The card's contacts; `local` (the school's council front door) takes the place of
        the general "your local council's children's social care" where the card has it."""
        contacts: list[dict[str, Any]] = []
        for contact in self.audiences[audience]["contacts"]:
            if contact["id"] == LOCAL_COUNCIL and local:
                contacts.extend(local)
            else:
                contacts.append(contact)
        return contacts

    def payload(self, audience: str, local: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
        card = self.audiences[audience]
        contacts = []
        for contact in self.contacts(audience, local):
            entry = {k: v for k, v in contact.items() if k not in PRIVATE and v is not None}
            if contact.get("phone"):
                entry["tel"] = tel_link(str(contact["phone"]))
            if contact.get("sms"):
                number = re.sub(r"[^\d+]", "", str(contact["sms"]))
                body = contact.get("sms_body")
                entry["sms_link"] = f"sms:{number}" + (f"?&body={body}" if body else "")
            contacts.append(entry)
        return {
            "type": "crisis_card",
            "version": self.version,
            "audience": audience,
            "heading": card["heading"],
            "contacts": contacts,
        }

    def text(self, audience: str, local: Sequence[dict[str, Any]] = ()) -> str:
        card = self.audiences[audience]
        lines = [card["heading"]]
        for contact in self.contacts(audience, local):
            how = []
            if contact.get("phone"):
                how.append(f"call {contact['phone']}")
            if contact.get("sms"):
                body = contact.get("sms_body")
                how.append(f"text {body} to {contact['sms']}" if body else f"text {contact['sms']}")
            if contact.get("email"):
                how.append(f"email {contact['email']}")
            if contact.get("url") and not how:
                how.append(str(contact["url"]))
            when = f" ({contact['when']})" if contact.get("when") else ""
            lines.append(f"- {contact['name']}{when}: {', '.join(how) or contact.get('hours', '')}")
        return "\n".join(lines)


def crisis_path(data_dir: Path) -> Path:
    return data_dir / "safeguarding" / "crisis_contacts.yml"
