"""The console talks to conversations only through Rasa's HTTP API, with its token.

- the transcript is the conversation's tracker;
- a staff reply is a bot event appended with `execute_side_effects`, so Rasa pushes it to the
  person's socket.io window and keeps it in the tracker as from staff;
- holding and handing back set the slots the safeguarding policy reads.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import requests

from bot.safeguarding.slots import HANDOFF_SLOT, STAFF_SLOT
from bot.safeguarding.staff_messages import STAFF_MESSAGE

HANDED_BACK_TEXT = (
    "The school's team has handed this chat back to the assistant. You can still ask for help "
    "here at any time, and if you are in danger right now, call 999."
)


class RasaUnavailable(RuntimeError):
    pass


class RasaClient:
    def __init__(self, url: str, token: str, timeout: float = 10.0) -> None:
        self._url = url.rstrip("/")
        self._token = token
        self._timeout = timeout

    def _conversation(self, conversation_id: str, tail: str) -> str:
        return f"{self._url}/conversations/{quote(conversation_id, safe='')}/{tail}"

    def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        params = {"token": self._token, **kwargs.pop("params", {})}
        try:
            response = requests.request(method, url, params=params, timeout=self._timeout, **kwargs)
            response.raise_for_status()
        except requests.RequestException as error:
            # The URL holds the token; say only what failed.
            raise RasaUnavailable(f"Rasa API {method} failed: {type(error).__name__}") from None
        return response.json()

    def events(self, conversation_id: str) -> list[dict[str, Any]]:
        tracker = self._call(
            "GET", self._conversation(conversation_id, "tracker"), params={"include_events": "ALL"}
        )
        return list(tracker.get("events") or [])

    def _append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        self._call(
            "POST",
            self._conversation(conversation_id, "tracker/events"),
            params={"execute_side_effects": "true", "output_channel": "latest"},
            json=events,
        )

    def hold(self, conversation_id: str, escalation_id: str, staff_name: str) -> None:
        """Staff take the conversation: the bot stays silent until it is handed back."""
        self._append(
            conversation_id,
            [_slot(HANDOFF_SLOT, escalation_id), _slot(STAFF_SLOT, staff_name)],
        )

    def send_staff_message(self, conversation_id: str, staff_name: str, text: str) -> None:
        self._append(
            conversation_id,
            [
                {
                    "event": "bot",
                    "timestamp": time.time(),
                    "text": None,
                    "data": {"custom": {"type": STAFF_MESSAGE, "from": staff_name, "text": text}},
                    "metadata": {"staff": staff_name},
                }
            ],
        )

    def hand_back(self, conversation_id: str) -> None:
        """The bot answers again; safeguarding still scans every message."""
        self._append(
            conversation_id,
            [
                _slot(STAFF_SLOT, None),
                _slot(HANDOFF_SLOT, None),
                {"event": "bot", "timestamp": time.time(), "text": HANDED_BACK_TEXT},
            ],
        )


def _slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "timestamp": time.time(), "name": name, "value": value}
