"""The second net, judged on the fifth of its examples it was not trained on."""

from bot.config import DATA_DIR
from bot.safeguarding.classifier import load_nlu_messages, load_training
from bot.safeguarding.evaluation import heldout_score


def test_the_classifier_catches_unseen_descriptions_without_crying_wolf() -> None:
    score = heldout_score(load_training(DATA_DIR))
    assert score.concerns >= 100 and score.benign >= 300
    # It backs up the lexicon, so precision comes first: few everyday messages flagged.
    assert score.false_positive_rate <= 0.03, score
    assert score.recall >= 0.40, score


def test_everyday_messages_rarely_hand_off(detector) -> None:
    messages = load_nlu_messages(DATA_DIR / "nlu")
    flagged = [m for m, f in zip(messages, detector.scan_many(messages), strict=True) if f.concern]
    assert len(flagged) / len(messages) <= 0.01, flagged
