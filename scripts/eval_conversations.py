"""Conversation tests with Rasa's own `rasa test core --e2e`: every story in
tests/test_stories.yml is replayed against models/signpost.tar.gz. With --e2e each user
message goes through the whole NLU pipeline (safeguarding detector included) and its intent
is checked, then the next action is. Keeps Rasa's reports in reports/eval/core/ and writes a
summary to reports/eval_conversations.json. Run with `make eval`.

Rasa's test replays the story's own events after each prediction and never calls the action
server (rasa/core/test.py), so no action server or database is started here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone

import yaml

from bot.config import PROJECT_ROOT
from bot.measure import write_report

STORIES = PROJECT_ROOT / "tests" / "test_stories.yml"
MODEL = PROJECT_ROOT / "models" / "signpost.tar.gz"
OUT_DIR = PROJECT_ROOT / "reports" / "eval" / "core"
SUMMARY = PROJECT_ROOT / "reports" / "eval_conversations.json"
DOMAIN = PROJECT_ROOT / "domain.yml"


def scores(report: dict, labels: set[str]) -> dict[str, float]:
    """Accuracy and F1 over some of story_report.json's labels. With --e2e Rasa puts actions,
    intents and entities into one report (and one "macro avg"), so each is scored apart."""
    rows = [row for name, row in report.items() if name in labels]
    support = sum(row["support"] for row in rows)
    return {
        # recall x support is how many of that label were predicted right
        "accuracy": round(sum(row["recall"] * row["support"] for row in rows) / support, 4),
        "macro_f1": round(sum(row["f1-score"] for row in rows) / len(rows), 4),
        "weighted_f1": round(sum(row["f1-score"] * row["support"] for row in rows) / support, 4),
    }


def main() -> None:
    started = time.monotonic()
    if not MODEL.exists():
        sys.exit(f"{MODEL.relative_to(PROJECT_ROOT)} is missing: run `make model` first")
    # A fresh folder, so no report from an earlier run (another model, other stories) is left
    # beside this run's.
    shutil.rmtree(OUT_DIR, ignore_errors=True)
    OUT_DIR.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable, "-m", "rasa", "test", "core",
            "--stories", str(STORIES.relative_to(PROJECT_ROOT)),
            "--model", str(MODEL.relative_to(PROJECT_ROOT)),
            "--out", str(OUT_DIR.relative_to(PROJECT_ROOT)),
            "--e2e",
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )  # fmt: skip
    # Rasa scores entities by the policies too, but none of ours extracts entities (there is
    # no TEDPolicy in config.yml), so that report is all zeros and says nothing.
    for path in OUT_DIR.glob("TEDPolicy_*"):
        path.unlink()
    report = json.loads((OUT_DIR / "story_report.json").read_text())
    conversations = report["conversation_accuracy"]
    domain = yaml.safe_load(DOMAIN.read_text())
    actions = scores(report, {"action_listen", *domain["actions"], *domain["responses"]})
    # An intent is listed as a name, or as {name: options}.
    intent_names = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    intents = scores(report, {"nlu_fallback", *intent_names})
    failed_file = OUT_DIR / "failed_test_stories.yml"
    failed = yaml.safe_load(failed_file.read_text()) if failed_file.exists() else None
    # Rasa appends the story file's absolute path to each name.
    failed_names = [story["story"].split(" (")[0] for story in (failed or {}).get("stories") or []]
    summary = {
        "what": "conversation tests: tests/test_stories.yml replayed with rasa test core --e2e "
        "(intent and entities of every user message and every next action checked)",
        "stories": conversations["total"],
        "stories_correct": conversations["correct"],
        "story_accuracy": round(float(conversations["accuracy"]), 4),
        # Over every action predicted in every story.
        "action_accuracy": actions["accuracy"],
        "action_macro_f1": actions["macro_f1"],
        "action_weighted_f1": actions["weighted_f1"],
        # Over every user message in every story, through the whole NLU pipeline.
        "intent_accuracy": intents["accuracy"],
        "intent_macro_f1": intents["macro_f1"],
        "failed_stories": len(failed_names),
        "failed_story_names": failed_names,
        "report_dir": str(OUT_DIR.relative_to(PROJECT_ROOT)),
        "seconds": round(time.monotonic() - started),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    write_report(SUMMARY, summary)
    # Reported, not raised: `make eval` goes on to the other evaluations either way.
    if failed_names:
        print(
            f"{len(failed_names)} of {summary['stories']} stories failed: "
            f"{'; '.join(failed_names)} (see {failed_file.relative_to(PROJECT_ROOT)})"
        )


if __name__ == "__main__":
    main()
