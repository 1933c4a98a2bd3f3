"""Our directory as HSDS 3 records, for the Open Referral UK API we serve.

Empty optional fields are left out, as the standard asks; `service_record` gives the nested
record of /services/{id}, `service_summary` the one-to-one fields (and the organization) of a
listing. The same records are valid HSDS 3.0, its Open Referral UK profile and HSDS 3.1:
none of the fields we hold changed between them.
"""

from __future__ import annotations

from typing import Any

from bot.directory.models import Attribute, Location, Service, TaxonomyTerm


def _clean(record: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """Leave out empty optional fields; a field the schema requires stays, even if empty."""
    return {
        key: ("" if value is None else value)
        for key, value in record.items()
        if key in required or value not in (None, "", [])
    }


def _clock(hhmm: str | None) -> str | None:
    if not hhmm:
        return None
    # HSDS times carry seconds; "until midnight" is the last second of the day.
    return "23:59:00" if hhmm == "24:00" else f"{hhmm}:00"


def _organization(service: Service) -> dict[str, Any]:
    organization = service.organization
    return _clean(
        {
            "id": organization.id,
            "name": organization.name,
            "description": organization.description,
            "email": organization.email,
            "website": organization.website,
        },
        required=("id", "name", "description"),
    )


def service_summary(service: Service) -> dict[str, Any]:
    return _clean(
        {
            "id": service.id,
            "name": service.name,
            "alternate_name": service.alternate_name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "eligibility_description": service.eligibility_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.assured_date.isoformat() if service.assured_date else None,
            "organization": _organization(service),
        },
        # The Open Referral UK profile's list schema requires a url (empty when we hold none).
        required=("url",),
    )


def _location(location: Location) -> dict[str, Any]:
    return _clean(
        {
            "id": location.id,
            "location_type": location.location_type,
            "name": location.name,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": [
                _clean(
                    {
                        "id": address.id,
                        "address_1": address.address_1,
                        "city": address.city,
                        "state_province": address.state_province,
                        "postal_code": address.postal_code,
                        "country": address.country,
                        "address_type": address.address_type,
                    },
                    required=("address_1", "city", "state_province", "postal_code", "country"),
                )
                for address in location.addresses
            ],
        }
    )


def _term(term: TaxonomyTerm) -> dict[str, Any]:
    """A term names its taxonomy in text (`taxonomy`) and by id, with the taxonomy itself in
    `taxonomy_detail`: so the compiled HSDS 3.0 and 3.1 schemas and the UK profile have it.
    (The first 3.0 per-table schemas nested the object in `taxonomy`; importers read both.)"""
    taxonomy_id = term.vocabulary or term.taxonomy
    taxonomy_name = term.taxonomy or taxonomy_id
    detail = (
        _clean(
            {"id": taxonomy_id, "name": taxonomy_name, "description": None},
            required=("id", "name", "description"),
        )
        if taxonomy_id
        else None
    )
    return _clean(
        {
            "id": term.id,
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "taxonomy": taxonomy_name,
            "taxonomy_id": taxonomy_id,
            "taxonomy_detail": detail,
        },
        required=("id", "name", "description"),
    )


def service_record(service: Service, attributes: list[Attribute]) -> dict[str, Any]:
    """The full nested record; `attributes` are the service's (taxonomy terms loaded)."""
    record = service_summary(service)
    record.update(
        _clean(
            {
                "phones": [
                    _clean(
                        {
                            "id": p.id,
                            "number": p.number,
                            "type": p.type,
                            "description": p.description,
                        }
                    )
                    for p in service.phones
                ],
                "schedules": [
                    _clean(
                        {
                            "id": s.id,
                            "freq": s.freq,
                            "byday": s.byday,
                            "opens_at": _clock(s.opens_at),
                            "closes_at": _clock(s.closes_at),
                            "description": s.description,
                        }
                    )
                    for s in service.schedules
                ],
                "cost_options": [
                    _clean(
                        {
                            "id": c.id,
                            "service_id": service.id,
                            "option": c.option,
                            "amount": c.amount,
                            "currency": c.currency,
                            "amount_description": c.amount_description,
                        }
                    )
                    for c in service.cost_options
                ],
                "service_areas": [
                    _clean({"id": a.id, "name": a.name, "extent_type": a.extent_type})
                    for a in service.service_areas
                ],
                "service_at_locations": [
                    {"id": site.id, "location": _location(site.location)}
                    for site in service.service_at_locations
                ],
                "attributes": [
                    _clean(
                        {
                            "id": a.id,
                            "link_id": a.link_id,
                            "link_type": a.link_type,
                            "link_entity": a.link_entity,
                            "taxonomy_term_id": a.taxonomy_term_id,
                            "value": a.value,
                            "taxonomy_term": _term(a.taxonomy_term),
                        }
                    )
                    for a in sorted(attributes, key=lambda a: a.id)
                ],
            }
        )
    )
    return record
