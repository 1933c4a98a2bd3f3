"""Which passwords staff may choose: long, and not guessable by the lists attackers use.

zxcvbn (Dropbox's estimator) knows the common passwords, words, names, dates and keyboard
patterns that guessing tools try first; "password1234" scores 1 of 4. We ask for 3 (about
10^10 guesses) and length 12, and count the account's own email and name as known words.
"""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MIN_SCORE = 3


def password_problem(password: str, known: list[str]) -> str | None:
    """Why this password will not do (for the person choosing it), or None if it will."""
    if len(password) < MIN_LENGTH:
        return f"Passwords need at least {MIN_LENGTH} characters."
    # zxcvbn's time grows with length; nothing past 100 characters changes its verdict.
    words = {part for k in known for part in re.split(r"[^a-z0-9]+", k.lower()) if len(part) > 2}
    result = zxcvbn(password[:100], user_inputs=sorted(words | {k.lower() for k in known if k}))
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    hint = feedback.get("warning") or " ".join(feedback.get("suggestions") or [])
    return ("That password is too easy to guess. " + hint).strip()
