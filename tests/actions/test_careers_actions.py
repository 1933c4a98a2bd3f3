"""The careers actions with rasa_sdk's own Tracker and CollectingDispatcher."""

from actions.careers import ActionCareers
from actions.directory import ActionMoreServices, ActionNotUnderstood
from actions.school_office import ActionSchoolContact
from tests.actions.test_actions import custom, directory_env, run, tracker  # noqa: F401


def careers_card(messages: list[dict]) -> dict:
    """The reply's one careers card."""
    [card] = [c for c in custom(messages) if c["type"] == "careers"]
    return card


def ranked(asked, *ranking: tuple[str, float]):
    """The tracker with the NLU's intent ranking, best first."""
    asked.latest_message["intent_ranking"] = [
        {"name": name, "confidence": confidence} for name, confidence in ranking
    ]
    return asked


def test_a_role_question_sends_text_and_the_careers_payload_and_remembers_the_role() -> None:
    messages, slots = run(
        ActionCareers(),
        tracker("how do i become a paramedic", "careers", metadata={"audience": "pupil"}),
    )
    card = careers_card(messages)
    assert card["roles"][0]["id"] == "paramedic"
    assert {"id", "title", "band", "routes"} <= set(card["roles"][0])
    assert slots["career_role"] == "paramedic"


def test_a_follow_up_reads_the_role_from_the_slot() -> None:
    messages, _ = run(
        ActionCareers(), tracker("what about pay?", "careers", {"career_role": "porter"})
    )
    assert any(
        "porter" in (m.get("text") or "").lower() and "£" in (m.get("text") or "") for m in messages
    )


def test_a_primary_school_pupil_gets_no_pay_figures() -> None:
    messages, _ = run(
        ActionCareers(),
        tracker(
            "what does a dentist do", "careers",
            metadata={"audience": "pupil", "school": "palfrey-park-primary"},
        ),
    )  # fmt: skip
    assert messages and not any("£" in (m.get("text") or "") for m in messages)


def test_more_like_that_after_a_role_shows_related_roles() -> None:
    messages, slots = run(
        ActionMoreServices(),
        tracker(
            "show me more like that", "more",
            {"topic": "careers", "career_role": "paramedic", "career_shown": ["paramedic"]},
        ),
    )  # fmt: skip
    card = careers_card(messages)
    assert card["roles"] and "paramedic" not in [r["id"] for r in card["roles"]]
    assert len(slots["career_shown"]) > 1


def test_apprenticeships_near_a_town_come_from_the_directory() -> None:
    messages, _ = run(
        ActionCareers(),
        tracker(
            "nhs apprenticeships near walsall", "careers", {"topic": "careers"},
            entities=[{"entity": "town", "value": "Walsall"}],
        ),
    )  # fmt: skip
    assert any(c["type"] == "services" for c in custom(messages))


def test_a_job_described_that_the_nlu_could_not_place_finds_the_role() -> None:
    # Long descriptions of what someone did often fit no intent: the roles they describe,
    # with the topics still one tap away in case the message was about something else.
    text = (
        "works in the ambulance control room, doesnt answer the calls but decides which "
        "crew to send and keeps track of where they all are"
    )
    messages, slots = run(ActionNotUnderstood(), tracker(text, "nlu_fallback"))
    card = careers_card(messages)
    assert "emergency_medical_dispatcher" in [r["id"] for r in card["roles"]]
    assert slots["career_role"] == card["roles"][0]["id"]
    assert [b["title"] for b in messages[-1]["buttons"]][0] == "Asthma support"


def test_a_message_placed_nowhere_that_describes_no_job_gets_the_topics() -> None:
    messages, slots = run(ActionNotUnderstood(), tracker("blorp the wibble", "nlu_fallback"))
    [message] = messages
    assert message["response"] == "utter_fallback_topics" and not slots


def test_a_message_placed_nowhere_whose_best_guess_is_out_of_scope_gets_the_honest_no() -> None:
    text = "is my manager allowed to change my shifts with a day's notice"
    unsure = ranked(
        tracker(text, "nlu_fallback"),
        ("nlu_fallback", 0.5),
        ("out_of_scope", 0.41),
        ("school_admin", 0.3),
    )
    [message] = run(ActionNotUnderstood(), unsure)[0]
    assert message["response"] == "utter_out_of_scope"
    # A topic's guess, however weak, keeps "not sure I understood" and the topics to choose.
    unsure.latest_message["intent_ranking"][1:] = [{"name": "debt", "confidence": 0.3}]
    [message] = run(ActionNotUnderstood(), unsure)[0]
    assert message["response"] == "utter_fallback_topics"


def test_a_familys_health_question_placed_nowhere_gets_no_careers_card() -> None:
    text = "My son knocked his front tooth playing rugby, should he see an emergency dentist today?"
    messages, slots = run(ActionNotUnderstood(), tracker(text, "nlu_fallback"))
    assert not custom(messages) and not slots


def test_a_jobs_name_asked_in_the_school_offices_words_gets_the_role() -> None:
    # "front desk", "checks you in" and "appointments" read like the school office, but the
    # message asks what a job is called.
    text = (
        "the lady on the front desk at our gp surgery who checks you in and sorts the "
        "appointments on the phone, whats that job called officially"
    )
    messages, _ = run(ActionSchoolContact(), tracker(text, "school_admin"))
    card = careers_card(messages)
    assert card["roles"][0]["id"] == "receptionist"
    # A school-office question still gets the school office.
    messages, _ = run(
        ActionSchoolContact(), tracker("who do i tell my son is off sick", "school_admin")
    )
    assert [c["type"] for c in custom(messages)] == ["school_contact"]


def test_care_from_an_nhs_worker_that_no_topic_gives_gets_the_honest_no() -> None:
    # The NLU took it for careers (it names the dentist), ranking nothing we answer next.
    asked = ranked(
        tracker("Any NHS dentists taking kids round here?", "careers"),
        ("careers", 0.7),
        ("out_of_scope", 0.2),
    )
    messages, slots = run(ActionCareers(), asked)
    assert [m.get("response") for m in messages] == ["utter_out_of_scope"]
    assert not custom(messages) and not slots


def test_care_asked_of_a_worker_that_the_nlu_placed_nowhere_gets_the_honest_no() -> None:
    text = "Knee physio for my daughter is an 18 week wait. Can we ask to be seen sooner?"
    unsure = ranked(tracker(text, "nlu_fallback"), ("nlu_fallback", 0.5), ("school_admin", 0.3))
    [message] = run(ActionNotUnderstood(), unsure)[0]
    assert message["response"] == "utter_out_of_scope"
    # Its topic's guess keeps the topics to choose from: the asthma nurse may be in the list.
    unsure.latest_message["intent_ranking"][1:] = [{"name": "asthma", "confidence": 0.3}]
    [message] = run(ActionNotUnderstood(), unsure)[0]
    assert message["response"] == "utter_fallback_topics"
    # A question about the physio's training is no question of care.
    asks_training = tracker("can i shadow a physio, is there a waiting list", "nlu_fallback")
    [message] = run(ActionNotUnderstood(), asks_training)[0]
    assert message["response"] != "utter_out_of_scope"
