"""The first judge: our own corpus of disclosures and look-alikes, written apart from the
lexicon and the classifier's training data. Every disclosure reaches a person (hand-off or
check-in); at most 3% of the look-alikes hand off and at most 10% get a check-in."""

from collections import Counter

from bot.safeguarding.lexicon import CATEGORIES

CONCERN_KINDS = {"direct", "indirect", "misspelled", "slang", "coded", "third_party",
                 "long_message", "retraction"}  # fmt: skip
TRAP_KINDS = {"idiom", "game", "sport", "homework", "news", "substring", "money", "asthma",
              "everyday"}  # fmt: skip


def test_the_corpus_covers_every_category_and_kind(corpus) -> None:
    concerns, traps = corpus["concerns"], corpus["traps"]
    assert len(concerns) >= 150 and len(traps) >= 150
    by_category = Counter(c for item in concerns for c in item["categories"])
    assert set(by_category) == set(CATEGORIES)
    assert {item["kind"] for item in concerns} == CONCERN_KINDS
    assert {item["kind"] for item in traps} == TRAP_KINDS


def test_every_concern_is_caught(detector, corpus) -> None:
    texts = [item["text"] for item in corpus["concerns"]]
    missed = [
        f"[{item['kind']}/{','.join(item['categories'])}] {item['text']}"
        for item, finding in zip(corpus["concerns"], detector.scan_many(texts), strict=True)
        if not finding.flagged
    ]
    assert not missed, f"{len(missed)} of {len(texts)} concerns missed:\n" + "\n".join(missed)


def test_traps_rarely_trigger(detector, corpus) -> None:
    texts = [item["text"] for item in corpus["traps"]]
    findings = detector.scan_many(texts)
    raised = [
        f"[{item['kind']}] {item['text']} -> {finding.level} {finding.categories} via "
        f"{sorted({m.term for m in finding.matches})}"
        for item, finding in zip(corpus["traps"], findings, strict=True)
        if finding.flagged
    ]
    handed_off = sum(f.concern for f in findings) / len(texts)
    assert handed_off <= 0.03, f"hand-offs {handed_off:.1%}:\n" + "\n".join(raised)
    flagged = len(raised) / len(texts)
    assert flagged <= 0.10, f"hand-offs and check-ins {flagged:.1%}:\n" + "\n".join(raised)
