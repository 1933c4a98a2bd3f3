"""Intent macro-F1 on the held-out fifth of data/nlu; writes reports/nlu_heldout.json."""

from __future__ import annotations

import tempfile
from datetime import datetime, timezone
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.evaluation import HELDOUT_FRACTION, SPLIT_SEED, heldout_score
from bot.measure import write_report


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        score = heldout_score(Path(work))
    report = {
        "what": "intent classification on a held-out split of data/nlu (whole NLU pipeline)",
        "heldout_fraction": HELDOUT_FRACTION,
        "split_seed": SPLIT_SEED,
        "macro_f1": round(score.macro_f1, 4),
        "accuracy": round(score.accuracy, 4),
        "per_intent_f1": {k: round(v, 3) for k, v in sorted(score.per_intent_f1.items())},
        "nlu_train_seconds": round(score.train_seconds, 1),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    write_report((PROJECT_ROOT / "reports" / "nlu_heldout.json"), report)


if __name__ == "__main__":
    main()
