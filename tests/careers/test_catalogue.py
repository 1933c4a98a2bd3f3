"""The roles catalogue is data a careers lead can read and change; these checks keep it whole."""

from collections import Counter

import pytest
import yaml

from bot.careers.catalogue import FAMILIES, CatalogueError, load_catalogue
from bot.config import DATA_DIR


def test_the_catalogue_holds_at_least_80_roles_in_every_family(catalogue) -> None:
    assert len(catalogue) >= 80
    families = Counter(role.family for role in catalogue.roles.values())
    assert set(families) == set(FAMILIES), set(FAMILIES) - set(families)


def test_every_role_has_its_facts_and_a_source_checked_on_a_date() -> None:
    document = yaml.safe_load((DATA_DIR / "careers" / "roles.yml").read_text())
    for name, scale in document["pay_scales"].items():
        assert scale["source"].startswith("https://") and scale["checked"], name
    for role in document["roles"]:
        assert role["source"].startswith("https://"), role["id"]
        assert str(role["checked"]) >= "2026", role["id"]
        assert role["url"].startswith("https://www.healthcareers.nhs.uk/"), role["id"]
        assert role["synonyms"] is not None and role["related"], role["id"]


def test_pay_ranges_come_from_the_pay_scales(catalogue) -> None:
    for role in catalogue.roles.values():
        assert role.pay is not None and 10_000 < role.pay.low <= role.pay.high < 200_000, role.id


def test_a_broken_catalogue_is_refused(tmp_path) -> None:
    document = yaml.safe_load((DATA_DIR / "careers" / "roles.yml").read_text())
    document["roles"][0]["related"] = ["no_such_role"]
    (tmp_path / "careers").mkdir()
    (tmp_path / "careers" / "roles.yml").write_text(yaml.safe_dump(document))
    with pytest.raises(CatalogueError, match="no_such_role"):
        load_catalogue(tmp_path)


def test_a_role_card_names_its_pay_scale_as_a_reader_would(catalogue) -> None:
    labels = {role.pay_scale: role.band_label for role in catalogue.roles.values()}
    assert labels["doctors"] == "Doctors' pay scale"
    nurse = catalogue.roles["adult_nurse"]
    assert nurse.band_label == "Bands 5–6"
