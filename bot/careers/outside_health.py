"""Jobs outside health named in a careers question ("what A levels to be a police officer",
"army at 16", "hairdressing at college or a salon apprenticeship"): we only know NHS and
health jobs, so the honest answer is no, and where to ask instead (data/careers/
outside_health.yml says why a list, and which words were left out)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.careers.search import spaced_words
from bot.config import read_yaml

# Words that put a message in health whatever else it names: "work experience in a hospital
# as well as at a vets", "a paramedic works with the police".
HEALTH_SETTING = re.compile(
    r"\b(nhs|hospitals?|health\w*|medic\w*|ward|patients?|clinic\w*|gps?|surgery|doctors?|"
    r"nurs\w*|midwi\w*|paramedics?|ambulance|dent\w*|pharmac\w*|physio\w*|therap\w*|"
    r"care home|carers?|caring|a ?e|a and e)\b",  # "a e": A&E once spaced_words has read it
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OutsideHealth:
    field: str  # what the answer calls the work: "policing"
    rest: str  # the message with the job's words taken out, for the NHS names left in it


@dataclass(frozen=True)
class JobsOutsideHealth:
    words: dict[str, str]  # a job's words -> its field

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


def load_jobs_outside_health(data_dir: Path) -> JobsOutsideHealth:
    document = read_yaml(data_dir / "careers" / "outside_health.yml")
    return JobsOutsideHealth(
        {words: entry["field"] for entry in document["fields"] for words in entry["words"]}
    )
