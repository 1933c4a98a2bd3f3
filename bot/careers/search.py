"""Finding roles: by name or everyday words, by what a pupil likes, and comparing two."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from bot.careers.catalogue import Catalogue, Role, route_words

# Everyday words for interests and subjects, as pupils write them.
INTEREST_WORDS = {
    "science": "science", "experiments": "science", "labs": "science", "lab": "science",
    "biology": "science", "chemistry": "science", "physics": "science",
    "people": "people", "talking": "people", "helping": "caring", "help people": "caring",
    "caring": "caring", "looking after": "caring", "kids": "people", "children": "people",
    "hands on": "hands_on", "hands-on": "hands_on", "practical": "hands_on",
    "making things": "hands_on", "fixing": "hands_on", "sport": "hands_on",
    "computers": "technology", "computer": "technology", "coding": "technology",
    "tech": "technology", "technology": "technology", "gadgets": "technology",
    "art": "creative", "drawing": "creative", "music": "creative", "drama": "creative",
    "creative": "creative", "design": "creative",
    "outdoors": "outdoors", "outside": "outdoors", "driving": "outdoors",
    "organising": "organising", "planning": "organising", "admin": "organising",
    "maths": "numbers", "math": "numbers", "numbers": "numbers", "money": "numbers",
}  # fmt: skip
SUBJECT_WORDS = {
    "maths": "maths", "math": "maths", "english": "english", "biology": "biology",
    "chemistry": "chemistry", "physics": "physics", "science": "science",
    "psychology": "psychology", "pe": "pe", "sport": "pe", "computing": "computing",
    "computer science": "computing", "dt": "design_technology", "art": "art",
    "food": "food", "cooking": "food", "business": "business", "languages": "languages",
    "french": "languages", "spanish": "languages", "sociology": "sociology",
}  # fmt: skip
_NOT_BLOOD = re.compile(
    r"\b(not|no|hate|don'?t like|can'?t (stand|handle|do)|scared of|faint at)\b[^.]{0,20}"
    r"\b(blood|needles?|gore|injur(y|ies))\b"
)
_NO_UNIVERSITY = re.compile(
    r"\b(no|not|without|don'?t want( to go to)?|skip)\b[^.]{0,12}\b(uni|university|degree)\b"
)


def spaced_words(text: str) -> str:
    """Lower-case words and numbers, one space apart and at each end: " a levels "."""
    return " " + re.sub(r"[^a-z0-9+ ]+", " ", text.lower().replace("’", "'")) + " "


def says(words: str, phrase: str) -> bool:
    """The spaced words (`spaced_words`) hold the phrase whole, or its plural ("nurses")."""
    return f" {phrase} " in words or f" {phrase}s " in words


_LIKING = re.compile(r"\b(i|we|he|she|they) (really )?(like|likes|love|loves|enjoy|enjoys)\b")


def says_a_liking(text: str) -> bool:
    """The text says what someone likes: "i like biology", "she loves art"."""
    return bool(_LIKING.search(spaced_words(text)))


def without_likings(text: str) -> str:
    """The text with what it says the pupil likes taken out: "i like biology, what jobs"
    leaves ", what jobs"; "a job helping people walk again" leaves "a job walk again"."""
    words = spaced_words(_LIKING.sub(" ", text.lower().replace("’", "'")))
    for liking in sorted({*INTEREST_WORDS, *SUBJECT_WORDS}, key=len, reverse=True):
        words = words.replace(f" {liking} ", " ")
    return " ".join(words.split())


def without_wishes(text: str) -> str:
    """The text without its likings (`without_likings`) or what it rules out: "a job on the
    rehab ward walking patients, without needing a degree" leaves "a job on the rehab ward
    walking patients"; "i like science but not blood" leaves "but"."""
    lowered = text.lower().replace("’", "'")
    return without_likings(_NO_UNIVERSITY.sub(" ", _NOT_BLOOD.sub(" ", lowered)))


@dataclass(frozen=True)
class Wishes:
    """What a pupil said they like and want, read from words or button answers."""

    interests: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    avoid_blood: bool = False
    no_university: bool = False

    @classmethod
    def from_text(cls, text: str) -> Wishes:
        lowered = text.lower().replace("’", "'")
        words = spaced_words(text)
        return cls(
            interests=frozenset(v for k, v in INTEREST_WORDS.items() if f" {k} " in words),
            subjects=frozenset(v for k, v in SUBJECT_WORDS.items() if f" {k} " in words),
            avoid_blood=bool(_NOT_BLOOD.search(lowered)),
            no_university=bool(_NO_UNIVERSITY.search(lowered)) or " apprenticeship" in words,
        )

    def __bool__(self) -> bool:
        return bool(self.interests or self.subjects or self.avoid_blood or self.no_university)


@cache  # every careers message reads every role's names: worked out once per role
def role_phrases(role: Role) -> tuple[str, ...]:
    """The role's title and everyday names as spaced words, longest first, so that a longer
    name is found before a shorter one inside it ("children's nurse" before "nurse")."""
    phrases = {spaced_words(n).strip() for n in (role.title.lower(), *role.synonyms)} - {""}
    return tuple(sorted(phrases, key=len, reverse=True))


@dataclass
class Fit:
    role: Role
    score: float
    reasons: list[str] = field(default_factory=list)


def named_roles(catalogue: Catalogue, text: str) -> list[Role]:
    """Every role the text names word for word, in the order they appear ("nurse and
    paramedic"); the longest name wins where names overlap ("children's nurse")."""
    words = spaced_words(text)
    spans: list[tuple[int, int, Role]] = []
    for role in catalogue.roles.values():
        for phrase in role_phrases(role):
            for variant in (phrase, phrase + "s"):
                at = words.find(f" {variant} ")
                if at >= 0:
                    spans.append((at, at + len(variant), role))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen: list[Role] = []
    end = -1
    for start, stop, role in spans:
        if start >= end and role not in chosen:
            chosen.append(role)
            end = stop
    return chosen


# Words before a role's name that say the job meant is another one: "not a doctor", "they
# aren't paramedics", "she didn't cook it", "a different profession to physio", "the one
# next to the dentist", "other than nurses". Up to four words
# may come between ("not a nurse or a doctor").
_SET_ASIDE = (
    r"(?:\bnot(?! sure)|\b(?:aren|isn|don|doesn|didn|won|wasn|weren) ?t|\bnever"
    r"|\bdifferent (?:[a-z]+ )?(?:to|from)"
    r"|\bapart from|\bother than|\bbesides?|\brather than|\binstead of"
    r"|\bnext to|\balongside|\bassists?|\bassisting|\bhelps? the|\bhelping the)"
    r"(?: [a-z0-9+]+){0,4}? "
)


def without_names(text: str, roles: list[Role]) -> str:
    """The text in spaced words with the roles' names taken out."""
    words = spaced_words(text)
    for role in roles:
        for phrase in role_phrases(role):
            words = re.sub(rf" {re.escape(phrase)}s? ", " ", words)
    return " ".join(words.split())


def _only_set_aside(words: str, name: str) -> bool:
    """Every time `name` is in the spaced words, a set-aside word comes before it."""
    left = re.sub(rf"({_SET_ASIDE}){re.escape(name)}(s?) ", r"\1 ", words)
    return not re.search(rf" {re.escape(name)}s? ", left)


# Words before a role's name that make it the job asked about: "wants to be a GP", "training
# as a midwife", "what does a porter do", "how much do surgeons earn", "GP jobs".
_AS_THE_JOB = (
    r"(?:\b(?:be|become|becoming|train(?:ing)?(?: to be)? as|work(?:ing)? as|jobs? as|career as"
    r"|careers? in|study(?:ing)? to be|qualify as|what does|what do|how much (?:does|do)|does"
    r"|is|are|about|for)(?: an?| the)?(?: [a-z0-9+]+){0,2}? )"
)


def names_the_job_asked(text: str, roles: list[Role]) -> bool:
    """One of the roles is named as the job asked about ("my son wants to be a GP"), not in
    passing in a story of another job ("the GP referred him to a lady who tested his
    hearing")."""
    words = spaced_words(text)
    for role in roles:
        for name in role_phrases(role):
            if re.search(rf"{_AS_THE_JOB}{re.escape(name)}s? ", words):
                return True
            if re.search(
                rf" {re.escape(name)}s? (?:jobs?|careers?|training|apprenticeships?"
                rf"|degrees?|pay|salary) ",
                words,
            ):
                return True
    return False


def names_set_aside(
    catalogue: Catalogue, text: str, family_words: frozenset[str] = frozenset()
) -> list[Role]:
    """The roles the text names only to say the job meant is not them ("works in theatres,
    not a nurse or a doctor", "stands next to the dentist passing the tools"). A family
    word set aside ("not a doctor") sets aside the family: not an anaesthetist or a GP
    either."""
    words = spaced_words(text)
    aside: list[Role] = []
    for role in named_roles(catalogue, text):
        said = [n for n in role_phrases(role) if re.search(rf" {re.escape(n)}s? ", words)]
        # Every time it is named, it is set aside: what is left names it nowhere.
        if said and all(_only_set_aside(words, name) for name in said):
            family = [r for r in catalogue.roles.values() if r.family == role.family]
            by_family_word = any(name in family_words for name in said)
            aside += [r for r in (family if by_family_word else [role]) if r not in aside]
    return aside


def family_words(catalogue: Catalogue) -> frozenset[str]:
    """One-word names that end other roles' titles: "nurse" (children's nurse, school
    nurse...), "doctor". Alone, they name a family of roles more than one role."""
    one_word = {n for r in catalogue.roles.values() for n in (r.title.lower(), *r.synonyms)}
    one_word = {n for n in one_word if " " not in n}
    return frozenset(
        word
        for word in one_word
        if any(r.title.lower().endswith(f" {word}") for r in catalogue.roles.values())
    )


def names_only_a_family(catalogue: Catalogue, text: str, family_words: frozenset[str]) -> bool:
    """The text names a role only by a family word ("the doctor who does eyes")."""
    words = spaced_words(text)
    family = [w for w in family_words if f" {w} " in words or f" {w}s " in words]
    if not family:
        return False
    for word in family:
        words = words.replace(f" {word}s ", " ").replace(f" {word} ", " ")
    return not named_roles(catalogue, words)


def find_by_name(catalogue: Catalogue, text: str, limit: int = 3) -> list[Role]:
    """Roles the text names, by title or everyday words ("x-ray person"), best first."""
    words = spaced_words(text)
    scored: list[tuple[float, str, Role]] = []
    for role in catalogue.roles.values():
        best = 0.0
        for phrase in role_phrases(role):
            if says(words, phrase):
                best = max(best, 100 + len(phrase))  # the longer the name found, the surer
            elif len(phrase) >= 6:
                # misspellings of a longer name ("paramedik", "physio therapist")
                score = fuzz.partial_ratio(phrase, words, score_cutoff=88)
                best = max(best, score)
        if best:
            scored.append((best, role.title, role))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [role for _, _, role in scored[:limit]]


def keeps(role: Role, wishes: Wishes) -> bool:
    """The role is clear of what the pupil ruled out: blood, or going to university."""
    return not (wishes.avoid_blood and role.blood) and not (
        wishes.no_university and not role.needs_no_degree
    )


def fits(catalogue: Catalogue, wishes: Wishes, limit: int = 3) -> list[Fit]:
    """The roles that best fit what a pupil likes, each with the reasons it fits."""
    found: list[Fit] = []
    for role in catalogue.roles.values():
        if not keeps(role, wishes):
            continue
        fit = Fit(role, 0.0)
        for interest in sorted(wishes.interests & set(role.interests)):
            fit.score += 2
            fit.reasons.append(f"it suits someone who likes {interest.replace('_', ' ')}")
        for subject in sorted(wishes.subjects & set(role.subjects)):
            fit.score += 1
            fit.reasons.append(f"{subject.replace('_', ' ')} helps")
        if wishes.avoid_blood:
            fit.reasons.append("no blood in the everyday work")
        if wishes.no_university:
            fit.reasons.append("you can start without a degree")
        if fit.score or not (wishes.interests or wishes.subjects):
            found.append(fit)
    found.sort(key=lambda f: (-f.score, f.role.title))
    return found[:limit]


def compare(first: Role, second: Role) -> list[tuple[str, str, str]]:
    """Rows of (what, first role, second role) for a side-by-side answer."""

    def pay(role: Role) -> str:
        return f"{role.band_label}: {role.pay.words()}" if role.pay else role.band_label

    def ways_in(role: Role) -> str:
        return "; ".join(route_words(r) for r in role.routes)

    return [
        ("What they do", first.summary, second.summary),
        ("Pay", pay(first), pay(second)),
        ("Ways in", ways_in(first), ways_in(second)),
        ("Subjects that help", ", ".join(first.subjects), ", ".join(second.subjects)),
        ("Blood and wounds", _blood(first), _blood(second)),
    ]


def _blood(role: Role) -> str:
    return "part of the job" if role.blood else "rarely"


def best_paid(catalogue: Catalogue, wishes: Wishes, limit: int = 3) -> list[Fit]:
    """The roles with the highest pay at the top of their range, within what was asked."""
    found = [
        Fit(role, float(role.pay.high), [f"pays up to {role.pay.words()}"])
        for role in catalogue.roles.values()
        if role.pay
        and keeps(role, wishes)
        and (not wishes.interests or wishes.interests & set(role.interests))
    ]
    found.sort(key=lambda f: (-f.score, f.role.title))
    return found[:limit]
