"""Careers by chat: a named role, roles that fit what a pupil likes, two roles side by side,
follow-ups about the role under discussion, and more like it. Free of Rasa: the action
reads the tracker into a `CareerTurn` and carries the `Reply` out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.careers.catalogue import Catalogue, Role
from bot.careers.cues import Cue
from bot.careers.described import (
    ASKS_A_JOBS_NAME,
    ASKS_ABOUT_THAT_JOB,
    ASKS_ABOUT_TRAINING,
    ASKS_FOR_CARE,
    CARE_FOR_THE_FAMILY,
    CLEARLY_DESCRIBES,
    DESCRIBES_A_ROLE,
    SOMEONE_AT_WORK,
    RoleDescriptions,
)
from bot.careers.faq import CareersFaq, FaqEntry
from bot.careers.outside_health import JobsOutsideHealth, OutsideHealth
from bot.careers.present import (
    Reader,
    a_role,
    careers_payload,
    compare_answer,
    describe,
    fits_answer,
    pay_answer,
    routes_answer,
    with_article,
)
from bot.careers.search import (
    Wishes,
    best_paid,
    family_words,
    find_by_name,
    fits,
    keeps,
    named_roles,
    names_only_a_family,
    names_set_aside,
    names_the_job_asked,
    says_a_liking,
    without_names,
    without_wishes,
)
from bot.replies import Reply

ROLE_SLOT = "career_role"
WISHES_SLOT = "career_wishes"
SHOWN_SLOT = "career_shown"

FIT_ME = re.compile(r"\b(fits?|suits?|match(es)?|right for) me\b|\bfind (me )?(a )?(job|role)s?\b")
PAY = re.compile(r"\b(pay|paid|earn|earns|salary|money|wage|band)\b")
ROUTES = re.compile(
    r"\b(apprentice\w*|uni|university|degree|route|training|train|gcses?|a ?levels?|"
    r"subjects?|study|qualifications?|college|get into|become)\b"
)
BEST_PAID = re.compile(r"\b(best|highest|most|top|well)[ -]paid\b|\bmost money\b|\bearn the most\b")
NARROW = re.compile(r"\b(jobs?|roles?|careers?|ones|something|anything)\b")
DAY = re.compile(r"\b(day|all day|actually do|what do they do|what does it involve)\b")
REFERS_BACK = re.compile(r"\s*(and|what about|how about|so what about)\b")
WORK_IN_HEALTH = re.compile(r"\bwork(ing)? (in|for|at) (the |a )?(nhs|hospitals?|health)")
EXPLORE = re.compile(r"\b(not|aren'?t|isn'?t|apart from|other than|besides|behind the scenes)\b")
# The topics whose services answer a question that asks for care (see topic_of_care_asked).
CARE_TOPICS = ("asthma", "debt", "mental_health")
# What care asked for that no topic gives is answered as: the honest no.
OUT_OF_SCOPE = "out_of_scope"
# What the honest no calls work outside health that only the question's meaning placed there
# ("not that kind of work").
WORK_OF_ITS_KIND = "that kind of work"
JOB_WORDS = Cue(
    r"\b(jobs?|careers?|become|be an?|work as|qualifi\w+|degree|apprentice\w*|salary|pay|"
    r"band \d|uni|university)\b"
)
# Fewer words than this is no story: a role it names is the job asked about.
STORY_WORDS = 12
# The everyday roles pupils already know; "something else" means the rest.
WELL_KNOWN_FAMILIES = ("medicine", "nursing")
EXPLORE_FAMILIES = (
    "allied_health", "healthcare_science", "ambulance", "pharmacy", "psychological",
    "wider_team", "dentistry", "midwifery",
)  # fmt: skip
# After a role is shown: what can be asked next.
ASK_ABOUT_A_ROLE = (
    'Ask me about pay, ways in, or a day in the job, or say "more like that".',
    [{"title": "More like that", "payload": "show me more like that"}],
)
INTEREST_BUTTONS = [
    ("Science", "I like science"),
    ("Helping people", "I like helping people"),
    ("Hands-on work", "I like hands-on work"),
    ("Computers", "I like computers"),
    ("Art and music", "I like art and music"),
    ("Being outdoors", "I like being outdoors"),
]


def _asks_care_not_training(text: str) -> bool:
    """Care asked for the family or under way, with no word of training or pay."""
    return bool(CARE_FOR_THE_FAMILY.search(text)) and not ASKS_ABOUT_TRAINING.search(text)


def tells_of_work(text: str) -> bool:
    """The message speaks of someone at work or asks what a job is called: what it
    describes is a job, not care asked for or a liking."""
    return bool(SOMEONE_AT_WORK.search(text) or ASKS_A_JOBS_NAME.search(text))


@dataclass
class CareerTurn:
    text: str
    intent: str | None
    reader: Reader
    role_id: str | None = None  # the role under discussion
    wishes: dict = field(default_factory=dict)  # what the pupil has said they like
    shown: list[str] = field(default_factory=list)  # roles already shown


def _wishes_from(saved: dict) -> Wishes:
    return Wishes(
        interests=frozenset(saved.get("interests") or ()),
        subjects=frozenset(saved.get("subjects") or ()),
        avoid_blood=bool(saved.get("avoid_blood")),
        no_university=bool(saved.get("no_university")),
    )


def _merge(saved: Wishes, said: Wishes) -> Wishes:
    return Wishes(
        interests=saved.interests | said.interests,
        subjects=saved.subjects | said.subjects,
        avoid_blood=saved.avoid_blood or said.avoid_blood,
        no_university=saved.no_university or said.no_university,
    )


def _saved(wishes: Wishes) -> dict:
    return {
        "interests": sorted(wishes.interests),
        "subjects": sorted(wishes.subjects),
        "avoid_blood": wishes.avoid_blood,
        "no_university": wishes.no_university,
    }


class CareersConversation:
    def __init__(
        self,
        catalogue: Catalogue,
        descriptions: RoleDescriptions | None = None,
        faq: CareersFaq | None = None,
        outside: JobsOutsideHealth | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.family_words = family_words(catalogue)
        self.faq = faq
        # Jobs outside health by name ("a police officer"): the honest no, not NHS roles.
        self.outside = outside
        # Finds roles from what a job does; without it (no encoder) such messages get the
        # question about what the pupil enjoys.
        self.descriptions = descriptions

    def answer(self, turn: CareerTurn) -> Reply:
        text = turn.text.lower()
        # A job outside health is read before the NHS names: "police officer" is not the
        # hospital's security officer, nor "veterinary nurse" a nurse.
        outside = self._outside_named(turn.text)
        names_in = outside.rest if outside else turn.text
        named_exactly = named_roles(self.catalogue, names_in)
        # A name found only by its spelling ("paramedik", but also "psychiatric ward") may
        # not be a name at all: a description that fits another role better wins. Never in
        # what is left of a question about a job outside health: "Royal Navy officer" leaves
        # "officer", which is spelt like the HR officer's.
        named = named_exactly or (
            find_by_name(self.catalogue, names_in, limit=1) if outside is None else []
        )
        current = self.catalogue.get(turn.role_id or "")
        # A short question while a role is under discussion ("how long is the course", "do i
        # need a degree") is about that role, whatever its meaning alone might say.
        about_current = current is not None and _is_short(text)
        said = Wishes.from_text(turn.text)
        # "works in theatres, not a nurse or a doctor": the roles named are the ones not meant.
        aside = names_set_aside(self.catalogue, turn.text, self.family_words)
        only_aside = bool(named) and all(role in aside for role in named)
        if only_aside and (
            found := self._described_not_exploring(without_names(text, aside), aside)
        ):
            return self._described(turn, found)
        if named and EXPLORE.search(text) and all(r.family in WELL_KNOWN_FAMILIES for r in named):
            # "jobs that aren't doctors or nurses", unless it describes one: "not a doctor
            # exactly, the lady who explains his check-ups with pictures".
            if found := self._described_not_exploring(turn.text, [*named, *aside]):
                return self._described(turn, found)
            return self._explore(turn)
        named = [role for role in named if role not in aside]  # "a nurse, not a doctor"
        if (
            named_exactly
            and not about_current
            and (elsewhere := self._placed_elsewhere(turn.text, named))
        ):
            return self._outside_health(WORK_OF_ITS_KIND, also_in_health=elsewhere)
        if (
            named
            and named_exactly  # a name found only by its spelling may be a thing named
            and ASKS_A_JOBS_NAME.search(text)
            and (found := self._described_not_exploring(turn.text))
        ):
            # "the GP said there are people who only deal with feet, what are they called":
            # whoever asks a job's name does not know it, so the roles named are not it.
            return self._described(turn, found)
        if named and named_exactly and (found := self._named_in_passing(turn.text, named)):
            return self._described(turn, found)
        if len(named) >= 2:
            return self._compare(turn, named[0], named[1])
        if named:
            by_spelling = not named_exactly
            return self._named(turn, named[0], pay_asked=bool(PAY.search(text)), unsure=by_spelling)
        if elsewhere := self._outside_health_named(
            turn.text, outside, by_meaning=not about_current
        ):
            return self._outside_health(elsewhere)
        if BEST_PAID.search(text):
            return self._best_paid(turn, _merge(_wishes_from(turn.wishes), said))
        # A short question about pay or ways in is about the role last discussed ("and the
        # apprenticeship?"); asking for jobs or roles narrows the search ("jobs without uni").
        asks_for_roles = bool(NARROW.search(text)) or bool(said.interests or said.subjects)
        if current and _is_followup(text) and not asks_for_roles:
            return self._follow_up(turn, current, text)
        # A question that names no job ("how do I get work experience", "what is band 5"),
        # unless it says what the pupil likes or narrows roles already found ("not blood
        # please", "jobs without uni"): then roles that fit come first.
        narrows = said.interests or said.avoid_blood or (said.no_university and turn.wishes)
        refers_back = bool(REFERS_BACK.match(text))  # "what about pay?": which job's?
        if self.faq and not (narrows or refers_back) and (entry := self.faq.matching(turn.text)):
            # A job described and asked about ("who treats ingrown toenails? what's the pay")
            # names that job as surely as its title would: its card holds the pay and the
            # ways in. The FAQ is for questions that name no job, and for those closer to
            # its own question than to any role ("can i volunteer at the hospital at 16").
            if found := self._described_not_exploring(turn.text, faq_question=entry.question):
                return self._described(turn, found)
            return self._faq(turn, entry)
        if said and (turn.wishes or not current or asks_for_roles):
            # "a job where you test blood in a lab" says a liking, but describes one role;
            # "science but not blood" or "without uni" is a wish the fitting roles keep, and
            # so are the roles a job described with a wish ("walking patients with frames,
            # without needing a degree").
            described = self._described_with_likings(turn.text)
            if found := [role for role in described if keeps(role, said)]:
                return self._described(turn, found)
            return self._fits(turn, _merge(_wishes_from(turn.wishes), said))
        if FIT_ME.search(text):
            return self._fits(turn, _wishes_from(turn.wishes))
        # A job described wins over words that may ask for the range of jobs ("not", "jobs"):
        # "the one who tells you off for not flossing", "drives to 999 jobs on blue lights".
        if found := self._described_not_exploring(turn.text):
            return self._described(turn, found)
        if (
            EXPLORE.search(text)
            or WORK_IN_HEALTH.search(text)
            or "jobs" in text
            or "careers" in text
        ):
            return self._explore(turn)
        if _is_followup(text):
            return self._follow_up(turn, None, text)  # asks which job
        return self._ask_interests()

    def described_job(self, turn: CareerTurn, *, at_work_only: bool = False) -> Reply | None:
        """A message the NLU placed nowhere that describes a job ("the one in the ambulance
        control room who decides which crew to send"): the roles it describes, as a careers
        question would get them; None when it describes none, or asks for care ("should he
        see an emergency dentist?"; see SOMEONE_AT_WORK). `at_work_only`: the NLU took the
        message for something we don't do, so only one that speaks of someone at work may
        describe a job ("this woman gave me exercises till my knee was better, i wanna do
        that"). A job wished for outside health gets the honest no ("i want to be a
        footballer when im older, how do i get scouted"), as a careers question would."""
        if self.descriptions is None:
            return None
        outside = self._outside_named(turn.text)
        # Read by meaning only when it speaks of work: the reader learnt from careers
        # questions alone, and knows nothing of "is it gonna snow on friday".
        at_work = tells_of_work(turn.text)
        if elsewhere := self._outside_health_named(turn.text, outside, by_meaning=at_work):
            return self._outside_health(elsewhere)
        # "chef in a posh restaurant, how do u get that job": the hospital chef is not it.
        if JOB_WORDS.search(turn.text) and (
            shared := self._placed_elsewhere(turn.text, named_roles(self.catalogue, turn.text))
        ):
            return self._outside_health(WORK_OF_ITS_KIND, also_in_health=shared)
        if at_work:
            at_least = DESCRIBES_A_ROLE
        elif at_work_only or ASKS_FOR_CARE.search(turn.text):
            return None
        else:
            at_least = CLEARLY_DESCRIBES
        found = self.descriptions.described(turn.text, unless_asking=True, at_least=at_least)
        return self._described(turn, found) if found else None

    def topic_of_care_asked(self, text: str, ranking: Sequence[str]) -> str | None:
        """A message the NLU took for careers that asks for care, not about a job ("is there
        an asthma clinic at the doctors or do we go to the hospital", "should she see a
        physio about her breathing"): the topic the NLU ranked next, when it ranked a topic
        next, and otherwise OUT_OF_SCOPE. The roles such a message names are the care asked
        for; one that asks a job's name, speaks of work or uses a job's or training's words
        ("do you need a degree to be an asthma nurse", "work experience with a GP") stays a
        careers question."""
        if tells_of_work(text) or JOB_WORDS.search(text):
            return None
        runner_up = ranking[1] if len(ranking) > 1 else None
        if runner_up in CARE_TOPICS:
            return runner_up if ASKS_FOR_CARE.search(text) else None
        # Care from an NHS worker that none of our topics gives ("any NHS dentists taking
        # kids?", "the radiographer wants to x-ray him without me, is that allowed?"): the
        # honest no, not the worker's careers card; unless it asks about training or pay.
        return OUT_OF_SCOPE if _asks_care_not_training(text) else None

    def care_asked_of_a_worker(self, text: str) -> bool:
        """A message that names an NHS worker and asks for their care, not about their job
        ("Knee physio for my daughter is an 18 week wait. Can we be seen sooner?")."""
        if tells_of_work(text) or JOB_WORDS.search(text) or not _asks_care_not_training(text):
            return False
        return bool(named_roles(self.catalogue, text))

    def job_name_asked(self, turn: CareerTurn) -> Reply | None:
        """A message the NLU took for a topic that asks what a job is called ("twelve
        sessions helped her anxiety, what is that person called?") or about the job in its
        story ("is that a real NHS job?"): the roles it describes, or None."""
        if self.descriptions is None or not (
            ASKS_A_JOBS_NAME.search(turn.text) or ASKS_ABOUT_THAT_JOB.search(turn.text)
        ):
            return None
        found = self.descriptions.described(turn.text, unless_asking=True)
        return self._described(turn, found) if found else None

    def _outside_named(self, text: str) -> OutsideHealth | None:
        """The field of work outside health the text names by its own words ("policing")."""
        return self.outside.named(text) if self.outside else None

    def _outside_health_named(
        self, text: str, outside: OutsideHealth | None, *, by_meaning: bool = True
    ) -> str | None:
        """The work outside health a message asks about ("policing", "a vet", or "that kind
        of work" when only its meaning says so: "which degree gets you into designing
        planes"), unless it clearly describes a job in health besides; None when it asks
        about none. `by_meaning`: whether to read its meaning when no word says."""
        if self.descriptions is None:
            return None
        if outside is not None:
            clearly = self.descriptions.described(
                text, unless_asking=True, at_least=CLEARLY_DESCRIBES
            )
            return None if clearly else outside.field
        if wished := self.descriptions.job_outside_health(text):
            return with_article(wished)
        if by_meaning and self.outside is not None and self.outside.asked_by_meaning(text):
            return WORK_OF_ITS_KIND
        return None

    def _placed_elsewhere(self, text: str, named: Sequence[Role]) -> Role | None:
        """The one role a question names when it asks about that job outside health ("chef
        in a posh restaurant, how do u get that job", "an electrician for a housebuilder"):
        the role's name is shared with work elsewhere and the question's meaning places it
        there; None otherwise, and whenever it names a health setting."""
        if self.outside is None or len(named) != 1:
            return None
        return named[0] if self.outside.placed_elsewhere(text, named[0].id) else None

    def _described_with_likings(self, text: str) -> list[Role]:
        """The roles a message describes once its likings and what it rules out are taken
        out, unless what is left asks about jobs in general ("i like biology, what jobs could
        i do"; "science but not blood" describes nothing). Ranked with the likings back in:
        "i do drama gcse" after a story of role play on the ward points to the drama
        therapist."""
        if self.descriptions is None:
            return []
        # A story of someone at work that says no liking, or a job's name asked: its liking
        # words are what the worker did ("takes samples to the lab", "the lady on the kids
        # ward"), not what the pupil likes.
        story = SOMEONE_AT_WORK.search(text) and not says_a_liking(text)
        if (story or ASKS_A_JOBS_NAME.search(text)) and (
            found := self.descriptions.described(text, unless_asking=True)
        ):
            return found
        stripped = without_wishes(text)
        found = self.descriptions.described(stripped, with_likings=True, unless_asking=True)
        if not found:
            return []
        return self.descriptions.described(text, unless_asking=True, at_least=-1.0) or found

    def _named_in_passing(self, text: str, named: Sequence[Role]) -> list[Role]:
        """The roles a story describes when the roles it names are only its background ("the
        GP referred him, and a woman in a soundproof booth played beeps"): the story speaks
        of someone at work, names none of them as the job asked about, and another role fits
        it best."""
        if self.descriptions is None or len(text.split()) < STORY_WORDS:
            return []
        if not tells_of_work(text):
            return []
        if names_the_job_asked(text, list(named)):
            return []
        found = self.descriptions.described(text, unless_asking=True)
        return found if found and found[0] not in named else []

    def _described_not_exploring(
        self, text: str, aside: Sequence[Role] = (), faq_question: str | None = None
    ) -> list[Role]:
        """The roles a message describes, but for the ones it sets aside ("not a doctor"),
        unless it asks without describing one ("what else is there apart from nurses") or
        is closer to `faq_question` than to any role."""
        if self.descriptions is None:
            return []
        return self.descriptions.described(
            text, leaving=aside, unless_asking=True, or_asking=faq_question
        )

    # ------------------------------------------------------------------ kinds of answer
    def _named(self, turn: CareerTurn, role: Role, *, pay_asked: bool, unsure: bool) -> Reply:
        """A role named; but "the nurse who visits people at home" names only "nurse" and
        describes another role, which comes first when it is clearly closer. So does one
        described when the name was `unsure` (found only by its spelling)."""
        if (
            self.descriptions
            and (unsure or names_only_a_family(self.catalogue, turn.text, self.family_words))
            and (closer := self.descriptions.closer_than(turn.text, role))
        ):
            return self._described(turn, closer)
        return self._about(turn, role, pay_asked=pay_asked)

    def _about(self, turn: CareerTurn, role: Role, *, pay_asked: bool) -> Reply:
        reply = Reply()
        reply.say(pay_answer(role) if pay_asked else describe(role, turn.reader))
        reply.send(careers_payload([role]))
        reply.say(*ASK_ABOUT_A_ROLE)
        reply.slots = {ROLE_SLOT: role.id, SHOWN_SLOT: [role.id]}
        return reply

    def _follow_up(self, turn: CareerTurn, role: Role | None, text: str) -> Reply:
        reply = Reply()
        if role is None:
            reply.say(
                "Which job do you mean? Try one like paramedic, physiotherapist or porter, "
                "or I can find roles that fit you.",
                [{"title": "Find roles that fit me", "payload": "find roles that fit me"}],
            )
            return reply
        if PAY.search(text):
            reply.say(pay_answer(role))
        elif ROUTES.search(text):
            reply.say(routes_answer(role, turn.reader))
        elif DAY.search(text):
            reply.say(f"A day as {a_role(role)}: {role.day}")
        else:
            reply.say(describe(role, turn.reader))
        reply.slots = {ROLE_SLOT: role.id}
        return reply

    def _faq(self, turn: CareerTurn, entry: FaqEntry) -> Reply:
        reply = Reply()
        answer = entry.answer_young if turn.reader.young else entry.answer
        # No roles to draw: the widget shows the text; a careers reply all the same.
        reply.show({"type": "careers", "roles": [], "faq": entry.id}, answer)
        reply.say(entry.next)
        return reply

    def _described(self, turn: CareerTurn, roles: list[Role]) -> Reply:
        """A job described, not named: the closest role first, two others it might be."""
        best, *others = roles
        reply = Reply()
        words = best.summary_young if turn.reader.young else best.summary
        lines = [f"That sounds like {a_role(best)}. {words}"]
        if others:
            lines.append("It might also be: " + ", ".join(r.title.lower() for r in others) + ".")
        reply.say("\n".join(lines))
        reply.send(careers_payload(roles))
        reply.say(*ASK_ABOUT_A_ROLE)
        reply.slots = {ROLE_SLOT: best.id, SHOWN_SLOT: [*turn.shown, *(r.id for r in roles)]}
        return reply

    def _compare(self, turn: CareerTurn, first: Role, second: Role) -> Reply:
        reply = Reply()
        reply.say(compare_answer(first, second, turn.reader))
        reply.send(careers_payload([first, second]))
        reply.slots = {ROLE_SLOT: first.id, SHOWN_SLOT: [first.id, second.id]}
        return reply

    def _fits(self, turn: CareerTurn, wishes: Wishes) -> Reply:
        if not (wishes.interests or wishes.subjects):
            reply = self._ask_interests()
            reply.slots[WISHES_SLOT] = _saved(wishes)
            return reply
        found = fits(self.catalogue, wishes)
        reply = Reply()
        reply.say(fits_answer(found, turn.reader))
        if not found:
            reply.slots = {WISHES_SLOT: None}
            return reply
        roles = [fit.role for fit in found]
        reply.send(careers_payload(roles))
        refine = []
        if not wishes.avoid_blood:
            refine.append({"title": "Nothing with blood", "payload": "not blood please"})
        if not wishes.no_university:
            refine.append({"title": "Without university", "payload": "jobs without uni"})
        if len(roles) >= 2:
            refine.append(
                {"title": f"Compare {roles[0].title} and {roles[1].title}",
                 "payload": f"compare {roles[0].title} and {roles[1].title}"}
            )  # fmt: skip
        reply.say("Want to narrow it down or compare two?", refine)
        reply.slots = {
            WISHES_SLOT: _saved(wishes),
            ROLE_SLOT: roles[0].id,
            SHOWN_SLOT: [r.id for r in roles],
        }
        return reply

    def _best_paid(self, turn: CareerTurn, wishes: Wishes) -> Reply:
        found = best_paid(self.catalogue, wishes)
        reply = Reply()
        reply.say(fits_answer(found, turn.reader))
        if found:
            reply.send(careers_payload([fit.role for fit in found]))
            reply.slots = {ROLE_SLOT: found[0].role.id, SHOWN_SLOT: [f.role.id for f in found]}
        return reply

    def _explore(self, turn: CareerTurn) -> Reply:
        picks: list[Role] = []
        for family in EXPLORE_FAMILIES:
            in_family = sorted(
                (r for r in self.catalogue.roles.values() if r.family == family),
                key=lambda r: r.title,
            )
            unseen = [r for r in in_family if r.id not in turn.shown]
            if unseen:
                picks.append(unseen[0])
            if len(picks) == 5:
                break
        reply = Reply()
        lines = ["The NHS has more than 350 kinds of job. A few that aren't doctors or nurses:"]
        for role in picks:
            words = role.summary_young if turn.reader.young else role.summary
            lines.append(f"• {role.title}: {words}")
        reply.say("\n".join(lines))
        reply.send(careers_payload(picks))
        reply.say(
            "Tell me what you like and I'll find roles that fit you.",
            [{"title": "Find roles that fit me", "payload": "find roles that fit me"}],
        )
        reply.slots = {SHOWN_SLOT: [*turn.shown, *(r.id for r in picks)]}
        return reply

    def _outside_health(self, work: str, also_in_health: Role | None = None) -> Reply:
        """The honest no to work that is not in health ("my son wants to be a vet", "army
        at 16"): where to ask instead, and the NHS jobs still one question away; the NHS
        role of the same name one tap away when there is one ("a chef in a restaurant":
        the hospital chef)."""
        reply = Reply()
        reply.say(
            "Sorry, I can't help with that: I only know about jobs in the NHS and health, not "
            f"{work}. The National Careers Service has advice on every "
            "job, and your school's careers adviser can help too. If you'd like NHS jobs that "
            "fit what you enjoy, tell me what that is."
        )
        if also_in_health is not None:
            title = also_in_health.title
            # The button's words name the NHS, so its answer is the role's card.
            reply.say(
                f"There are NHS jobs like that too: {title}, if you'd like to hear about it.",
                [{"title": title, "payload": f"tell me about the {title} job in the NHS"}],
            )
        return reply

    def _ask_interests(self) -> Reply:
        reply = Reply()
        reply.say(
            "What do you enjoy most?",
            [{"title": title, "payload": payload} for title, payload in INTEREST_BUTTONS],
        )
        return reply

    def more_like(self, turn: CareerTurn) -> Reply:
        """ "More like that": roles related to the one under discussion, not shown yet."""
        role = self.catalogue.get(turn.role_id or "")
        reply = Reply()
        if role is None:
            return self._ask_interests()
        related = [self.catalogue.roles[r] for r in role.related if r not in turn.shown]
        if not related:
            reply.say(f"That's all the roles I know that are like {role.title.lower()}.")
            return reply
        related = related[:3]
        lines = [f"Roles like {role.title.lower()}:"]
        for other in related:
            words = other.summary_young if turn.reader.young else other.summary
            lines.append(f"• {other.title}: {words}")
        reply.say("\n".join(lines))
        reply.send(careers_payload(related))
        reply.slots = {SHOWN_SLOT: [*turn.shown, *(r.id for r in related)]}
        return reply


def _is_short(text: str) -> bool:
    """Short enough to be about the role last discussed rather than a new question."""
    return len(text.split()) <= 9


def _is_followup(text: str) -> bool:
    """A short question about pay, ways in or a day, naming no role: about the last one."""
    return _is_short(text) and bool(PAY.search(text) or ROUTES.search(text) or DAY.search(text))
