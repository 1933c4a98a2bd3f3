"""Turn what children type into plain text a matcher can read.

Unicode look-alikes, curly apostrophes, l33t spellings ("k1ll"), stretched letters
("pleeeease") and text-speak ("kms") all hide the words the lexicon knows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
# Digits and symbols used as letters, only inside words that also hold letters ("k1ll",
# "h8"), so that "10 puffs" and "£50" stay as they are.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_LEET_WORD = re.compile(r"\b(?=[\w@$]*[a-z])(?=[\w@$]*[0-9@$])[\w@$]+\b")
# Three or more of the same letter become two: "hurrrts" -> "hurrts", close enough for
# fuzzy matching while "too" and "need" keep their double letters.
_STRETCHED = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"\s+")


def _deleet(match: re.Match[str]) -> str:
    return match.group(0).translate(_LEET)


def plain(text: str) -> str:
    """Lowercase, one kind of apostrophe, l33t spelt out, stretched letters shortened."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    text = _LEET_WORD.sub(_deleet, text)
    return _STRETCHED.sub(r"\1\1", text)


# How children type the small words that phrases are made of: apostrophes left out and
# text-speak. Only spellings that are not also other words ("ill", "were", "id" stay).
TEXT_SPEAK = {
    "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't", "doesnt": "doesn't",
    "isnt": "isn't", "wasnt": "wasn't", "arent": "aren't", "havent": "haven't",
    "hasnt": "hasn't", "wouldnt": "wouldn't", "couldnt": "couldn't", "shouldnt": "shouldn't",
    "im": "i'm", "ive": "i've", "hes": "he's", "shes": "she's", "theyre": "they're",
    "youre": "you're", "thats": "that's", "whats": "what's", "theres": "there's",
    "u": "you", "ur": "your", "r": "are", "n": "and", "wiv": "with", "wid": "with",
    "bc": "because", "cos": "because", "coz": "because", "cuz": "because",
    "gonna": "going to", "wanna": "want to", "gotta": "got to", "tryna": "trying to",
    "thru": "through", "nite": "night", "2nite": "tonight", "2day": "today",
    "tmrw": "tomorrow", "2moro": "tomorrow", "evry": "every", "sum1": "someone",
    "some1": "someone", "every1": "everyone", "any1": "anyone", "no1": "no one",
    "ppl": "people", "bf": "boyfriend", "gf": "girlfriend",
}  # fmt: skip


class Normaliser:
    """`plain`, then text-speak, coded words and meaningful emoji spelt out
    ("dont" -> "don't", "kms" -> "kill myself")."""

    def __init__(self, rewrites: Mapping[str, str]) -> None:
        self._table = {plain(k): v for k, v in {**TEXT_SPEAK, **rewrites}.items()}
        # Longest first so "self h" wins over "sh"; "s/h" and emoji need their own edges.
        keys = sorted(self._table, key=len, reverse=True)
        alternatives = "|".join(re.escape(k) for k in keys) or r"(?!)"
        self._pattern = re.compile(rf"(?<![\w/])(?:{alternatives})(?![\w/])")

    def __call__(self, text: str) -> str:
        text = self._pattern.sub(lambda m: f" {self._table[m.group(0)]} ", plain(text))
        return _SPACES.sub(" ", text).strip()
