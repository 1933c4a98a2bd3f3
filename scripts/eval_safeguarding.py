"""Safeguarding detector recall and false-positive rate on the three test sets, broken down
by category and by kind. Writes reports/eval_safeguarding.json and two plots under
reports/eval/. Run with `make eval`.

Only counts and category/kind names go into the reports and the output: never message text.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a build machine

import matplotlib.pyplot as plt  # noqa: E402
import yaml  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from bot.config import DATA_DIR, PROJECT_ROOT  # noqa: E402
from bot.safeguarding.detector import Detector  # noqa: E402
from bot.safeguarding.evaluation import SetBreakdown, Tally, judge_set  # noqa: E402

SETS = {
    "corpus": "corpus (tuned on)",
    "unseen": "unseen (development set)",
    "held_out": "held out (never tuned on)",
}
COLOURS = ["#0072B2", "#E69F00", "#009E73"]  # Okabe-Ito: tell apart with colour blindness
EVAL_DIR = PROJECT_ROOT / "reports" / "eval"
CATEGORY_PLOT = EVAL_DIR / "safeguarding_recall_by_category.png"
KIND_PLOT = EVAL_DIR / "safeguarding_by_kind.png"


def as_report(result: SetBreakdown) -> dict:
    def rows(tallies: dict[str, Tally]) -> dict:
        return {name: t.as_dict() for name, t in tallies.items()}

    return {
        "recall": round(result.recall.rate, 4),
        "false_positive_rate": round(result.false_positives.rate, 4),
        "concerns": result.recall.total,
        "traps": result.false_positives.total,
        "recall_by_category": rows(result.recall_by_category),
        "category_named_by_category": rows(result.named_by_category),
        "recall_by_kind": rows(result.recall_by_kind),
        "false_positive_rate_by_kind": rows(result.false_positives_by_kind),
    }


def grouped_bars(ax: Axes, series: dict[str, dict[str, Tally]], title: str, xlabel: str) -> None:
    """One row per label, one bar per set; a label missing from a set is marked "n/a"."""
    labels = sorted({label for tallies in series.values() for label in tallies}, reverse=True)
    height = 0.8 / len(series)
    for n, (name, tallies) in enumerate(series.items()):
        legend: str | None = SETS[name]  # on the set's first bar only
        for row, label in enumerate(labels):
            y = row + (len(series) - 1 - n - (len(series) - 1) / 2) * height
            t = tallies.get(label)
            if t is None:
                ax.text(1, y, "n/a", va="center", fontsize=7, color="grey")
                continue
            value = 100 * t.rate
            ax.barh(y, value, height, color=COLOURS[n], label=legend)
            legend = None
            # Inside the bar when it is long, so a 100% label stays within the 0-100% axis.
            inside = value > 80
            ax.text(
                value - 1 if inside else value + 1, y, f"{value:.0f}% ({t.flagged}/{t.total})",
                va="center", ha="right" if inside else "left", fontsize=7,
                color="white" if inside else "black",
            )  # fmt: skip
    ax.set_yticks(range(len(labels)), [label.replace("_", " ") for label in labels])
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(PercentFormatter())
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)


def save(fig: Figure, ax: Axes, path: Path) -> None:
    # The legend goes below the bars, where it can hide none of them.
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=3, fontsize=9)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot(results: dict[str, SetBreakdown]) -> None:
    EVAL_DIR.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(10, 12))
    grouped_bars(
        ax,
        {name: r.recall_by_category for name, r in results.items()},
        "Safeguarding detector: disclosures escalated, by category",
        "recall (disclosures of this category that escalate)",
    )
    save(fig, ax, CATEGORY_PLOT)

    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 10))
    grouped_bars(
        left,
        {name: r.recall_by_kind for name, r in results.items()},
        "Disclosures escalated, by how they are written",
        "recall (higher is better)",
    )
    grouped_bars(
        right,
        {name: r.false_positives_by_kind for name, r in results.items()},
        "Look-alike messages wrongly escalated, by kind",
        "false-positive rate (lower is better)",
    )
    fig.suptitle("Safeguarding detector on the three test sets, by kind of message")
    save(fig, left, KIND_PLOT)


def main() -> None:
    started = time.monotonic()
    detector = Detector.from_data(DATA_DIR)
    results = {}
    for name in SETS:
        path = PROJECT_ROOT / "tests" / "safeguarding" / f"{name}.yml"
        results[name] = judge_set(detector, yaml.safe_load(path.read_text()))
    plot(results)
    report = {
        "what": "safeguarding detector (lexicon + classifier) on tests/safeguarding/*.yml: "
        "recall on disclosures and false-positive rate on look-alikes, by category and kind",
        **{name: as_report(result) for name, result in results.items()},
        "plots": {
            "recall_by_category": str(CATEGORY_PLOT.relative_to(PROJECT_ROOT)),
            "by_kind": str(KIND_PLOT.relative_to(PROJECT_ROOT)),
        },
        "seconds": round(time.monotonic() - started, 1),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    out = PROJECT_ROOT / "reports" / "eval_safeguarding.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    for name, result in results.items():
        print(
            f"{name}: recall {result.recall.rate:.1%} ({result.recall.flagged}/"
            f"{result.recall.total}), false positives {result.false_positives.rate:.1%} "
            f"({result.false_positives.flagged}/{result.false_positives.total})"
        )
    print(f"wrote {out.relative_to(PROJECT_ROOT)}, {CATEGORY_PLOT.relative_to(PROJECT_ROOT)}, "
          f"{KIND_PLOT.relative_to(PROJECT_ROOT)}")  # fmt: skip


if __name__ == "__main__":
    main()
