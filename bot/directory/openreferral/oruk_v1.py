"""Read a record of an Open Referral UK 1 feed: recognise it, check it against ORUK 1's
schema (data/openreferral/oruk-1.0/) with the importer's rules, and bring it to HSDS 3's shape.

The rules are HSDS 3's (triage.py): a fault in the service's own fields skips it with one
line; a fault in one nested part drops that part with a warning. What ORUK 1 feeds publish
differs from the generated schema in ways that say nothing about the record, so these are read
as the feeds mean them, not as faults:

- null or "" for a field: absent (the standard: every field but id, organization and name may
  be missing or null; Bristol writes "" for an organisation's logo);
- numbers for ids (Outpost's), and ids that are not UUIDs: the ORUK validator flagged these as
  format notes and still passed the feed (oruk-validator/mocks/V1_ValidateResponse.json);
- `service_taxonomys` and `eligibilitys` (table name plus "s", as the reference API and feeds
  write them) for the schema's `service_taxonomies` and `eligibilities`;
- a weekday by name ("Monday", Outpost's): the iCal `byday` it means;
- a field the schema requires but the record leaves out, except the service's id, name and
  organization and the organization's id and name: the schema requires a weekday even beside
  an iCal `byday`, both ages on every eligibility, an organisation's description... and the
  directory needs none of them.
"""

from __future__ import annotations

import re
from typing import Any

from bot.directory.openreferral.oruk_v1_shape import to_hsds3
from bot.directory.openreferral.outpost import is_outpost, to_oruk_v1
from bot.directory.openreferral.schema import ORUK_V1, SchemaError
from bot.directory.openreferral.triage import Triage, triage

# Only an ORUK 1 service has these (or Outpost's names for them); HSDS 3 has none of them.
_V1_KEYS = frozenset(
    {
        "regular_schedules",
        "holiday_schedules",
        "service_taxonomys",
        "service_taxonomies",
        "eligibilitys",
        "eligibilities",
        "fundings",
    }
)
_V3_KEYS = frozenset({"schedules", "attributes"})
# The generator's spelling of two arrays, by the spelling feeds use.
_SCHEMA_NAMES = {"service_taxonomys": "service_taxonomies", "eligibilitys": "eligibilities"}
_DAYS = {
    name: code
    for code, names in {
        "MO": ("monday", "mon"),
        "TU": ("tuesday", "tue", "tues"),
        "WE": ("wednesday", "wed"),
        "TH": ("thursday", "thu", "thur", "thurs"),
        "FR": ("friday", "fri"),
        "SA": ("saturday", "sat"),
        "SU": ("sunday", "sun"),
    }.items()
    for name in names
}
# Missing, these leave no service to write: (where, the field).
_NEEDED = frozenset(
    {((), "id"), ((), "name"), ((), "organization"), (("organization",), "id"),
     (("organization",), "name")}
)  # fmt: skip
_REQUIRED = re.compile(r"^'(.+)' is a required property$")


def looks_like_v1(record: Any) -> bool:
    """Whether a record from a feed that declares no version is ORUK 1's."""
    if not isinstance(record, dict) or _V3_KEYS & record.keys():
        return False
    if is_outpost(record) or _V1_KEYS & record.keys():
        return True
    sites = record.get("service_at_locations")
    return isinstance(sites, list) and any(
        isinstance(site, dict)
        and isinstance(site.get("location"), dict)
        and "physical_addresses" in site["location"]
        for site in sites
    )


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_id(key: str, value: Any) -> bool:
    return (key == "id" or key.endswith("_id")) and type(value) is int


def _without_absent(value: Any, key: str = "") -> Any:
    """A copy with absent values left out and numeric ids as text."""
    if isinstance(value, list):
        return [_without_absent(item) for item in value]
    if isinstance(value, dict):
        kept = {name: item for name, item in value.items() if not _absent(item)}
        return {name: _without_absent(item, name) for name, item in kept.items()}
    return str(value) if _is_id(key, value) else value


def _weekday_as_byday(schedule: Any) -> Any:
    if not isinstance(schedule, dict) or not isinstance(schedule.get("weekday"), str):
        return schedule
    code = _DAYS.get(schedule["weekday"].strip().lower())
    if code is None:
        return schedule  # left for the schema to reject: a weekday is a number or a day
    read = {key: value for key, value in schedule.items() if key != "weekday"}
    read.setdefault("byday", code)
    return read


def normalised(record: dict[str, Any]) -> dict[str, Any]:
    """The record as the ORUK 1 schema names and types it (see the module's notes)."""
    record = _without_absent(to_oruk_v1(record) if is_outpost(record) else record)
    for theirs, schemas in _SCHEMA_NAMES.items():
        if theirs in record and schemas not in record:
            record[schemas] = record.pop(theirs)
    schedules = record.get("regular_schedules")
    if isinstance(schedules, list):
        record["regular_schedules"] = [_weekday_as_byday(item) for item in schedules]
    return record


def _tolerated(error: SchemaError) -> bool:
    if error.keyword == "pattern" and error.path and error.path[-1] == "id":
        return True  # an id that is not a UUID
    if error.keyword == "required":
        missing = _REQUIRED.match(error.message)
        return missing is not None and (error.path, missing.group(1)) not in _NEEDED
    return False


def read_v1(record: Any) -> Triage:
    """The record checked and in HSDS 3's shape, less its broken parts; or why it is
    skipped. Dropped parts are named where ORUK 1's schema has them."""
    if not isinstance(record, dict):
        return Triage(None, "not a service record")
    checked = triage(normalised(record), ORUK_V1, _tolerated)
    if checked.record is None:
        return checked
    converted, left_out = to_hsds3(checked.record)
    return Triage(converted, dropped=checked.dropped + left_out)
