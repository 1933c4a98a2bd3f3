"""The second net, judged as it was trained: out of fold, on writers' voices it did not learn
from (the figures its thresholds were chosen on). Floors catch a regression."""

from bot.config import DATA_DIR
from bot.safeguarding.classifier import HANDOFF_FLAGS, load_nlu_messages


def test_the_classifier_finds_unseen_voices_disclosures_within_its_false_alarm_budget(
    detector,
) -> None:
    report = detector.classifier.report
    assert report is not None and report.concerns >= 5000
    assert report.flags_handoff <= HANDOFF_FLAGS + 0.002
    assert report.recall_handoff >= 0.75, report
    assert report.recall_any >= 0.93, report
    t = report.thresholds
    assert t.lexicon_veto <= t.check_in <= t.handoff


def test_everyday_messages_rarely_hand_off(detector) -> None:
    messages = load_nlu_messages(DATA_DIR / "nlu")
    findings = detector.scan_many(messages)
    handed_off = [m for m, f in zip(messages, findings, strict=True) if f.concern]
    flagged = [m for m, f in zip(messages, findings, strict=True) if f.flagged]
    assert len(handed_off) / len(messages) <= 0.01, handed_off
    assert len(flagged) / len(messages) <= 0.03, flagged
