"""The lexicon and the crisis contacts are data a DSL reviews: this is their check."""

import re

import spacy
import yaml
from spacy.matcher import Matcher

from bot.config import DATA_DIR
from bot.safeguarding.crisis import CrisisCards, crisis_path
from bot.safeguarding.lexicon import CATEGORIES, load_lexicon, problems

LEXICON = DATA_DIR / "safeguarding" / "lexicon.yml"


def test_the_lexicon_is_valid_and_covers_every_category() -> None:
    raw = yaml.safe_load(LEXICON.read_text())
    assert problems(raw) == []
    lexicon = load_lexicon(LEXICON)
    for category in CATEGORIES:
        assert sum(t.category == category for t in lexicon.terms) >= 10, category


def test_every_pattern_compiles_in_spacy() -> None:
    matcher = Matcher(spacy.blank("en").vocab)
    for term in load_lexicon(LEXICON).terms:
        if term.pattern is not None:
            matcher.add(term.key, [term.pattern])


def test_crisis_cards_lead_with_999_and_carry_the_right_helplines() -> None:
    cards = CrisisCards.from_file(crisis_path(DATA_DIR))
    child, adult = cards.payload("child"), cards.payload("adult")
    for card in (child, adult):
        assert card["type"] == "crisis_card" and card["version"] >= 1
        assert card["contacts"][0]["tel"] == "tel:999"
    child_numbers = {c.get("tel") for c in child["contacts"]}
    assert "tel:08001111" in child_numbers  # Childline
    assert "tel:116123" in child_numbers  # Samaritans
    assert any(c.get("sms_link", "").startswith("sms:85258") for c in child["contacts"])  # Shout
    assert "tel:08088005000" in {c.get("tel") for c in adult["contacts"]}  # NSPCC


def test_every_crisis_contact_names_its_source() -> None:
    raw = yaml.safe_load(crisis_path(DATA_DIR).read_text())
    for audience in raw["audiences"].values():
        for contact in audience["contacts"]:
            assert re.match(r"^https://", str(contact["source"])), contact["id"]
