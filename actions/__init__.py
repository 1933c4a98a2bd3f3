"""Rasa custom actions: thin adapters between Rasa's tracker and the logic in `bot/`."""
