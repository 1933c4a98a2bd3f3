"""The staff console: pastoral staff and DSLs review escalations, reply live, record outcomes."""
