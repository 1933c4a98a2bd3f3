"""Console tables: schools, staff accounts, login attempts, casework, notes, staff replies,
audit log. Casework, notes and replies point at safeguarding's escalations."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)

from bot.models import Base

ROLES = ("pastoral", "dsl", "trust_dsl", "admin")


class SchoolRecord(Base):
    """A school that carries the widget; seeded from data/schools/*.yml."""

    __tablename__ = "school"

    slug = Column(String(100), primary_key=True)
    trust_slug = Column(String(100), nullable=False, index=True)
    name = Column(String(200), nullable=False)
    postcode = Column(String(10), nullable=False)
    pastoral_hours = Column(String(200), nullable=False)
    # The safeguarding team ([{"role", "name", "email", "phone"}], bot/team.py) and when it
    # reads the console ({"times", "closed"}): from the data file until a trust admin edits
    # them in the console (team_edited_at), after which the data file no longer overwrites.
    team = Column(JSON, nullable=False)
    team_hours = Column(JSON, nullable=False, default=dict)
    team_edited_at = Column(DateTime(timezone=True))
    widget_origins = Column(JSON, nullable=False)  # origins allowed to embed the widget
    demo = Column(Boolean, nullable=False, default=False)


class StaffAccount(Base):
    __tablename__ = "staff_account"

    id = Column(Integer, primary_key=True, autoincrement=True)
    email = Column(String(254), nullable=False, unique=True)
    name = Column(String(200), nullable=False)
    role = Column(String(16), nullable=False)
    # pastoral and dsl accounts belong to one school; trust_dsl and admin to the trust.
    school_slug = Column(String(100), ForeignKey("school.slug"), index=True)
    trust_slug = Column(String(100))
    password_hash = Column(String(255), nullable=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime(timezone=True))
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    last_login_at = Column(DateTime(timezone=True))
    # Part of the id in every session cookie: raised at log-out, deactivation or a new
    # password, so that every cookie issued before stops opening the console at once.
    session_version = Column(Integer, nullable=False, default=0, server_default="0")
    # Two-factor log-in (bot/console/two_factor.py): the authenticator's secret, the last
    # time step whose code was used, and the unused recovery codes' hashes.
    totp_secret = Column(String(64))
    totp_last_step = Column(Integer)
    recovery_codes = Column(JSON)
    # A one-time set-up link (its SHA-256) until the holder has chosen a password.
    setup_token_hash = Column(String(64), index=True)
    setup_expires_at = Column(DateTime(timezone=True))

    # What Flask-Login asks of a user (written out so the action server needs no Flask).
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Every session cookie of this account stops working."""
        self.session_version = (self.session_version or 0) + 1


class LoginAttempt(Base):
    """Every login attempt, so that attempts from one address can be rate-limited."""

    __tablename__ = "login_attempt"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime(timezone=True), nullable=False, index=True)
    remote_addr = Column(String(64), nullable=False, index=True)
    email = Column(String(254), nullable=False)
    succeeded = Column(Boolean, nullable=False)


class Casework(Base):
    """What staff have done with an escalation: who holds the conversation, and how the case
    ended. No row: nobody has claimed it yet."""

    __tablename__ = "casework"

    escalation_id = Column(String(36), ForeignKey("escalation.id"), primary_key=True)
    state = Column(String(16), nullable=False, index=True)  # claimed -> resolved
    claimed_by = Column(Integer, ForeignKey("staff_account.id"))
    claimed_at = Column(DateTime(timezone=True))
    resolved_by = Column(Integer, ForeignKey("staff_account.id"))
    resolved_at = Column(DateTime(timezone=True))
    outcome = Column(String(32))
    confirmed_categories = Column(JSON)  # as the DSL confirmed or corrected them
    # What was decided and why, in the DSL's words: staff only, like the notes (migration
    # 0008; cases resolved before it have none).
    outcome_note = Column(Text)


class EscalationNote(Base):
    """An internal note: staff only, never shown to the person in the chat."""

    __tablename__ = "escalation_note"

    id = Column(Integer, primary_key=True, autoincrement=True)
    escalation_id = Column(String(36), ForeignKey("escalation.id"), nullable=False, index=True)
    author_id = Column(Integer, ForeignKey("staff_account.id"), nullable=False)
    text = Column(Text, nullable=False)
    at = Column(DateTime(timezone=True), nullable=False)


class StaffReply(Base):
    """What a staff member wrote to the person; also in Rasa's transcript as from staff."""

    __tablename__ = "staff_reply"

    id = Column(Integer, primary_key=True, autoincrement=True)
    escalation_id = Column(String(36), ForeignKey("escalation.id"), nullable=False, index=True)
    author_id = Column(Integer, ForeignKey("staff_account.id"), nullable=False)
    text = Column(Text, nullable=False)
    at = Column(DateTime(timezone=True), nullable=False)
    delivered = Column(Boolean, nullable=False)  # Rasa took it into the conversation


class StaffPresence(Base):
    """When an account last had the console's queue open (it checks in every 20 seconds):
    the assistant tells a child someone is reading now only when this says so."""

    __tablename__ = "staff_presence"

    account_id = Column(Integer, ForeignKey("staff_account.id"), primary_key=True)
    seen_at = Column(DateTime(timezone=True), nullable=False, index=True)


class AuditEntry(Base):
    """Who did what and when. Written once; no route or command edits or deletes it."""

    __tablename__ = "audit_entry"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime(timezone=True), nullable=False, index=True)
    actor_id = Column(Integer, ForeignKey("staff_account.id"))  # None: the system (purge)
    actor_email = Column(String(254))
    action = Column(String(32), nullable=False, index=True)
    school_slug = Column(String(100), index=True)
    escalation_id = Column(String(36), index=True)
    detail = Column(JSON, nullable=False)  # ids and counts, never message text
