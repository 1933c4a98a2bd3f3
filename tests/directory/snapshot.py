"""A directory's content as plain data, to compare two databases (provenance left out)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.directory.models import Attribute, Service


def snapshot(sessions: sessionmaker[Session], include_demo: bool = False) -> dict[str, Any]:
    with sessions() as session:
        services = session.scalars(select(Service).order_by(Service.id)).all()
        result: dict[str, Any] = {}
        for s in services:
            if s.demo and not include_demo:
                continue
            terms = session.scalars(
                select(Attribute).where(Attribute.link_id == s.id).order_by(Attribute.id)
            ).all()
            result[s.id] = {
                "fields": (
                    s.name, s.alternate_name, s.description, s.url, s.email, s.status,
                    s.minimum_age, s.maximum_age, s.assured_date, s.eligibility_description,
                ),
                "organization": (
                    s.organization.id, s.organization.name, s.organization.description,
                    s.organization.email, s.organization.website,
                ),
                "phones": sorted((p.id, p.number, p.type, p.description) for p in s.phones),
                "schedules": sorted(
                    (x.id, x.freq, x.byday, x.opens_at, x.closes_at, x.description)
                    for x in s.schedules
                ),
                "areas": sorted((a.id, a.name, a.extent_type) for a in s.service_areas),
                "sites": sorted(
                    (
                        site.id, site.location.id, site.location.name,
                        site.location.latitude, site.location.longitude,
                        tuple(sorted(
                            (a.id, a.address_1, a.city, a.state_province, a.postal_code, a.country)
                            for a in site.location.addresses
                        )),
                    )
                    for site in s.service_at_locations
                ),
                "terms": [
                    (t.id, t.taxonomy_term_id, t.value, t.taxonomy_term.name) for t in terms
                ],
            }  # fmt: skip
        return result
