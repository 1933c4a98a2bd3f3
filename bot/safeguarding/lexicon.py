"""The safeguarding lexicon (data/safeguarding/lexicon.yml): loading and checking it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import read_yaml

CATEGORIES = (
    "physical_abuse",
    "emotional_abuse",
    "sexual_abuse",
    "neglect",
    "self_harm",
    "suicide",
    "domestic_abuse",
    "sexual_exploitation",
    "criminal_exploitation",
    "honour_based_abuse",
    "radicalisation",
    "online_harm",
    "child_on_child_abuse",
    "missing_or_homeless",
    "weapons_violence",
)
SEVERITIES = ("medium", "high", "critical")  # in rising order
PATTERN_KEYS = {"LOWER", "LEMMA", "ORTH", "TEXT", "OP", "IS_PUNCT", "LENGTH", "IS_DIGIT"}


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Term:
    """One phrase or token pattern of a category."""

    key: str  # how the term is named to a DSL: the phrase itself or the pattern's id
    category: str
    severity: str
    phrase: str | None = None
    pattern: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Suppressor:
    """A harmless frame: an idiom around a match, or a context word anywhere in the message."""

    categories: frozenset[str]
    phrase: str | None = None
    words: frozenset[str] = frozenset()


@dataclass
class Lexicon:
    version: int
    rewrites: dict[str, str]
    labels: dict[str, str]
    default_severity: dict[str, str]
    terms: list[Term] = field(default_factory=list)
    idioms: list[Suppressor] = field(default_factory=list)
    contexts: list[Suppressor] = field(default_factory=list)


def problems(raw: dict[str, Any]) -> list[str]:
    """Everything wrong with a lexicon document, as sentences a DSL can act on."""
    found: list[str] = []
    ids = [c.get("id") for c in raw.get("categories") or []]
    for missing in sorted(set(CATEGORIES) - set(ids)):
        found.append(f"category '{missing}' is missing")
    for unknown in sorted(set(ids) - set(CATEGORIES)):
        found.append(f"unknown category '{unknown}'")
    for category in raw.get("categories") or []:
        cid = category.get("id")
        if category.get("severity") not in SEVERITIES:
            found.append(f"{cid}: severity must be one of {', '.join(SEVERITIES)}")
        if not category.get("phrases") and not category.get("patterns"):
            found.append(f"{cid}: has no phrases or patterns")
        for phrase in category.get("phrases") or []:
            severity = phrase.get("severity") if isinstance(phrase, dict) else None
            if severity is not None and severity not in SEVERITIES:
                found.append(f"{cid}: bad severity '{severity}' on {phrase}")
        for pattern in category.get("patterns") or []:
            tokens = pattern.get("pattern")
            if not pattern.get("id") or not isinstance(tokens, list) or not tokens:
                found.append(f"{cid}: pattern {pattern.get('id')!r} needs an id and tokens")
                continue
            for token in tokens:
                if not isinstance(token, dict) or not set(token) <= PATTERN_KEYS:
                    found.append(f"{cid}:{pattern['id']}: unsupported token {token!r}")
            if pattern.get("severity", category.get("severity")) not in SEVERITIES:
                found.append(f"{cid}:{pattern['id']}: bad severity")
    for idiom in (raw.get("benign") or {}).get("idioms") or []:
        if not idiom.get("phrase") or not set(idiom.get("suppresses") or []) <= set(CATEGORIES):
            found.append(f"benign idiom {idiom!r} needs a phrase and known categories")
    for context in (raw.get("benign") or {}).get("contexts") or []:
        if not context.get("words") or not set(context.get("suppresses") or []) <= set(CATEGORIES):
            found.append(f"benign context {context!r} needs words and known categories")
    return found


def load_lexicon(path: Path) -> Lexicon:
    raw = read_yaml(path)
    errors = problems(raw)
    if errors:
        raise ValueError(f"{path} is invalid:\n" + "\n".join(errors))
    lexicon = Lexicon(
        version=int(raw.get("version", 1)),
        rewrites={str(k): str(v) for k, v in (raw.get("rewrites") or {}).items()},
        labels={},
        default_severity={},
    )
    # A category may appear twice (a later block adds entries); its first entry names it.
    for category in raw["categories"]:
        lexicon.labels.setdefault(category["id"], category.get("label", category["id"]))
        lexicon.default_severity.setdefault(category["id"], category["severity"])
    for category in raw["categories"]:
        cid, default = category["id"], category["severity"]
        for entry in category.get("phrases") or []:
            phrase = entry["phrase"] if isinstance(entry, dict) else entry
            severity = entry.get("severity", default) if isinstance(entry, dict) else default
            lexicon.terms.append(Term(str(phrase), cid, severity, phrase=str(phrase)))
        for entry in category.get("patterns") or []:
            lexicon.terms.append(
                Term(entry["id"], cid, entry.get("severity", default), pattern=entry["pattern"])
            )
    benign = raw.get("benign") or {}
    lexicon.idioms = [
        Suppressor(frozenset(i["suppresses"]), phrase=str(i["phrase"]))
        for i in benign.get("idioms") or []
    ]
    lexicon.contexts = [
        Suppressor(frozenset(c["suppresses"]), words=frozenset(str(w).lower() for w in c["words"]))
        for c in benign.get("contexts") or []
    ]
    return lexicon
