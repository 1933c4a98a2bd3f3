"""data/directory/taxonomy_topics.yml: valid, and it maps the terms councils use."""

from __future__ import annotations

import shutil

import pytest

from bot.config import DATA_DIR
from bot.directory.openreferral.topic_map import Term, TopicMap

MAP = TopicMap.from_file(DATA_DIR)


@pytest.mark.parametrize(
    "name, topics",
    [
        ("Debt advice", {"debt"}),
        ("Welfare rights and benefits advice", {"debt"}),
        ("Children's asthma clinic", {"asthma"}),
        ("Emotional wellbeing", {"mental_health"}),
        ("CAMHS", {"mental_health"}),
        ("Food banks", {"food"}),
        ("Family hubs", {"family_support"}),
        # Buckinghamshire's ORUK 1 feed (tests/directory/fixtures/oruk_v1/).
        ("Money, benefits and allowances", {"debt"}),
        ("Berryfields Family Centre (Aylesbury)", {"family_support"}),
        ("Childhood immunisations", {"immunisation"}),
        ("Volunteering opportunities", set()),
        ("Wheelchair services", set()),  # "wheeze" must not match inside another word
    ],
)
def test_feed_terms_map_by_their_words(name: str, topics: set[str]) -> None:
    assert MAP.topics_for(Term(id="x", name=name, taxonomy="Any council's list")) == topics


def test_our_own_topic_vocabulary_maps_back_exactly() -> None:
    term = Term(id="topic-debt", name="money worries", code="debt", vocabulary="signpost-topic")
    assert MAP.topics_for(term) == {"debt"}


@pytest.mark.parametrize(
    ("rules", "unknown"),
    [("keywords:\n  housing: [homeless]\n", "housing"), ("needs:\n  wifi: [broadband]\n", "wifi")],
)
def test_a_rule_naming_an_unknown_topic_or_need_is_refused(tmp_path, rules, unknown) -> None:
    (tmp_path / "directory").mkdir()
    (tmp_path / "directory" / "taxonomy_topics.yml").write_text(rules)
    shutil.copy(DATA_DIR / "directory" / "needs.yml", tmp_path / "directory")
    with pytest.raises(ValueError, match=unknown):
        TopicMap.from_file(tmp_path)


def test_our_own_need_terms_map_back_exactly() -> None:
    ours = Term(
        "need-camhs_referral", "referrals to CAMHS", "camhs_referral", None, "signpost-need"
    )
    council = Term("x1", "Bereavement support for children", "bereave", "Council types")
    assert MAP.needs_for([ours, council]) == {"camhs_referral", "bereavement"}
