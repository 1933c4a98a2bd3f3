"""Escalation tables: what the assistant recorded when a message raised a concern. Message
text lives here, never in logs. What staff then do with it is the console's (its `casework`
table points here; nothing here points at the console)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import relationship

from bot.models import Base


class Escalation(Base):
    __tablename__ = "escalation"

    id = Column(String(36), primary_key=True)
    school = Column(String(100), index=True)  # the school's slug, when the widget sent one
    conversation_id = Column(String(255), nullable=False, index=True)
    audience = Column(String(16))  # parent | pupil | staff, as the widget said
    categories = Column(JSON, nullable=False)
    severity = Column(String(16), nullable=False, index=True)
    message = Column(Text, nullable=False)  # the words that raised the concern
    matched_terms = Column(JSON, nullable=False)
    # new: handed to staff; review: a check-in staff read when they can (a later concern in
    # the conversation makes it new). Claimed and resolved are the console's casework.
    status = Column(String(16), nullable=False, default="new", index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, index=True)

    follow_ups = relationship(
        "EscalationMessage",
        back_populates="escalation",
        cascade="all, delete-orphan",
        order_by="EscalationMessage.id",
    )


class EscalationMessage(Base):
    """A message the person sent after the hand-off, recorded against the escalation."""

    __tablename__ = "escalation_message"

    id = Column(Integer, primary_key=True, autoincrement=True)
    escalation_id = Column(String(36), ForeignKey("escalation.id"), nullable=False, index=True)
    text = Column(Text, nullable=False)
    categories = Column(JSON, nullable=False)  # empty unless the message raised a new concern
    severity = Column(String(16))
    received_at = Column(DateTime(timezone=True), nullable=False)

    escalation = relationship("Escalation", back_populates="follow_ups")


class AlertOutbox(Base):
    """An alert the safeguarding team is owed: written in the same transaction as the
    escalation (or its promotion), so that no escalation is ever recorded without one. The
    alert sender (bot/alerts) delivers it by email and webhook and marks each as done; the
    escalation ladder adds a row for each wider rung."""

    __tablename__ = "alert_outbox"
    __table_args__ = (UniqueConstraint("escalation_id", "reason", "rung"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    escalation_id = Column(String(36), ForeignKey("escalation.id"), nullable=False, index=True)
    # handoff | check_in | promoted (a check-in became a hand-off) | ladder (nobody claimed)
    reason = Column(String(16), nullable=False)
    rung = Column(Integer, nullable=False, default=0)  # 0 the DSLs, 1 + deputies, 2 + trust
    created_at = Column(DateTime(timezone=True), nullable=False)
    # Each channel: pending -> sent, or off when the deployment has no such channel.
    email_state = Column(String(16), nullable=False, default="pending")
    webhook_state = Column(String(16), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime(timezone=True), nullable=False, index=True)
    # A sender that took the row holds it until then: another sender leaves it alone.
    leased_until = Column(DateTime(timezone=True))
    last_error = Column(String(80))  # the error's type, never any message text
    done_at = Column(DateTime(timezone=True), index=True)
