"""Jobs outside health named in a careers question ("what A levels to be a police officer",
"army at 16", "hairdressing at college or a salon apprenticeship"): we only know NHS and
health jobs, so the honest answer is no, and where to ask instead (data/careers/
outside_health.yml says why a list, and which words were left out).

A list misses the jobs it does not hold and the work described without a job's name ("which
degree gets you into designing planes", "wanna work with horses when im older"), so a careers
question that names none of the list, no NHS role and no health setting is also read by its
meaning: a logistic regression on the sentence vectors of questions about work outside health
against questions and descriptions of health work (`OutsideHealthByMeaning`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.careers.catalogue import Catalogue, DescribedJob
from bot.careers.described import Encoder, role_texts
from bot.careers.search import Wishes, spaced_words
from bot.config import read_yaml

# How sure the reader by meaning must be that a question is about work outside health before
# the honest no. Chosen by leaving each writer's questions out in turn (data/careers/
# outside_health_questions.yml, six writers of questions about work in and outside health,
# seven of questions that name no field): at 0.85 (0.95 with a liking, below), 380 of the 689
# questions about work outside health were caught by meaning (the list's words catch others),
# 5 of the 556 that name no field were told no, and 1 of the 255 about health work ("designing
# and fitting artificial arms and legs", 0.94), none of the careers questions or job
# descriptions of the development sets. With the first three writers alone (330 such
# questions), 105 were caught.
OUTSIDE_AT_LEAST = 0.85
# ...and when it also says a liking the careers answer knows ("i like art what jobs", "i want
# to work outdoors"): those get the NHS jobs that fit unless the reader is surer still. Left
# out in turn as above, 3 of the 144 with a liking that name no field were told no at 0.85
# and 1 at 0.95 (and 80 of the 206 with a liking about work outside health were caught at
# 0.95, 121 at 0.85).
OUTSIDE_WITH_LIKINGS = 0.95
# The reader's three classes, in the order of its probabilities' columns.
OUTSIDE, HEALTH, NO_FIELD = 0, 1, 2
# The regression's inverse regularisation: at 1, a fifth fewer caught for the same few told no.
OUTSIDE_C = 4.0
# An NLU example's entity marks: "[Walsall](town)" reads "Walsall".
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")

# Words that put a message in health whatever else it names: "work experience in a hospital
# as well as at a vets", "a paramedic works with the police", the medical schools' admissions
# tests (UCAT, BMAT). "a e" is A&E once spaced_words has read it.
HEALTH_SETTING = re.compile(
    r"\b(nhs|hospitals?|health\w*|medic\w*|ward|patients?|clinic\w*|gps?|surgery|doctors?|"
    r"nurs\w*|midwi\w*|paramedics?|ambulance|dent\w*|pharmac\w*|physio\w*|therap\w*|"
    r"care home|carers?|caring|ucat|bmat|a ?e|a and e)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OutsideHealth:
    field: str  # what the answer calls the work: "policing"
    rest: str  # the message with the job's words taken out, for the NHS names left in it


class OutsideHealthByMeaning:
    """Whether a careers question is about work outside health, read by its meaning."""

    def __init__(
        self,
        encoder: Encoder,
        texts_encoder: Encoder,
        outside: Sequence[str],
        health: Sequence[str],
        no_field: Sequence[str],
    ) -> None:
        """`texts_encoder` reads the examples (it may keep them between runs); `encoder` reads
        what people write (never kept)."""
        self.encoder = encoder
        vectors = texts_encoder.encode([*outside, *health, *no_field])
        labels = np.repeat([OUTSIDE, HEALTH, NO_FIELD], [len(outside), len(health), len(no_field)])
        # Balanced: health has several times the examples, and the three should weigh
        # alike. lbfgs and a fixed order of examples: the same data gives the same model.
        self._learned = LogisticRegression(C=OUTSIDE_C, class_weight="balanced", max_iter=2000).fit(
            vectors, labels
        )

    def probability(self, text: str) -> float:
        """How likely the question is about work outside health."""
        return float(self._learned.predict_proba(self.encoder.encode([text]))[0, OUTSIDE])

    def asks(self, text: str) -> bool:
        """A question about work outside health that names no health setting."""
        if HEALTH_SETTING.search(spaced_words(text)):
            return False
        said = Wishes.from_text(text)
        at_least = OUTSIDE_WITH_LIKINGS if said.interests or said.subjects else OUTSIDE_AT_LEAST
        return self.probability(text) >= at_least


@dataclass(frozen=True)
class JobsOutsideHealth:
    words: dict[str, str]  # a job's words -> its field
    by_meaning: OutsideHealthByMeaning | None = None  # for the work no word of the list names
    # NHS roles whose name is as often a job elsewhere ("chef", "electrician"): ids.
    shared_roles: frozenset[str] = frozenset()

    def placed_elsewhere(self, text: str, role_id: str) -> bool:
        """Whether a question naming this role asks about the same job outside health ("chef
        in a posh restaurant"), by its meaning; never for a role only health has."""
        return role_id in self.shared_roles and self.asked_by_meaning(text)

    def asked_by_meaning(self, text: str) -> bool:
        """Whether the question is about work outside health by what it means (never without
        the reader)."""
        return self.by_meaning is not None and self.by_meaning.asks(text)

    def named(self, text: str) -> OutsideHealth | None:
        """The first field of work outside health the text names, longest words first
        ("veterinary nurse" before "nurse" could be read as a role); None when it names
        none or names a health setting besides."""
        spaced = original = spaced_words(text)
        found: list[tuple[int, str]] = []
        for words in sorted(self.words, key=len, reverse=True):
            for variant in (words, words + "s"):
                if f" {variant} " in spaced:
                    found.append((original.find(f" {variant} "), words))
                    spaced = spaced.replace(f" {variant} ", " ")
        if not found:
            return None
        rest = spaced.strip()
        if HEALTH_SETTING.search(rest):
            return None
        return OutsideHealth(field=self.words[min(found)[1]], rest=rest)


def load_jobs_outside_health(
    data_dir: Path, by_meaning: OutsideHealthByMeaning | None = None
) -> JobsOutsideHealth:
    document = read_yaml(data_dir / "careers" / "outside_health.yml")
    return JobsOutsideHealth(
        {words: entry["field"] for entry in document["fields"] for words in entry["words"]},
        by_meaning,
        frozenset(document.get("shared_roles") or ()),
    )


def learn_outside_health(
    data_dir: Path,
    catalogue: Catalogue,
    described_jobs: Sequence[DescribedJob],
    encoder: Encoder,
    texts_encoder: Encoder,
) -> OutsideHealthByMeaning:
    """The reader by meaning, from data/careers/outside_health_questions.yml against every
    text of health work the project has: those questions' health side and the questions that
    name no field (answered with NHS jobs), the careers questions
    the NLU learns from (data/nlu/careers.yml: every one is about health work, since that is
    all the careers answer knows), each role's own texts and the described jobs."""
    questions = read_yaml(data_dir / "careers" / "outside_health_questions.yml")
    health = [
        *questions["health"],
        *careers_examples(data_dir),
        *(text for role in catalogue.roles.values() for text in role_texts(role)),
        *(job.text for job in described_jobs),
    ]
    return OutsideHealthByMeaning(
        encoder, texts_encoder, questions["outside_health"], health, questions["no_field"]
    )


def careers_examples(data_dir: Path) -> list[str]:
    """The `careers` intent's NLU examples as plain text."""
    return [
        _ANNOTATION.sub(r"\1", line[2:]).strip()
        for block in read_yaml(data_dir / "nlu" / "careers.yml")["nlu"]
        if block.get("intent") == "careers"
        for line in block["examples"].splitlines()
        if line.startswith("- ")
    ]
