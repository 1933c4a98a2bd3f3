"""Rasa custom actions: thin adapters between Rasa's tracker and the logic in `bot/`."""

from bot.private_logs import install

# The action server has set up its logging before it loads the actions: from here on, no
# handler writes what people typed (an error's message may quote it).
install()
