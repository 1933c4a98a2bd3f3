"""The second net: a classifier trained on our own examples of disclosures and look-alikes.

Children rarely name abuse; they describe it ("he says it's our secret"). A word list cannot
hold every description, so a character and word n-gram model learns the shape of them.
It is small and trains in seconds, so it is trained when the detector is built, from
data/safeguarding/training/*.yml: nothing is downloaded and nothing stale is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.safeguarding.normalise import plain

NONE = "none"
# The net escalates once the model gives a message this much chance of being a concern.
# Chosen on the held-out part of the training data so that it flags under 2% of the
# benign look-alikes there (see bot/safeguarding/evaluation.py and the README): the lexicon
# is the wide net, this one catches descriptions that no phrase in it holds.
DEFAULT_THRESHOLD = 0.85


@dataclass(frozen=True)
class Guess:
    category: str
    probability: float  # that the message is a concern of any category


_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def load_examples(training_dir: Path) -> list[tuple[str, str]]:
    examples: list[tuple[str, str]] = []
    for path in sorted(training_dir.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text())["examples"]:
            examples.append((str(entry["text"]), str(entry["category"])))
    return examples


def load_nlu_messages(nlu_dir: Path) -> list[str]:
    """The assistant's own NLU examples as plain text: what parents and pupils usually type.

    None of them is a disclosure (data/nlu keeps those out), so they teach the classifier
    what everyday messages look like.
    """
    messages: list[str] = []
    for path in sorted(nlu_dir.glob("*.yml")):
        for block in yaml.safe_load(path.read_text()).get("nlu") or []:
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                if line.startswith("- "):
                    messages.append(_ANNOTATION.sub(r"\1", line[2:]).strip())
    return messages


def load_training(data_dir: Path) -> list[tuple[str, str]]:
    """Our disclosure and look-alike examples, and every NLU example as an everyday one."""
    examples = load_examples(data_dir / "safeguarding" / "training")
    examples += [(text, NONE) for text in load_nlu_messages(data_dir / "nlu")]
    return examples


def _ngram_model(balanced: bool) -> Pipeline:
    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        ]
    )
    weights = "balanced" if balanced else None
    classify = LogisticRegression(C=8.0, max_iter=3000, class_weight=weights)
    return Pipeline([("features", features), ("classify", classify)])


class ConcernClassifier:
    """Two small models: is it a concern at all, and if so, of which category."""

    def __init__(self, concern: Pipeline, category: Pipeline, threshold: float) -> None:
        self._concern = concern
        self._category = category
        self.threshold = threshold
        self._yes = list(concern.classes_).index(True)

    @classmethod
    def train(
        cls, examples: Sequence[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD
    ) -> ConcernClassifier:
        texts = [plain(text) for text, _ in examples]
        concern = _ngram_model(balanced=True).fit(texts, [label != NONE for _, label in examples])
        concerns = [
            (t, label) for t, (_, label) in zip(texts, examples, strict=True) if label != NONE
        ]
        category = _ngram_model(balanced=False).fit(
            [t for t, _ in concerns], [label for _, label in concerns]
        )
        return cls(concern, category, threshold)

    def guess(self, texts: Sequence[str]) -> list[Guess | None]:
        """For each text: the likeliest concern category when it passes the threshold."""
        if not texts:
            return []
        texts = [plain(text) for text in texts]
        chances = self._concern.predict_proba(texts)[:, self._yes]
        flagged = [n for n, chance in enumerate(chances) if chance >= self.threshold]
        categories = self._category.predict([texts[n] for n in flagged]) if flagged else []
        results: list[Guess | None] = [None] * len(texts)
        for n, category in zip(flagged, categories, strict=True):
            results[n] = Guess(str(category), float(chances[n]))
        return results
