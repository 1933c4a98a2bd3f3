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


def _ratio(figure: dict[str, float]) -> str:
    return f"{figure['median']}× ({figure['lowest']} to {figure['highest']})"


def load_rows() -> list[str]:
    """Latency under load: bare Rasa twice (as it comes, on our store), ours on one and two."""
    report = load("bench_load.json")
    if not report:
        return []
    day = report["measured_at"][:10]
    runs = [
        ("bare Rasa (starter project), 1 server, in-memory store", report["bare_rasa_starter"]),
        ("bare Rasa, 1 server, on a PostgreSQL store like ours", report["bare_rasa_same_store"]),
        ("ours, 1 server", report["ours_one_server"]),
        ("ours, 2 servers behind nginx", report["ours_two_servers"]),
    ]
    table = [
        "",
        f"Conversations at once through the REST channel ({day}; the assistants took turns, "
        f"{report['rounds']} rounds at each level; the median of the rounds' median / 95th "
        "percentile per message, and messages a second; `reports/bench_load.json`):",
        "",
        "| assistant | " + " | ".join(f"{level} at once" for level in report["levels"]) + " |",
        "|---|" + "---|" * len(report["levels"]),
    ]
    for name, run in runs:
        cells = [
            f"{v['median_ms']:,.0f} / {v['p95_ms']:,.0f} ms, {v['messages_per_second']} msg/s"
            for v in run["levels"].values()
        ]
        table.append(f"| {name} | " + " | ".join(cells) + " |")
    checked = [v for _, run in runs[2:] for v in run["levels"].values()]
    problems = sum(v["record_problems"] for v in checked)
    disclosures = sum(v["disclosures"] for v in checked)
    messages = sum(v["messages"] for v in checked)
    ratios = report["ratios"]
    table += [
        "",
        "Ours on one server against bare Rasa on the same store, the median of the per-round "
        "ratios (lowest to highest): median latency "
        f"{_ratio(ratios['one_server_vs_same_store_median_ms_at_1'])} alone and "
        f"{_ratio(ratios['one_server_vs_same_store_median_ms_at_10'])} at 10 at once; 95th "
        f"percentile {_ratio(ratios['one_server_vs_same_store_p95_ms_at_1'])} and "
        f"{_ratio(ratios['one_server_vs_same_store_p95_ms_at_10'])} (aim: 1.3× or less); "
        "messages a second at 10 at once "
        f"{_ratio(ratios['one_server_vs_same_store_messages_per_second_at_10'])} (aim: 0.8× or "
        "more). Two servers against one, messages a second at 50 at once: "
        f"{_ratio(ratios['two_servers_vs_one_messages_per_second_at_50'])} (aim: 1.6× or "
        "more). Read back from the tracker store and the escalation table after every run of "
        f"ours: {messages:,} messages, {disclosures} disclosures, {problems} lost, doubled or "
        "misordered messages or missed escalations (aim: 0).",
    ]
    return table + busy_rows(report)


def _by_process(level: dict) -> str:
    return ", ".join(f"{kind} {ms}" for kind, ms in level["busy_ms_a_message"].items())


def busy_rows(report: dict) -> list[str]:
    """Processor time a message by process at the busiest level, and what it leaves two
    servers: on all the machine's cores, at most cores / (time a message) messages a second."""
    level = list(report["levels"])[-1]
    one = report["ours_one_server"]["levels"][level]
    two = report["ours_two_servers"]["levels"][level]
    bare = report["bare_rasa_same_store"]["levels"][level]
    if "busy_ms_a_message" not in two:
        return []
    two_ms = sum(two["busy_ms_a_message"].values())
    most = report["cores"] * 1000 / two_ms
    return [
        "",
        f"Processor time a message at {level} at once, in ms, by process (every such process "
        "on the machine, idle ones too; `busy_ms_a_message`): ours on one server: "
        f"{_by_process(one)}; ours on two servers: {_by_process(two)} ({two_ms:.1f} in all); "
        f"bare Rasa on the same store: {_by_process(bare)}. At {two_ms:.1f} ms a message the "
        f"machine's {report['cores']} cores can answer at most {most:.1f} messages a second, "
        f"{most / one['messages_per_second']:.2f}× one server's {one['messages_per_second']} "
        "(docs/turn-profile.md).",
    ]


def profile_rows() -> list[str]:
    """`make profile`: where one turn's time goes on the Rasa server, its ten largest parts."""
    report = load("profile_turn.json")
    if not report:
        return []
    turns, servers = report["turns"], report["servers"]
    rasa, actions = servers["rasa"], servers["actions"]
    parts = "; ".join(f"{p['where']} {p['ms_per_message']}" for p in rasa["parts"][:10])
    return [
        "",
        f"Where one turn's time goes (`make profile`, {report['measured_at'][:10]}, "
        f"{turns['messages']} messages one at a time, median {turns['median_ms']} ms; py-spy on "
        "the running servers; `reports/profile_turn.json`, docs/turn-profile.md): the Rasa "
        f"server was busy {rasa['busy_ms_per_message']} ms a message and the action server "
        f"{actions['busy_ms_per_message']} ms. The Rasa server's ten largest parts, in ms a "
        f"message: {parts}.",
    ]


def eval_rows() -> list[str]:
    """`make eval`: Rasa's cross-validation and conversation tests, safeguarding by kind."""
    table = []
    nlu = load("eval_nlu.json")
    if nlu:
        table.append(
            f"| intent macro-F1, {nlu['folds']}-fold cross-validation of all "
            f"{nlu['examples']:,} examples ([confusion matrix]({nlu['confusion_matrix']})) "
            f"| {nlu['intent_macro_f1']:.3f} | 0.90 or more | {nlu['measured_at'][:10]} |"
        )
    stories = load("eval_conversations.json")
    if stories:
        failed = ", ".join(f"“{n}”" for n in stories["failed_story_names"]) or "none"
        table.append(
            f"| conversation tests (`rasa test core --e2e`), stories passing "
            f"(failing: {failed}) | {stories['stories_correct']} of {stories['stories']} "
            f"| all | {stories['measured_at'][:10]} |"
        )
    routing = load("eval_routing.json")
    if routing:
        table += routing_rows(routing)
    safeguarding = load("eval_safeguarding.json")
    if safeguarding:
        held, plots = safeguarding[safeguarding["plotted"]], safeguarding["plots"]
        weakest = sorted(held["recall_any_by_kind"].items(), key=lambda kv: kv[1]["rate"])[:3]
        noisiest = sorted(
            held["false_positive_rate_any_by_kind"].items(), key=lambda kv: -kv[1]["rate"]
        )[:2]
        table.append(
            "| detector on the newest held-out set: weakest kinds of disclosure (found, with "
            "check-ins) / look-alikes most often flagged "
            f"([by category]({plots['recall_by_category']}), "
            f"[by kind]({plots['by_kind']})) | "
            + ", ".join(f"{k.replace('_', ' ')} {v['rate']:.0%}" for k, v in weakest)
            + " / "
            + ", ".join(f"{k.replace('_', ' ')} {v['rate']:.0%}" for k, v in noisiest)
            + f" | | {safeguarding['measured_at'][:10]} |"
        )
    return table


# The held-out question sets (tests/held_out_questions/), newest first.
ROUTING_SETS = [
    (
        "2026-12s",
        "development set of 2026-12-08 (care asked of NHS workers; job stories; misses read)",
        "",
        "",
    ),
    (
        "2026-12r",
        "thirteenth set (routing; job descriptions, many told through why the family met "
        "the worker), never tuned on",
        "0.95",
        "0.90",
    ),
    ("2026-12q", "twelfth set (jobs outside health, named or not), never tuned on", "0.95", ""),
    ("2026-12p", "eleventh set (heavy on jobs outside health), never tuned on", "0.95", ""),
    ("2026-12o", "tenth set (job descriptions, one a role), never tuned on", "", "0.90"),
    ("2026-12n", "ninth set (job descriptions only), never tuned on", "", "0.90"),
    ("2026-12m", "development set of 2026-12-07 (job descriptions; misses read)", "", ""),
    ("2026-12l", "eighth set (routing and job descriptions), never tuned on", "0.95", "0.90"),
    ("2026-12k", "development set of 2026-12-06 evening (its misses guided changes)", "", ""),
    ("2026-12j", "seventh set (long forum-style posts), never tuned on", "0.95", ""),
    ("2026-12i", "sixth set (job descriptions only), never tuned on", "", "0.90"),
    ("2026-12h", "fifth set (heavy on out of scope), never tuned on", "0.95", ""),
    (
        "2026-12g",
        "fourth set (job descriptions only; never read, but its drop decided a revision on "
        "2026-12-06)",
        "",
        "0.90",
    ),
    ("2026-12f", "third set, never tuned on", "0.95", ""),
    ("2026-12b", "second set, never tuned on", "0.95", "0.90"),
    ("2026-12", "first set (its confusions and misses guided changes)", "", ""),
]


def routing_rows(report: dict) -> list[str]:
    day, table = report["measured_at"][:10], []
    for name, what, aim, jobs_aim in ROUTING_SETS:
        found = report["sets"].get(name)
        if not found:
            continue
        asked, jobs = found.get("routing"), found.get("job_descriptions")
        if asked:
            weakest = sorted(asked["by_route"].items(), key=lambda kv: kv[1])[:2]
            table.append(
                f"| held-out questions, {what} ({asked['questions']}), through the REST "
                "channel: the right kind of answer (a topic's services, careers, 999 advice, "
                "the school office, an honest no); weakest: "
                + ", ".join(f"{route.replace('_', ' ')} {rate:.0%}" for route, rate in weakest)
                + f" | {asked['right']:.1%} | {aim or ' '} | {day} |"
            )
        if jobs:
            table.append(
                f"| everyday descriptions of NHS jobs without their names, {what} "
                f"({jobs['descriptions']}): the right role in the top three "
                f"| {jobs['right_role_in_top_3']:.1%} | {jobs_aim or ' '} | {day} |"
            )
    return table


# The safeguarding sets, newest first: what each is, and the aims the issue set for it.
SAFEGUARDING_SETS = [
    ("held_out_2026_12d", "2026-12 fourth held-out set, never tuned on", "98% / 3% / 10%"),
    ("held_out_2026_12c", "2026-12 third held-out set (measured once, before the last change)", ""),
    ("held_out_2026_12b", "2026-12 second held-out set (measured once, before two changes)", ""),
    ("held_out_2026_12", "2026-12 first held-out set (measured before three changes)", ""),
    ("held_out", "2026-11 held-out set, now a development set", ""),
    ("unseen", "2026-11 second set, a development set", ""),
    ("corpus", "the first test corpus, a development set", ""),
]


def safeguarding_rows(report: dict) -> list[str]:
    day = report["measured_at"][:10]
    training = report["classifier_out_of_fold"]
    table = [
        f"| sentence encoder (all-MiniLM-L6-v2), one typical message on one core, median "
        f"| {report['encoder_median_ms_one_core']} ms | under 10 ms | {day} |",
        f"| safeguarding detector once the message is encoded, one message on one core, "
        f"median | {report['detector_median_ms_one_core_after_encoding']} ms | | {day} |",
    ]
    for name, what, aim in SAFEGUARDING_SETS:
        found = report["sets"].get(name)
        if not found:
            continue
        table.append(
            f"| safeguarding, {what} ({found['concerns']} disclosures + {found['traps']} "
            f"look-alikes): disclosures reaching a person (hand-off or check-in) / look-alikes "
            f"handed off / look-alikes flagged at all | {found['recall_any']:.1%} / "
            f"{found['false_alarms_handoff']:.1%} / {found['false_alarms_any']:.1%} "
            f"| {aim or ' '} | {day} |"
        )
    table.append(
        f"| classifier alone, out of fold on voices it did not learn from "
        f"({training['examples']:,} examples): disclosures found / look-alikes flagged, "
        f"hand-off; with check-ins "
        f"| {training['recall_handoff']:.1%} / {training['false_alarms_handoff']:.1%}; "
        f"{training['recall_any']:.1%} / {training['false_alarms_any']:.1%} | | {day} |"
    )
    return table


def rows() -> list[str]:
    table = ["| what | figure | aim | measured |", "|---|---|---|---|"]
    training = load("bench_training.json")
    if training:
        day = training["measured_at"][:10]
        table.append(
            f"| `rasa train` (NLU and dialogue) from scratch "
            f"({'one run' if training['runs'] == 1 else 'median of ' + str(training['runs'])}) "
            f"| {training['median_s']} s | | {day} |"
        )
        if "safeguarding_classifier_s" in training:
            # Reports from before the bench had a vector cache of its own were measured with
            # the corpus's vectors already cached by `make model`.
            encoded = (
                "from scratch (encoding its corpus, once)"
                if "one_after_the_other_s" in training
                else "trained with its corpus's vectors already cached by an earlier training"
            )
            table.append(
                f"| safeguarding classifier {encoded} "
                f"| {training['safeguarding_classifier_s']} s | | {day} |"
            )
            if "one_after_the_other_s" in training:
                table.append(
                    f"| training the whole assistant (the two above side by side, as "
                    f"`make model` does; one after the other: "
                    f"{training['one_after_the_other_s']} s) "
                    f"| {training['whole_assistant_s']} s | under 180 s | {day} |"
                )
            else:  # a report from before `make model` trained them side by side
                table.append(
                    f"| training the whole assistant (the two above, one after the other) "
                    f"| {training['whole_assistant_s']} s | under 180 s | {day} |"
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
    directory = load("bench_directory.json")
    if directory:
        day = directory["measured_at"][:10]
        for backend, name in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
            figures = directory[backend]
            table.append(
                f"| directory search, {directory['services']:,} services on {name}, topic near "
                f"a postcode, the first page, median / p95 | {figures['median_ms']} / "
                f"{figures['p95_ms']} ms | p95 under 50 ms | {day} |"
            )
    nlu = load("nlu_heldout.json")
    if nlu:
        table.append(
            f"| intent macro-F1, held-out 20% of data/nlu | {nlu['macro_f1']:.3f} | 0.90 or more "
            f"| {nlu['measured_at'][:10]} |"
        )
    safeguarding = load("safeguarding.json")
    if safeguarding:
        table += safeguarding_rows(safeguarding)
    return table


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    block = "\n".join([START, *rows(), *eval_rows(), *load_rows(), *profile_rows(), END])
    readme.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END), block, text, flags=re.S))
    print(block)


if __name__ == "__main__":
    main()
