"""Work outside health told apart by its meaning when no word of the list names it (issue 19):
the honest no for "what should i study if i want to design racing cars", never for a question that
names no field ("what a levels do i need"), a liking or a health job."""

import pytest
import yaml

from bot.careers.conversation import ROLE_SLOT, CareersConversation, CareerTurn
from bot.careers.present import Reader
from bot.config import DATA_DIR, PROJECT_ROOT
from bot.evaluation import careers_roles
from tests import near_copies
from tests.careers.conftest import asked

HONEST_NO = "Sorry, I can't help with that: I only know about jobs in the NHS and health, not"


@pytest.mark.parametrize(
    "text",
    [
        "what should i study if i want to design racing cars",
        "she wants to ride and train racehorses for a living",
        "she's set on designing clothes, is a fashion degree worth it",
        "how do you get into making video games",
        "i want to build bridges and tunnels when im older what do i study",
        "what a levels for working in the city at a big bank",
    ],
)
def test_work_outside_health_no_word_names_gets_the_honest_no(
    careers: CareersConversation, text: str
) -> None:
    # None of these names a field of data/careers/outside_health.yml.
    assert careers.outside is not None and careers.outside.named(text) is None
    reply = asked(careers, text)
    assert not careers_roles(reply.messages)
    assert reply.messages[0]["text"].startswith(f"{HONEST_NO} that kind of work.")
    assert "National Careers Service" in reply.messages[0]["text"]


@pytest.mark.parametrize(
    "text",
    [
        "what a levels do i need",
        "is a btec worth less than a levels",
        "how should i prepare for an interview next week",
        "how do apprenticeships work",
        "how do i get work experience",
        "what jobs can i do without uni",
        "can i do an apprenticeship at 16",
        "i like art what jobs are there",
        "i want to work outdoors",
        "good at maths and science, what jobs",
        "she's kind, patient and loves science, where could that lead",
        # Every interest button's message.
        "I like science",
        "I like being outdoors",
        "I like art and music",
        # Health work, named or described.
        "what a levels for medicine",
        "the people who take x rays, how do i become one",
        "i want to be a paramedic",
    ],
)
def test_questions_naming_no_field_likings_and_health_work_are_never_told_no(
    careers: CareersConversation, text: str
) -> None:
    assert not asked(careers, text).messages[0]["text"].startswith("Sorry, I can't help")


@pytest.mark.parametrize("text", ["how long is the course", "do i need a degree"])
def test_a_short_question_while_a_role_is_under_discussion_is_about_that_role(
    careers: CareersConversation, text: str
) -> None:
    # Alone, "how long is the course" reads as work outside health (a course of anything);
    # after the nursing card it is about nursing.
    turn = CareerTurn(text=text, intent="careers", reader=Reader("pupil"), role_id="adult_nurse")
    reply = careers.answer(turn)
    assert not reply.messages[0]["text"].startswith("Sorry, I can't help")
    assert reply.slots.get(ROLE_SLOT, "adult_nurse") == "adult_nurse"


def test_a_message_placed_nowhere_is_read_by_meaning_only_when_it_speaks_of_work(
    careers: CareersConversation,
) -> None:
    def placed_nowhere(text: str) -> str:
        turn = CareerTurn(text=text, intent="out_of_scope", reader=Reader("pupil"))
        reply = careers.described_job(turn, at_work_only=True)
        return reply.messages[0]["text"] if reply else ""

    assert placed_nowhere("my son wants to look after the animals at a safari park").startswith(
        HONEST_NO
    )
    # The reader learnt from careers questions alone: it has no say on the weather.
    assert placed_nowhere("is it gonna snow in leeds on friday") == ""


def test_the_reader_learns_from_every_side_and_no_held_out_question() -> None:
    questions = yaml.safe_load((DATA_DIR / "careers" / "outside_health_questions.yml").read_text())
    assert {key: len(texts) >= 130 for key, texts in questions.items()} == {
        "outside_health": True,
        "health": True,
        "no_field": True,
    }
    every = [text for texts in questions.values() for text in texts]
    assert len(every) == len({text.lower().strip() for text in every}), "a question twice"
    held_out = [
        item["text"]
        for path in sorted((PROJECT_ROOT / "tests" / "held_out_questions").rglob("*.yml"))
        for key in ("questions", "descriptions")
        for item in (yaml.safe_load(path.read_text()) or {}).get(key, [])
    ]
    assert len(held_out) >= 1800
    assert not near_copies.close_pairs(every, held_out)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("chef in a posh restaurant, how do u get that job", "chef"),
        (
            "I want to be an electrician for a housebuilder, do I need a college course",
            "electrician",
        ),
        ("is IT support for a law firm a decent first job with a level 3 btec", "it_technician"),
    ],
)
def test_an_nhs_role_named_for_work_elsewhere_gets_the_honest_no_and_the_role_one_tap_away(
    careers: CareersConversation, text: str, role: str
) -> None:
    # The role's name is shared with work outside health, and the question places it there.
    reply = asked(careers, text)
    assert not careers_roles(reply.messages)
    assert reply.messages[0]["text"].startswith(f"{HONEST_NO} that kind of work.")
    [button] = reply.messages[1]["buttons"]
    # The button asks about the NHS role, and gets its card.
    assert careers_roles(asked(careers, button["payload"]).messages)[:1] == [role]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("what does a hospital chef earn", "chef"),
        ("estates electrician in the nhs what do they do", "electrician"),
        ("IT support jobs", "it_technician"),
        ("what does a paramedic do", "paramedic"),  # only health has it
    ],
)
def test_an_nhs_role_named_for_health_work_gets_its_card(
    careers: CareersConversation, text: str, role: str
) -> None:
    assert careers_roles(asked(careers, text).messages)[:1] == [role]


def test_every_role_shared_with_work_elsewhere_is_in_the_catalogue(
    careers: CareersConversation,
) -> None:
    assert careers.outside is not None
    assert careers.outside.shared_roles
    assert careers.outside.shared_roles <= set(careers.catalogue.roles)


def test_a_job_outside_health_named_leaves_no_nhs_name_found_by_its_spelling(
    careers: CareersConversation,
) -> None:
    # "Royal Navy" leaves "officer", spelt like the HR officer's: not an NHS role asked for.
    reply = asked(careers, "Royal Navy officer, do you need a degree first or can you go in at 18?")
    assert not careers_roles(reply.messages)
    assert reply.messages[0]["text"].startswith(f"{HONEST_NO} the armed forces.")
