"""Alerts to each school's safeguarding team: the outbox the escalation write fills, the
sender that delivers it (email, webhook), the ladder that widens it, and what the assistant
can honestly tell a child about when the team will read their message."""
