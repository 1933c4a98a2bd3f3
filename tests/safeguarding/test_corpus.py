"""The judge: our own corpus of disclosures and look-alikes, written apart from the lexicon
and the classifier's training data. Recall must be 100%; false positives at most 3%."""

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
        if not finding.concern
    ]
    assert not missed, f"{len(missed)} of {len(texts)} concerns missed:\n" + "\n".join(missed)


def test_traps_rarely_trigger(detector, corpus) -> None:
    texts = [item["text"] for item in corpus["traps"]]
    raised = [
        f"[{item['kind']}] {item['text']} -> {finding.categories} via "
        f"{sorted({m.term for m in finding.matches})}"
        for item, finding in zip(corpus["traps"], detector.scan_many(texts), strict=True)
        if finding.concern
    ]
    rate = len(raised) / len(texts)
    assert rate <= 0.03, f"false-positive rate {rate:.1%}:\n" + "\n".join(raised)
