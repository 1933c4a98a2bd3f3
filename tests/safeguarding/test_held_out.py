"""The 2026-11 held-out set (held_out.yml), written on 2026-11-23 by someone who had not seen
the lexicon, the training data or the other sets. Its figures were reported, so since
2026-12-03 it is a development set like unseen.yml; the 2026-12 set (held_out_2026_12/)
replaced it as the one nobody tunes on (test_held_out_2026_12.py).

The floors are what the first detector reached on it (89.1% recall, 3.5% false positives,
counting hand-offs only); they catch a regression.
"""

import yaml

from bot.config import PROJECT_ROOT

RECALL_FLOOR = 0.89
HANDOFF_CEILING = 0.05
FLAGGED_CEILING = 0.10


def test_the_old_held_out_set_does_not_get_worse(detector) -> None:
    data = yaml.safe_load((PROJECT_ROOT / "tests/safeguarding/held_out.yml").read_text())
    caught = detector.scan_many([c["text"] for c in data["concerns"]])
    raised = detector.scan_many([t["text"] for t in data["traps"]])
    recall = sum(f.flagged for f in caught) / len(caught)
    handed_off = sum(f.concern for f in raised) / len(raised)
    flagged = sum(f.flagged for f in raised) / len(raised)
    assert len(caught) >= 150 and len(raised) >= 150
    assert recall >= RECALL_FLOOR, f"recall {recall:.1%}"
    assert handed_off <= HANDOFF_CEILING, f"look-alikes handed off {handed_off:.1%}"
    assert flagged <= FLAGGED_CEILING, f"look-alikes flagged {flagged:.1%}"
