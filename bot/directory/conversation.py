"""The directory's side of the conversation: what to say to a topic question, a postcode or
"more". Pure logic over the directory, so it is tested without Rasa; the actions only carry
slots in and messages out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.directory.locate import LocationAnswer, LocationProblem, Locator, Whereabouts
from bot.directory.present import services_payload, services_text
from bot.directory.search import SearchResults, ServiceQuery, ServiceResult, search_services
from bot.directory.topics import MAIN_TOPICS, TOPICS
from bot.geo import GeoPoint
from bot.replies import Reply
from bot.schools import School

PAGE_SIZE = 3

# What each topic button sends: plain words, so that every message, buttons included, goes
# through the same NLU pipeline (and the safeguarding check that runs in it).
TOPIC_BUTTONS: dict[str, str] = {
    "asthma": "Asthma support",
    "debt": "Money worries",
    "mental_health": "Mental health support",
    "careers": "NHS careers",
}


def topic_buttons() -> list[dict[str, str]]:
    return [{"title": TOPIC_BUTTONS[t], "payload": TOPIC_BUTTONS[t]} for t in MAIN_TOPICS]


@dataclass(frozen=True)
class Turn:
    """What the assistant knows when it answers one message."""

    text: str
    intent: str | None
    topic: str | None
    postcode_entity: str | None = None
    town_entity: str | None = None
    saved_place: Whereabouts | None = None
    school: School | None = None
    age: int | None = None
    who_for: str | None = None
    audience: str | None = None
    national_shown: int = 0
    local_shown: int = 0


def _problem_text(answer: LocationAnswer) -> str:
    match answer.problem:
        case LocationProblem.INVALID_POSTCODE:
            return (
                f'"{answer.rejected}" doesn\'t look like a UK postcode. '
                "A postcode looks like B70 7PA or WS1 3AA."
            )
        case LocationProblem.UNKNOWN_POSTCODE:
            return (
                f"I couldn't find where {answer.rejected} is, so I can't list services near it yet."
            )
        case LocationProblem.UNKNOWN_TOWN:
            return f'I don\'t know the place "{answer.rejected}". A postcode works best.'
        case _:
            return "I couldn't see a postcode or town in that. Try one like B70 7PA or Walsall."


def place_slots(place: Whereabouts) -> dict[str, Any]:
    return {
        "location_label": place.label,
        "location_lat": place.point.latitude,
        "location_lon": place.point.longitude,
        "postcode": place.postcode,
    }


def saved_place(label: Any, lat: Any, lon: Any) -> Whereabouts | None:
    if label and lat is not None and lon is not None:
        return Whereabouts(str(label), GeoPoint(float(lat), float(lon)))
    return None


class DirectoryConversation:
    def __init__(self, sessions: sessionmaker[Session], locator: Locator) -> None:
        self._sessions = sessions
        self._locator = locator

    def _search(self, turn: Turn, topic: str, place: Whereabouts | None, now: datetime):
        adult: bool | None = None
        if turn.audience == "pupil" or turn.who_for == "child":
            adult = False
        elif turn.who_for == "me" and turn.audience == "parent":
            # Only a parent's "for me" means an adult: a pupil's "for me" is a child's.
            adult = True
        query = ServiceQuery(
            topic=topic,
            now=now,
            origin=place.point if place else None,
            age=turn.age,
            adult=adult,
        )
        with self._sessions() as session:
            return search_services(session, query)

    def _place_for(self, turn: Turn) -> tuple[Whereabouts | None, LocationAnswer | None, bool]:
        """(where to search, what went wrong with a place given now, whether it was given now)."""
        given_now = (
            bool(turn.postcode_entity or turn.town_entity) or turn.intent == "provide_location"
        )
        if given_now:
            answer = self._locator.from_message(turn.text, turn.postcode_entity, turn.town_entity)
            if answer.place:
                return answer.place, None, True
            fallback = turn.saved_place or _school_place(turn.school)
            return fallback, answer, False
        return turn.saved_place or _school_place(turn.school), None, False

    def answer(self, turn: Turn, now: datetime) -> Reply:
        """A topic question, a postcode or a town: the first page of services."""
        reply = Reply()
        place, problem, new_place = self._place_for(turn)
        if problem is not None:
            reply.say(_problem_text(problem))
        if new_place and place:
            reply.slots.update(place_slots(place))
        topic = turn.topic
        if topic not in TOPICS:
            if new_place and place:
                reply.say(
                    f"Thanks, I'll look near {place.label}. What would you like help with?",
                    topic_buttons(),
                )
            else:
                reply.say("What would you like help with?", topic_buttons())
            return reply
        results = self._search(turn, topic, place, now)
        national = results.national[:PAGE_SIZE]
        local = results.local[:PAGE_SIZE] if place else []
        # The services and their text version go as one message (see Reply.show).
        near = place.label if place and local else None
        sections = []
        if national:
            heading = f"Here is help with {TOPICS[topic]} that you can use from anywhere:"
            sections.append(services_text(heading, national))
        else:
            reply.say(f"I don't have national services listed for {TOPICS[topic]}.")
        if near:
            sections.append(services_text(f"Near {near}, nearest first:", local))
        if sections:
            reply.show(services_payload(topic, national + local, near), "\n\n".join(sections))
        if place and not local:
            reply.say(
                f"I don't have local {TOPICS[topic]} services near {place.label} in my "
                "directory yet, so the ones above are the best place to start."
            )
        reply.say(
            _next_step(
                place,
                results,
                len(national),
                len(local),
                from_school=place is not None and place == _school_place(turn.school),
            )
        )
        reply.slots.update({"national_shown": len(national), "local_shown": len(local)})
        return reply

    def more(self, turn: Turn, now: datetime) -> Reply:
        """The next page: nearer-by services first, then more national ones."""
        reply = Reply()
        topic = turn.topic
        if topic not in TOPICS:
            reply.say("More of what? Pick a topic and I'll show you what's there.", topic_buttons())
            return reply
        place = turn.saved_place or _school_place(turn.school)
        results = self._search(turn, topic, place, now)
        local = results.local[turn.local_shown : turn.local_shown + PAGE_SIZE] if place else []
        national: list[ServiceResult] = []
        if not local:
            national = results.national[turn.national_shown : turn.national_shown + PAGE_SIZE]
        if not local and not national:
            near = f" near {place.label}" if place else ""
            reply.say(
                f"That's everything I have on {TOPICS[topic]}{near}. "
                "You can ask about something else, or send another postcode.",
                topic_buttons(),
            )
            return reply
        if place and local:
            text = services_text(f"More near {place.label}:", local)
            reply.show(services_payload(topic, local, place.label), text)
        else:
            text = services_text(f"More help with {TOPICS[topic]}:", national)
            reply.show(services_payload(topic, national), text)
        reply.slots.update(
            {
                "local_shown": turn.local_shown + len(local),
                "national_shown": turn.national_shown + len(national),
            }
        )
        return reply


def _school_place(school: School | None) -> Whereabouts | None:
    if school is None:
        return None
    return Whereabouts(f"{school.name}", school.point, school.postcode)


def _next_step(
    place: Whereabouts | None,
    results: SearchResults,
    national_shown: int,
    local_shown: int,
    from_school: bool,
) -> str:
    more_left = len(results.national) > national_shown or len(results.local) > local_shown
    more = ' Say "more" to see others.' if more_left else ""
    if place is None or from_school:
        return "Tell me your postcode or town and I'll find services near you." + more
    return f"Send a different postcode or town to look somewhere else.{more}"
