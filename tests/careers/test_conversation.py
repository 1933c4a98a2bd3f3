"""Careers conversations, turn by turn, with the slots carried between turns as Rasa would."""

from __future__ import annotations

from typing import Any

from bot.careers.conversation import (
    ROLE_SLOT,
    SHOWN_SLOT,
    WISHES_SLOT,
    CareersConversation,
    CareerTurn,
)
from bot.careers.present import Reader
from bot.replies import Reply

PRIMARY = Reader("pupil", age=8)
SECONDARY = Reader("pupil", age=14)
PARENT = Reader("parent")


class Chat:
    def __init__(self, careers: CareersConversation, reader: Reader) -> None:
        self.careers, self.reader = careers, reader
        self.slots: dict[str, Any] = {}

    def _turn(self, text: str, intent: str) -> CareerTurn:
        return CareerTurn(
            text=text, intent=intent, reader=self.reader,
            role_id=self.slots.get(ROLE_SLOT), wishes=self.slots.get(WISHES_SLOT) or {},
            shown=list(self.slots.get(SHOWN_SLOT) or []),
        )  # fmt: skip

    def say(self, text: str, intent: str = "careers") -> Reply:
        reply = self.careers.answer(self._turn(text, intent))
        self.slots.update(reply.slots)
        return reply

    def more(self) -> Reply:
        reply = self.careers.more_like(self._turn("show me more like that", "more"))
        self.slots.update(reply.slots)
        return reply


def text(reply: Reply) -> str:
    return "\n".join(m["text"] for m in reply.messages if "text" in m)


def roles(reply: Reply) -> list[str]:
    cards = [m["custom"] for m in reply.messages if m.get("custom", {}).get("type") == "careers"]
    return [role["id"] for card in cards for role in card["roles"]]


def buttons(reply: Reply) -> list[str]:
    return [b["payload"] for m in reply.messages for b in m.get("buttons") or []]


def test_science_but_not_blood_to_three_roles_their_pay_and_a_comparison(careers) -> None:
    chat = Chat(careers, SECONDARY)
    found = chat.say("I like science but not blood")
    assert len(roles(found)) == 3
    assert "no blood" in text(found)
    compare = next(p for p in buttons(found) if p.startswith("compare"))
    first, second = roles(found)[:2]
    side_by_side = chat.say(compare)
    assert roles(side_by_side) == [first, second]
    assert "Pay" in text(side_by_side) and "Ways in" in text(side_by_side)
    assert "£" in text(chat.say("what about pay?", "careers"))


def test_a_named_role_for_a_secondary_pupil_gives_routes_and_subjects(careers) -> None:
    reply = Chat(careers, SECONDARY).say("how do i become a paramedic")
    assert roles(reply) == ["paramedic"]
    assert "Ways in" in text(reply) and "Subjects that help" in text(reply)
    assert "£" not in text(reply), "no pay figures unless asked, for a pupil"


def test_a_primary_pupil_gets_short_words_and_no_pay(careers, catalogue) -> None:
    reply = Chat(careers, PRIMARY).say("what does a paramedic do")
    assert catalogue.get("paramedic").summary_young in text(reply)
    assert "£" not in text(reply) and "Ways in" not in text(reply)


def test_a_primary_pupil_who_asks_about_pay_is_told(careers) -> None:
    assert "£" in text(Chat(careers, PRIMARY).say("how much does a paramedic earn"))


def test_a_parent_gets_routes_and_pay(careers) -> None:
    reply = Chat(careers, PARENT).say("my daughter wants to be a physiotherapist, what route?")
    assert "Ways in" in text(reply) and "£" in text(reply)


def test_pay_question_about_a_named_role(careers) -> None:
    reply = Chat(careers, SECONDARY).say("how much do nurses get paid")
    assert "£" in text(reply) and "Band" in text(reply)


def test_follow_up_about_the_apprenticeship_stays_on_the_role(careers) -> None:
    chat = Chat(careers, SECONDARY)
    chat.say("what does an operating department practitioner do")
    reply = chat.say("and the apprenticeship?", "careers")
    assert (
        "Operating department practitioner" in text(reply)
        or "operating department" in text(reply).lower()
    )
    assert "apprenticeship" in text(reply).lower()


def test_follow_up_about_a_day_in_the_job(careers, catalogue) -> None:
    chat = Chat(careers, SECONDARY)
    chat.say("what does a radiographer do")
    reply = chat.say("what do they do all day", "careers")
    assert catalogue.get("diagnostic_radiographer").day in text(reply)


def test_a_follow_up_with_no_role_yet_asks_which_job(careers) -> None:
    reply = Chat(careers, SECONDARY).say("what about pay?", "careers")
    assert "Which job" in text(reply)
    assert "find roles that fit me" in buttons(reply)


def test_jobs_that_are_not_doctors_or_nurses(careers, catalogue) -> None:
    reply = Chat(careers, SECONDARY).say("jobs in the NHS that aren't doctors or nurses")
    shown = [catalogue.get(r) for r in roles(reply)]
    assert len(shown) == 5
    assert all(role.family not in ("medicine", "nursing") for role in shown)
    assert len({role.family for role in shown}) == 5, "a spread of families"


def test_find_roles_that_fit_me_asks_with_buttons_then_answers(careers) -> None:
    chat = Chat(careers, SECONDARY)
    question = chat.say("find roles that fit me")
    assert "I like science" in buttons(question) and not roles(question)
    answer = chat.say("I like computers")
    assert len(roles(answer)) == 3
    narrowed = chat.say("jobs without uni")
    assert len(roles(narrowed)) >= 1
    assert (
        chat.slots[WISHES_SLOT]["no_university"]
        and "technology" in chat.slots[WISHES_SLOT]["interests"]
    )


def test_what_can_i_do_if_i_like_maths(careers, catalogue) -> None:
    reply = Chat(careers, SECONDARY).say("what can i do if i like maths")
    assert roles(reply)
    for role_id in roles(reply):
        role = catalogue.get(role_id)
        assert "numbers" in role.interests or "maths" in role.subjects


def test_compare_two_named_roles(careers) -> None:
    reply = Chat(careers, PARENT).say(
        "whats the difference between a physiotherapist and an occupational therapist"
    )
    assert roles(reply) == ["physiotherapist", "occupational_therapist"]
    assert "side by side" in text(reply)


def test_compare_for_a_primary_pupil_leaves_out_pay(careers) -> None:
    reply = Chat(careers, PRIMARY).say("compare a paramedic and a nurse")
    assert "£" not in text(reply)


def test_more_like_that_shows_related_roles_not_seen_yet(careers, catalogue) -> None:
    chat = Chat(careers, SECONDARY)
    chat.say("how do i become a paramedic")
    more = chat.more()
    related = set(catalogue.get("paramedic").related)
    assert roles(more) and set(roles(more)) <= related
    again = chat.more()
    assert not set(roles(again)) & set(roles(more)), "nothing shown twice"


def test_after_a_comparison_a_follow_up_is_about_the_first_role_not_a_new_search(careers) -> None:
    chat = Chat(careers, SECONDARY)
    chat.say("I like science but not blood")
    chat.say("compare a biomedical scientist and a pharmacist")
    reply = chat.say("and the apprenticeship?")
    assert not roles(reply), "answers about the role; no new list"
    assert text(reply).startswith("Ways in to Biomedical scientist")


def test_best_paid_jobs_without_university(careers, catalogue) -> None:
    reply = Chat(careers, PARENT).say("what are the best paid nhs jobs you can get without uni")
    found = [catalogue.get(r) for r in roles(reply)]
    assert len(found) == 3 and all(role.needs_no_degree for role in found)
    assert [r.pay.high for r in found] == sorted((r.pay.high for r in found), reverse=True)
    assert "pays up to £" in text(reply)
