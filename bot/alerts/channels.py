"""Delivering an alert: by email over SMTP, and by a signed webhook. Each returns nothing
when the other end took the alert and raises when it did not; the sender keeps the alert
in the outbox and tries again later."""

from __future__ import annotations

import smtplib
import ssl
import time
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import requests

from bot.alerts.content import AlertFacts, signed

TIMEOUT_S = 10.0  # never longer: the sender has other alerts waiting


class DeliveryError(Exception):
    """The other end did not take the alert (the reason holds no message text)."""


def send_email(smtp_url: str, message: EmailMessage) -> None:
    """smtp://host:port (STARTTLS when the server offers it), smtps://user:password@host."""
    url = urlsplit(smtp_url)
    if url.scheme not in ("smtp", "smtps"):
        raise ValueError(f"SIGNPOST_SMTP_URL must start smtp:// or smtps://, not {url.scheme}")
    host = url.hostname or "127.0.0.1"
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, url.port or 465, timeout=TIMEOUT_S, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(host, url.port or 25, timeout=TIMEOUT_S)
    with client:
        client.ehlo()
        if url.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        refused = client.send_message(message)
    if refused:
        raise DeliveryError(f"{len(refused)} recipient(s) refused")


def post_webhook(url: str, secret: str, facts: AlertFacts) -> None:
    body, headers = signed(facts.as_json(), secret, int(time.time()))
    response = requests.post(url, data=body, headers=headers, timeout=TIMEOUT_S)
    if not response.ok:
        raise DeliveryError(f"webhook answered {response.status_code}")
