"""Finding a role from what the job does, in everyday words ("the person who makes false
legs", "who does the scans on pregnant women"): the shared sentence encoder's vector of the
message against vectors of each role's own words in data/careers/roles.yml.

Each role is read as several short texts (its title, each everyday name, its summaries, its
day in the job and what it does in everyday words). Whether a message describes a role at
all is read from the role's best text; the roles it may describe are ranked by their three
best texts, so a role that several of its texts fit outranks one a single stray line fits.
A message that names no role and is close enough to one is answered with the closest three.

A message of several sentences is also read sentence by sentence: "My kid broke his wrist
and the lady who took the pictures of the bone was so kind. What would he need to study?"
describes a job in one sentence and asks in another, and the whole message's vector falls
between the two. It describes a job when one reading comes close enough to a role, and the
roles are ranked by every reading that describes rather than asks, on average: ranked by
the single closest reading, a stray sentence ("I'd like to write and thank him properly")
put the finance officer first on the development sets.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Protocol

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.careers.catalogue import Catalogue, DescribedJob, Role
from bot.careers.cues import Cue

# Cosine similarity at which a message describes a role. Chosen on the team's development
# descriptions (tests/careers/described_roles.yml, the least similar 0.51) and on a second
# set a helper wrote apart (described_roles_2026_12e.yml): at 0.5 a third of its longer,
# rambling descriptions went unanswered; at 0.45, fewer, and the careers questions that name
# no job stay with their own answers (ASKING_NOT_DESCRIBING keeps "what skills do you need").
DESCRIBES_A_ROLE = 0.45
# A message that also says what a pupil likes is read without its likings ("a job helping
# people walk again" as "a job walk again"), and one role must stand out from the rest: this
# far above the median role. "I like science, what jobs" leaves nothing that describes a job.
STANDS_OUT = 0.15
# How a role's three closest texts weigh in its rank: on the development sets ranking by
# the best text alone put a role a single line fitted by chance above the right one.
RANK_WEIGHTS = np.array([1.0, 0.5, 0.25])
# Which roles a description fits best is read two ways: how close it is to each role's own
# texts (RANK_WEIGHTS), and what a logistic regression on the sentence vectors learnt from
# those texts and from the everyday descriptions people wrote (data/careers/described_jobs.yml)
# says. The two are put on one scale and added, the learnt one weighing LEARNED_WEIGHT times
# as much: on the development sets, the learnt reader alone put the right role in the top
# three about as often as both, and the closeness breaks its near ties. LEARNED_C is the
# regression's inverse regularisation (1 to 16 came out alike).
LEARNED_WEIGHT = 4.0
LEARNED_C = 4.0
# Fewer words than this left is not a description.
FEWEST_WORDS = 3
# "the doctor who specialises in eyes" names only a family word ("doctor"): the role it
# describes wins over the one "doctor" stands for when it is at least this much closer.
CLOSER_THAN_NAMED = 0.05
# Where one sentence ends and the next begins. Not at a dash: "Not the staff who take the
# images - I mean the doctor who reads them" is one thought.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# A sentence shorter than this is not read alone: "Can you help?" fits the IT helpdesk.
SENTENCE_WORDS = 5
# A message the NLU placed nowhere is a job described when it speaks of someone at work
# ("the person at the front desk who", "someone came round every day", "works in the control
# room", "talking therapy where they help you") or of a job wished for ("she wants to help
# children heal", "could I work their front desk"); never when it asks for care ("should he
# see an emergency dentist today?" fits the dentist at 0.72, "is it safe for her to have the
# flu spray" the dietitian at 0.59); and otherwise only when it fits a role as closely as
# CLEARLY_DESCRIBES ("typing letters for consultants and booking their clinics" 0.87, but
# "my daughter's English teacher just reads off PowerPoints" 0.57). Chosen on the
# development sets.
SOMEONE_AT_WORK = Cue(
    "|".join(
        (
            r"\b(someone|somebody|some1|person|people|lady|ladies|woman|women|man|men|guy|bloke"
            r"|chap|staff|worker|workers|the one|whoever)\b",
            r"\bworks? (in|at|on|for|with)\b",
            r"\bworked\b",
            r"\bjobs? (where|that|which|doing|in|at|with)\b",
            r"\b(role|equivalent|position) (where|in which)\b",
            r"\b(career|role|profession)\b",
            r"\b(where|who|that) (they|you|he|she) \w+",
            r"\bwork (as|in|at|on|for|with|their|the|a)\b",
            r"(?<!n't )(?<!not )\b(wants?|wanting|would like|'d like|'d love|could i|can i) to "
            r"(help|work|be|become|do|train|study|care|look after|fix|make)\b",
            r"\bcould (i|he|she) (work|do|help)\b",
        )
    ),
)
# Care asked for someone in the family: "should she see a physio", "is it safe", "who do i
# ring", "where do we get". "how do u get into that" asks about a job or a course.
_CARE_VERBS = (
    r"(need (a|an|to see|to go|to book|to be seen)|see|have|get(?! in\b| into\b)|go|take|"
    r"book)\b"
)
_CARE_FOR_US = (
    rf"\b(should|does|do|can|will|would|must) (he|she|they|i|we|my \w+) {_CARE_VERBS}",
    r"\bis it (safe|ok|okay|normal|serious|free)\b",
    r"\bhow (do|can) (i|we) get (him|her|them|my|a|an|it)\b",
    r"\bwho (do|should|can) (i|we) (need to )?(see|tell|ask|contact|ring|call|speak to|talk to)\b",
    r"\bwhere (do |can |should )?(i|we) (get|book|take|go|find)\b",
)
ASKS_FOR_CARE = Cue(
    "|".join(
        (
            *_CARE_FOR_US,
            rf"\b(should|does|do|can|will|would|must) you {_CARE_VERBS}",
            r"\bany tips\b",
            r"\b(can|could|would) you (help|recommend|write|tell|check)\b",
            r"\bwho does (it|them|that)\b",
        )
    ),
)
# Care asked for the family, or care already under way, in a message that names an NHS
# worker ("any NHS dentists taking kids?", "the orthoptist wants to see her again", "an 18
# week wait for the physio", "is that allowed?"): with no topic of ours to give it, the
# honest no beats the worker's careers card. Narrower than ASKS_FOR_CARE: "who does that?"
# and "how do u get into that?" end job descriptions, and "books appointments" is what a
# receptionist does.
CARE_FOR_THE_FAMILY = Cue(
    "|".join(
        (
            *_CARE_FOR_US,
            r"\b(referral|refer (him|her|them|me|us)|(on|the|a) waiting list|\d+[ -]weeks? wait|"
            r"taking (on )?(new )?(nhs )?(patients|kids|children)|register(ed)? with|"
            r"signed (us|him|her|them|me) off)\b",
            r"\bis (that|it|this) allowed\b",
            r"\b(will|would) (they|she|he|the \w+|an? \w+) (see|replace|refer|come|charge|visit)\b",
            r"\b(do|should) (i|we) (stop|keep going|ring|call|rearrange)\b",
        )
    )
)
# What a careers question asks that a question about care never does: training, study, pay,
# work experience ("can i get work experience with a GP" asks no care).
ASKS_ABOUT_TRAINING = Cue(
    r"\b((re)?train\w*|study\w*|course|courses|a[ -]?levels?|gcses?|grades|earn\w*|wages?|"
    r"paid|hours|part[ -]time|full[ -]time|shifts|work experience|shadow\w*|placements?|"
    r"volunteer\w*|bursar\w*|t[ -]levels?|btec|ucas|interview|day in the life|med school|"
    r"medical school|college|how long does it take to)\b"
)
CLEARLY_DESCRIBES = 0.62
# A message that asks what a job is called: whoever asks does not know the name, so a role it
# names is background ("the GP set it up"), and what it describes is the question even when
# the NLU took it for a topic ("she helped my daughter's anxiety, what is that person
# called?"). "I called the GP" is not asking: "called" must end the clause.
ASKS_A_JOBS_NAME = Cue(
    "|".join(
        (
            r"\bwhat(?:'?s)?\b(?:\W+\w+){0,8}?\W+called\b(?=\s*(?:[?.!,]|$|where|when|who|that"
            r"|if|in|for|again|please|lol|officially|properly|exactly|here|then))",
            r"\bwhat (?:do|would|d) (?:you|they|people|u) call\b",
            r"\b(?:name|title) (?:of|for) (?:it|them|someone|somebody|a person|the person|that "
            r"person|people|(?:the|that|this|her|his|their) (?:job|role|person|lady|man|woman))\b",
            r"\b(?:job|role) title\b",
            r"\bwhat(?:'?s| is) (?:the|that) (?:job|role) (?:where|when|that|who)\b",
            r"\bwhat(?:'?s| is| are) (?:her|his|their) (?:proper |actual |official |real )?"
            r"(?:job )?(?:title|name)\b",
            # "what's her role?", "whats that job and how old do u have to be", but not "what's
            # her job like".
            r"\bwhat(?:'?s| is| was) (?:her|his|their|that|this|(?:that|this|the) (?:person|lady|"
            r"man|woman)'?s) (?:proper |actual |real )?(?:job|role)\b"
            r"(?! (?:like|about|really|involve|all about))",
            r"\bis there a name for (?:that|this|it|them|what)\b",
            r"\bwhat (?:is|are|'s|s) (?:she|he|they|that person|that lady|that man)\W*$",
            # "What is she, and how did she get that job?"
            r"\bwhat (?:is|are|'s|s) (?:she|he|they)\s*,",
            r"\bwhat (?:job|role|profession) (?:is|was|would) (?:that|this|it|she|he|they)\b",
        )
    ),
)

# A story of someone at work that asks about the job in it: "is that a real NHS job", "can u
# do that job without being a nurse", "she wants to do what they did", "what would he need
# to study". Like a job's name asked, it is about the job even when the NLU took the story
# for its topic ("...panic attacks... is that a real job in the NHS?").
ASKS_ABOUT_THAT_JOB = Cue(
    "|".join(
        (
            r"\b(?:is|was) (?:that|this|it|she|he) (?:a|an|even a) (?:real |proper |actual )?"
            r"(?:nhs )?(?:job|career|profession|thing in the nhs)\b",
            r"\b(?:do|doing|does) (?:that|this|her|his|their) (?:job|role)\b",
            r"\b(?:wants? to|wanna|would like to|'d like to|'d love to) (?:do|be) (?:that|"
            r"what (?:she|he|they) (?:do|does|did))\b",
            r"\bwhat (?:would|does|do|did) (?:he|she|i|you|they|u) (?:need to|have to) study\b",
            r"\bhow (?:do|would|can|could) (?:i|you|he|she|they|u) (?:train for|become) (?:that|"
            r"this|one)\b",
            r"\bhow (?:did|do|does|would|could|can) (?:she|he|they|i|you|u) (?:get|land|train for|"
            r"end up in) (?:that|this|her|his|their|a) (?:job|role)\b",
        )
    ),
)

# A job someone wishes for, named after the wish: "my son wants to be a vet", "how do i
# become a pilot", "what grades do you need to be a hairdresser". The word after the article,
# with the next unless it starts another phrase ("a vet when he's older"), is the job; words
# that start no job's name ("a part of the nhs", "a good listener", "need to be a graduate")
# are passed over.
WISHED_JOB = re.compile(
    r"\b(?:wants?|wanted|wanting|would like|'d like|like|hopes?|hoping|dreams?|planning|"
    r"plans?|thinking of|going|needs?|how (?:do|can|would|does|did) (?:i|you|he|she|we|they|"
    r"[a-z]+ [a-z]+))\s+(?:to\s+)?(?:be|become|becoming|train(?:ing)? as|work(?:ing)? as|"
    r"get (?:a )?job as)\s+an?\s+(?P<job>[a-z]+)(?:\s+(?!(?:for|of|in|at|on|when|and|or|but|"
    r"because|so|like|with|to|who|that|which|if|is|i|he|she|they)\b)(?P<second>[a-z]+))?",
    re.IGNORECASE,
)
NOT_A_JOB = frozenset(
    "part bit lot member good better big great real proper little kind sort type way "
    "graduate student apprentice trainee volunteer qualified adult normal happy famous rich "
    "nice kid child boy girl mum dad parent mother father person somebody nobody".split()
)
# A job whose name is no closer than this to any role's own words is not a job in health
# ("vet" 0.48, "pilot" 0.44, "hairdresser" 0.49, "youtuber" 0.45; "carer" 0.53, "scientist"
# 0.83, "software engineer" 0.68 the clinical engineer, which the NHS does employ).
A_HEALTH_JOB = 0.52


# Careers questions that describe no job: the range of jobs with the usual ones set aside,
# and what people ask about any job. A message closer to one of these than to any role's own
# words asks; it does not describe ("jobs in the NHS that aren't doctors or nurses", "what
# skills do you need" against "not a nurse or a doctor but works in theatres and gets the
# anaesthetic kit ready").
ASKING_NOT_DESCRIBING = (
    "what other jobs are there",
    "jobs in the NHS apart from doctors and nurses",
    "are there any careers in a hospital besides the obvious ones",
    "something else to do in health, not the usual",
    "what qualifications do you need for that",
    "what skills do you need",
    "what do they do all day",
    "how much does it pay and what are the hours",
    "how long is the training and is there a degree",
    "how do I apply and write my personal statement",
    "I don't know what I want to do when I leave school",
)


# Sentences of a longer message that describe no job: what people ask or say around the story
# of what someone did. A sentence closer to one of these than to any role has no say in the
# rank ("What is his job title, please? I'd like to write and thank him properly." put the
# medical secretary first on the development sets).
SENTENCES_THAT_ASK = (
    "What is her job title?",
    "What is that job called?",
    "I'd like to write and thank him properly.",
    "She was lovely and so kind to us.",
    "How long is the training and does it need a degree?",
    "How old do you have to be?",
    "How much do they earn?",
    "Is that a real job?",
    "My daughter wants to do that when she's older.",
)


class Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def readings(text: str) -> list[str]:
    """The message, then, when it has more than one sentence, each long enough to describe
    a job (SENTENCE_WORDS)."""
    sentences = [s for s in SENTENCE_END.split(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return [text]
    return [text, *(s for s in sentences if len(s.split()) >= SENTENCE_WORDS)]


def role_texts(role: Role) -> list[str]:
    """The role in its own words, each a text of its own: one strong match is enough."""
    return [
        role.title,
        *role.synonyms,
        role.summary,
        role.summary_young,
        role.day,
        *role.described_as,
    ]


def _on_one_scale(scores: np.ndarray) -> np.ndarray:
    """Scores for every role, moved and stretched to mean 0 and spread 1."""
    return (scores - scores.mean()) / max(float(scores.std()), 1e-9)


class RoleDescriptions:
    def __init__(
        self,
        catalogue: Catalogue,
        encoder: Encoder,
        texts_encoder: Encoder,
        described_jobs: Sequence[DescribedJob] = (),
    ) -> None:
        """`texts_encoder` reads the catalogue's own texts and the described jobs (it may keep
        them between runs); `encoder` reads what people write (never kept)."""
        self.encoder = encoder
        self.roles = list(catalogue.roles.values())
        self._index = {role.id: index for index, role in enumerate(self.roles)}
        owners: list[int] = []
        texts: list[str] = []
        for index, role in enumerate(self.roles):
            for text in role_texts(role):
                texts.append(text)
                owners.append(index)
        owner = np.array(owners)
        self._vectors = texts_encoder.encode(texts)
        # Each role's texts as a row of indexes into the similarities, padded with the index
        # of a similarity of -1 appended at the end (a role with fewer texts than weights).
        widest = max(max(np.bincount(owner)), len(RANK_WEIGHTS))
        self._rows = np.full((len(self.roles), widest), len(texts))
        for index in range(len(self.roles)):
            own = np.flatnonzero(owner == index)
            self._rows[index, : len(own)] = own
        self._texts_encoder = texts_encoder
        self._learned = self._learn(owner, described_jobs)
        self._asking = texts_encoder.encode(list(ASKING_NOT_DESCRIBING))
        self._sentence_asks = texts_encoder.encode(list(SENTENCES_THAT_ASK))
        self._questions: dict[str, np.ndarray] = {}  # the careers FAQ's, read when first met

    def _learn(
        self, owner: np.ndarray, described_jobs: Sequence[DescribedJob]
    ) -> LogisticRegression:
        """The regression on each role's own texts and the described jobs: a role a class."""
        vectors = self._vectors
        labels = owner
        if described_jobs:
            vectors = np.vstack(
                [vectors, self._texts_encoder.encode([job.text for job in described_jobs])]
            )
            labels = np.concatenate([owner, [self._index[job.role] for job in described_jobs]])
        # Every role has texts of its own, so the classes are the roles in order and the
        # columns of its probabilities line up with self.roles. lbfgs and a fixed order of
        # examples: the same data gives the same model.
        return LogisticRegression(C=LEARNED_C, max_iter=1000).fit(vectors, labels)

    def _by_role(self, vector: np.ndarray) -> np.ndarray:
        """The similarities of each role's texts to the message's vector: a row a role."""
        return np.append(self._vectors @ vector, -1.0)[self._rows]

    def _closest(self, vector: np.ndarray) -> np.ndarray:
        """Each role's similarities to the message's vector, closest first: a row a role."""
        return -np.sort(-self._by_role(vector), axis=1)

    def _similarities(self, vector: np.ndarray) -> np.ndarray:
        """Each role's best similarity to the message's vector."""
        return self._by_role(vector).max(axis=1)

    def described(
        self,
        text: str,
        *,
        with_likings: bool = False,
        limit: int = 3,
        leaving: Collection[Role] = (),
        unless_asking: bool = False,
        or_asking: str | None = None,
        at_least: float = DESCRIBES_A_ROLE,
    ) -> list[Role]:
        """The closest roles when the message, or one of its sentences, describes one (ranked
        by all its readings that do not ask); none when no reading does. `with_likings`: the
        message (its likings taken out) also said what the pupil likes, so one role must
        stand out (see STANDS_OUT). `leaving`: roles the message said it does not mean ("not
        a doctor"). `unless_asking`: a reading closer to a question about jobs in general
        than to any role describes none (ASKING_NOT_DESCRIBING). `or_asking`: nor does one
        whose closest role is no closer than it, or than the whole message, is to this
        question (the careers FAQ's question whose words the message uses). `at_least`: how
        close a reading must come to a role to describe it."""
        if len(text.split()) < FEWEST_WORDS:
            return []
        left = [self._index[role.id] for role in leaving]
        describes = False
        ranks: list[np.ndarray] = []
        ranked: list[np.ndarray] = []  # the readings that have their say in the rank
        # One encoder call for the message and its sentences: the encoder is the cost.
        vectors = self.encoder.encode(readings(text))
        # The FAQ question was matched by the whole message's words: a sentence must be
        # closer to a role than the whole message is to that question, or "My son wants to
        # work for the NHS. Is there an apprenticeship?" would describe a manager.
        faq = self._question(or_asking) if or_asking is not None else None
        whole_asks = float(faq @ vectors[0]) if faq is not None else -1.0
        for at, vector in enumerate(vectors):
            closest = self._closest(vector)
            best = closest[:, 0].copy()
            if unless_asking and float((self._asking @ vector).max()) >= float(best.max()):
                continue
            if at and float((self._sentence_asks @ vector).max()) >= float(best.max()):
                continue  # a sentence of the message that asks or thanks, describing nothing
            if faq is not None and max(float(faq @ vector), whole_asks) >= best.max():
                continue
            ranks.append(closest[:, : len(RANK_WEIGHTS)] @ RANK_WEIGHTS)
            ranked.append(vector)
            best[left] = -1.0
            top = float(best.max())
            if top < at_least:
                continue
            if with_likings and top - float(np.median(best)) < STANDS_OUT:
                continue
            describes = True
        if not describes:
            return []
        # Every reading that describes rather than asks has its say in the rank: one stray
        # sentence ("I'd like to write and thank him") must not outrank the whole story.
        learned = self._learned.predict_log_proba(np.array(ranked)).mean(axis=0)
        rank = _on_one_scale(np.mean(ranks, axis=0)) + LEARNED_WEIGHT * _on_one_scale(learned)
        rank[left] = -np.inf
        return [self.roles[i] for i in np.argsort(-rank, kind="stable")[:limit]]

    def _question(self, text: str) -> np.ndarray:
        """The vector of one of the catalogue's own questions, read once."""
        if text not in self._questions:
            self._questions[text] = self._texts_encoder.encode([text])[0]
        return self._questions[text]

    def job_outside_health(self, text: str) -> str | None:
        """The job a message wishes for when it is not one in health ("wants to be a vet"):
        neither the job's word nor its two words come close to any role (A_HEALTH_JOB)."""
        wished = WISHED_JOB.search(text)
        if wished is None or wished["job"].lower() in NOT_A_JOB:
            return None
        one = wished["job"].lower()
        names = [one, f"{one} {wished['second'].lower()}"] if wished["second"] else [one]
        best = max(float(self._similarities(v).max()) for v in self.encoder.encode(names))
        return one if best < A_HEALTH_JOB else None

    def closer_than(self, text: str, named: Role, limit: int = 3) -> list[Role]:
        """The closest roles when another role is clearly closer to the text than `named`."""
        best = self._similarities(self.encoder.encode([text])[0])
        order = np.argsort(-best)
        top = self.roles[order[0]]
        named_at = self._index[named.id]
        if top == named or best[order[0]] - best[named_at] < CLOSER_THAN_NAMED:
            return []
        return [self.roles[i] for i in order[:limit]]
