"""The need behind a topic: found in the message, and the services that meet it first."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.config import DATA_DIR
from bot.directory.conversation import SHOWN_SLOT, Turn, saved_place
from bot.directory.needs import Needs
from bot.directory.search import ServiceQuery, find_services
from bot.directory.seed import seed_directory
from bot.geo import GeoPoint

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Europe/London"))
NEEDS = Needs.from_file(DATA_DIR / "directory")


def codes(text: str, topic: str) -> set[str]:
    return {need.code for need in NEEDS.in_message(text, topic)}


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("is there a food bank near us", "debt", {"food_bank"}),
        ("we can't afford the gas bill this month", "debt", {"energy_bills"}),
        ("behind with the rent and the landlord keeps ringing", "debt", {"rent_arrears"}),
        ("cant afford the new school uniform", "debt", {"uniform_grant"}),
        ("how do i get my son referred to CAMHS", "mental_health", {"camhs_referral"}),
        ("her grandad died last month and she is not sleeping", "mental_health", {"bereavement"}),
        ("he doesn't use his spacer properly", "asthma", {"inhaler_technique"}),
        ("is there an asthma clinic on a saturday", "asthma", {"asthma_clinic"}),
    ],
)
def test_the_need_is_found_in_the_message(text: str, topic: str, expected: set[str]) -> None:
    assert codes(text, topic) == expected


def test_a_need_counts_only_on_its_own_topic_and_as_whole_words() -> None:
    assert codes("is there a food bank near us", "asthma") == set()
    assert codes("the rental car broke down and now we're short", "debt") == set()
    assert codes("money is tight", "debt") == set()


def test_every_need_is_marked_on_services_only_by_codes_the_file_knows() -> None:
    marked = {
        need
        for path in sorted((DATA_DIR / "directory").glob("*.yml"))
        for entry in (yaml.safe_load(path.read_text()) or {}).get("services") or []
        for need in entry.get("needs") or []
    }
    assert marked and marked <= set(NEEDS.by_code)


def test_a_seed_file_with_an_unknown_need_is_refused(tmp_path: Path, seeded_sqlite) -> None:
    directory = tmp_path / "directory"
    directory.mkdir()
    (directory / "needs.yml").write_text((DATA_DIR / "directory" / "needs.yml").read_text())
    entry = yaml.safe_load((DATA_DIR / "directory" / "national.yml").read_text())["services"][0]
    (directory / "one.yml").write_text(
        yaml.safe_dump({"services": [{**entry, "needs": ["a_need_nobody_wrote"]}]})
    )
    with seeded_sqlite() as session, pytest.raises(ValueError, match="unknown need"):
        seed_directory(session, directory)


def services(reply) -> list[dict]:
    return [s for m in reply.messages if "custom" in m for s in m["custom"]["services"]]


def place_of(reply) -> GeoPoint:
    return GeoPoint(reply.slots["location_lat"], reply.slots["location_lon"])


def marked_with(seeded_sqlite, need: str, topic: str, place: GeoPoint) -> set[str]:
    with seeded_sqlite() as session:
        found = find_services(session, ServiceQuery(topic, NOW, origin=place, needs=(need,)))
    return {f.id for f in found.local + found.national if f.fits}


def test_a_food_bank_question_lists_food_banks_first_nearest_first(chat, seeded_sqlite) -> None:
    turn = Turn(
        text="is there a food bank near WS1 1TP", intent="debt", topic="debt",
        postcode_entity="WS1 1TP",
    )  # fmt: skip
    reply = chat.answer(turn, NOW)
    shown = services(reply)
    food_banks = marked_with(seeded_sqlite, "food_bank", "debt", place_of(reply))
    assert shown and {s["id"] for s in shown} <= food_banks
    distances = [s["distance_km"] for s in shown]
    assert distances == sorted(distances)
    text = "\n".join(m.get("text") or "" for m in reply.messages)
    assert "for food banks and food clubs, nearest first" in text
    assert reply.slots[SHOWN_SLOT]["needs"] == ["food_bank"]


def test_the_need_carries_over_to_a_postcode_given_next(chat, seeded_sqlite) -> None:
    first = Turn(text="any food banks round here", intent="debt", topic="debt")
    reply = chat.answer(first, NOW)
    shown = reply.slots[SHOWN_SLOT]
    turn = Turn(
        text="B70 7PG", intent="provide_location", topic="debt", postcode_entity="B70 7PG",
        shown_topic=shown["topic"], shown_ids=tuple(shown["ids"]),
        shown_needs=tuple(shown["needs"]),
    )  # fmt: skip
    located = chat.answer(turn, NOW)
    local = [s for s in services(located) if s["distance_km"] is not None]
    assert local
    assert {s["id"] for s in local} <= marked_with(
        seeded_sqlite, "food_bank", "debt", place_of(located)
    )


def test_without_a_need_the_usual_order_stays(chat, seeded_sqlite) -> None:
    turn = Turn(text="money advice please", intent="debt", topic="debt", postcode_entity="WS1 1TP")
    reply = chat.answer(turn, NOW)
    with seeded_sqlite() as session:
        nearest = find_services(session, ServiceQuery("debt", NOW, origin=place_of(reply))).local
    assert [s["id"] for s in services(reply)] == [f.id for f in nearest[:3]]


def test_a_spacer_question_gets_inhaler_technique_help_first(chat, seeded_sqlite) -> None:
    turn = Turn(
        text="my daughter doesn't use her spacer right", intent="asthma", topic="asthma",
        town_entity="walsall",
    )  # fmt: skip
    reply = chat.answer(turn, NOW)
    fitting = marked_with(seeded_sqlite, "inhaler_technique", "asthma", place_of(reply))
    assert services(reply) and {s["id"] for s in services(reply)} <= fitting


def text_of(reply) -> str:
    return "\n".join(m.get("text") or "" for m in reply.messages)


def chat_place(reply):
    slots = reply.slots
    return saved_place(slots["location_label"], slots["location_lat"], slots["location_lon"])


def test_when_nothing_near_fits_the_national_help_that_does_comes_first(
    chat, seeded_sqlite
) -> None:
    # No service near Walsall is for grief, but national bereavement lines are: they take the
    # page, and the near mental health services come on "more".
    turn = Turn(
        text="her grandad died last month, is there any help near WS1 1TP",
        intent="mental_health", topic="mental_health", postcode_entity="WS1 1TP",
    )  # fmt: skip
    reply = chat.answer(turn, NOW)
    shown = services(reply)
    grief = marked_with(seeded_sqlite, "bereavement", "mental_health", place_of(reply))
    assert len(shown) == 3 and {s["id"] for s in shown} <= grief
    text = text_of(reply)
    assert "Here is help with grief and bereavement that you can use from anywhere:" in text
    assert "I don't have local" not in text
    slot = reply.slots[SHOWN_SLOT]
    more = chat.more(
        Turn(text="more", intent="more", topic="mental_health", shown_topic=slot["topic"],
             shown_ids=tuple(slot["ids"]), shown_needs=tuple(slot["needs"]),
             saved_place=chat_place(reply)),
        NOW,
    )  # fmt: skip
    near = [s for s in services(more) if s["distance_km"] is not None]
    assert near, text_of(more)


def test_an_eating_worry_gets_the_eating_disorder_line_first(chat, seeded_sqlite) -> None:
    turn = Turn(text="my 14 year old has stopped eating and im scared", intent="mental_health",
                topic="mental_health")  # fmt: skip
    shown = services(chat.answer(turn, NOW))
    fitting = marked_with(seeded_sqlite, "eating_worries", "mental_health", GeoPoint(52.58, -1.98))
    assert shown and shown[0]["id"] in fitting
