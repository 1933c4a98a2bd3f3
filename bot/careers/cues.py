"""The phrases that say what a careers message asks ("what's her job called", "someone who
works in the lab"), matched on the message as pupils' spellings spelt out.

Pupils and parents on phones write "wat is that job called", "wats his job n do u need a
degree" and, on an iPhone, "what’s" with a curly apostrophe: read as typed, none of them
asks a job's name. The shared normaliser (bot/language/normalise.py) spells out the
text-speak the safeguarding detector reads; the careers phrases add the question words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.language.normalise import Normaliser

# Question words as typed, spelt out; only spellings that are no other word ("wen", not
# "were"; "wot", not "what's up").
QUESTION_WORDS = {
    "wat": "what", "wot": "what", "wut": "what", "wht": "what", "wats": "what's",
    "wots": "what's", "wuts": "what's", "wha's": "what's", "hw": "how", "wen": "when",
    "cud": "could", "wud": "would", "shud": "should", "dat": "that", "dis": "this",
    "sumone": "someone", "sumbody": "somebody", "nd": "and",
}  # fmt: skip
_NORMALISER = Normaliser(QUESTION_WORDS)


@lru_cache(maxsize=64)
def spelt_out(text: str) -> str:
    """The message with pupils' spellings spelt out; a turn reads one message with many
    cues, so it is spelt out once."""
    return _NORMALISER(text)


class Cue:
    """A phrase pattern searched for in the message with its spellings spelt out."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern, re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(spelt_out(text))
