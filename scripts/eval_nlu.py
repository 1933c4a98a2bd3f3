"""NLU cross-validation with Rasa's own `rasa test nlu --cross-validation` on the whole of
data/nlu (examples, lookup tables and regexes) and config.yml's pipeline. Keeps Rasa's
reports and plots in reports/eval/nlu/ and writes a summary to reports/eval_nlu.json.
Run with `make eval`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone

from bot.config import PROJECT_ROOT
from bot.measure import write_report

# Every example is tested once, by a model trained on the other folds. Three, not Rasa's
# usual five: on two cores a fold takes about three minutes, and five took over twelve.
FOLDS = 3
FOLDS_NOTE = "3 folds, not 5: five folds took over 12 minutes on a 2-core machine"
OUT_DIR = PROJECT_ROOT / "reports" / "eval" / "nlu"
SUMMARY = PROJECT_ROOT / "reports" / "eval_nlu.json"
MAX_KEPT_BYTES = 1_000_000  # reports are committed: a file bigger than this is not kept
AVERAGES = ("macro avg", "weighted avg", "micro avg", "accuracy")


def macro_f1(report_name: str) -> float | None:
    path = OUT_DIR / report_name
    if not path.exists():
        return None
    return round(float(json.loads(path.read_text())["macro avg"]["f1-score"]), 4)


def main() -> None:
    started = time.monotonic()
    # A fresh folder, so no report from an earlier run or another pipeline is left beside ours.
    shutil.rmtree(OUT_DIR, ignore_errors=True)
    OUT_DIR.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable, "-m", "rasa", "test", "nlu",
            "--nlu", "data/nlu",
            "--config", "config.yml",
            "--cross-validation",
            "--folds", str(FOLDS),
            "--out", str(OUT_DIR),
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )  # fmt: skip
    seconds = time.monotonic() - started
    for path in sorted(OUT_DIR.rglob("*")):
        if path.is_file() and path.stat().st_size > MAX_KEPT_BYTES:
            print(f"not keeping {path.relative_to(PROJECT_ROOT)} (over 1 MB)")
            path.unlink()

    out = str(OUT_DIR.relative_to(PROJECT_ROOT))
    intents = json.loads((OUT_DIR / "intent_report.json").read_text())
    entity_reports = sorted(p.name for p in OUT_DIR.glob("*_report.json"))
    entity_f1 = {
        name.removesuffix("_report.json"): macro_f1(name)
        for name in entity_reports
        if name not in ("intent_report.json", "response_selection_report.json")
    }
    summary = {
        "what": f"intent classification, {FOLDS}-fold cross-validation of config.yml's NLU "
        "pipeline on data/nlu (rasa test nlu --cross-validation); scores on the test folds",
        "folds": FOLDS,
        "folds_note": FOLDS_NOTE,
        "examples": sum(
            int(row["support"])
            for name, row in intents.items()
            if isinstance(row, dict) and name not in AVERAGES
        ),
        "intent_macro_f1": round(float(intents["macro avg"]["f1-score"]), 4),
        "intent_weighted_f1": round(float(intents["weighted avg"]["f1-score"]), 4),
        # sklearn names it "accuracy" when every label was predicted, else "micro avg".
        "accuracy": round(
            float(intents.get("accuracy", intents.get("micro avg", {}).get("f1-score", 0.0))), 4
        ),
        "per_intent_f1": {
            name: round(float(row["f1-score"]), 3)
            for name, row in sorted(intents.items())
            if isinstance(row, dict) and name not in AVERAGES
        },
        # Macro-F1 of each entity extractor on the test folds (postcodes, towns).
        "entity_macro_f1": entity_f1,
        "confusion_matrix": f"{out}/intent_confusion_matrix.png",
        "report_dir": out,
        "seconds": round(seconds),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    write_report(SUMMARY, summary)


if __name__ == "__main__":
    main()
