"""Careers questions that name no job, answered from data/careers/faq.yml."""

import re

import pytest
import yaml

from bot.careers.conversation import CareersConversation
from bot.careers.faq import load_faq
from bot.careers.present import Reader
from bot.config import DATA_DIR
from tests.careers.conftest import asked

FAQ = load_faq(DATA_DIR)


def test_every_answer_names_its_source_and_when_it_was_checked() -> None:
    assert len(FAQ.entries) >= 12
    for entry in FAQ.entries:
        assert entry.source.startswith("https://") and re.fullmatch(
            r"\d{4}-\d\d-\d\d", entry.checked
        )
        assert len(entry.answer_young.split()) <= 30, entry.id  # a primary pupil's answer


def test_pay_figures_are_the_catalogues_own() -> None:
    bands = yaml.safe_load((DATA_DIR / "careers" / "roles.yml").read_text())["pay_scales"]
    band_5 = bands["agenda_for_change"]["bands"]["5"]
    [pay] = [e for e in FAQ.entries if e.id == "nhs_pay_bands"]
    assert f"£{band_5['min']:,}" in pay.answer and f"£{band_5['max']:,}" in pay.answer


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("how do i get work experience at a hospital", "work_experience"),
        ("t levels??", "t_levels"),
        ("what a levels do i need", "a_level_subjects"),
        ("can i volunteer at the hospital at 16", "volunteering"),
        ("what is band 5", "nhs_pay_bands"),
        ("any apprenticeships in the nhs for school leavers", "apprenticeships"),
    ],
)
def test_questions_naming_no_job_get_the_answer_on_their_topic(
    careers: CareersConversation, question: str, entry: str
) -> None:
    reply = asked(careers, question)
    card, next_step = reply.messages
    assert card["custom"] == {"type": "careers", "roles": [], "faq": entry}
    [expected] = [e for e in FAQ.entries if e.id == entry]
    assert card["text"] == expected.answer and next_step["text"] == expected.next


def test_a_primary_pupil_gets_the_short_answer(careers: CareersConversation) -> None:
    reply = asked(careers, "what is a t level", Reader("pupil", age=9))
    [entry] = [e for e in FAQ.entries if e.id == "t_levels"]
    assert reply.messages[0]["text"] == entry.answer_young


def test_a_liking_still_finds_roles_that_fit(careers: CareersConversation) -> None:
    reply = asked(careers, "i like biology, what jobs could i do")
    assert "suit you" in reply.messages[0]["text"]
