"""The staff console: pastoral staff and DSLs review escalations, reply live, record outcomes.

What staff may see and do, and the casework itself, is here; the pages are in bot/web/console."""
