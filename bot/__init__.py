"""School Signpost: the assistant's domain logic, kept apart from Rasa's dialogue files."""
