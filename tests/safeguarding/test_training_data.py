"""The classifier's training data (data/safeguarding/training/): well formed, large and
varied enough, free of near-duplicates, and kept apart from every test set."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
import yaml

from bot.config import DATA_DIR, PROJECT_ROOT
from bot.safeguarding.classifier import NONE, load_examples, training_files
from bot.safeguarding.lexicon import CATEGORIES
from tests import near_copies

CORPUS = DATA_DIR / "safeguarding" / "training" / "corpus"
TEST_SETS = PROJECT_ROOT / "tests" / "safeguarding"
DISCLOSURE_KINDS = {
    "direct", "indirect", "misspelled", "slang", "coded", "third_party", "parent_concern",
    "staff_concern", "retraction", "long_message", "fear_of_self", "farewell",
}  # fmt: skip
LOOK_ALIKE_KINDS = {
    "literature", "history", "story", "sport_injury", "game", "idiom", "news", "careers",
    "health", "mental_health_help", "money", "family_fine", "school_life", "substring",
}  # fmt: skip


def _test_texts() -> list[str]:
    texts = []
    for path in sorted(TEST_SETS.rglob("*.yml")):
        data = yaml.safe_load(path.read_text())
        texts += [item["text"] for key in ("concerns", "traps") for item in data.get(key, [])]
    return texts


@pytest.fixture(scope="module")
def examples() -> list:
    return load_examples(DATA_DIR)


def test_every_example_is_well_formed() -> None:
    for path in training_files(DATA_DIR):
        for entry in yaml.safe_load(path.read_text())["examples"]:
            assert isinstance(entry["text"], str) and entry["text"].strip(), (path.name, entry)
            category = entry["category"]
            assert category == NONE or category in CATEGORIES, (path.name, category)
            if path.parent == CORPUS:  # the corpus says how each message is written
                kinds = LOOK_ALIKE_KINDS if category == NONE else DISCLOSURE_KINDS
                assert entry["kind"] in kinds, (path.name, entry["kind"])


def test_the_corpus_is_large_and_covers_every_category_and_kind(examples) -> None:
    corpus = [e for e in examples if (CORPUS / f"{e.source}.yml").exists()]
    disclosures = [e for e in corpus if e.category != NONE]
    look_alikes = [e for e in corpus if e.category == NONE]
    assert len(disclosures) >= 3000 and len(look_alikes) >= 3000
    by_category = Counter(e.category for e in disclosures)
    assert all(by_category[c] >= 150 for c in CATEGORIES), by_category
    assert all(n >= 100 for n in Counter(e.kind for e in disclosures).values())
    assert set(Counter(e.kind for e in look_alikes)) == LOOK_ALIKE_KINDS
    long = [e for e in corpus if len(e.text.split()) >= 80]
    assert len(long) >= 0.1 * len(corpus), "long texts as well as short ones"
    assert len({e.source for e in corpus}) >= 10, "many voices"


def test_no_two_examples_are_the_same_message_reworded(examples) -> None:
    texts = [e.text for e in examples]
    vectors = near_copies.vectors(texts, texts)
    pairs = []
    for start in range(0, len(texts), 2000):
        similar = (vectors[start : start + 2000] @ vectors.T).toarray()
        for i, j in zip(*np.nonzero(similar >= near_copies.NEAR_DUPLICATE), strict=True):
            if start + i < j:
                pairs.append((texts[start + i], texts[j]))
    assert not pairs, pairs[:5]


def test_no_example_is_close_to_a_test_item(examples) -> None:
    texts, tests = [e.text for e in examples], _test_texts()
    assert len(tests) > 1000
    close = near_copies.close_pairs(texts, tests)
    assert not close, close[:5]


@pytest.mark.parametrize(
    "folder", ["held_out_2026_12", "held_out_2026_12b", "held_out_2026_12c", "held_out_2026_12d"]
)
def test_the_held_out_sets_were_written_apart_and_are_big_enough(folder: str) -> None:
    concerns = traps = 0
    for path in sorted((TEST_SETS / folder).glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        concerns += len(data["concerns"])
        traps += len(data["traps"])
        assert "never to tune" in path.read_text().splitlines()[1]
    assert concerns >= 300 and traps >= 300
