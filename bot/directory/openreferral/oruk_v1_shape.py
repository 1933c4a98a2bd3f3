"""Bring a checked Open Referral UK 1 record to the HSDS 3 shape the store writes.

ORUK 1 (the UK profile of HSDS 1.x) holds the same things under other names and nestings:
taxonomy links instead of attributes, `regular_schedules` instead of `schedules`, ages in
`eligibilities`, phones under contacts, addresses as `physical_addresses`. Converting keeps the
store, the topic map and the digest one path for every version.

What our directory cannot hold is left out with a warning, as a broken part would be:
holiday schedules (dated closures) and schedules with no day we can read.
"""

from __future__ import annotations

import re
from typing import Any

from bot.directory.openreferral.schema import SchemaError
from bot.directory.openreferral.triage import DroppedPart

# ORUK 1's times are "HH:MM" with an optional zone; Porism's API writes a date-time.
_TIME = re.compile(r"(?:^|T)(\d{1,2}):(\d{2})")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _time(value: Any) -> str | None:
    found = _TIME.search(str(value)) if value is not None else None
    return f"{int(found.group(1)):02d}:{found.group(2)}" if found else None


def _dropped(path: tuple[str | int, ...], why: str) -> DroppedPart:
    return DroppedPart(path, SchemaError(path, why))


def _schedule(item: dict[str, Any]) -> dict[str, Any]:
    byday = item.get("byday")
    return _clean(
        {
            "id": item.get("id"),
            # Feeds give the days and leave out iCal's frequency: days of the week are weekly.
            "freq": item.get("freq") or ("WEEKLY" if byday else None),
            "byday": byday,
            "interval": item.get("interval"),
            "opens_at": _time(item.get("opens_at")),
            "closes_at": _time(item.get("closes_at")),
            "valid_from": item.get("valid_from"),
            "valid_to": item.get("valid_to"),
            "description": item.get("description"),
        }
    )


def _schedules(record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[DroppedPart]]:
    kept: list[dict[str, Any]] = []
    dropped: list[DroppedPart] = []
    for n, item in enumerate(record.get("regular_schedules") or []):
        if item.get("byday") or item.get("description"):
            kept.append(_schedule(item))
        elif isinstance(item.get("weekday"), int):
            # The data package says "integer" and nothing more: 1 is Monday to some feeds
            # and Sunday to others, and a wrong day is worse than none.
            why = f"weekday {item['weekday']} is a number, and ORUK 1 does not say which day"
            dropped.append(_dropped(("regular_schedules", n), why))
        else:
            dropped.append(_dropped(("regular_schedules", n), "no day and no description"))
    for n, _item in enumerate(record.get("holiday_schedules") or []):
        why = "not kept: the directory holds no dated closures"
        dropped.append(_dropped(("holiday_schedules", n), why))
    return kept, dropped


def _phones(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The service's phones and its contacts' (HSDS 3 keeps both, our store the service's),
    each number once: Outpost repeats one under every contact."""
    found = list(record.get("phones") or [])
    for contact in record.get("contacts") or []:
        found += contact.get("phones") or []
    phones: dict[str, dict[str, Any]] = {}
    for phone in found:
        digits = re.sub(r"\D", "", str(phone.get("number") or ""))
        if digits and digits not in phones:
            phones[digits] = _clean(
                {
                    "id": phone.get("id"),
                    "number": str(phone["number"]),
                    "type": phone.get("type"),
                    "description": phone.get("description"),
                }
            )
    return list(phones.values())


def _address(address: dict[str, Any]) -> dict[str, Any]:
    return _clean(
        {
            "id": address.get("id"),
            "address_1": _text(address.get("address_1")),
            "city": _text(address.get("city")),
            "state_province": _text(address.get("state_province")),
            "postal_code": _text(address.get("postal_code")),
            "country": _text(address.get("country")),
            "address_type": "physical",
        }
    )


def _site(site: dict[str, Any]) -> dict[str, Any]:
    location = site.get("location") or {}
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if latitude == 0 and longitude == 0:
        # The Gulf of Guinea: Outpost writes 0, 0 for a site it could not place. Without
        # them the store places the site by its postcode instead.
        latitude = longitude = None
    return _clean(
        {
            "id": site.get("id"),
            "location": _clean(
                {
                    "id": location.get("id"),
                    "location_type": "physical",
                    "name": location.get("name"),
                    "description": location.get("description"),
                    "latitude": latitude,
                    "longitude": longitude,
                    "addresses": [_address(a) for a in location.get("physical_addresses") or []],
                }
            ),
        }
    )


def _attribute(link: dict[str, Any]) -> dict[str, Any]:
    taxonomy = link.get("taxonomy") or {}
    vocabulary = taxonomy.get("vocabulary")
    return _clean(
        {
            "id": link.get("id"),
            "taxonomy_term_id": taxonomy.get("id"),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term": _clean(
                {
                    "id": taxonomy.get("id"),
                    "name": taxonomy.get("name"),
                    "parent_id": taxonomy.get("parent_id"),
                    # ORUK 1 names the list ("esdServiceTypes") where HSDS 3 names a taxonomy.
                    "taxonomy": vocabulary,
                    "vocabulary": vocabulary,
                }
            ),
        }
    )


def _age_range(record: dict[str, Any]) -> tuple[int | None, int | None]:
    """One range over all the eligibility rows: the service is for anyone any row admits,
    and a row with no limit on one side leaves that side open."""
    rows = record.get("eligibilities") or []
    lows = [row.get("minimum_age") for row in rows]
    highs = [row.get("maximum_age") for row in rows]

    def bound(values: list[Any], pick: Any) -> int | None:
        if not values or not all(isinstance(v, (int, float)) for v in values):
            return None
        return int(pick(values))

    return bound(lows, min), bound(highs, max)


def _cost(cost: dict[str, Any]) -> dict[str, Any]:
    amount = cost.get("amount")
    return _clean(
        {
            "id": cost.get("id"),
            "option": cost.get("option"),
            "amount": amount,
            # ORUK 1 expects pounds; HSDS 3 says which currency.
            "currency": "GBP" if isinstance(amount, (int, float)) else None,
            "amount_description": cost.get("amount_description"),
            "valid_from": cost.get("valid_from"),
            "valid_to": cost.get("valid_to"),
        }
    )


def _organization(organization: dict[str, Any]) -> dict[str, Any]:
    return _clean(
        {
            "id": organization.get("id"),
            "name": organization.get("name"),
            "description": organization.get("description"),
            "email": organization.get("email"),
            "website": organization.get("url"),
        }
    )


def to_hsds3(record: dict[str, Any]) -> tuple[dict[str, Any], list[DroppedPart]]:
    """The record in HSDS 3's shape, and the parts of it left out."""
    schedules, dropped = _schedules(record)
    minimum_age, maximum_age = _age_range(record)
    converted = _clean(
        {
            "id": record.get("id"),
            "name": record.get("name"),
            "alternate_name": record.get("alternate_name"),
            "description": record.get("description"),
            "url": record.get("url"),
            "email": record.get("email"),
            "status": record.get("status"),
            "assured_date": record.get("assured_date"),
            "minimum_age": minimum_age,
            "maximum_age": maximum_age,
            "organization": _organization(record.get("organization") or {}),
            "phones": _phones(record),
            "schedules": schedules,
            "service_at_locations": [_site(s) for s in record.get("service_at_locations") or []],
            "service_areas": [
                _clean(
                    {
                        "id": area.get("id"),
                        "name": area.get("name") or area.get("service_area"),
                        "description": area.get("description"),
                    }
                )
                for area in record.get("service_areas") or []
            ],
            "attributes": [_attribute(link) for link in record.get("service_taxonomies") or []],
            "cost_options": [_cost(cost) for cost in record.get("cost_options") or []],
        }
    )
    return converted, dropped
