"""Safeguarding: find disclosures in messages, record escalations, hand the chat to staff."""
