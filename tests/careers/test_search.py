"""Finding roles the way pupils ask for them."""

import pytest

from bot.careers.search import Wishes, find_by_name, fits, named_roles, names_the_job_asked


@pytest.mark.parametrize(
    ("words", "role_id"),
    [
        ("ambulance driver", "paramedic"),
        ("x-ray person", "diagnostic_radiographer"),
        ("baby doctor", "paediatrician"),
        ("someone who helps you walk again", "physiotherapist"),
        ("how do i become a paramedik", "paramedic"),
        ("what does a radiographer do", "diagnostic_radiographer"),
        ("how much do nurses get paid", "adult_nurse"),
    ],
)
def test_everyday_words_find_the_role_in_the_top_three(catalogue, words, role_id) -> None:
    found = [role.id for role in find_by_name(catalogue, words, limit=3)]
    assert role_id in found, found


def test_two_named_roles_come_back_in_the_order_they_were_written(catalogue) -> None:
    roles = named_roles(catalogue, "whats the difference between a physiotherapist and a paramedic")
    assert [r.id for r in roles][:2] == ["physiotherapist", "paramedic"]


def test_science_but_not_blood_gives_roles_without_blood(catalogue) -> None:
    wishes = Wishes.from_text("I like science but not blood")
    assert "science" in wishes.interests and wishes.avoid_blood
    found = fits(catalogue, wishes)
    assert len(found) == 3
    for fit in found:
        assert not fit.role.blood and "science" in fit.role.interests
        assert fit.reasons


def test_no_university_keeps_to_roles_with_a_way_in_without_a_degree(catalogue) -> None:
    wishes = Wishes.from_text("i like helping people but i dont want to go to uni")
    assert wishes.no_university
    for fit in fits(catalogue, wishes, limit=10):
        assert fit.role.needs_no_degree, fit.role.id


def test_maths_finds_roles_for_someone_who_likes_numbers(catalogue) -> None:
    found = fits(catalogue, Wishes.from_text("what can i do if i like maths"))
    assert found and all("numbers" in f.role.interests or "maths" in f.role.subjects for f in found)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("my son wants to be a GP", True),
        ("she is training as a paramedic and loves it", True),
        ("what does a porter do all day", True),
        ("how much do surgeons earn", True),
        ("are there any pharmacist apprenticeships", True),
        ("the GP referred him to someone who tested his hearing", False),
        ("she checks the forms the porters bring up from the wards", False),
        ("after the surgeon finished, a man wheeled my bed to recovery", False),
    ],
)
def test_a_role_named_as_the_job_asked_about_is_told_from_one_named_in_passing(
    catalogue, text: str, asked: bool
) -> None:
    assert names_the_job_asked(text, named_roles(catalogue, text)) is asked
