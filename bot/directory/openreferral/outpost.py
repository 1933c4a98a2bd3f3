"""Rename an Outpost record (FutureGov's directory, Buckinghamshire's Family Information
Service among others) to the Open Referral UK 1 fields it stands for.

Outpost serves ORUK 1's paging envelope and is listed on the ORUK 1 dashboard, but its records
keep Outpost's own names (see /work/shared/openreferral/oruk-v1/NOTES.md):

    organisation            -> organization
    taxonomies              -> service_taxonomys[].taxonomy
    locations (GeoJSON)     -> service_at_locations[].location, physical_addresses
    min_age, max_age        -> eligibilitys[]
    contacts[].phone        -> contacts[].phones[]
    cost_options[].cost_type, amount as text -> amount_description, amount as a number
    free: true              -> a cost option of 0

Its fields with no ORUK 1 counterpart (`suitabilities`, `send_needs`, `meta`, `links`...)
are left as they are; nothing reads them. Weekday names ("Monday") are ORUK 1 feeds' too,
so oruk_v1.py reads them for every feed.
"""

from __future__ import annotations

from typing import Any

# Keys only Outpost writes at the top of a service, each where ORUK 1 has another name.
_OUTPOST_KEYS = {"organisation": "organization", "taxonomies": "service_taxonomys"}


def is_outpost(record: dict[str, Any]) -> bool:
    return any(ours in record and theirs not in record for ours, theirs in _OUTPOST_KEYS.items())


def _point(geometry: Any) -> tuple[Any, Any]:
    """GeoJSON writes a point as [longitude, latitude]."""
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coordinates = geometry.get("coordinates")
        if isinstance(coordinates, list) and len(coordinates) == 2:
            return coordinates[1], coordinates[0]
    return None, None


def _site(location: dict[str, Any]) -> dict[str, Any]:
    latitude, longitude = _point(location.get("geometry"))
    address = {
        key: location.get(key)
        for key in ("address_1", "city", "state_province", "postal_code", "country")
    }
    if location.get("mask_exact_address") is True:
        address.pop("address_1")  # Outpost hides it (a childminder's home): so do we
    return {
        "location": {
            "id": location.get("id"),
            "name": location.get("name"),
            "latitude": latitude,
            "longitude": longitude,
            "physical_addresses": [address],
        }
    }


def _contact(contact: dict[str, Any]) -> dict[str, Any]:
    renamed = {key: value for key, value in contact.items() if key != "phone"}
    renamed["phones"] = [{"number": contact["phone"]}] if contact.get("phone") else []
    return renamed


def _amount(value: Any) -> Any:
    """Outpost writes money as text ("4.00"); ORUK 1 as a number. Text that is not money
    stays text, for the schema to reject."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _cost(cost: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": cost.get("id"),
        "option": cost.get("option"),
        "amount": _amount(cost.get("amount")),
        "amount_description": cost.get("cost_type"),
    }


def to_oruk_v1(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of the record with Outpost's fields under their ORUK 1 names."""
    renamed = {key: value for key, value in record.items() if key not in _OUTPOST_KEYS}
    renamed.setdefault("organization", record.get("organisation"))
    renamed.setdefault(
        "service_taxonomys",
        [{"taxonomy": term} for term in record.get("taxonomies") or [] if isinstance(term, dict)],
    )
    locations = renamed.pop("locations", None) or []
    renamed["service_at_locations"] = [_site(item) for item in locations if isinstance(item, dict)]
    minimum, maximum = renamed.pop("min_age", None), renamed.pop("max_age", None)
    if minimum is not None or maximum is not None:
        renamed["eligibilitys"] = [{"minimum_age": minimum, "maximum_age": maximum}]
    renamed["contacts"] = [
        _contact(item) for item in record.get("contacts") or [] if isinstance(item, dict)
    ]
    costs = [_cost(item) for item in record.get("cost_options") or [] if isinstance(item, dict)]
    if not costs and record.get("free") is True:
        costs = [{"id": f"{record.get('id')}-free", "amount": 0, "amount_description": "Free"}]
    renamed["cost_options"] = costs
    return renamed
