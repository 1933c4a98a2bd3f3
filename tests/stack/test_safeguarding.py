"""Safeguarding through the real REST channel of the running assistant."""

from pathlib import Path

import pytest
import requests
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.config import DATA_DIR
from bot.directory.seed import migrate_and_seed
from bot.stack import Stack
from tests.stack.conftest import Chat, customs, texts

pytestmark = pytest.mark.servers
CORPUS = yaml.safe_load((Path(__file__).parent.parent / "safeguarding" / "corpus.yml").read_text())


def escalations(stack: Stack, conversation_id: str) -> list[dict]:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT * FROM escalation WHERE conversation_id = :c"), {"c": conversation_id}
        ).mappings()
        found = [dict(row) for row in rows]
    engine.dispose()
    return found


def follow_ups(stack: Stack, escalation_id: str) -> list[str]:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT text FROM escalation_message WHERE escalation_id = :e ORDER BY id"),
            {"e": escalation_id},
        )
        found = [row[0] for row in rows]
    engine.dispose()
    return found


def test_a_disclosure_is_escalated_and_handed_off(stack) -> None:
    chat = Chat(stack, {"school": "palfrey-park-primary", "audience": "pupil"})
    chat.say("hiya")
    messages = chat.say("my stepdad hits me when mum is at work and i have to hide the bruises")
    [handoff] = customs(messages, "handoff")
    [card] = customs(messages, "crisis_card")
    assert card["contacts"][0]["tel"] == "tel:999"
    assert not customs(messages, "services")
    assert "Palfrey Park Primary" in texts(messages)
    [row] = escalations(stack, chat.sender)
    assert row["id"] == handoff["escalation_id"] and row["status"] == "new"
    assert "physical_abuse" in row["categories"] and row["school"] == "palfrey-park-primary"

    # From now on: no directory, no chit-chat; messages are recorded against the escalation.
    later = chat.say("where can i get an inhaler spacer")
    assert not customs(later, "services") and not customs(later, "crisis_card")
    joking = chat.say("only joking lol")
    assert not customs(joking, "services")
    assert escalations(stack, chat.sender)[0]["status"] == "new", "a denial never clears it"
    again = chat.say("he said he will hurt me worse if i tell")
    assert customs(again, "crisis_card"), "new risk brings the crisis card again"
    assert follow_ups(stack, row["id"]) == [
        "where can i get an inhaler spacer",
        "only joking lol",
        "he said he will hurt me worse if i tell",
    ]


def test_a_disclosure_typed_as_an_intent_command_still_hands_off(stack) -> None:
    # Rasa gives "/intent{...}" messages the named intent after the NLU pipeline ran.
    messages = Chat(stack).say('/greet{"town": "my stepdad hits me every night"}')
    assert customs(messages, "handoff") and customs(messages, "crisis_card")


def test_a_parent_gets_the_adult_card(stack) -> None:
    chat = Chat(stack, {"school": "rowley-hills-academy", "audience": "parent"})
    messages = chat.say("i think someone online is grooming my daughter, he asks her for pics")
    [card] = customs(messages, "crisis_card")
    assert card["audience"] == "adult"
    assert "tel:08088005000" in {c.get("tel") for c in card["contacts"]}


def test_every_corpus_disclosure_reaches_staff_and_few_traps_do(stack) -> None:
    """Every disclosure is handed off (crisis card) or checked in on (the question with the
    24-hour contacts, and a review for staff): either way a person at the school sees it."""
    missed = []
    for item in CORPUS["concerns"]:
        messages = Chat(stack).say(item["text"])
        handed_off = customs(messages, "handoff") and customs(messages, "crisis_card")
        checked_in = [c for c in customs(messages, "check_in") if c["contacts"]]
        if not (handed_off or checked_in):
            missed.append(item["text"])
    raised = []
    for item in CORPUS["traps"]:
        messages = Chat(stack).say(item["text"])
        if customs(messages, "handoff"):
            raised.append(item["text"])
    assert not missed, f"{len(missed)} disclosures neither handed off nor checked in: {missed}"
    assert len(raised) / len(CORPUS["traps"]) <= 0.03, f"traps handed off: {raised}"


def test_with_a_read_only_database_the_crisis_card_still_shows(tmp_path_factory) -> None:
    work = tmp_path_factory.mktemp("readonly")
    path = work / "signpost.db"
    migrate_and_seed(f"sqlite:///{path}", DATA_DIR)
    spool = work / "spool"
    readonly = Stack.on_free_ports(
        f"sqlite:///{path}",  # Rasa's tracker store can write
        work / "logs",
        {
            # ...but the action server's database refuses every write.
            "DATABASE_URL": f"sqlite:///file:{path}?mode=ro&uri=true",
            "ESCALATION_SPOOL_DIR": str(spool),
            "POSTCODES_IO_URL": "http://127.0.0.1:9",
        },
    )
    with readonly:
        chat = Chat(readonly)
        messages = chat.say("i want to kill myself tonight")
        assert customs(messages, "crisis_card")
        assert customs(messages, "handoff")
    assert len(list(spool.glob("*.json"))) == 1, "kept for a retry, not lost"
    log = (work / "logs" / "actions.log").read_text()
    assert "ESCALATION NOT IN DATABASE" in log and "kill myself" not in log
    assert make_url(readonly.database_url).database == str(path)


def test_broken_metadata_or_a_message_that_is_not_text_never_hides_a_disclosure(stack) -> None:
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    for n, metadata in enumerate(("x", [1, 2], 42, None, {"school": ["not", "a", "slug"]})):
        response = requests.post(
            url,
            json={"sender": f"broken-{n}", "message": "my dad hits me with his belt",
                  "metadata": metadata},
            timeout=60,
        )  # fmt: skip
        assert response.status_code == 200
        assert customs(response.json(), "handoff"), metadata
    response = requests.post(url, json={"sender": "number-1", "message": 12345}, timeout=60)
    assert response.status_code == 200
