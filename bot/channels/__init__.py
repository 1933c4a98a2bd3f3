"""Rasa input/output channels the project ships."""
