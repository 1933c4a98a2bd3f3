"""The directory's conversation logic over a real seeded SQLite file, no Rasa needed."""

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config import DATA_DIR
from bot.directory.conversation import SHOWN_SLOT, Turn, saved_place
from bot.schools import load_schools

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def texts(reply) -> str:
    return "\n".join(m["text"] for m in reply.messages if "text" in m)


def payloads(reply) -> list[dict]:
    return [m["custom"] for m in reply.messages if "custom" in m]


def follow(turn: Turn, reply, **changes) -> Turn:
    """The next turn, carrying the slots the reply set, as Rasa would."""
    slots = reply.slots
    place = saved_place(
        slots.get("location_label"), slots.get("location_lat"), slots.get("location_lon")
    )
    before = {"topic": turn.shown_topic, "ids": turn.shown_ids, "needs": turn.shown_needs}
    shown = slots.get(SHOWN_SLOT, before)
    values = {
        **turn.__dict__,
        "postcode_entity": None,
        "town_entity": None,
        "saved_place": place or turn.saved_place,
        "shown_topic": shown["topic"],
        "shown_ids": tuple(shown["ids"]),
        "shown_needs": tuple(shown["needs"]),
    }
    values.update(changes)
    return Turn(**values)


def test_first_answer_is_useful_and_offers_to_narrow_down(chat) -> None:
    reply = chat.answer(Turn(text="my son needs a spacer", intent="asthma", topic="asthma"), NOW)
    [payload] = payloads(reply)
    assert payload["type"] == "services" and payload["topic"] == "asthma"
    assert payload["services"], "national services straight away"
    assert "postcode" in texts(reply).lower()


def test_each_service_is_said_once_a_card_with_its_text_version(chat, postcodes_io) -> None:
    """One message carries the card and its text, so the widget shows each service once and
    a text-only client still reads every one; `near` heads the card's local part."""
    first = Turn(text="help with bills", intent="debt", topic="debt")
    turn = follow(
        first,
        chat.answer(first, NOW),
        text="B70 7PG",
        intent="provide_location",
        postcode_entity="B70 7PG",
    )
    reply = chat.answer(turn, NOW)
    [card] = [m for m in reply.messages if "custom" in m]
    assert card["custom"]["near"] == "B70 7PG"
    for service in card["custom"]["services"]:
        assert card["text"].count(f"{service['name']}:") == 1
    others = "\n".join(m["text"] for m in reply.messages if "custom" not in m)
    assert not any(s["name"] in others for s in card["custom"]["services"])


def test_postcode_gives_local_services_nearest_first_and_is_remembered(chat, postcodes_io) -> None:
    first = Turn(text="help with bills", intent="debt", topic="debt")
    reply = chat.answer(first, NOW)
    turn = follow(
        first, reply, text="B70 7PG", intent="provide_location", postcode_entity="B70 7PG"
    )
    reply = chat.answer(turn, NOW)
    assert reply.slots["postcode"] == "B70 7PG"
    local = [s for s in payloads(reply)[0]["services"] if s["distance_km"] is not None]
    assert len(local) == 3
    assert [s["distance_km"] for s in local] == sorted(s["distance_km"] for s in local)
    assert "Near B70 7PG" in texts(reply)

    # Switching topic keeps the postcode.
    turn = follow(
        turn, reply, text="what about anxiety", intent="mental_health", topic="mental_health"
    )
    switched = chat.answer(turn, NOW)
    assert "Near B70 7PG" in texts(switched)
    assert payloads(switched)[0]["topic"] == "mental_health"


def test_more_pages_through_without_repeating(chat) -> None:
    start = Turn(text="food bank", intent="debt", topic="debt", postcode_entity="WS1 1TP")
    reply = chat.answer(start, NOW)
    seen = {s["id"] for s in payloads(reply)[0]["services"]}
    turn = follow(start, reply, text="more", intent="more")
    for _ in range(3):
        reply = chat.more(turn, NOW)
        if not payloads(reply):
            break
        page = {s["id"] for s in payloads(reply)[0]["services"]}
        assert not page & seen
        seen |= page
        turn = follow(turn, reply)
    assert len(seen) > 6


def shown(reply) -> list[dict]:
    return [s for p in payloads(reply) for s in p["services"]]


def test_three_services_first_near_ones_when_a_place_is_known(chat) -> None:
    """On a phone six services is a wall: three, the nearest, and "more" for the rest."""
    turn = Turn(text="food bank", intent="debt", topic="debt", postcode_entity="WS1 1TP")
    services = shown(chat.answer(turn, NOW))
    assert len(services) == 3
    assert all(s["distance_km"] is not None for s in services), "national ones only if needed"
    assert 'Say "more"' in texts(chat.answer(turn, NOW))


def test_three_national_services_when_no_place_is_known(chat) -> None:
    services = shown(chat.answer(Turn(text="debt help", intent="debt", topic="debt"), NOW))
    assert len(services) == 3 and all(s["distance_km"] is None for s in services)


def test_national_services_just_shown_are_not_repeated_after_a_postcode(chat) -> None:
    first = Turn(text="help with bills", intent="debt", topic="debt")
    reply = chat.answer(first, NOW)
    before = {s["id"] for s in shown(reply)}
    # A postcode with no local services listed: other national ones, never the same again.
    turn = follow(
        first, reply, text="SW1A 1AA", intent="provide_location", postcode_entity="SW1A 1AA"
    )
    again = chat.answer(turn, NOW)
    assert "don't have local" in texts(again)
    assert not {s["id"] for s in shown(again)} & before
    # Once every national one has been shown, it says so instead of listing them again.
    turn = follow(turn, again)
    for _ in range(5):
        turn = follow(turn, chat.more(turn, NOW))
    last = chat.answer(turn, NOW)
    assert not shown(last)
    assert "the ones I showed you above" in texts(last)


def test_a_new_topic_starts_afresh(chat) -> None:
    first = Turn(text="help with bills", intent="debt", topic="debt")
    reply = chat.answer(first, NOW)
    turn = follow(first, reply, text="my son's asthma", intent="asthma", topic="asthma")
    assert len(shown(chat.answer(turn, NOW))) == 3


def test_more_without_a_topic_asks_for_one(chat) -> None:
    reply = chat.more(Turn(text="more", intent="more", topic=None), NOW)
    assert reply.messages[-1]["buttons"]


def test_a_town_works_like_a_postcode(chat) -> None:
    turn = Turn(
        text="we're in tipton", intent="provide_location", topic="asthma", town_entity="tipton"
    )
    reply = chat.answer(turn, NOW)
    assert reply.slots["location_label"] == "Tipton"
    assert "Near Tipton" in texts(reply)


def test_a_location_before_any_topic_is_kept_and_the_topics_are_offered(chat) -> None:
    reply = chat.answer(Turn(text="ST4 3RT", intent="provide_location", topic=None), NOW)
    assert reply.slots["postcode"] == "ST4 3RT"
    assert "What would you like help with" in texts(reply)
    assert len(reply.messages[-1]["buttons"]) == 4


def test_an_invalid_postcode_gets_a_helpful_reply_and_still_national_services(chat) -> None:
    turn = Turn(text="its QQ1 1QQ", intent="provide_location", topic="debt")
    reply = chat.answer(turn, NOW)
    assert "doesn't look like a UK postcode" in texts(reply)
    assert payloads(reply)[0]["services"]
    assert "location_label" not in reply.slots


def test_a_postcode_outside_the_directory_says_so_and_gives_national_help(chat) -> None:
    turn = Turn(
        text="SW1A 1AA", intent="provide_location", topic="debt", postcode_entity="SW1A 1AA"
    )
    reply = chat.answer(turn, NOW)
    assert "don't have local" in texts(reply)
    services = payloads(reply)[0]["services"]
    assert services and all(s["distance_km"] is None for s in services)


def test_the_school_from_the_widget_gives_local_services_at_once(chat) -> None:
    school = next(
        s
        for s in load_schools(DATA_DIR).values()
        if s.town == "Hanley" or "Stoke" in s.name or s.postcode.startswith("ST")
    )
    reply = chat.answer(
        Turn(text="asthma clinic", intent="asthma", topic="asthma", school=school), NOW
    )
    local = [s for s in payloads(reply)[0]["services"] if s["distance_km"] is not None]
    assert local, "services near the school"
    assert "postcode" in texts(reply).lower(), "still offers to narrow down to home"
