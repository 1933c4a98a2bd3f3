"""Services asked about by name anywhere in the directory, listed just before or not
("whats stepchanges number"): which services a message names, and the answers from their
records in the real seeded directory."""

import pytest

from bot.directory.about_shown import load_listed
from bot.directory.conversation import SHOWN_SLOT, DirectoryConversation, Turn
from bot.directory.models import Service
from bot.directory.named import ServiceNames
from tests.conftest import seeded_database
from tests.directory.test_follow_ups import SATURDAY, follow_up, listed_first, text_of


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        # The whole name, a possessive, an apostrophe left out.
        ("whats stepchanges number", ["stepchange"]),
        ("is Kooth free?", ["kooth"]),
        ("does winstons wish do home visits, is it free", ["winstons-wish"]),
        # The short name people use (the record's alternate_name).
        ("is citizens advice walsall open thursday afternoon", ["citizens-advice-adviceline"]),
        ("number for the trussell trust please", ["trussell-food-bank-finder"]),
        # Several, in the order they are said.
        ("is kooth or childline open now", ["kooth", "childline"]),
        # "The" may be left out, but "Mix" alone is an everyday word: only with its capital.
        ("is the mix open at weekends", ["the-mix"]),
        ("is Mix open at weekends", ["the-mix"]),
        ("do they do a mix of online and phone, is it free", []),
        # A one-word name that is an everyday word counts only when written as a name.
        ("is Shout free to text", ["shout"]),
        ("my husband shouts at the kids, is there anything free", []),
        ("dont shout at me, what time do they open", []),
        # A service's name is not said by a word of it.
        ("is there a food bank open on sunday", []),
        ("any asthma clinic open saturday", []),
    ],
)
def test_which_services_a_message_names(seeded_sqlite, text: str, ids: list[str]) -> None:
    assert ServiceNames(seeded_sqlite).named(text) == ids


def test_names_are_read_again_from_the_directory(sqlite_url: str) -> None:
    sessions = seeded_database(sqlite_url)  # a directory of its own: this test changes it
    names = ServiceNames(sessions, refresh_seconds=0)
    assert names.named("is Kooth free") == ["kooth"]
    with sessions() as session, session.begin():
        session.get(Service, "kooth").status = "inactive"
        session.get(Service, "childline").alternate_name = "the line for children"
    # A service closed since is never named; a short name added since is.
    assert names.named("is Kooth free") == []
    assert names.named("is the line for children free") == ["childline"]


def test_a_service_named_after_a_list_is_answered_from_its_own_record(
    chat: DirectoryConversation, seeded_sqlite
) -> None:
    shown = listed_first(chat, text="my son is so anxious", intent="mental_health",
                         topic="mental_health")  # fmt: skip
    assert "stepchange" not in shown["last"]
    # Taken by the NLU for a new money question: answered about StepChange, not a new list.
    turn = Turn(text="whats stepchanges number", intent="debt", topic="debt",
                shown_topic=shown["topic"], shown_ids=tuple(shown["ids"]),
                shown_last=tuple(shown["last"]))  # fmt: skip
    reply = chat.answer(turn, SATURDAY)
    with seeded_sqlite() as session:
        (stepchange,) = load_listed(session, ["stepchange"])
    assert text_of(reply).startswith("StepChange: call " + stepchange.phones[0].number)
    # Its number as a card too (one tap to call), and "they" now means StepChange.
    (message,) = reply.messages
    assert [s["id"] for s in message["custom"]["services"]] == ["stepchange"]
    assert reply.slots[SHOWN_SLOT]["last"] == ["stepchange"]
    assert reply.slots[SHOWN_SLOT]["ids"] == shown["ids"]  # "more" still goes on from the list
    after = follow_up(chat, reply.slots[SHOWN_SLOT], "are they open on saturdays")
    assert text_of(after).startswith("StepChange:")


def test_a_listed_service_named_is_answered_about_from_the_list(
    chat: DirectoryConversation,
) -> None:
    shown = listed_first(chat, text="my son is so anxious", intent="mental_health",
                         topic="mental_health")  # fmt: skip
    reply = follow_up(chat, shown, "is childline free")
    assert text_of(reply).startswith("Childline: free.")
    # Another service named while asking about the list: about the one named.
    reply = follow_up(chat, shown, "is stepchange free")
    assert text_of(reply).startswith("StepChange:")


def test_before_anything_is_listed_a_named_service_is_answered(chat) -> None:
    reply = chat.about_shown(Turn(text="is Kooth free", intent="ask_about_services", topic=None),
                             SATURDAY)  # fmt: skip
    # The answer in words (the widget shows a card in place of its text), then its card, on
    # its own topic's page: the person has not seen it yet.
    answer, card = reply.messages
    assert answer == {"text": "Kooth: free."}
    assert card["custom"]["topic"] == "mental_health"
    assert [s["id"] for s in card["custom"]["services"]] == ["kooth"]
    assert card["text"].startswith("Kooth: https://")  # for text-only clients
    # "What is it", however the NLU read it: what the service does.
    for intent in ("nlu_fallback", "mental_health"):
        turn = Turn(text="what is kooth", intent=intent, topic=None)
        reply = chat.answer_if_named(turn, SATURDAY)
        assert reply is not None and text_of(reply).startswith("Kooth: ")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # Never taken from a disclosure, an emergency, careers or the school office.
        ("is childline free", "safeguarding_concern"),
        ("is nhs 111 open now", "emergency"),
        ("is nhs jobs free to use", "careers"),
        ("is citizens advice open tuesday", "school_admin"),
        # A topic question that names a service without asking anything about it: the
        # topic's services are what is wanted.
        ("my daughter uses kooth but she needs more help", "mental_health"),
        # Named only to be set aside.
        ("can you find some other ones, we tried citizens advice before", "nlu_fallback"),
        ("kooth wasnt for her, anything else open on sundays", "out_of_scope"),
        # Named in a long message that asks nothing about it.
        ("my daughter has been using kooth since the summer and her school says", "nlu_fallback"),
        # A postcode asks for services near it.
        ("is childline free or is there anything near WS1 1TP", "mental_health"),
    ],
)
def test_a_named_service_is_answered_only_when_asked_about(chat, text: str, intent: str) -> None:
    postcode = "WS1 1TP" if "WS1 1TP" in text else None
    turn = Turn(text=text, intent=intent, topic=None, postcode_entity=postcode)
    assert chat.answer_if_named(turn, SATURDAY) is None
