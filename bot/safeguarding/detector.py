"""The safeguarding detector: one message in, whether it is a concern and how sure we are.

Two nets, either of which escalates: the lexicon (phrases and token patterns a DSL can read,
matched with spaCy on lowercase words and lookup lemmas, after spelling out coded words and
correcting misspelt long words) and the trained classifier for what no word list holds.
A match inside a clear benign frame (an idiom, a game) is dropped, never a critical one.

Each finding has a level: hand-off when either net is sure, check-in when only the
classifier is, and unsure. If the classifier fails while the assistant runs, the lexicon
still decides alone, and the failure is logged loudly (never with the message's words).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.lookups import Table, load_lookups
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from bot.config import MODELS_DIR
from bot.language.encoder import SentenceEncoder
from bot.language.normalise import Normaliser
from bot.safeguarding.classifier import (
    VETO_MIN_WORDS,
    Assessment,
    ConcernClassifier,
    Level,
    load_classifier,
    train_and_keep,
)
from bot.safeguarding.lexicon import Lexicon, load_lexicon, severity_rank

log = logging.getLogger(__name__)

# Misspellings are corrected only in words this long (short words are too easily confused),
# towards trigger words of at least TARGET_MIN_LENGTH letters ("harmd" -> "harm").
FUZZY_MIN_LENGTH = 5
TARGET_MIN_LENGTH = 4
FUZZY_CUTOFF = 85

# Where a sentence ends: the classifier also reads the sentence that holds a lexicon match.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentence_holding(text: str, start: int) -> str:
    """The sentence of `text` in which the character at `start` stands."""
    begin = 0
    for end in SENTENCE_END.finditer(text):
        if end.end() > start:
            return text[begin : end.start()]
        begin = end.end()
    return text[begin:]


@dataclass(frozen=True)
class Match:
    category: str
    severity: str
    term: str  # the lexicon entry, or "classifier" for the second net
    text: str  # the words that matched, as normalised
    start: int  # character offsets in the normalised text
    end: int
    level: Level = Level.HANDOFF


@dataclass(frozen=True)
class Finding:
    matches: tuple[Match, ...] = ()

    @property
    def level(self) -> Level | None:
        """Hand-off when any match is sure, check-in when all are unsure, None: no concern."""
        if not self.matches:
            return None
        if any(m.level == Level.HANDOFF for m in self.matches):
            return Level.HANDOFF
        return Level.CHECK_IN

    @property
    def concern(self) -> bool:
        """Sure enough to hand the conversation to the safeguarding team."""
        return self.level == Level.HANDOFF

    @property
    def flagged(self) -> bool:
        """A concern, or a check-in: either way a person at the school will see it."""
        return self.level is not None

    @property
    def severity(self) -> str | None:
        if not self.matches:
            return None
        return max((m.severity for m in self.matches), key=severity_rank)

    @property
    def categories(self) -> list[str]:
        """Most severe first."""
        best: dict[str, int] = {}
        for match in self.matches:
            best[match.category] = max(best.get(match.category, -1), severity_rank(match.severity))
        return sorted(best, key=lambda c: (-best[c], c))

    def as_dict(self) -> dict[str, Any]:
        return {
            "concern": self.concern,
            "level": self.level.value if self.level else None,
            "categories": self.categories,
            "severity": self.severity,
            "spans": [
                {"category": m.category, "severity": m.severity, "term": m.term, "text": m.text,
                 "start": m.start, "end": m.end, "level": m.level.value}
                for m in self.matches
            ],
        }  # fmt: skip


def finding_from_dict(data: dict[str, Any] | None) -> Finding | None:
    """A Finding back from the `safeguarding` entry the NLU component added to a message."""
    if not data:
        return None
    matches = tuple(
        Match(s["category"], s["severity"], s["term"], s["text"], s["start"], s["end"],
              Level(s.get("level") or Level.HANDOFF))
        for s in data.get("spans") or []
    )  # fmt: skip
    return Finding(matches)


def blank_english() -> Language:
    """English tokenizer with lookup lemmas from spacy-lookups-data: no model download."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


# Words at least this likely in English text (log-probability, from spacy-lookups-data) are
# real words and never "corrected": "shutting" is not a misspelling of "shotting". Common
# misspellings ("sucidal", "stabed") sit well below it.
COMMON_WORD_LOG_PROB = -15.5


@lru_cache(maxsize=1)
def word_log_probabilities() -> Table:
    return load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")


def _anchor(pattern: list[dict[str, Any]]) -> frozenset[str]:
    """The fewest words one required token of the pattern accepts (empty: no anchor)."""
    best: frozenset[str] | None = None
    for token in pattern:
        if token.get("OP") in ("?", "*", "!"):
            continue
        for key in ("LOWER", "LEMMA"):
            value = token.get(key)
            words = (
                frozenset([value])
                if isinstance(value, str)
                else frozenset(v for v in value.get("IN", []) if isinstance(v, str))
                if isinstance(value, dict) and "IN" in value
                else None
            )
            if words and (best is None or len(words) < len(best)):
                best = words
    return best or frozenset()


def _pattern_words(pattern: list[dict[str, Any]]) -> Iterable[str]:
    for token in pattern:
        for key in ("LOWER", "LEMMA"):
            value = token.get(key)
            if isinstance(value, str):
                yield value
            elif isinstance(value, dict):
                yield from (v for v in value.get("IN", []) if isinstance(v, str))


class Detector:
    def __init__(self, lexicon: Lexicon, classifier: ConcernClassifier | None) -> None:
        self.lexicon = lexicon
        self.classifier = classifier
        self.nlp = blank_english()
        self.normalise = Normaliser(lexicon.rewrites)
        self._terms = {f"t{n}": term for n, term in enumerate(lexicon.terms)}
        self._phrases = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        # One small matcher per pattern, run only when the message holds the pattern's
        # anchor word: most messages hold none, and the Matcher's cost grows with patterns.
        # Indexed by anchor word, so a message costs what its words cost, not what the
        # lexicon's size costs. Patterns without an anchor run on every message.
        self._matchers: list[Matcher] = []
        self._unanchored: list[int] = []
        self._by_anchor: dict[str, list[int]] = {}
        for key, term in self._terms.items():
            if term.phrase is not None:
                self._phrases.add(key, [self.nlp(self.normalise(term.phrase))])
            else:
                matcher = Matcher(self.nlp.vocab)
                matcher.add(key, [term.pattern])
                index = len(self._matchers)
                self._matchers.append(matcher)
                anchor = _anchor(term.pattern)
                if not anchor:
                    self._unanchored.append(index)
                for word in anchor:
                    self._by_anchor.setdefault(word, []).append(index)
        # The categories a benign frame sets aside, by each word that makes the frame.
        self._framed_by_word: dict[str, set[str]] = {}
        for context in lexicon.contexts:
            for word in context.words:
                self._framed_by_word.setdefault(word, set()).update(context.categories)
        self._idioms = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for n, idiom in enumerate(lexicon.idioms):
            self._idioms.add(f"i{n}", [self.nlp.make_doc(self.normalise(idiom.phrase or ""))])
        words = {w for t in lexicon.terms if t.phrase for w in self.normalise(t.phrase).split()}
        words |= {w.lower() for t in lexicon.terms if t.pattern for w in _pattern_words(t.pattern)}
        self._long_trigger_words = sorted(
            w for w in words if len(w) >= FUZZY_MIN_LENGTH and w.isalpha()
        )
        self._trigger_words = set(words)
        self._log_prob = word_log_probabilities()

    @classmethod
    def from_data(
        cls,
        data_dir: Path,
        encoder: SentenceEncoder | None = None,
        models_dir: Path = MODELS_DIR,
    ) -> Detector:
        """The lexicon from data_dir and the kept classifier from models_dir, which reads
        sentences with `encoder` (a process shares one: see bot/runtime.py)."""
        detector = cls(load_lexicon(data_dir / "safeguarding" / "lexicon.yml"), None)
        detector.classifier = load_classifier(
            data_dir, models_dir, encoder or SentenceEncoder.from_package(), detector.lexicon_hits
        )
        return detector

    @lru_cache(maxsize=50_000)  # noqa: B019 (one detector per process; words repeat a lot)
    def _correction(self, word: str) -> str | None:
        """The trigger word a misspelt long word most likely meant ("sucidal" -> "suicidal")."""
        if word in self._trigger_words:
            return None
        if self._log_prob.get(word, COMMON_WORD_LOG_PROB - 1) >= COMMON_WORD_LOG_PROB:
            return None
        best = process.extractOne(
            word, self._long_trigger_words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        return best[0] if best else None

    def _spell_corrected(self, doc: Doc) -> Doc:
        changed = False
        words: list[str] = []
        for token in doc:
            fixed = None
            if token.is_alpha and len(token.text) >= FUZZY_MIN_LENGTH:
                fixed = self._correction(token.lower_)
            words.append(fixed or token.text)
            changed = changed or fixed is not None
        if not changed:
            return doc
        spaces = [bool(token.whitespace_) for token in doc]
        return self.nlp(Doc(self.nlp.vocab, words=words, spaces=spaces).text)

    def _lexicon_matches(self, doc: Doc) -> list[Match]:
        present = {token.lower_ for token in doc} | {token.lemma_ for token in doc}
        found = list(self._phrases(doc))
        chosen = set(self._unanchored)
        for word in present:
            chosen.update(self._by_anchor.get(word, ()))
        for index in sorted(chosen):  # lexicon order, as before the index
            found.extend(self._matchers[index](doc))
        idiom_spans = [
            (start, end, self.lexicon.idioms[int(self.nlp.vocab.strings[key][1:])])
            for key, start, end in self._idioms(doc)
        ]
        framed: set[str] = set()
        for token in doc:
            framed.update(self._framed_by_word.get(token.lower_, ()))
        matches: list[Match] = []
        for key, start, end in found:
            term = self._terms[self.nlp.vocab.strings[key]]
            if term.severity != "critical":
                in_idiom = any(
                    s <= start and end <= e and term.category in idiom.categories
                    for s, e, idiom in idiom_spans
                )
                if in_idiom or term.category in framed:
                    continue
            span = doc[start:end]
            matches.append(
                Match(
                    term.category,
                    term.severity,
                    term.key,
                    span.text,
                    span.start_char,
                    span.end_char,
                )
            )
        return matches

    def scan(self, text: str, vector: np.ndarray | None = None) -> Finding:
        vectors = None if vector is None else vector.reshape(1, -1)
        return self.scan_many([text], vectors)[0]

    def scan_many(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> list[Finding]:
        """`vectors`: the texts' sentence vectors when the NLU pipeline already has them."""
        docs = list(self._docs(texts))
        found = [self._lexicon_matches(doc) for doc in docs]
        assessments = self._assessments(texts, vectors)
        lengths = [len((text or "").split()) for text in texts]
        local = self._local_chances(docs, found, assessments, lengths)
        findings: list[Finding] = []
        for doc, lexicon, assessment, words, chance in zip(
            docs, found, assessments, lengths, local, strict=True
        ):
            matches = self._weighed(lexicon, chance, words)
            if assessment is not None:
                level = self.classifier.thresholds.level(assessment.chance)
                if level is not None and not any(
                    m.category == assessment.category for m in matches
                ):
                    category = assessment.category
                    severity = self.lexicon.default_severity.get(category, "high")
                    matches.append(
                        Match(category, severity, "classifier", doc.text, 0, len(doc.text), level)
                    )
            findings.append(Finding(tuple(matches)))
        return findings

    def lexicon_hits(self, texts: Sequence[str]) -> list[tuple[bool, bool]]:
        """For each text: whether the lexicon matches it, and whether critically."""
        hits = []
        for doc in self._docs(texts):
            matches = self._lexicon_matches(doc)
            hits.append((bool(matches), any(m.severity == "critical" for m in matches)))
        return hits

    def _docs(self, texts: Sequence[str]) -> Iterator[Doc]:
        for doc in self.nlp.pipe([self.normalise(text or "") for text in texts]):
            yield self._spell_corrected(doc)

    def _local_chances(
        self,
        docs: Sequence[Doc],
        found: Sequence[list[Match]],
        assessments: Sequence[Assessment | None],
        lengths: Sequence[int],
    ) -> list[float | None]:
        """For each message, the chance the classifier gives to what its lexicon matches say:
        the higher of the whole message's and that of each sentence holding a non-critical
        match. A disclosure in one sentence of a long message about prom dresses is diluted
        in the whole; read alone, the sentence is what it is. (None: no classifier.)"""
        chances = [None if a is None else a.chance for a in assessments]
        wanted = [
            (n, sentence_holding(doc.text, m.start))
            for n, (doc, matches, words) in enumerate(zip(docs, found, lengths, strict=True))
            if chances[n] is not None and words > VETO_MIN_WORDS
            for m in matches
            if m.severity != "critical"
        ]
        if not wanted:
            return chances
        read = self._assessments([sentence for _, sentence in wanted], None)
        for (n, _), assessment in zip(wanted, read, strict=True):
            if assessment is not None:
                chances[n] = max(chances[n], assessment.chance)
        return chances

    def _weighed(self, lexicon: list[Match], chance: float | None, words: int) -> list[Match]:
        """The lexicon's matches, each at the level the classifier's view allows.

        A critical entry always hands off. Another hands off when the classifier agrees (a
        concern more likely than not), asks for a check-in when it is less sure, and is set
        aside when it is sure a message long enough to frame it is a look-alike (an essay,
        the news, a sports injury). Without
        the classifier (it failed), every match hands off, as the lexicon alone always did."""
        if chance is None:
            return lexicon
        weighed = []
        for match in lexicon:
            level = (
                Level.HANDOFF
                if match.severity == "critical"
                else self.classifier.thresholds.lexicon_level(chance, words)
            )
            if level is not None:
                weighed.append(replace(match, level=level))
        return weighed

    def _assessments(
        self, texts: Sequence[str], vectors: np.ndarray | None
    ) -> list[Assessment | None]:
        """The classifier's view of each text; if it fails, none, and the lexicon decides."""
        if self.classifier is None:
            return [None] * len(texts)
        try:
            # The classifier reads the texts as it was trained on them (it normalises itself).
            return list(self.classifier.assess([text or "" for text in texts], vectors))
        except Exception as error:  # noqa: BLE001 (whatever broke, the lexicon must still run)
            log.error(
                "SAFEGUARDING CLASSIFIER FAILED (%s): %d message(s) scanned by the lexicon only",
                type(error).__name__, len(texts),
            )  # fmt: skip
            return [None] * len(texts)


def train_classifier(data_dir: Path, models_dir: Path) -> ConcernClassifier:
    """Train the classifier on data_dir's examples and keep it in models_dir (`make model`
    and the training benchmark); the lexicon's hits are among its inputs."""
    lexicon_only = Detector(load_lexicon(data_dir / "safeguarding" / "lexicon.yml"), None)
    # A thread a core: encoding the corpus is minutes of training, and the vectors are the
    # same as one thread's (bot/language/bert.py).
    encoder = SentenceEncoder.from_package(threads=os.cpu_count() or 1)
    return train_and_keep(data_dir, models_dir, encoder, lexicon_only.lexicon_hits)
