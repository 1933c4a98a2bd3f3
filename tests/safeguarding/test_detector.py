"""How the detector reads what children type (behaviours, not the corpus)."""

import numpy as np
import pytest

from bot.language.normalise import Normaliser, plain
from bot.safeguarding.detector import sentence_holding


def test_plain_text_undoes_leet_stretching_and_curly_apostrophes() -> None:
    assert plain("I’m sooooo sc4red") == "i'm soo scared"
    assert plain("10 puffs and £50") == "10 puffs and £50"


def test_rewrites_spell_out_coded_words_as_whole_words() -> None:
    normalise = Normaliser({"kms": "kill myself", "s/h": "self harm"})
    assert normalise("gonna kms") == "going to kill myself"
    assert normalise("i dont want 2 go home") == "i don't want 2 go home"
    assert normalise("did s/h again") == "did self harm again"
    assert normalise("tracks my skms") == "tracks my skms"


@pytest.mark.parametrize(
    "message",
    [
        "i want to kill myself",
        "I w4nt to k1ll mys3lf",
        "my step dad hurts me every night",
        "im feeling sucidal",
    ],
)
def test_plain_and_disguised_disclosures_are_concerns(detector, message: str) -> None:
    assert detector.scan(message).concern


def test_a_later_denial_in_the_same_message_does_not_clear_it(detector) -> None:
    finding = detector.scan("my dad hits me when hes drunk. jk lol forget it")
    assert finding.concern


def test_a_disclosure_buried_in_a_long_message_is_found(detector) -> None:
    filler = "we went to the park and then had tea and watched a film about space. " * 8
    assert detector.scan(filler + "my uncle touches me and says its our secret. " + filler).concern


def test_a_critical_phrase_is_never_excused_by_a_benign_frame(detector) -> None:
    finding = detector.scan("this homework is killing me and honestly i want to kill myself")
    assert finding.concern and finding.severity == "critical"


@pytest.mark.parametrize(
    "message",
    [
        "this homework is killing me",
        "my mum will kill me if im late",
        "he is really skilled at football",
        "the therapist at the gp was nice",
        "we cant afford the gas bill this month",
        "he cant breathe properly when he runs, is that asthma",
    ],
)
def test_look_alikes_are_not_concerns(detector, message: str) -> None:
    assert not detector.scan(message).concern, detector.scan(message).as_dict()


def test_a_finding_names_categories_severity_and_spans(detector) -> None:
    data = detector.scan("my dad hits me").as_dict()
    assert data["concern"] and "physical_abuse" in data["categories"]
    assert data["severity"] in ("medium", "high", "critical")
    assert data["spans"] and {"category", "term", "text", "start", "end"} <= set(data["spans"][0])


def test_when_the_classifier_fails_the_lexicon_still_decides(detector, caplog) -> None:
    # A vector of the wrong size, as a mismatched featurizer would send, breaks the classifier.
    finding = detector.scan("zqxjk my dad hits me", np.zeros(7, dtype=np.float32))
    assert finding.concern
    assert "SAFEGUARDING CLASSIFIER FAILED" in caplog.text and "zqxjk" not in caplog.text


@pytest.mark.parametrize(
    ("message", "weapon_now"),
    [
        ("i have a knife in my bag today", True),
        ("he brought a blade to school", True),
        ("We had the knife crime assembly today, loads of people were crying", False),
        ("theres a knife amnesty bin outside school now", False),
    ],
)
def test_talk_about_knife_crime_is_not_a_weapon_at_school(
    lexicon_only, message: str, weapon_now: bool
) -> None:
    terms = {m.term for m in lexicon_only.scan(message).matches}
    assert ("weapon_at_school_now" in terms) == weapon_now, terms


def test_the_sentence_holding_a_match_is_read_alone() -> None:
    text = "Prom is in six weeks. Green or lilac?\nAlso my stepdad kicked me. Anyway, nails?"
    assert sentence_holding(text, text.index("stepdad")) == "Also my stepdad kicked me."
    assert sentence_holding(text, 0) == "Prom is in six weeks."
    assert sentence_holding(text, len(text) - 2) == "Anyway, nails?"
