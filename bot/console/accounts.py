"""Staff accounts: Argon2 password hashes, lock-out after repeated failures, and a limit on
login attempts from one address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.console.models import ROLES, LoginAttempt, SchoolRecord, StaffAccount
from bot.db import as_utc

# Five wrong passwords lock an account for 30 minutes; while locked, even the right one is
# refused, so guessing cannot continue in the background.
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=30)
# Twenty attempts in ten minutes from one address, whatever the accounts.
ADDRESS_LIMIT = 20
ADDRESS_WINDOW = timedelta(minutes=10)
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def create_account(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    school_slug: str | None = None,
    now: datetime,
) -> StaffAccount:
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
        password_hash=hash_password(password),
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
            LoginAttempt.remote_addr == remote_addr, LoginAttempt.at > now - ADDRESS_WINDOW
        )
    )
    return (recent or 0) >= ADDRESS_LIMIT


def authenticate(
    session: Session, email: str, password: str, remote_addr: str, now: datetime
) -> LoginResult:
    email = email.strip().lower()[:254]
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
