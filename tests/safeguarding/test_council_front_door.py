"""A parent's crisis card names the school's own council front door (day and out of hours),
from data/schools with its source, instead of "the school can give you the number"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.config import DATA_DIR
from bot.safeguarding.crisis import CrisisCards, crisis_path
from bot.schools import load_schools

SCHOOLS = load_schools(DATA_DIR)
CARDS = CrisisCards.from_file(crisis_path(DATA_DIR))


def test_every_demo_school_has_a_council_front_door_with_its_source() -> None:
    for school in SCHOOLS.values():
        assert school.children_services, school.slug
        for contact in school.children_services:
            assert contact["phone"] and contact["checked"]
            assert contact.get("source") or contact.get("verify_before_launch")


def test_a_parent_at_a_walsall_school_sees_walsall_day_and_night() -> None:
    school = SCHOOLS["palfrey-park-primary"]
    card = CARDS.payload("adult", school.children_services)
    names = [c["name"] for c in card["contacts"]]
    assert "Walsall Children's Services (MASH)" in names
    assert "Walsall Emergency Duty Team" in names
    assert not any("Your local council" in n for n in names)
    night = next(c for c in card["contacts"] if c["name"] == "Walsall Emergency Duty Team")
    assert night["tel"] == "tel:03005552922"
    assert not any(key in c for c in card["contacts"] for key in ("source", "checked"))
    assert "0300 555 2922" in CARDS.text("adult", school.children_services)


def test_the_childs_card_and_an_unknown_school_are_unchanged() -> None:
    school = SCHOOLS["bentilee-brook-primary"]
    assert CARDS.payload("child", school.children_services) == CARDS.payload("child")
    general = [c["name"] for c in CARDS.payload("adult")["contacts"]]
    assert "Your local council's children's social care" in general


def test_a_front_door_without_a_source_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "schools", data / "schools")
    path = data / "schools" / "demo_trust.yml"
    document = yaml.safe_load(path.read_text())
    del document["children_services"]["stoke-on-trent"][0]["source"]
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(ValueError, match="needs its source"):
        load_schools(data)
