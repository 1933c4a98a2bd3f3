"""Directory tables, shaped and named after Open Referral HSDS 3.

Only the tables the assistant reads are here. Field names follow HSDS 3 so that an
Open Referral feed maps onto them column for column; `source` and `demo` are ours.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import relationship

from bot.models import Base

ID = String(255)


class Organization(Base):
    __tablename__ = "organization"

    id = Column(ID, primary_key=True)
    name = Column(String(255), nullable=False)
    description = Column(Text)
    email = Column(String(255))
    website = Column(String(500))

    services = relationship("Service", back_populates="organization")


class Service(Base):
    __tablename__ = "service"

    id = Column(ID, primary_key=True)
    organization_id = Column(ID, ForeignKey("organization.id"), nullable=False, index=True)
    name = Column(String(255), nullable=False)
    alternate_name = Column(String(255))
    description = Column(Text)
    url = Column(String(500))
    email = Column(String(255))
    eligibility_description = Column(Text)
    # HSDS: active | inactive | defunct | temporarily closed. Only `active` is offered.
    status = Column(String(32), nullable=False, default="active")
    minimum_age = Column(Integer)
    maximum_age = Column(Integer)
    # HSDS: the date the information was last checked.
    assured_date = Column(Date)
    # Where the record came from: a public source we checked (seed data) or a feed's URL.
    source = Column(String(500))
    # The Open Referral feed the record was imported from; None for our own seed data.
    feed = Column(String(500), index=True)
    # A digest of the record as the feed sent it, so a re-import can tell "unchanged".
    content_hash = Column(String(64))
    # When we last saw the record confirmed: the seed's checked date, or the last import.
    last_checked = Column(DateTime(timezone=True), index=True)
    demo = Column(Boolean, nullable=False, default=False)

    organization = relationship("Organization", back_populates="services")
    phones = relationship(
        "Phone", back_populates="service", cascade="all, delete-orphan", order_by="Phone.id"
    )
    schedules = relationship(
        "Schedule", back_populates="service", cascade="all, delete-orphan", order_by="Schedule.id"
    )
    service_areas = relationship(
        "ServiceArea", back_populates="service", cascade="all, delete-orphan"
    )
    service_at_locations = relationship(
        "ServiceAtLocation", back_populates="service", cascade="all, delete-orphan"
    )
    cost_options = relationship(
        "CostOption",
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="CostOption.id",
    )


class Location(Base):
    __tablename__ = "location"

    id = Column(ID, primary_key=True)
    name = Column(String(255))
    location_type = Column(String(32), nullable=False, default="physical")
    latitude = Column(Float, index=True)
    longitude = Column(Float, index=True)

    addresses = relationship("Address", back_populates="location", cascade="all, delete-orphan")


class Address(Base):
    __tablename__ = "address"

    id = Column(ID, primary_key=True)
    location_id = Column(ID, ForeignKey("location.id"), nullable=False, index=True)
    address_1 = Column(String(255), nullable=False)
    city = Column(String(255), nullable=False)
    state_province = Column(String(255))
    postal_code = Column(String(16), nullable=False)
    country = Column(String(2), nullable=False, default="GB")
    address_type = Column(String(32), nullable=False, default="physical")

    location = relationship("Location", back_populates="addresses")


class ServiceAtLocation(Base):
    __tablename__ = "service_at_location"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"), nullable=False, index=True)
    location_id = Column(ID, ForeignKey("location.id"), nullable=False, index=True)

    service = relationship("Service", back_populates="service_at_locations")
    location = relationship("Location")


class Phone(Base):
    __tablename__ = "phone"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"), index=True)
    number = Column(String(64), nullable=False)
    # HSDS: voice | text | sms | textphone | fax ...
    type = Column(String(32), nullable=False, default="voice")
    description = Column(Text)

    service = relationship("Service", back_populates="phones")


class Schedule(Base):
    """One weekly opening period (HSDS RRULE subset: FREQ=WEEKLY with BYDAY).

    A row with no `byday` only carries the human description of the hours.
    `closes_at` may be "24:00" for a period that runs to midnight.
    """

    __tablename__ = "schedule"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"), index=True)
    freq = Column(String(16))
    byday = Column(String(32))
    opens_at = Column(String(5))
    closes_at = Column(String(5))
    description = Column(Text)

    service = relationship("Service", back_populates="schedules")


class CostOption(Base):
    """What the service costs (HSDS 3 cost_option). A service with no row has not said;
    one with an amount of 0 is free."""

    __tablename__ = "cost_option"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"), nullable=False, index=True)
    # HSDS: what the option is for ("Weekly membership"); the amount in `currency`.
    option = Column(Text)
    amount = Column(Float)
    currency = Column(String(3))
    amount_description = Column(Text)

    service = relationship("Service", back_populates="cost_options")


class ServiceArea(Base):
    __tablename__ = "service_area"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("service.id"), nullable=False, index=True)
    name = Column(String(255), nullable=False)
    extent_type = Column(String(32))

    service = relationship("Service", back_populates="service_areas")


class TaxonomyTerm(Base):
    __tablename__ = "taxonomy_term"

    id = Column(ID, primary_key=True)
    code = Column(String(100), nullable=False, index=True)
    name = Column(String(255), nullable=False)
    description = Column(Text)
    parent_id = Column(ID, ForeignKey("taxonomy_term.id"))
    taxonomy = Column(String(100))
    vocabulary = Column(String(100))


class Attribute(Base):
    """Links a taxonomy term to a record (here: services to their topics)."""

    __tablename__ = "attribute"

    id = Column(ID, primary_key=True)
    link_id = Column(ID, nullable=False, index=True)
    link_type = Column(String(64), nullable=False)
    link_entity = Column(String(64), nullable=False, default="service")
    taxonomy_term_id = Column(ID, ForeignKey("taxonomy_term.id"), nullable=False, index=True)
    value = Column(Text)

    taxonomy_term = relationship("TaxonomyTerm")


class PostcodeCache(Base):
    """Full postcodes already looked up on postcodes.io, so each is fetched once."""

    __tablename__ = "postcode_cache"

    postcode = Column(String(8), primary_key=True)
    latitude = Column(Float, nullable=False)
    longitude = Column(Float, nullable=False)
    fetched_at = Column(DateTime(timezone=True), nullable=False)
