"""The chat widget schools embed (src/, built into dist/ by `make setup`) and the demo school
pages' templates. bot/web/widget.py serves them."""
