"""Regenerate the README's figures table from the reports that `make bench` wrote."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def load(name: str) -> dict | None:
    path = REPORTS / name
    return json.loads(path.read_text()) if path.exists() else None


def rows() -> list[str]:
    table = ["| what | figure | aim | measured |", "|---|---|---|---|"]
    training = load("bench_training.json")
    if training:
        table.append(
            f"| `rasa train`, whole assistant from scratch (median of {training['runs']}) "
            f"| {training['median_s']} s | under 180 s | {training['measured_at'][:10]} |"
        )
    rest = load("bench_rest.json")
    if rest:
        table.append(
            f"| REST round trip, topic question, median ({rest['rounds']} requests) "
            f"| {rest['median_ms']} ms | under 150 ms | {rest['measured_at'][:10]} |"
        )
        table.append(
            f"| REST round trip, topic question, 95th percentile | {rest['p95_ms']} ms | | "
            f"{rest['measured_at'][:10]} |"
        )
    nlu = load("nlu_heldout.json")
    if nlu:
        table.append(
            f"| intent macro-F1, held-out 20% of data/nlu | {nlu['macro_f1']:.3f} | 0.90 or more "
            f"| {nlu['measured_at'][:10]} |"
        )
    safeguarding = load("safeguarding.json")
    if safeguarding:
        day = safeguarding["measured_at"][:10]
        corpus, unseen = safeguarding["corpus"], safeguarding["unseen"]
        held = safeguarding["held_out"]
        table += [
            f"| safeguarding detector, typical messages a second on one core "
            f"| {safeguarding['messages_per_second_one_core']:,} | 5,000 or more | {day} |",
            f"| safeguarding detector, one message alone, median "
            f"| {safeguarding['single_message_median_ms']} ms | | {day} |",
            f"| detector recall / false positives, test corpus ({corpus['concerns']} + "
            f"{corpus['traps']}) | {corpus['recall']:.1%} / {corpus['false_positive_rate']:.1%} "
            f"| 100% / 3% or less | {day} |",
            f"| detector recall / false positives, second set written apart, now a "
            f"development set ({unseen['concerns']} + {unseen['traps']}) | "
            f"{unseen['recall']:.1%} / {unseen['false_positive_rate']:.1%} | | {day} |",
            f"| detector recall / false positives, third set, held out: never tuned on "
            f"({held['concerns']} + {held['traps']}) | {held['recall']:.1%} / "
            f"{held['false_positive_rate']:.1%} | 100% / 3% or less | {day} |",
            f"| classifier alone, held-out fifth of its examples, recall / false positives "
            f"| {safeguarding['classifier_heldout_recall']:.1%} / "
            f"{safeguarding['classifier_heldout_false_positive_rate']:.1%} | | {day} |",
        ]
    return table


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    block = "\n".join([START, *rows(), END])
    readme.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END), block, text, flags=re.S))
    print(block)


if __name__ == "__main__":
    main()
