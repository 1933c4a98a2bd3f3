"""Slot names shared by the policy, the actions and the staff console (which must not import
Rasa itself)."""

# The escalation a conversation is handed off under; cleared when staff hand it back.
HANDOFF_SLOT = "handoff_escalation"
# The staff member holding the conversation; while set, the bot stays silent.
STAFF_SLOT = "handoff_staff"
# The review escalation of an open check-in (the detector was unsure); a yes or more risk
# turns it into the hand-off.
CHECK_IN_SLOT = "safeguarding_check_in"
