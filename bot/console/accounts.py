"""Staff accounts: Argon2 password hashes, lock-out after repeated failures, and a limit on
login attempts from one address."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.console import two_factor
from bot.console.models import ROLES, LoginAttempt, SchoolRecord, StaffAccount
from bot.console.passwords import password_problem
from bot.db import as_utc

# Five wrong passwords lock an account for 30 minutes; while locked, even the right one is
# refused, so guessing cannot continue in the background.
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=30)
# Twenty failed attempts in ten minutes from one address, whatever the accounts. Successful
# log-ins do not count: behind a school's proxy every member of staff has one address.
ADDRESS_LIMIT = 20
ADDRESS_WINDOW = timedelta(minutes=10)
# An account waiting for its holder to choose a password: no password verifies against it.
NO_PASSWORD = ""
# A set-up link works once, for three days.
SETUP_VALID = timedelta(days=3)

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    pass


def hash_password(password: str, known: list[str] | None = None) -> str:
    """An Argon2 hash of a password good enough to keep (bot/console/passwords.py)."""
    problem = password_problem(password, known or [])
    if problem:
        raise AccountError(problem)
    return _hasher.hash(password)


def create_account(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    school_slug: str | None = None,
    now: datetime,
) -> StaffAccount:
    """A new account. Without a password it cannot log in until its holder follows a set-up
    link (issue_setup_link) and chooses one: nobody else ever knows it."""
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email:
        raise AccountError("an email address is needed")
    if session.scalar(select(StaffAccount).where(StaffAccount.email == email)):
        raise AccountError("an account with that email already exists")
    trust_slug = None
    if role in ("pastoral", "dsl"):
        school = session.get(SchoolRecord, school_slug) if school_slug else None
        if school is None:
            raise AccountError("pastoral and DSL accounts belong to a school: give its slug")
        trust_slug = school.trust_slug
    else:
        school_slug = None
        trust_slug = session.scalar(select(SchoolRecord.trust_slug).limit(1))
    account = StaffAccount(
        email=email,
        name=name.strip(),
        role=role,
        school_slug=school_slug,
        trust_slug=trust_slug,
        password_hash=hash_password(password, [email, name]) if password else NO_PASSWORD,
        failed_logins=0,
        active=True,
        created_at=now,
    )
    session.add(account)
    session.flush()
    return account


@dataclass(frozen=True)
class LoginResult:
    account: StaffAccount | None
    reason: str  # ok | wrong | locked | throttled


def address_throttled(session: Session, remote_addr: str, now: datetime) -> bool:
    recent = session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.remote_addr == remote_addr,
            LoginAttempt.at > now - ADDRESS_WINDOW,
            LoginAttempt.succeeded.is_(False),
        )
    )
    return (recent or 0) >= ADDRESS_LIMIT


def authenticate(
    session: Session, email: str, password: str, remote_addr: str, now: datetime
) -> LoginResult:
    email = email.strip().lower()[:254]
    remote_addr = remote_addr[:64]
    result = _check(session, email, password, remote_addr, now)
    session.add(
        LoginAttempt(at=now, remote_addr=remote_addr, email=email, succeeded=result.reason == "ok")
    )
    return result


def _check(
    session: Session, email: str, password: str, remote_addr: str, now: datetime
) -> LoginResult:
    if address_throttled(session, remote_addr, now):
        return LoginResult(None, "throttled")
    account = session.scalar(select(StaffAccount).where(StaffAccount.email == email))
    if account is None or not account.active:
        _verify(_DUMMY_HASH, password)
        return LoginResult(None, "wrong")
    if account.locked_until is not None and as_utc(account.locked_until) > now:
        return LoginResult(account, "locked")
    if not _verify(account.password_hash, password):
        account.failed_logins = (account.failed_logins or 0) + 1
        if account.failed_logins >= MAX_FAILURES:
            account.locked_until = now + LOCKOUT
            account.failed_logins = 0
            return LoginResult(account, "locked")
        return LoginResult(account, "wrong")
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return LoginResult(account, "ok")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_setup_link(account: StaffAccount, now: datetime) -> str:
    """A one-time token for the account's holder to choose a password (and, where needed,
    set up two-factor log-in). Issuing one clears the password and the authenticator, so it
    also serves to reset an account whose holder lost either."""
    token = secrets.token_urlsafe(32)
    account.setup_token_hash = _token_hash(token)
    account.setup_expires_at = now + SETUP_VALID
    account.password_hash = NO_PASSWORD
    account.totp_secret = None
    account.totp_last_step = None
    account.recovery_codes = None
    account.end_sessions()
    return token


def account_for_setup(session: Session, token: str, now: datetime) -> StaffAccount | None:
    if not token or len(token) > 100:
        return None
    account = session.scalar(
        select(StaffAccount).where(StaffAccount.setup_token_hash == _token_hash(token))
    )
    if account is None or not account.active or account.setup_expires_at is None:
        return None
    return account if as_utc(account.setup_expires_at) > now else None


def complete_setup(account: StaffAccount, password: str) -> None:
    """The holder's own password; the link is used up."""
    account.password_hash = hash_password(password, [account.email, account.name])
    account.setup_token_hash = None
    account.setup_expires_at = None
    account.failed_logins = 0
    account.locked_until = None
    account.end_sessions()


def check_second_factor(account: StaffAccount, code: str, now: datetime) -> str:
    """ "totp" or "recovery" for a good code (used up from now on), else "wrong" or "locked".
    Wrong codes count towards the same lock-out as wrong passwords."""
    if account.locked_until is not None and as_utc(account.locked_until) > now:
        return "locked"
    if account.totp_secret:
        step = two_factor.matching_step(account.totp_secret, code, account.totp_last_step, now)
        if step is not None:
            account.totp_last_step = step
            account.failed_logins = 0
            return "totp"
    left = two_factor.used_recovery_code(list(account.recovery_codes or []), code)
    if left is not None:
        account.recovery_codes = left
        account.failed_logins = 0
        return "recovery"
    account.failed_logins = (account.failed_logins or 0) + 1
    if account.failed_logins >= MAX_FAILURES:
        account.locked_until = now + LOCKOUT
        account.failed_logins = 0
        return "locked"
    return "wrong"
