"""Through the real REST channel of a running Rasa server, with the real action server."""

import sqlite3

import pytest
import requests
import yaml
from sqlalchemy.engine import make_url

from bot.config import DATA_DIR
from bot.stack import Stack
from tests.stack.conftest import Chat, customs, texts

pytestmark = pytest.mark.servers


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("where can i get a new spacer for my daughter's inhaler", "asthma"),
        ("we can't pay the gas bill this month", "debt"),
        ("my son gets really anxious before school", "mental_health"),
    ],
)
def test_each_topic_gets_services_at_once(chat: Chat, question: str, topic: str) -> None:
    messages = chat.say(question)
    [payload] = customs(messages, "services")
    assert payload["topic"] == topic
    assert payload["services"], "national services in the first answer"
    for service in payload["services"]:
        assert {"id", "name", "phone", "url", "distance_km", "open_now"} <= set(service)
    assert "postcode" in texts(messages).lower(), "offers to narrow down by postcode"
    # A text-only client reads every service in the same message as the card.
    [card] = [m for m in messages if m.get("custom") == payload]
    assert all(f"{s['name']}:" in card["text"] for s in payload["services"])


def ids(payload: dict) -> set[str]:
    return {s["id"] for s in payload["services"]}


def test_postcode_then_more_then_switch_topic(chat: Chat) -> None:
    """Three services a reply, the nearest once a place is known, and none shown twice."""
    [anywhere] = customs(chat.say("is there a food bank round here"), "services")
    assert len(anywhere["services"]) == 3
    located = chat.say("B70 7PG")
    [payload] = customs(located, "services")
    local = [s for s in payload["services"] if s["distance_km"] is not None]
    assert len(payload["services"]) == len(local) == 3
    assert [s["distance_km"] for s in local] == sorted(s["distance_km"] for s in local)
    assert "B70 7PG" in texts(located)

    more = chat.say("show me more")
    [next_page] = customs(more, "services")
    assert len(next_page["services"]) == 3
    assert not ids(next_page) & (ids(payload) | ids(anywhere))

    switched = chat.say("my daughter has asthma, is there a clinic")
    [asthma] = customs(switched, "services")
    assert asthma["topic"] == "asthma"
    assert any(s["distance_km"] is not None for s in asthma["services"]), "postcode remembered"


def marked_with(need: str) -> set[str]:
    """The services our directory files mark with `need`."""
    return {
        entry["id"]
        for path in (DATA_DIR / "directory").glob("*.yml")
        for entry in (yaml.safe_load(path.read_text()) or {}).get("services") or []
        if need in (entry.get("needs") or [])
    }


def test_the_need_behind_the_question_comes_first(chat: Chat) -> None:
    """A gas bill brings energy help near the family, not the nearest food bank."""
    chat.say("WS2 9PL")
    messages = chat.say("we're behind on the gas bill and the meter keeps running out")
    [payload] = customs(messages, "services")
    local = [s for s in payload["services"] if s["distance_km"] is not None]
    assert local and {s["id"] for s in local} <= marked_with("energy_bills")
    assert "for gas and electricity bills, nearest first" in texts(messages)


def test_follow_ups_are_answered_about_the_services_just_listed(chat: Chat) -> None:
    """Open on Saturday, the nearest, free or not, the number: about the three just shown,
    from their records, and no new list."""
    [listed] = customs(chat.say("any food banks or money help near WS1 1TP"), "services")
    names = [s["name"] for s in listed["services"]]

    saturday = chat.say("are any of them open on saturdays")
    assert not customs(saturday, "services")
    lines = texts(saturday).splitlines()
    assert [line.split(":")[0] for line in lines] == names
    assert all("Saturday" in line or "listing" in line for line in lines)

    nearest = texts(chat.say("which of those is nearest to us"))
    assert nearest.startswith(f"Nearest: {names[0]}, ")

    cost = texts(chat.say("do they charge anything"))
    assert all(name in cost for name in names)

    call = chat.say("can you give me the number for the third one")
    [card] = customs(call, "services")
    assert [s["name"] for s in card["services"]] == [names[2]]
    assert card["services"][0]["phone"] in texts(call)


@pytest.mark.parametrize(
    "question",
    [
        "how do i let school know hes off sick today",
        "when is the money for the year 8 trip due",
    ],
)
def test_a_question_for_the_school_office_gets_the_office_not_services(
    stack: Stack, question: str
) -> None:
    chat = Chat(stack, {"school": "rowley-hills-academy", "audience": "parent"})
    messages = chat.say(question)
    [office] = customs(messages, "school_contact")
    assert office["school"] == "Rowley Hills Academy"
    assert office["contacts"][0]["phone"] == "0121 496 0012"
    assert not customs(messages, "services")


def test_emergency_gets_999_advice(chat: Chat) -> None:
    messages = chat.say("my son is having an asthma attack and his inhaler isnt helping")
    assert "999" in messages[0]["text"]
    assert customs(messages, "emergency")
    assert not customs(messages, "services")


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "a" * 10_000,
        "😀😀😀",
        "<script>alert('x')</script><b>hello</b>",
        "my postcode is QQ1 1QQ",
        "SW1A 1AA",
    ],
    ids=["empty", "10k-chars", "emoji", "html", "invalid-postcode", "outside-data"],
)
def test_bad_input_gets_a_helpful_reply_and_is_recorded(chat: Chat, bad: str) -> None:
    messages = chat.say(bad)
    assert messages, "every message gets a reply"
    body = texts(messages)
    assert "Traceback" not in body and "Exception" not in body
    assert bad in chat.user_texts(), "the message is in the tracker"


def test_invalid_postcode_is_explained(chat: Chat) -> None:
    chat.say("help with debt")
    assert "doesn't look like a UK postcode" in texts(chat.say("my postcode is QQ1 1QQ"))


def test_conversations_are_stored_in_the_projects_database(chat: Chat, stack) -> None:
    chat.say("hello")
    path = make_url(stack.database_url).database
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (chat.sender,))
        assert rows.fetchone()[0] > 0


def test_the_http_api_needs_the_token(chat: Chat, stack) -> None:
    chat.say("hello")
    response = requests.get(f"{stack.rasa_url}/conversations/{chat.sender}/tracker", timeout=10)
    assert response.status_code in (401, 403)


def test_server_logs_never_hold_message_text(chat: Chat, stack) -> None:
    secret = "my neighbour zyxwvut owes the catalogue money"
    chat.say(secret)
    for log in stack.run_dir.glob("*.log"):
        assert "zyxwvut" not in log.read_text(errors="replace"), log.name


def test_a_pupil_asks_about_a_role_then_pay_then_compares(chat: Chat) -> None:
    chat.metadata = {"school": "rowley-hills-academy", "audience": "pupil"}
    first = chat.say("how do i become a paramedic")
    [roles] = customs(first, "careers")
    assert roles["roles"][0]["id"] == "paramedic"
    assert {"id", "title", "band", "routes"} <= set(roles["roles"][0])
    pay = texts(chat.say("what about pay?"))
    assert "Paramedic" in pay and "£" in pay
    compared = chat.say("compare a paramedic and a physiotherapist")
    assert [r["id"] for r in customs(compared, "careers")[0]["roles"]] == [
        "paramedic",
        "physiotherapist",
    ]
