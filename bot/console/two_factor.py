"""Two-factor log-in (TOTP, RFC 6238) for the accounts that read or manage safeguarding
records, as safeguarding record systems require, with single-use recovery codes.

A code from the authenticator app works once: the time step it belongs to is kept, and a
code from that step or an earlier one is refused, so a code seen over someone's shoulder
cannot be replayed. Recovery codes are random (50 bits each) and kept only as SHA-256 hashes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import pyotp
import segno

# Pastoral staff read only their own school's cases and cannot export them; everyone who can
# read more, or manage accounts, needs a second factor.
REQUIRED_ROLES = frozenset({"dsl", "trust_dsl", "admin"})
ISSUER = "School Signpost"
RECOVERY_CODES = 10
# One step either side: a phone's clock a little out still works.
DRIFT_STEPS = 1


def required(role: str) -> bool:
    return role in REQUIRED_ROLES


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code(uri: str) -> str:
    """The set-up QR code as an SVG data URI (the console's pages load nothing else)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def matching_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    """The time step whose code this is, if it is one not used before; else None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _normalised(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def hashed(code: str) -> str:
    return hashlib.sha256(_normalised(code).encode()).hexdigest()


def new_recovery_codes() -> list[str]:
    """Codes to write down, shown once: "3f9a1-c27d0"."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def used_recovery_code(hashes: list[str], code: str) -> list[str] | None:
    """The hashes left once this code is used up, or None if it is not one of them."""
    wanted = hashed(code)
    if not _normalised(code) or wanted not in hashes:
        return None
    return [h for h in hashes if h != wanted]
