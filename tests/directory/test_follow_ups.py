"""Follow-ups about the services just listed (issue 19, point 5): what the question asks,
and the answers from the services' own records in the real seeded directory."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.directory.about_shown import load_listed
from bot.directory.conversation import SHOWN_SLOT, DirectoryConversation, Turn
from bot.directory.follow_up import Ask, read_follow_up, says_only_the_detail
from bot.replies import Reply

# A Saturday afternoon in December, and a Wednesday evening.
SATURDAY = datetime(2026, 12, 5, 14, 0, tzinfo=ZoneInfo("Europe/London"))
WEDNESDAY_EVENING = datetime(2026, 12, 9, 20, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("is any of them open on saturday", {Ask.OPEN_ON_DAY}),
        ("which one is open right now", {Ask.OPEN_NOW}),
        ("can i ring any of them after work", {Ask.EVENINGS, Ask.CONTACT}),
        ("r they open at weekends", {Ask.WEEKENDS}),
        ("which is nearest to us", {Ask.NEAREST}),
        ("do we have to pay", {Ask.COST}),
        ("does it cost anything to text them", {Ask.COST}),
        ("is it free, and what's their number", {Ask.COST, Ask.CONTACT}),
        ("my daughter is 8, can she go", {Ask.AGE}),
        ("whats the number for that last one", {Ask.CONTACT}),
        ("what do they actually do", {Ask.ABOUT}),
        ("hmm ok and the second", {Ask.ABOUT}),
        ("when are they open", {Ask.HOURS}),
    ],
)
def test_what_a_follow_up_asks(text: str, asks: set[Ask]) -> None:
    assert set(read_follow_up(text, SATURDAY).asks) == asks


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("sunday??", True),
        ("free?", True),
        ("weekend hours?", True),
        ("do i have to pay", True),
        ("i'm 13 is that old enough", True),
        ("my daughter's 15 can she go on her own", True),
        # A subject of its own: a service, a job, the school, a need.
        ("is Shelter free?", False),
        ("nurse pay?", False),
        ("school open tuesday?", False),
        ("uniform cost?", False),
        ("any free counselling for teenagers", False),
        # No detail at all.
        ("term dates?", False),
        ("hello", False),
    ],
)
def test_a_message_that_says_only_a_detail(text: str, only: bool) -> None:
    assert says_only_the_detail(text, SATURDAY) is only


def test_days_ages_and_positions_are_read() -> None:
    question = read_follow_up("is the 2nd one open tomorrow or on tues", SATURDAY)
    assert question.days == ("TU", "SU") and question.position == 1
    assert read_follow_up("can my son use it, he's fourteen", SATURDAY).age == 14
    assert read_follow_up("do they take a 7 yr old", SATURDAY).age == 7
    assert read_follow_up("last one, is it free", SATURDAY).position == -1
    # "today" about something else is not a day to open on.
    assert read_follow_up("i only heard of them today, are they legit", SATURDAY).days == ()
    # A postcode's digits are not an age.
    assert read_follow_up("closest to B70 7PG?", SATURDAY).age is None


def text_of(reply: Reply) -> str:
    return "\n".join(m.get("text") or "" for m in reply.messages)


def listed_first(chat: DirectoryConversation, **turn: Any) -> dict[str, Any]:
    """Ask a topic question; the services_shown slot it leaves."""
    reply = chat.answer(Turn(**turn), SATURDAY)
    return reply.slots[SHOWN_SLOT]


def follow_up(
    chat: DirectoryConversation, shown: dict[str, Any], text: str, when: datetime = SATURDAY,
    **turn: Any,
) -> Reply:  # fmt: skip
    return chat.about_shown(
        Turn(
            text=text, intent="ask_about_services", topic=shown["topic"],
            shown_topic=shown["topic"], shown_ids=tuple(shown["ids"]),
            shown_needs=tuple(shown["needs"]), shown_last=tuple(shown["last"]), **turn,
        ),
        when,
    )  # fmt: skip


@pytest.fixture
def mental_health(chat: DirectoryConversation) -> dict[str, Any]:
    """Three national mental health services, no place known."""
    return listed_first(chat, text="my son is so anxious", intent="mental_health",
                        topic="mental_health")  # fmt: skip


def names(seeded_sqlite, shown: dict[str, Any]) -> list[str]:
    with seeded_sqlite() as session:
        return [service.name for service in load_listed(session, shown["last"])]


def test_the_last_reply_is_remembered_in_the_order_shown(chat, mental_health, seeded_sqlite):
    assert len(mental_health["last"]) == 3
    more = chat.more(
        Turn(text="more", intent="more", topic="mental_health", shown_topic="mental_health",
             shown_ids=tuple(mental_health["ids"]), shown_last=tuple(mental_health["last"])),
        SATURDAY,
    ).slots[SHOWN_SLOT]  # fmt: skip
    assert set(more["last"]).isdisjoint(mental_health["last"])
    assert more["ids"] == mental_health["ids"] + more["last"]


def test_open_on_saturday_is_answered_from_each_schedule(chat, mental_health, seeded_sqlite):
    reply = follow_up(chat, mental_health, "are any of them open on a saturday")
    text = text_of(reply)
    for name in names(seeded_sqlite, mental_health):
        assert name in text
    # Childline is open every day, all day.
    assert "Childline: open Saturday, 24 hours." in text


def test_open_now_on_a_wednesday_evening(chat, seeded_sqlite) -> None:
    shown = listed_first(chat, text="money worries", intent="debt", topic="debt",
                         postcode_entity="WS1 1TP")  # fmt: skip
    reply = follow_up(chat, shown, "is anyone open now", when=WEDNESDAY_EVENING)
    lines = text_of(reply).splitlines()
    assert len(lines) == 3
    assert all(("open now" in line or "closed right now" in line or "listing" in line)
               for line in lines)  # fmt: skip


def test_the_nearest_needs_a_place_and_then_says_how_far(chat, seeded_sqlite) -> None:
    shown = listed_first(chat, text="asthma clinic", intent="asthma", topic="asthma",
                         postcode_entity="WS1 1TP")  # fmt: skip
    without_place = follow_up(chat, shown, "which is closest")
    assert "postcode or town" in text_of(without_place)
    reply = chat.answer(
        Turn(text="asthma clinic near WS1 1TP", intent="asthma", topic="asthma",
             postcode_entity="WS1 1TP"), SATURDAY,
    )  # fmt: skip
    place = reply.slots
    located = follow_up(
        chat, reply.slots[SHOWN_SLOT], "which is closest",
        saved_place=_whereabouts(place),
    )  # fmt: skip
    first = text_of(located).splitlines()[0]
    assert first.startswith("Nearest: ") and " km away" in first


def _whereabouts(slots: dict[str, Any]):
    from bot.directory.conversation import saved_place

    return saved_place(slots["location_label"], slots["location_lat"], slots["location_lon"])


def test_free_or_not_comes_from_the_cost_options(chat, mental_health, seeded_sqlite) -> None:
    reply = follow_up(chat, mental_health, "is childline free to call")
    text = text_of(reply)
    # Only the service named is answered, with what its number's note says about calls.
    assert text.startswith("Childline: free.")
    assert "the number does not show on the phone bill" in text
    assert len(text.splitlines()) == 1


def test_a_service_that_does_not_say_what_it_costs_is_not_called_free(chat) -> None:
    shown = listed_first(chat, text="help with my child's weight and cooking", intent="debt",
                         topic="debt", postcode_entity="B70 7PG")  # fmt: skip
    reply = follow_up(chat, shown, "do we have to pay for them")
    for line in text_of(reply).splitlines():
        assert line.endswith(("free.", "ask them.")) or ":" in line


def test_for_my_childs_age(chat, mental_health) -> None:
    reply = follow_up(chat, mental_health, "my daughter is 20, can she use childline")
    assert text_of(reply) == "Childline: no, it is for under 19s."
    reply = follow_up(chat, mental_health, "do they see 9 year olds")
    assert "Childline: yes, it is for under 19s." in text_of(reply)


def test_call_them_gives_the_numbers_as_a_card_with_the_text(chat, mental_health) -> None:
    reply = follow_up(chat, mental_health, "whats the number for the first one")
    (message,) = reply.messages
    assert message["custom"]["type"] == "services"
    (service,) = message["custom"]["services"]
    assert service["id"] == mental_health["last"][0]
    assert service["phone"] and service["phone"] in message["text"]


def test_asking_two_things_answers_both(chat, mental_health) -> None:
    reply = follow_up(chat, mental_health, "is the 2nd one free and is it open at weekends")
    text = text_of(reply)
    assert text.count("\n\n") == 1  # one section each


def test_before_anything_is_listed_it_says_so_and_offers_topics(chat) -> None:
    reply = chat.about_shown(Turn(text="is it free", intent="ask_about_services", topic=None),
                             SATURDAY)  # fmt: skip
    assert "haven't listed any services" in text_of(reply)
    assert reply.messages[0]["buttons"]


def test_when_none_of_them_is_open_then_it_says_what_to_do_next(chat) -> None:
    # Near Walsall's centre the three nearest food banks and money help open on weekdays only.
    shown = listed_first(chat, text="is there a food bank near WS2 9PL", intent="debt",
                         topic="debt", postcode_entity="WS2 9PL")  # fmt: skip
    reply = follow_up(chat, shown, "any of them open on a sunday")
    assert text_of(reply).endswith('None of these is open then. Say "more" to see other services.')


def test_a_cost_is_said_in_one_sentence(seeded_sqlite) -> None:
    with seeded_sqlite() as session:
        (pantry,) = load_listed(session, ["walsall-willenhall-pantry"])
    assert pantry.costs == ("Weekly membership, a weekly shop for a few pounds",)
    assert not pantry.free


def as_topic_question(shown: dict[str, Any], text: str, intent: str, **turn: Any) -> Turn:
    return Turn(
        text=text, intent=intent, topic=shown["topic"], shown_topic=shown["topic"],
        shown_ids=tuple(shown["ids"]), shown_needs=tuple(shown["needs"]),
        shown_last=tuple(shown["last"]), **turn,
    )  # fmt: skip


def test_a_follow_up_taken_for_a_topic_question_is_answered_about_the_list(
    chat, mental_health
) -> None:
    turn = as_topic_question(mental_health, "is childline free", "mental_health")
    follow_up = chat.answer_if_about_shown(turn, SATURDAY)
    assert follow_up is not None and text_of(follow_up).startswith("Childline: free.")
    assert text_of(chat.answer(turn, SATURDAY)).startswith("Childline: free.")
    pointing = as_topic_question(mental_health, "do they see 9 year olds", "nlu_fallback")
    assert chat.answer_if_about_shown(pointing, SATURDAY) is not None


@pytest.mark.parametrize(
    ("text", "intent", "extra"),
    [
        # A new question on the topic: it points at nothing listed.
        ("any free counselling for teenagers", "mental_health", {}),
        # A place given: a new search there.
        ("are they free near WS1 1TP", "mental_health", {"postcode_entity": "WS1 1TP"}),
        # Another topic.
        ("is it free to see the asthma nurse", "asthma", {}),
        # Only "what is it", no detail: the NLU's reading stands.
        ("my son is anxious what is it like", "mental_health", {}),
    ],
)
def test_a_new_question_is_not_taken_for_a_follow_up(
    chat, mental_health, text: str, intent: str, extra: dict
) -> None:
    turn = as_topic_question(mental_health, text, intent, **extra)
    assert chat.answer_if_about_shown(turn, SATURDAY) is None


@pytest.mark.parametrize(
    ("text", "intent", "about"),
    [
        # So few words that the NLU's reading is noise: about the list.
        ("sunday??", "out_of_scope", True),
        ("what about tuesdays", "school_admin", True),
        ("free??", "nlu_fallback", True),
        # Never taken from careers, a disclosure or another topic.
        ("what's the pay like?", "careers", False),
        ("weekend?", "safeguarding_concern", False),
        ("open sunday?", "asthma", False),
        # The school office, named.
        ("is school open tuesday?", "school_admin", False),
    ],
)
def test_a_message_that_says_only_a_detail_is_about_the_list_whatever_the_nlu_read(
    chat, mental_health, text: str, intent: str, about: bool
) -> None:
    turn = as_topic_question(mental_health, text, intent)
    assert (chat.answer_if_about_shown(turn, SATURDAY) is not None) is about


def test_a_local_services_number_comes_in_a_card_under_its_place(chat) -> None:
    reply = chat.answer(
        Turn(text="asthma clinic near WS1 1TP", intent="asthma", topic="asthma",
             postcode_entity="WS1 1TP"), SATURDAY,
    )  # fmt: skip
    shown = reply.slots[SHOWN_SLOT]
    call = follow_up(chat, shown, "number for the 2nd one please",
                     saved_place=_whereabouts(reply.slots))  # fmt: skip
    (message,) = call.messages
    (service,) = message["custom"]["services"]
    assert service["id"] == shown["last"][1] and service["distance_km"] is not None
    assert message["custom"]["near"] == "WS1 1TP"
