"""Safeguarding detector recall and false alarms on the test sets, for both outcomes
(hand-off; hand-off or check-in), broken down by category and by kind. Writes
reports/eval_safeguarding.json and two plots of the 2026-12d held-out set under reports/eval/.
Run with `make eval`.

Only counts and category/kind names go into the reports and the output: never message text.
The held-out set's misses are never printed: nobody tunes on it.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a build machine

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from bot.config import DATA_DIR, PROJECT_ROOT  # noqa: E402
from bot.safeguarding.detector import Detector  # noqa: E402
from bot.safeguarding.evaluation import SetBreakdown, Tally, judge_set, load_set  # noqa: E402

SETS = {
    "corpus": "corpus (development)",
    "unseen": "unseen (development)",
    "held_out": "2026-11 held out (now development)",
    "held_out_2026_12": "2026-12 first held out (measured once before the last change)",
    "held_out_2026_12b": "2026-12 second held out (measured once, before two changes)",
    "held_out_2026_12c": "2026-12 third held out (measured once, before the last change)",
    "held_out_2026_12d": "2026-12 fourth held out (never tuned on)",
}
HELD_OUT = "held_out_2026_12d"
# The plots show the held-out set's two outcomes side by side.
OUTCOMES = {"handoff": "hand-off", "any": "hand-off or check-in"}
COLOURS = ["#0072B2", "#E69F00"]  # Okabe-Ito: tell apart with colour blindness
EVAL_DIR = PROJECT_ROOT / "reports" / "eval"
CATEGORY_PLOT = EVAL_DIR / "safeguarding_recall_by_category.png"
KIND_PLOT = EVAL_DIR / "safeguarding_by_kind.png"


def as_report(result: SetBreakdown) -> dict:
    def rows(tallies: dict[str, Tally]) -> dict:
        return {name: t.as_dict() for name, t in tallies.items()}

    return {
        "recall": round(result.recall.rate, 4),
        "false_positive_rate": round(result.false_positives.rate, 4),
        "recall_any": round(result.recall_any.rate, 4),
        "false_positive_rate_any": round(result.false_positives_any.rate, 4),
        "concerns": result.recall.total,
        "traps": result.false_positives.total,
        "recall_by_category": rows(result.recall_by_category),
        "category_named_by_category": rows(result.named_by_category),
        "recall_by_kind": rows(result.recall_by_kind),
        "false_positive_rate_by_kind": rows(result.false_positives_by_kind),
        "recall_any_by_category": rows(result.recall_any_by_category),
        "recall_any_by_kind": rows(result.recall_any_by_kind),
        "false_positive_rate_any_by_kind": rows(result.false_positives_any_by_kind),
    }


def grouped_bars(ax: Axes, series: dict[str, dict[str, Tally]], title: str, xlabel: str) -> None:
    """One row per label, one bar per set; a label missing from a set is marked "n/a"."""
    labels = sorted({label for tallies in series.values() for label in tallies}, reverse=True)
    height = 0.8 / len(series)
    for n, (name, tallies) in enumerate(series.items()):
        legend: str | None = OUTCOMES[name]  # on the series' first bar only
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


def plot(held_out: SetBreakdown) -> None:
    EVAL_DIR.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(10, 12))
    grouped_bars(
        ax,
        {"handoff": held_out.recall_by_category, "any": held_out.recall_any_by_category},
        f"Safeguarding detector on the {SETS[HELD_OUT]} set:\ndisclosures found, by category",
        "recall (disclosures of this category that reach a person)",
    )
    save(fig, ax, CATEGORY_PLOT)

    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 10))
    grouped_bars(
        left,
        {"handoff": held_out.recall_by_kind, "any": held_out.recall_any_by_kind},
        "Disclosures found, by how they are written",
        "recall (higher is better)",
    )
    grouped_bars(
        right,
        {"handoff": held_out.false_positives_by_kind, "any": held_out.false_positives_any_by_kind},
        "Look-alike messages flagged, by kind",
        "false-alarm rate (lower is better)",
    )
    fig.suptitle(f"Safeguarding detector on the {SETS[HELD_OUT]} set, by kind of message")
    save(fig, left, KIND_PLOT)


def main() -> None:
    started = time.monotonic()
    detector = Detector.from_data(DATA_DIR)
    results = {}
    for name in SETS:
        folder = PROJECT_ROOT / "tests" / "safeguarding" / name
        path = folder if folder.is_dir() else folder.with_suffix(".yml")
        if path.exists():
            results[name] = judge_set(detector, load_set(path))
    plot(results[HELD_OUT])
    report = {
        "what": "safeguarding detector (lexicon + classifier) on tests/safeguarding/: recall on "
        "disclosures and false alarms on look-alikes, hand-off alone and with check-ins, by "
        "category and kind",
        **{name: as_report(result) for name, result in results.items()},
        "plotted": HELD_OUT,
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
            f"{name}: recall {result.recall_any.rate:.1%} with check-ins "
            f"({result.recall_any.flagged}/{result.recall_any.total}), "
            f"{result.recall.rate:.1%} handed off; look-alikes flagged "
            f"{result.false_positives_any.rate:.1%} ({result.false_positives_any.flagged}/"
            f"{result.false_positives_any.total}), {result.false_positives.rate:.1%} handed off"
        )
    print(f"wrote {out.relative_to(PROJECT_ROOT)}, {CATEGORY_PLOT.relative_to(PROJECT_ROOT)}, "
          f"{KIND_PLOT.relative_to(PROJECT_ROOT)}")  # fmt: skip


if __name__ == "__main__":
    main()
