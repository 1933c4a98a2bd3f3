"""Services asked about by name anywhere in the directory, not only among those just listed:
"whats stepchanges number", "is Kooth free?", "does Citizens Advice open on Saturdays".

A service counts as named when the message says its whole name, or its `alternate_name`
(Open Referral's field for the short name people use: "Citizens Advice" for Citizens Advice
Adviceline), whatever the case and the apostrophes ("winstons wish"), and with a possessive
"s" ("stepchanges"). A name that is one everyday word ("Shout", or "Mix" in The Mix) counts
only when written with its capital, so that "he shouts at me" or "don't shout" names nothing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.directory.models import Service
from bot.language.vocabulary import everyday_words

# Longer names are never typed whole.
MOST_WORDS_IN_A_NAME = 8


def normal(text: str) -> str:
    """Lower case, apostrophes dropped ("winston's" and "winstons" alike), other marks
    spaces (but "+", as in Asthma + Lung UK)."""
    text = text.lower().replace("’", "'").replace("'", "")
    return " ".join(re.sub(r"[^\w+]", " ", text).split())


def said_phrases(text: str) -> set[str]:
    """Every run of up to MOST_WORDS_IN_A_NAME words of the message, and each run again
    without a final "s" on its last word ("stepchanges number": "stepchange")."""
    words = normal(text).split()
    phrases = set()
    for start in range(len(words)):
        for end in range(start + 1, min(start + MOST_WORDS_IN_A_NAME, len(words)) + 1):
            phrase = " ".join(words[start:end])
            phrases.add(phrase)
            if phrase.endswith("s") and len(words[end - 1]) > 3:
                phrases.add(phrase[:-1])
    return phrases


def _forms(name: str) -> list[str]:
    """The name as it may be said: whole, and without a leading "The"."""
    whole = normal(name)
    return [whole, whole[4:]] if whole.startswith("the ") else [whole]


class ServiceNames:
    """Every active service's names, as they may be said, read from the directory once and
    again when older than `refresh_seconds`: scanning 10,000 names for every question took
    70 ms on PostgreSQL, looking a message's phrases up in this index well under one. A
    service added by an Open Referral import is found within `refresh_seconds`; one closed
    since is never answered about (its record is read again, active only)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        is_everyday: Callable[[str], bool] | None = None,
        refresh_seconds: float = 300.0,
    ) -> None:
        self._sessions = sessions
        self._is_everyday = is_everyday
        self._refresh_seconds = refresh_seconds
        self._read_at: float | None = None
        # A name as said -> (the ids it names, whether it must be written with its capital).
        self._forms: dict[str, tuple[list[str], str | None]] = {}

    def _fresh_forms(self) -> dict[str, tuple[list[str], str | None]]:
        now = time.monotonic()
        if self._read_at is not None and now - self._read_at < self._refresh_seconds:
            return self._forms
        is_everyday = self._is_everyday or everyday_words().__contains__
        forms: dict[str, tuple[list[str], str | None]] = {}
        with self._sessions() as session:
            rows = session.execute(
                select(Service.id, Service.name, Service.alternate_name)
                .where(Service.status == "active")
                .order_by(Service.id)
            ).all()
        for service_id, *names in rows:
            for form in {f for name in names if name for f in _forms(name)}:
                # One everyday word ("Shout"): a name only when written with its capital.
                capital = form.capitalize() if " " not in form and is_everyday(form) else None
                forms.setdefault(form, ([], capital))[0].append(service_id)
        self._forms, self._read_at = forms, now
        return forms

    def named(self, text: str) -> list[str]:
        """The ids of the active services the message names, in the order it names them."""
        forms = self._fresh_forms()
        plain = f" {normal(text)} "
        found: dict[str, int] = {}
        for phrase in said_phrases(text):
            if phrase not in forms:
                continue
            ids, capital = forms[phrase]
            if capital and not re.search(rf"\b{re.escape(capital)}", text):
                continue
            where = plain.find(f" {phrase}")
            for service_id in ids:
                found[service_id] = min(where, found.get(service_id, where))
        return sorted(found, key=lambda service_id: (found[service_id], service_id))
