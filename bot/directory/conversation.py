"""The directory's side of the conversation: what to say to a topic question, a postcode or
"more". Pure logic over the directory, so it is tested without Rasa; the actions only carry
slots in and messages out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.directory.about_shown import (
    Listed,
    answer_about,
    as_found,
    load_listed,
    named_in,
    pick,
)
from bot.directory.follow_up import (
    Ask,
    FollowUp,
    points_back,
    read_follow_up,
    says_only_the_detail,
)
from bot.directory.locate import LocationAnswer, LocationProblem, Locator, Whereabouts
from bot.directory.named import ServiceNames
from bot.directory.needs import Need, Needs
from bot.directory.present import services_payload, services_text
from bot.directory.search import (
    Page,
    ServiceQuery,
    ServiceResult,
    load_services,
    search_page,
    service_topics,
)
from bot.directory.topics import MAIN_TOPICS, TOPICS
from bot.geo import GeoPoint
from bot.replies import Reply
from bot.schools import School

# Three services a reply: on a phone more is a wall of text. "More" gives the next three.
PAGE_SIZE = 3
# What the NLU may read a message as that says nothing but a detail ("sunday??" taken for out
# of scope, "what about tuesdays" for the school office): with so few words its reading is
# noise, and after a list the message is about the list. Never a disclosure, an emergency,
# careers ("what's the pay like") or another topic.
NOISE_WHEN_ONLY_A_DETAIL = frozenset({"nlu_fallback", "out_of_scope", "school_admin"})
# What the NLU may read a message as that names a service and asks about it ("is StepChange
# open tomorrow" read as debt, out of scope, or nothing it knows). Never a disclosure, an
# emergency, careers or the school office.
NAMED_FROM = frozenset(
    {"asthma", "debt", "mental_health", "ask_about_services", "provide_location",
     "nlu_fallback", "out_of_scope", None}
)  # fmt: skip
# A message that asks for other services names one only to set it aside ("can you find some
# other ones, we tried citizens advice before").
ASKS_FOR_OTHERS = re.compile(r"\b(other|others|another|different|else|instead|alternatives?)\b")
# "What is it" about a service is asked in a few words ("what does Kooth do"); a longer message
# that names a service and asks no detail is telling something, not asking about it. Read as
# a topic question, it must also say that it asks ("my daughter uses Kooth" wants the topic's
# services).
MOST_WORDS_ASKING_WHAT_IT_IS = 8
ASKS_WHAT_IT_IS = re.compile(r"\b(what|whats|who|tell me about|heard of|explain)\b")
# The topic under discussion: set from the intent (domain.yml), or by an action that answers
# a topic the NLU did not pick.
TOPIC_SLOT = "topic"
# The slot that remembers which services were shown on which topic, and for which needs:
# {"topic", "ids", "needs", "last"}; "last" holds the last reply's, in the order shown.
SHOWN_SLOT = "services_shown"

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
    # The services already shown for `shown_topic`, in the order they were shown.
    shown_topic: str | None = None
    shown_ids: tuple[str, ...] = ()
    shown_needs: tuple[str, ...] = ()  # the needs the services were chosen for
    shown_last: tuple[str, ...] = ()  # the last reply's services, in the order shown

    def shown_for(self, topic: str) -> set[str]:
        return set(self.shown_ids) if self.shown_topic == topic else set()


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
    def __init__(
        self, sessions: sessionmaker[Session], locator: Locator, needs: Needs | None = None
    ) -> None:
        self._sessions = sessions
        self._locator = locator
        self._needs = needs or Needs([])
        self._names = ServiceNames(sessions)

    def _needs_of(self, turn: Turn, topic: str) -> tuple[Need, ...]:
        """The needs this message speaks of; else, on the same topic, those asked about
        before ("food bank", then a postcode: food banks near it)."""
        said = self._needs.in_message(turn.text, topic)
        if said or turn.shown_topic != topic:
            return said
        return tuple(self._needs.by_code[c] for c in turn.shown_needs if c in self._needs.by_code)

    def _search(
        self,
        turn: Turn,
        topic: str,
        place: Whereabouts | None,
        now: datetime,
        skip_local: set[str],
        skip_national: set[str],
        needs: tuple[Need, ...],
    ) -> Page:
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
            needs=tuple(need.code for need in needs),
        )
        with self._sessions() as session:
            return search_page(session, query, PAGE_SIZE, skip_local, skip_national)

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
        follow_up = self.answer_if_asked_about(turn, now)
        if follow_up is not None:
            return follow_up
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
        # National services shown just before are not shown again: the person has them.
        needs = self._needs_of(turn, topic)
        page = self._search(turn, topic, place, now, set(), turn.shown_for(topic), needs)
        local, national = page.local, page.national
        if local or national:
            if place and not local and not page.near_left_for_needs:
                reply.say(
                    f"I don't have local {TOPICS[topic]} services near {place.label} in my "
                    "directory yet, so here is help you can use from anywhere."
                )
            _show(reply, topic, local, national, place, _labels(needs, page))
        else:
            reply.say(_nothing_new(topic, place, page.skipped_national))
        reply.say(
            _next_step(
                place,
                more_left=page.more_left,
                from_school=place is not None and place == _school_place(turn.school),
            )
        )
        reply.slots[SHOWN_SLOT] = _shown(turn, topic, page, needs)
        return reply

    def more(self, turn: Turn, now: datetime) -> Reply:
        """The next page: nearer-by services first, then more national ones."""
        reply = Reply()
        topic = turn.topic
        if topic not in TOPICS:
            reply.say("More of what? Pick a topic and I'll show you what's there.", topic_buttons())
            return reply
        place = turn.saved_place or _school_place(turn.school)
        already = turn.shown_for(topic)
        needs = self._needs_of(turn, topic)
        page = self._search(turn, topic, place, now, already, already, needs)
        if not page.local and not page.national:
            near = f" near {place.label}" if place else ""
            reply.say(
                f"That's everything I have on {TOPICS[topic]}{near}. "
                "You can ask about something else, or send another postcode.",
                topic_buttons(),
            )
            return reply
        _show(reply, topic, page.local, page.national, place, _labels(needs, page), more=True)
        reply.slots[SHOWN_SLOT] = _shown(turn, topic, page, needs)
        return reply

    def _detail_asked(self, turn: Turn, now: datetime) -> tuple[FollowUp, bool] | None:
        """The detail a message asks about the services just listed ("is Childline free",
        "do they see 9 year olds"), and whether it says nothing but that detail ("sunday??");
        None when it cannot be a follow-up: it names no detail, gives a new place, speaks of
        a need other than the one they were chosen for, or the NLU read it as something it
        may not be taken from (a disclosure, an emergency, careers, another topic...).
        Whether it points back at them is decided with the list in hand
        (`answer_if_about_shown`)."""
        if not turn.shown_last or turn.postcode_entity or turn.town_entity:
            return None
        question = read_follow_up(turn.text, now)
        if not question.asks_a_detail:
            return None
        only_the_detail = says_only_the_detail(turn.text, now)
        same_topic = turn.intent in (turn.shown_topic, "nlu_fallback", None)
        if not same_topic and not (only_the_detail and turn.intent in NOISE_WHEN_ONLY_A_DETAIL):
            return None
        if turn.shown_topic in TOPICS:
            said = {need.code for need in self._needs.in_message(turn.text, turn.shown_topic)}
            if not said <= set(turn.shown_needs):
                return None
        return question, only_the_detail

    def answer_if_about_shown(self, turn: Turn, now: datetime) -> Reply | None:
        """The answer about the services just listed when the message is really about them,
        else None. It must point back at them, by a word ("they", "the 2nd") or by a listed
        service's name, or say nothing but the detail ("free??"): a new question on the
        topic ("any free counselling for teens") points at nothing and gets a new search."""
        asked = self._detail_asked(turn, now)
        if asked is None:
            return None
        question, only_the_detail = asked
        with self._sessions() as session:
            listed = load_listed(session, turn.shown_last)
            pointed = only_the_detail or question.position is not None or points_back(turn.text)
            if not listed or not (pointed or named_in(listed, turn.text)):
                return None
            return self._answer_about(session, turn, question, listed, now, turn.shown_topic)

    def answer_if_named(self, turn: Turn, now: datetime) -> Reply | None:
        """The answer about services the message names anywhere in the directory ("whats
        stepchanges number", "is Kooth free?", "what's Kooth" read as out of scope) when it
        asks something about them, listed just before or not; else None. They become the
        services "they" means next."""
        if turn.intent not in NAMED_FROM or turn.postcode_entity:
            # A postcode asks for services near it. (A town may be part of the name:
            # "Citizens Advice Walsall".)
            return None
        if ASKS_FOR_OTHERS.search(turn.text.lower()):
            return None
        question = read_follow_up(turn.text, now)
        if not question.asks_a_detail and (
            len(turn.text.split()) > MOST_WORDS_ASKING_WHAT_IT_IS
            or (turn.intent in (*MAIN_TOPICS, "provide_location")
                and not ASKS_WHAT_IT_IS.search(turn.text.lower()))
        ):  # fmt: skip
            return None
        ids = self._names.named(turn.text)[:PAGE_SIZE]
        if not ids:
            return None
        with self._sessions() as session:
            listed = load_listed(session, ids)
            if not listed:
                return None
            # Their cards too (one tap to call): the person has not seen them, or not lately.
            topics = [t for ts in service_topics(session, ids).values() for t in ts]
            topic = turn.topic if turn.topic in topics else next(iter(topics), None)
            reply = self._answer_about(session, turn, question, listed, now, topic, cards=True)
        reply.slots[SHOWN_SLOT] = {
            "topic": turn.shown_topic,
            "ids": list(turn.shown_ids),
            "needs": list(turn.shown_needs),
            "last": [service.id for service in listed],
        }
        return reply

    def answer_if_asked_about(self, turn: Turn, now: datetime) -> Reply | None:
        """The answer about the services just listed, else about services the message
        names; None when it asks about neither."""
        shown = self.answer_if_about_shown(turn, now)
        return shown if shown is not None else self.answer_if_named(turn, now)

    def asks_about_something_else(self, turn: Turn, now: datetime) -> bool:
        """Whether a message the NLU took for a question about listed services ("how much is
        an MOT", "is the leisure centre free") cannot be one: nothing has been listed, and it
        names a subject of its own rather than only a detail ("is it free?"). That is a
        question we don't answer, and is said to be one."""
        return not turn.shown_last and not says_only_the_detail(turn.text, now)

    def about_shown(self, turn: Turn, now: datetime) -> Reply:
        """A question about the services in the last reply: open on Saturday, the nearest,
        free, for a 9-year-old, their number... answered from their records; about another
        service when the message names one that was not listed ("is StepChange free?")."""
        with self._sessions() as session:
            listed = load_listed(session, turn.shown_last) if turn.shown_last else []
            question = read_follow_up(turn.text, now)
            if listed and named_in(listed, turn.text):
                return self._answer_about(session, turn, question, listed, now, turn.shown_topic)
        named = self.answer_if_named(turn, now)
        if named is not None:
            return named
        reply = Reply()
        if not turn.shown_last:
            reply.say(
                "I haven't listed any services yet. What would you like help with?",
                topic_buttons(),
            )
        elif not listed:
            reply.say(
                "Those services are no longer in my directory. What would you like help with?",
                topic_buttons(),
            )
        else:
            with self._sessions() as session:
                return self._answer_about(session, turn, question, listed, now, turn.shown_topic)
        return reply

    def _answer_about(
        self,
        session: Session,
        turn: Turn,
        question: FollowUp,
        listed: list[Listed],
        now: datetime,
        topic: str | None,
        cards: bool = False,
    ) -> Reply:
        """The answer about `listed`; with their cards on the topic's page (`topic`) when
        asked for their numbers, or when `cards` (on a phone, one tap calls)."""
        reply = Reply()
        place = turn.saved_place or _school_place(turn.school)
        origin = place.point if place else None
        text = "\n\n".join(answer_about(listed, question, turn.text, now, origin))
        asked_contact = question.asks == (Ask.CONTACT,)
        if not (cards or asked_contact) or topic is None or topic not in TOPICS:
            reply.say(text)
            return reply
        found = [as_found(s, origin) for s in pick(listed, turn.text, question.position)]
        results = load_services(session, ServiceQuery(topic=topic, now=now, origin=origin), found)
        local = place is not None and any(r.distance_km is not None for r in results)
        payload = services_payload(topic, results, near=place.label if place and local else None)
        if asked_contact:
            # The card is the answer (the widget shows it in place of its text version).
            reply.show(payload, text)
            return reply
        # The answer in words first: the card does not say it ("free", "open Sundays").
        reply.say(text)
        contact = FollowUp(asks=(Ask.CONTACT,), position=question.position)
        reply.show(payload, answer_about(listed, contact, turn.text, now, origin)[0])
        return reply


def _shown(turn: Turn, topic: str, page: Page, needs: tuple[Need, ...]) -> dict[str, Any]:
    """The services_shown slot: every service shown on the topic so far (this page's last),
    the needs they were chosen for, and this reply's in the order the card shows them."""
    before = list(turn.shown_ids) if turn.shown_topic == topic else []
    new = [r.id for r in page.local + page.national if r.id not in before]
    last = [r.id for r in page.national + page.local]
    if not last and turn.shown_topic == topic:
        last = list(turn.shown_last)  # nothing new listed: "them" still means the ones above
    return {
        "topic": topic,
        "ids": before + new,
        "needs": [need.code for need in needs],
        "last": last,
    }


def _labels(needs: tuple[Need, ...], page: Page) -> NeedLabels:
    """What the page's near and national services are for, when chosen for the needs asked
    about."""
    label = " and ".join(need.label for need in needs) or None
    return NeedLabels(
        near=label if page.for_needs else None,
        national=label if page.national_for_needs else None,
    )


def _nothing_new(topic: str, place: Whereabouts | None, shown_before: bool) -> str:
    """When there is nothing to list that the person has not just seen."""
    if place and shown_before:
        return (
            f"I don't have local {TOPICS[topic]} services near {place.label} in my directory "
            "yet, so the ones I showed you above are the best place to start."
        )
    if place:
        return f"I don't have {TOPICS[topic]} services near {place.label} in my directory yet."
    if shown_before:
        return f"The services I showed you above are the ones I have on {TOPICS[topic]}."
    return f"I don't have services listed for {TOPICS[topic]} yet."


@dataclass(frozen=True)
class NeedLabels:
    """The needs the near ones and the national ones were chosen for, as replies name them
    ("food banks and food clubs"); None when they were not chosen for a need."""

    near: str | None = None
    national: str | None = None


def _show(
    reply: Reply,
    topic: str,
    local: list[ServiceResult],
    national: list[ServiceResult],
    place: Whereabouts | None,
    for_needs: NeedLabels,
    more: bool = False,
) -> None:
    """The services as one card with its text version (see Reply.show): national ones first,
    then the near ones, as the widget draws them, each heading naming the needs its services
    were chosen for."""
    near = place.label if place and local else None
    sections = []
    if national:
        heading = "More help" if more else "Here is help"
        about = for_needs.national or TOPICS[topic]
        sections.append(
            services_text(f"{heading} with {about} that you can use from anywhere:", national)
        )
    if near:
        where = f"Near {near}, for {for_needs.near}" if for_needs.near else f"Near {near}"
        heading = f"More near {near}:" if more else f"{where}, nearest first:"
        sections.append(services_text(heading, local))
    reply.show(services_payload(topic, national + local, near), "\n\n".join(sections))


def _school_place(school: School | None) -> Whereabouts | None:
    if school is None:
        return None
    return Whereabouts(f"{school.name}", school.point, school.postcode)


def _next_step(place: Whereabouts | None, more_left: bool, from_school: bool) -> str:
    more = ' Say "more" to see others.' if more_left else ""
    if place is None or from_school:
        return "Tell me your postcode or town and I'll find services near you." + more
    return f"Send a different postcode or town to look somewhere else.{more}"
