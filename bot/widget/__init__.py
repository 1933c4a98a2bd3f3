"""The chat widget schools embed, and the demo school pages that carry it."""
