"""The phrases a careers message asks with, read as pupils and parents type them."""

import pytest

from bot.careers.conversation import tells_of_work
from bot.careers.described import ASKS_A_JOBS_NAME, ASKS_ABOUT_THAT_JOB


@pytest.mark.parametrize(
    "text",
    [
        "front desk person who booked my asthma check, wats their job called?",
        "wat is that job called n can u do it straight after college",
        "What’s her job called? The curly apostrophe is how an iPhone types it",
        "wot do u call the lady who does the hearing tests",
    ],
)
def test_a_jobs_name_asked_in_text_speak_or_with_a_curly_apostrophe(text: str) -> None:
    assert ASKS_A_JOBS_NAME.search(text)


def test_a_story_that_asks_about_the_job_in_text_speak_tells_of_work() -> None:
    text = "broke me ankle at footy n this fella had me on a wobble board, wats his job"
    assert tells_of_work(text)
    assert ASKS_ABOUT_THAT_JOB.search("she wanna do wat she did")


@pytest.mark.parametrize(
    "text", ["I called the GP this morning", "wat time is the asthma clinic", "what a day"]
)
def test_spelt_out_words_ask_no_jobs_name_they_did_not_ask(text: str) -> None:
    assert not ASKS_A_JOBS_NAME.search(text)
