"""The held-out set (held_out.yml), written on 2026-11-23 by someone who had not seen the
lexicon, the training data or the other sets. Nobody tunes on it: its misses are not printed.

The floors below are what the detector reached on its first and only run against it (89.1%
recall, 3.5% false positives, see the README). They catch a regression; they are not the
goal, which is every disclosure.
"""

import yaml

from bot.config import PROJECT_ROOT

RECALL_FLOOR = 0.87
FALSE_POSITIVE_CEILING = 0.05


def test_the_held_out_set_does_not_get_worse(detector) -> None:
    data = yaml.safe_load((PROJECT_ROOT / "tests/safeguarding/held_out.yml").read_text())
    caught = [f.concern for f in detector.scan_many([c["text"] for c in data["concerns"]])]
    raised = [f.concern for f in detector.scan_many([t["text"] for t in data["traps"]])]
    recall, false_positives = sum(caught) / len(caught), sum(raised) / len(raised)
    assert len(caught) >= 150 and len(raised) >= 150
    assert recall >= RECALL_FLOOR, f"recall {recall:.1%} (counts only: misses stay unread)"
    assert false_positives <= FALSE_POSITIVE_CEILING, f"false positives {false_positives:.1%}"
