"""A question for the school office gets the office's own details, from data/schools/."""

from bot.config import DATA_DIR
from bot.school_office import office_reply
from bot.schools import load_schools

SCHOOLS = load_schools(DATA_DIR)


def test_every_school_has_an_office_to_send_people_to() -> None:
    for school in SCHOOLS.values():
        assert school.office_phone and school.office_email, school.slug
        assert school.office_url.startswith("https://") and school.office_hours, school.slug


def test_a_known_school_gets_its_office_phone_email_and_page_in_card_and_text() -> None:
    school = SCHOOLS["rowley-hills-academy"]
    card, said = office_reply(school).messages
    payload = card["custom"]
    assert payload["type"] == "school_contact" and payload["school"] == school.name
    [office] = payload["contacts"]
    assert office["phone"] == school.office_phone and office["tel"] == "tel:01214960012"
    assert office["email"] == school.office_email and office["url"] == school.office_url
    # A text-only client reads the same ways in; then what the assistant itself can do.
    for way in (school.office_phone, school.office_email, school.office_url, school.office_hours):
        assert way in card["text"]
    assert "asthma" in said["text"]


def test_no_school_known_still_says_whose_question_it_is_and_lists_no_services() -> None:
    card, _ = office_reply(None).messages
    assert card["custom"] == {"type": "school_contact", "school": None, "contacts": []}
    assert "school office" in card["text"]
