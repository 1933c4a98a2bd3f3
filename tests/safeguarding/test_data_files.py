"""The lexicon, the crisis contacts and the check-in are data a DSL reviews: their check."""

import re

import spacy
import yaml
from spacy.matcher import Matcher

from bot.config import DATA_DIR
from bot.safeguarding.check_in import CheckInText, check_in_path
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


def test_the_check_in_shows_only_contacts_that_answer_at_any_time() -> None:
    cards = CrisisCards.from_file(crisis_path(DATA_DIR))
    text = CheckInText.from_file(check_in_path(DATA_DIR))
    assert text.version >= 1 and text.declined
    for audience in ("child", "adult"):
        messages = text.messages(cards, audience, "esc-1", ["self_harm"])
        card = messages[1]["custom"]
        assert card["type"] == "check_in" and card["escalation_id"] == "esc-1"
        assert card["categories"] == ["self_harm"] and card["question"]
        assert card["contacts"], audience
        for contact in card["contacts"]:
            assert contact["hours"] == "Any time", contact["id"]
            assert contact.get("tel") or contact.get("sms_link"), contact["id"]
        assert messages[0]["text"].startswith(card["question"])
        assert {b["title"] for b in card["buttons"]} == set(text.buttons.values())


def test_answers_to_the_check_in_are_read_from_their_first_words() -> None:
    text = CheckInText.from_file(check_in_path(DATA_DIR))
    for reply in ("Yes", "yeah he does", "yh", "i think so", "kind of", "maybe sometimes"):
        assert text.answer(reply) == "yes", reply
    for reply in ("No, I'm OK", "no", "nah im fine", "I'm fine thanks", "not really"):
        assert text.answer(reply) == "no", reply
    for reply in ("where is the food bank", "", "🙂", "yesterday he hit me"):
        assert text.answer(reply) is None, reply
