"""Finding a role from what the job does, with the real sentence encoder."""

import pytest
import yaml

from bot.careers.catalogue import CatalogueError, load_described_jobs
from bot.careers.conversation import OUT_OF_SCOPE, ROLE_SLOT, CareersConversation, CareerTurn
from bot.careers.described import (
    ASKS_A_JOBS_NAME,
    ASKS_ABOUT_THAT_JOB,
    RoleDescriptions,
    readings,
)
from bot.careers.present import Reader, a_role
from bot.config import DATA_DIR, PROJECT_ROOT
from bot.evaluation import careers_roles
from tests import near_copies
from tests.careers.conftest import asked


def _development(name: str) -> list[dict[str, str]]:
    return yaml.safe_load((PROJECT_ROOT / "tests" / "careers" / name).read_text())["descriptions"]


DEVELOPMENT = _development("described_roles.yml")
# Written apart by a helper, longer and more rambling; its misses guided changes too.
DEVELOPMENT_2026_12E = _development("described_roles_2026_12e.yml")


def _roles(careers: CareersConversation, text: str) -> list[str]:
    return careers_roles(asked(careers, text).messages)


def test_descriptions_of_jobs_find_the_role_in_the_top_three(careers: CareersConversation) -> None:
    # The team's development set, on which the thresholds were chosen: a floor that says a
    # change broke it, not how well it does on descriptions nobody tuned on (make eval).
    found = [d["role"] in _roles(careers, d["text"])[:3] for d in DEVELOPMENT]
    assert sum(found) / len(found) >= 0.9


def test_longer_descriptions_find_the_role_in_the_top_three(careers: CareersConversation) -> None:
    # 37 of 60 when the floor was set (2026-12-05; 23 before the roles' everyday words, the
    # names set aside and the lower threshold); 47 that evening, with six more everyday lines
    # a role, roles ranked by their three closest lines and descriptions that also ask a
    # question answered with the role; 52 on 2026-12-06, with each sentence of a longer
    # message also read alone: a floor, not a figure to report.
    found = [d["role"] in _roles(careers, d["text"])[:3] for d in DEVELOPMENT_2026_12E]
    assert sum(found) / len(found) >= 0.8


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("the doctor who specialises in eyes", "ophthalmologist"),
        ("a nurse who visits people in their own homes to change dressings", "district_nurse"),
        ("that job where you make false legs and arms", "prosthetist_orthotist"),
    ],
)
def test_the_role_described_comes_first_even_past_a_family_word(
    careers: CareersConversation, text: str, role: str
) -> None:
    reply = asked(careers, text, Reader("parent"))
    assert _roles(careers, text)[0] == role
    assert reply.slots[ROLE_SLOT] == role, "follow-ups are about the role described"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i like science", "fits"),  # a liking: roles that fit it, not one "described"
        ("I like science but not blood", "fits"),
        ("how do i become a nurse", "named"),
        ("what careers can i do in a hospital", "explore"),
    ],
)
def test_likings_names_and_general_questions_keep_their_own_answers(
    careers: CareersConversation, text: str, kind: str
) -> None:
    reply = asked(careers, text)
    first = reply.messages[0]["text"]
    assert not first.startswith("That sounds like"), first
    expected = {"fits": "suit you", "named": "nurse", "explore": "350 kinds of job"}[kind]
    assert expected in first


def test_a_message_far_from_every_role_describes_none(descriptions: RoleDescriptions) -> None:
    assert descriptions.described("we cant pay the gas bill this month") == []


@pytest.mark.parametrize(
    ("text", "role", "set_aside"),
    [
        # the roles named are the ones not meant
        (
            "she isn't a nurse or a doctor, she gets the anaesthetic machine ready in the "
            "operating theatre and looks after you in recovery",
            "operating_department_practitioner",
            {"adult_nurse", "resident_doctor"},
        ),
        (
            "the person beside the dentist who hands over the instruments and holds the suction",
            "dental_nurse",
            {"dentist"},
        ),
        (
            "they crew the ambulance on 999 calls and help carry patients but aren't paramedics",
            "emergency_care_assistant",
            {"paramedic"},
        ),
        # "not" here is about flossing, not a wish to see other jobs
        (
            "the one who cleans and polishes your teeth and tells you off for not flossing",
            "dental_hygienist",
            set(),
        ),
    ],
)
def test_roles_named_only_to_set_them_aside_give_way_to_the_one_described(
    careers: CareersConversation, text: str, role: str, set_aside: set[str]
) -> None:
    shown = _roles(careers, text)
    assert role in shown[:3]
    assert not set_aside & set(shown)


@pytest.mark.parametrize(
    "text",
    [
        "what skills do u need",
        "so what qualifications for that",
        "what do they actually do all day",
    ],
)
def test_questions_about_any_job_describe_none(careers: CareersConversation, text: str) -> None:
    assert not asked(careers, text).messages[0]["text"].startswith("That sounds like")


def test_no_everyday_description_of_a_role_is_a_near_copy_of_a_held_out_one(catalogue) -> None:
    held_out = [
        item["text"]
        for path in sorted((PROJECT_ROOT / "tests" / "held_out_questions").rglob("*.yml"))
        for item in (yaml.safe_load(path.read_text()) or {}).get("descriptions", [])
    ]
    assert len(held_out) >= 205
    lines = [line for role in catalogue.roles.values() for line in role.described_as]
    assert len(lines) == 14 * len(catalogue.roles)
    assert not near_copies.close_pairs(lines, held_out)
    # Nor is any described job the learnt reader learns from.
    learnt_from = load_described_jobs(DATA_DIR, catalogue)
    assert {job.role for job in learnt_from} == set(catalogue.roles)
    assert not near_copies.close_pairs([job.text for job in learnt_from], held_out)


def test_every_described_job_names_a_role_of_the_catalogue(tmp_path, catalogue) -> None:
    (tmp_path / "careers").mkdir()
    (tmp_path / "careers" / "described_jobs.yml").write_text(
        "descriptions:\n  - text: the one who flies the air ambulance\n    role: pilot\n"
    )
    with pytest.raises(CatalogueError, match="pilot"):
        load_described_jobs(tmp_path, catalogue)


def test_words_of_a_liking_in_a_story_of_work_are_what_the_worker_did(
    careers: CareersConversation,
) -> None:
    # "lab" and "kids" are likings when a pupil says them of themselves; in a story of
    # someone at work they are where the job is done.
    story = "there's a bloke who wheels beds down to x-ray and drops the blood samples at the lab"
    assert _roles(careers, story)[0] == "porter"
    assert (
        "suit you"
        in asked(careers, "i like the lab and kids, what jobs could i do").messages[0]["text"]
    )


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # Roles named only as the story's background: the GP who referred, the porters who
        # bring the samples, the consultant who operated.
        (
            "My son kept saying what? so the GP referred him. In a little soundproof room a "
            "woman played beeps through headphones and he pressed a button for each one.",
            "audiologist",
        ),
        (
            "my sister unpacks the sample bags the porters bring up, checks the labels match "
            "the forms and books every tube onto the computer before it goes on the analyser",
            "medical_laboratory_assistant",
        ),
        # A role named as the job asked about is the answer, story or not.
        (
            "My son wants to be a GP, seeing everyone from babies with rashes to old men with "
            "bad chests in one morning at the surgery",
            "gp",
        ),
        # Asked what the job is called, in the words of its own name: "cook" names the chef.
        (
            "i wanna cook for a living but in the nhs, making the meals for the wards incl the "
            "soft ones for people who cant chew. what job is that",
            "chef",
        ),
    ],
)
def test_a_role_named_in_passing_is_not_taken_for_the_job_described(
    careers: CareersConversation, text: str, role: str
) -> None:
    assert _roles(careers, text)[0] == role


def test_a_family_word_set_aside_sets_aside_the_family(
    careers: CareersConversation, catalogue
) -> None:
    # "not a doctor": not the anaesthetist or the GP either, whatever else fits
    text = "not a nurse or a doctor but the one in theatres who gets the anaesthetic stuff ready"
    families = {catalogue.get(role).family for role in _roles(careers, text)}
    assert families and not families & {"medicine", "nursing"}


def test_a_role_is_named_with_its_article(catalogue) -> None:
    assert a_role(catalogue.get("anaesthetist")) == "an anaesthetist"
    assert a_role(catalogue.get("paramedic")) == "a paramedic"
    # Acronyms keep their capitals, and take the article of their first letter's sound.
    assert a_role(catalogue.get("it_technician")) == "an IT support technician"
    assert a_role(catalogue.get("hr_officer")) == "an HR officer"
    assert a_role(catalogue.get("gp")) == "a GP"


def test_a_job_described_then_asked_about_is_found_in_its_own_sentence(
    careers: CareersConversation,
) -> None:
    # The whole message's vector falls between the description and the question ("what A
    # levels"), which is closer to asking about jobs in general than to any role: read
    # alone, the first sentence describes the job.
    text = (
        "My daughter sprained her ankle at netball and a lady at the hospital gave her "
        "stretches and exercises until she could run again. What A levels would she need "
        "to do that?"
    )
    assert _roles(careers, text)[0] == "physiotherapist"


def test_a_message_is_read_whole_and_then_sentence_by_sentence() -> None:
    text = "Not the staff who take the images - I mean the doctor. Ok? What would she study"
    assert readings(text) == [
        text,
        "Not the staff who take the images - I mean the doctor.",  # one thought, dash and all
        # "Ok?" and "What would she study" are too short to describe a job alone
    ]
    assert readings("the one who does the scans on pregnant women") == [
        "the one who does the scans on pregnant women"
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A sentence alone must be closer to a role than the whole message is to the FAQ
        # question its words matched: "My son wants to work for the NHS" is not a manager.
        "My son wants to work for the NHS. Is there an apprenticeship?",
        "Thanks. What about T levels? Are they any good for health jobs?",
        # Too short to describe a job alone: "Can you help?" is not the IT helpdesk.
        "Hello! My son is in year 9. He has no idea what job he wants. Can you help?",
    ],
)
def test_a_sentence_read_alone_does_not_turn_a_question_into_a_description(
    careers: CareersConversation, text: str
) -> None:
    reply = asked(careers, text)
    assert _roles(careers, text) == []
    assert not reply.messages[0]["text"].startswith("That sounds like")


def _placed_nowhere(careers: CareersConversation, text: str) -> list[str]:
    """The roles a message the NLU placed nowhere gets (the fallback's careers answer)."""
    turn = CareerTurn(text=text, intent="nlu_fallback", reader=Reader("parent"))
    reply = careers.described_job(turn)
    return careers_roles(reply.messages) if reply else []


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("after my wife had the baby a lady kept coming round to weigh her and ask about feeds",
         "health_visitor"),
        ("the one who takes blood from your arm at the surgery", "phlebotomist"),
        ("talking therapy where they help you change your thinking patterns", "cbt_therapist"),
        ("typing letters for consultants and booking their clinics", "medical_secretary"),
    ],
)  # fmt: skip
def test_a_job_described_to_no_intent_still_finds_its_role(
    careers: CareersConversation, text: str, role: str
) -> None:
    assert role in _placed_nowhere(careers, text)[:3]


@pytest.mark.parametrize(
    "text",
    [
        "My son knocked his front tooth playing rugby, should he see an emergency dentist today?",
        "Is it safe for my daughter to have the nasal flu vaccine if she's allergic to eggs?",
        "she keeps rubbing her eyes at the board, how do i get her eyesight checked",
        "my daughter's English teacher just reads off the slides and never explains anything",
    ],
)
def test_a_familys_own_health_question_to_no_intent_is_not_a_job(
    careers: CareersConversation, text: str
) -> None:
    # Each fits a role (the dentist at 0.72) but asks for care: the NLU's fallback answers
    # it, not a careers card. So does a message that speaks of no one and fits loosely.
    assert _placed_nowhere(careers, text) == []


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("My son wants to be a vet when he's older. What A levels does he need?", "vet"),
        ("how do i become a pilot", "pilot"),
        ("what gcses do you need to be a hairdresser", "hairdresser"),
        ("i want to be a youtuber", "youtuber"),
        ("i would like to be a carer", None),  # a healthcare assistant's work
        ("i want to be a scientist in a hospital", None),
        ("she wants to be a midwife", None),
        ("i want to be a part of the nhs", None),
        ("i want to be a good listener for people", None),
        ("does he need to be a graduate", None),
        ("i just want to be a normal kid and have a job one day", None),
    ],
)
def test_a_job_wished_for_outside_health_is_told_apart(
    descriptions: RoleDescriptions, text: str, job: str | None
) -> None:
    assert descriptions.job_outside_health(text) == job


def test_a_job_outside_health_gets_the_honest_no_and_where_to_ask(
    careers: CareersConversation,
) -> None:
    reply = asked(careers, "My son wants to be a vet. What A levels does he need?")
    words = " ".join(m.get("text", "") for m in reply.messages)
    assert words.startswith("Sorry, I can't help with that") and "not animal care" in words
    assert "National Careers Service" in words
    assert not _roles(careers, "how do i become a pilot") and not reply.slots


@pytest.mark.parametrize(
    ("text", "work"),
    [
        ("is a degree apprenticeship the best way into the police", "policing"),
        ("how do I become a police officer", "policing"),  # not the security officer
        ("my daughter is set on the RAF after sixth form, what subjects help", "the armed forces"),
        ("thinking of plumbing at college instead of sixth form", "building and the trades"),
        ("how do you become a barber", "hair and beauty"),
    ],
)
def test_work_named_outside_health_gets_the_honest_no_not_nhs_roles(
    careers: CareersConversation, text: str, work: str
) -> None:
    reply = asked(careers, text)
    assert not careers_roles(reply.messages)
    assert f"jobs in the NHS and health, not {work}." in reply.messages[0]["text"]


@pytest.mark.parametrize(
    "text",
    [
        "she wants work experience at a vets or at the hospital",  # a health setting too
        "ambulance crews work with the police at crashes, how do i get into that",
        "I used to be a hairdresser, can I retrain as a nurse",
        "he's ex-army, what's the job of the guard who watches the CCTV in A&E",
        "in a and e a guard in black calmed a drunk man down, he wasnt police. whats that job",
    ],
)
def test_work_outside_health_beside_health_work_is_not_told_no(
    careers: CareersConversation, text: str
) -> None:
    assert "Sorry, I can't help" not in asked(careers, text).messages[0].get("text", "")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("What is that person called?", True),
        ("whats the job called where u fix hearing aids", True),
        ("what do you call the nurse who visits at home", True),
        ("what's her job title", True),
        ("whats the job where u fix wheelchairs", True),
        ("she's not the counsellor, what is she?", True),
        ("Not the midwife, she came after. What is her proper title?", True),
        ("What is that person's role?", True),
        ("is there a name for that and would I need a course", True),
        ("whats that job and how old do u have to be", True),
        ("what is that job about, is it hard", False),
        ("what are their names, the nurses", False),
        ("I called the GP and he said to wait", False),
        ("what should i do, i called 111 last night", False),
        ("whats the name of the food bank near us", False),
    ],
)
def test_a_question_for_a_jobs_name_is_told_apart(text: str, asks: bool) -> None:
    assert bool(ASKS_A_JOBS_NAME.search(text)) is asks


def test_asking_a_jobs_name_sets_the_roles_it_names_aside(careers: CareersConversation) -> None:
    # The GP is background: whoever asks a job's name does not know it.
    asking = "the GP says some people only look after feet and toenails, what are they called"
    assert _roles(careers, asking)[0] == "podiatrist"
    assert _roles(careers, "my mum is a GP, what's her job like") == ["gp"]


def test_a_topic_message_asking_a_jobs_name_gets_the_roles_it_describes(
    careers: CareersConversation,
) -> None:
    asking = (
        "my son had weekly sessions with someone who helped him challenge his anxious "
        "thoughts step by step, what is that person called"
    )
    turn = CareerTurn(text=asking, intent="mental_health", reader=Reader("parent"))
    reply = careers.job_name_asked(turn)
    assert reply is not None
    assert set(careers_roles(reply.messages)) & {"clinical_psychologist", "cbt_therapist"}
    # Services, not roles, when no job's name is asked.
    worried = "my son has weekly sessions for his anxious thoughts, is there more help near us"
    assert careers.job_name_asked(CareerTurn(worried, "mental_health", Reader("parent"))) is None


def test_a_job_outside_health_placed_nowhere_gets_the_same_honest_no(
    careers: CareersConversation,
) -> None:
    # The wish speaks of someone at work, but of no job in health: not a careers card.
    text = "i want to be a footballer when im older how do i get scouted, im 11"
    for at_work_only in (False, True):
        turn = CareerTurn(text=text, intent="out_of_scope", reader=Reader("pupil"))
        reply = careers.described_job(turn, at_work_only=at_work_only)
        assert reply is not None and not careers_roles(reply.messages)
        assert reply.messages[0]["text"].startswith("Sorry, I can't help with that")


CLINIC = "is there an asthma clinic at the surgery or do we go to the hospital"


@pytest.mark.parametrize(
    ("text", "ranking", "topic"),
    [
        # Care asked for, with a topic ranked next: the topic's services.
        (CLINIC, ["careers", "asthma"], "asthma"),
        ("is it normal to need my blue inhaler before football", ["careers", "asthma"], "asthma"),
        ("should my son see a physio about his breathing", ["careers", "asthma"], "asthma"),
        (
            "is it normal to use my reliever four times a week, it gets in the way of A level "
            "PE training",
            ["careers", "asthma"],
            "asthma",
        ),
        # Care no topic gives, or no topic ranked next: the honest no, not a careers card.
        (CLINIC, ["careers", "out_of_scope"], OUT_OF_SCOPE),
        ("Any NHS dentists taking kids?", ["careers", "out_of_scope"], OUT_OF_SCOPE),
        (
            "Radiographer wants to x-ray my 12 year old without me in the room, is that allowed?",
            ["careers", "school_admin"],
            OUT_OF_SCOPE,
        ),
        (
            "would a dietitian see her? she's vegan and 14",
            ["careers", "out_of_scope"],
            OUT_OF_SCOPE,
        ),
        # Work spoken of, a job's words, a job's name asked, training or pay: careers.
        ("do i need a degree to work in asthma care", ["careers", "asthma"], None),
        ("do you need a degree to be an asthma nurse", ["careers", "asthma"], None),
        ("what do you call the nurse who checks inhaler technique", ["careers", "asthma"], None),
        ("can i get work experience with a GP in year 10", ["careers", "out_of_scope"], None),
        ("how much do u get paid in the nhs when u first start", ["careers", "out_of_scope"], None),
        ("how many years is med school, do you get a bursary", ["careers", "out_of_scope"], None),
    ],
)
def test_care_asked_for_in_a_careers_looking_message_goes_to_its_topic_or_the_honest_no(
    careers: CareersConversation, text: str, ranking: list[str], topic: str | None
) -> None:
    assert careers.topic_of_care_asked(text, ranking) == topic


def test_a_story_is_ranked_by_all_its_sentences_not_one_stray_line(
    careers: CareersConversation,
) -> None:
    # Ranked by its closest sentence alone, "I'd love to send her a card" found an office job.
    story = (
        "Mum had radiotherapy every weekday for a month. The lady who lined her up on the bed "
        "with the little tattoo dots, then left the room while the big machine worked, was "
        "brilliant with her. What is her job title? I'd love to send her a card to say thanks."
    )
    assert "therapeutic_radiographer" in _roles(careers, story)


def test_a_job_described_with_a_wish_gets_the_roles_described_that_keep_it(
    careers: CareersConversation, catalogue
) -> None:
    text = (
        "is there a job on the rehab ward walking patients up and down with their frames and "
        "setting out the exercise class, without needing a degree"
    )
    roles = _roles(careers, text)
    assert "therapy_support_worker" in roles
    assert all(catalogue.roles[role].needs_no_degree for role in roles)


def test_likings_said_beside_a_description_help_rank_it(careers: CareersConversation) -> None:
    text = (
        "when i was on the childrens ward for weeks someone came to do acting games and role "
        "play with us to help with how we felt about being ill. i love drama, could i do that"
    )
    assert _roles(careers, text)[0] == "drama_therapist"


def test_a_name_found_only_by_its_spelling_is_not_set_aside(careers: CareersConversation) -> None:
    # "hearing aids" is near the audiologist's everyday name; asking "what's that job" does
    # not make it background, as a role named in full would be ("the GP said...").
    text = "my grandad had his ears tested and someone fitted his new hearing aids, whats that job"
    assert _roles(careers, text)[0] == "audiologist"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("is that a real job in the NHS?", True),
        ("can u do that job without being a nurse", True),
        ("she wants to do what they did for him", True),
        ("what would he need to study", True),
        ("I lost my job at the factory and my anxiety is awful", False),
        ("is it a real illness or is she just tired", False),
    ],
)
def test_a_question_about_the_job_in_a_story_is_told_apart(text: str, asks: bool) -> None:
    assert bool(ASKS_ABOUT_THAT_JOB.search(text)) is asks


def test_a_topic_story_asking_about_the_job_in_it_gets_the_roles(
    careers: CareersConversation,
) -> None:
    story = (
        "my son had weekly sessions with someone who gave him worksheets to challenge his "
        "panicky thoughts and face his fears bit by bit. is that a real job in the NHS?"
    )
    reply = careers.job_name_asked(CareerTurn(story, "mental_health", Reader("parent")))
    assert reply is not None
    assert set(careers_roles(reply.messages)) & {"cbt_therapist", "clinical_psychologist"}
    worried = "I lost my job at the factory and my anxiety is awful, is there help near us"
    assert careers.job_name_asked(CareerTurn(worried, "mental_health", Reader("parent"))) is None
