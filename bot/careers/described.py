"""Finding a role from what the job does, in everyday words ("the person who makes false
legs", "who does the scans on pregnant women"): the shared sentence encoder's vector of the
message against vectors of each role's own words in data/careers/roles.yml.

Each role is read as several short texts (its title, each everyday name, its summaries and
its day in the job); a role scores the best of its texts. A message that names no role and
is close enough to one is answered with the closest three.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from bot.careers.catalogue import Catalogue, Role

# Cosine similarity at which a message describes a role. Chosen on the team's development
# descriptions (tests/careers/described_roles.yml): the least similar of them was 0.51.
DESCRIBES_A_ROLE = 0.5
# A message that also says what a pupil likes is read without its likings ("a job helping
# people walk again" as "a job walk again"), and one role must stand out from the rest: this
# far above the median role. "I like science, what jobs" leaves nothing that describes a job.
STANDS_OUT = 0.15
# Fewer words than this left is not a description.
FEWEST_WORDS = 3
# "the doctor who specialises in eyes" names only a family word ("doctor"): the role it
# describes wins over the one "doctor" stands for when it is at least this much closer.
CLOSER_THAN_NAMED = 0.05


class Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def role_texts(role: Role) -> list[str]:
    """The role in its own words, each a text of its own: one strong match is enough."""
    return [role.title, *role.synonyms, role.summary, role.summary_young, role.day]


class RoleDescriptions:
    def __init__(self, catalogue: Catalogue, encoder: Encoder, texts_encoder: Encoder) -> None:
        """`texts_encoder` reads the catalogue's own texts (it may keep them between runs);
        `encoder` reads what people write (never kept)."""
        self.encoder = encoder
        self.roles = list(catalogue.roles.values())
        owners: list[int] = []
        texts: list[str] = []
        for index, role in enumerate(self.roles):
            for text in role_texts(role):
                texts.append(text)
                owners.append(index)
        self._owners = np.array(owners)
        self._vectors = texts_encoder.encode(texts)

    def _similarities(self, text: str) -> np.ndarray:
        """Each role's best similarity to the text."""
        similarity = self._vectors @ self.encoder.encode([text])[0]
        best = np.full(len(self.roles), -1.0)
        np.maximum.at(best, self._owners, similarity)
        return best

    def described(self, text: str, *, with_likings: bool = False, limit: int = 3) -> list[Role]:
        """The closest roles when the message describes one; none when it does not.
        `with_likings`: the message (its likings taken out) also said what the pupil likes,
        so one role must stand out (see STANDS_OUT)."""
        if len(text.split()) < FEWEST_WORDS:
            return []
        best = self._similarities(text)
        top = float(best.max())
        if top < DESCRIBES_A_ROLE:
            return []
        if with_likings and top - float(np.median(best)) < STANDS_OUT:
            return []
        return [self.roles[i] for i in np.argsort(-best)[:limit]]

    def closer_than(self, text: str, named: Role, limit: int = 3) -> list[Role]:
        """The closest roles when another role is clearly closer to the text than `named`."""
        best = self._similarities(text)
        order = np.argsort(-best)
        top = self.roles[order[0]]
        named_at = self.roles.index(named)
        if top == named or best[order[0]] - best[named_at] < CLOSER_THAN_NAMED:
            return []
        return [self.roles[i] for i in order[:limit]]
