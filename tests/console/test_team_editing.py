"""A trust admin keeps each school's safeguarding team and hours in the console: only their
own trust's schools, only valid teams, every save audited, and the data file no longer
overwrites it afterwards."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from bot.config import DATA_DIR
from bot.console.models import AuditEntry, SchoolRecord
from bot.console.seed import seed_schools
from bot.db import session_scope
from tests.console.conftest import Console, csrf_token

ROWLEY = "rowley-hills-academy"
TEAM_PAGE = f"/console/schools/{ROWLEY}/team"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _form(client: FlaskClient, **changes: str) -> dict[str, str]:
    """A new team for Rowley Hills, as an admin would type it into the page."""
    form = {
        "csrf_token": csrf_token(client, TEAM_PAGE),
        "contact_role_0": "dsl", "contact_name_0": "Ms Grace Adeyemi",
        "contact_email_0": "adeyemi@rowley-hills-academy.example.org",
        "contact_phone_0": "07700 900150",
        "contact_role_1": "deputy", "contact_name_1": "Mr Tom Hale",
        "contact_email_1": "hale@rowley-hills-academy.example.org", "contact_phone_1": "",
        "contact_role_2": "trust_dsl", "contact_name_2": "Dr Miriam Achterberg",
        "contact_email_2": "achterberg@canal-and-kiln.example.org", "contact_phone_2": "",
        # A spare row left empty, as the page offers it.
        "contact_role_3": "", "contact_name_3": "", "contact_email_3": "", "contact_phone_3": "",
        **{f"opens_{day}": "08:00" for day in WEEKDAYS},
        **{f"closes_{day}": "16:30" for day in WEEKDAYS},
        "opens_sat": "", "closes_sat": "", "opens_sun": "", "closes_sun": "",
        "closed_from_0": "2027-02-15", "closed_to_0": "2027-02-19",
        "closed_name_0": "February half term",
        "closed_from_1": "", "closed_to_1": "", "closed_name_1": "",
    }  # fmt: skip
    form.update(changes)
    return form


def _school(console: Console, slug: str = ROWLEY) -> SchoolRecord:
    with console.sessions() as session:
        record = session.get(SchoolRecord, slug)
        assert record is not None
        return record


def _edits(console: Console) -> list[AuditEntry]:
    with console.sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == "team_edited")))


def test_an_admin_finds_the_teams_in_the_navigation(console: Console, client_as) -> None:
    client = client_as("admin@example.org")
    assert 'href="/console/schools"' in client.get("/console/audit").get_data(as_text=True)
    listing = client.get("/console/schools").get_data(as_text=True)
    assert "Rowley Hills Academy" in listing and "Mr Daniel Okafor" in listing
    assert "Mon–Thu 08:00–17:00, Fri 08:00–15:30" in listing
    page = client.get(TEAM_PAGE).get_data(as_text=True)
    assert 'value="okafor@rowley-hills-academy.example.org"' in page
    assert 'name="opens_fri" value="08:00"' in page and 'name="closes_fri" value="15:30"' in page


def test_an_admin_saves_the_team_and_the_audit_counts_it(console: Console, client_as) -> None:
    client = client_as("admin@example.org")
    response = client.post(TEAM_PAGE, data=_form(client))
    assert response.status_code == 302 and response.location.endswith(TEAM_PAGE)
    school = _school(console)
    assert [(c["role"], c["name"]) for c in school.team] == [
        ("dsl", "Ms Grace Adeyemi"), ("deputy", "Mr Tom Hale"),
        ("trust_dsl", "Dr Miriam Achterberg"),
    ]  # fmt: skip
    assert school.team[0]["phone"] == "07700 900150"
    assert school.team_hours == {
        "times": {day: "08:00-16:30" for day in WEEKDAYS},
        "closed": [{"from": "2027-02-15", "to": "2027-02-19", "name": "February half term"}],
    }
    assert school.team_edited_at is not None
    [entry] = _edits(console)
    assert entry.school_slug == ROWLEY and entry.actor_email == "admin@example.org"
    # Counts only: no names or addresses in the audit log.
    assert entry.detail == {"contacts": 3, "days_open": 5, "closed_periods": 1}
    assert "Saved the safeguarding team" in client.get(TEAM_PAGE).get_data(as_text=True)


def test_clearing_a_row_removes_that_contact(console: Console, client_as) -> None:
    client = client_as("admin@example.org")
    cleared = {"contact_name_1": "", "contact_email_1": "", "contact_phone_1": ""}
    assert client.post(TEAM_PAGE, data=_form(client, **cleared)).status_code == 302
    assert [c["role"] for c in _school(console).team] == ["dsl", "trust_dsl"]


def test_a_team_without_a_dsl_or_an_email_saves_nothing(console: Console, client_as) -> None:
    before = _school(console)
    client = client_as("admin@example.org")
    for changes, message in [
        ({"contact_role_0": "deputy"}, "The team needs a DSL"),
        ({"contact_email_1": ""}, "Mr Tom Hale has no email address"),
        ({"opens_mon": "17:00"}, "Monday: the team closes before it opens"),
        ({"closes_tue": ""}, "Tuesday: give both the opening and the closing time"),
        ({"closed_from_0": "2027-02-20"}, "February half term ends before it starts"),
        ({f"opens_{d}": "" for d in WEEKDAYS} | {f"closes_{d}": "" for d in WEEKDAYS},
         "at least one day"),
    ]:  # fmt: skip
        response = client.post(TEAM_PAGE, data=_form(client, **changes))
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and "Not saved" in page and message in page, message
        # What was typed is still on the page, to put right.
        assert 'value="Ms Grace Adeyemi"' in page
    after = _school(console)
    assert (after.team, after.team_hours, after.team_edited_at) == (
        before.team, before.team_hours, None,
    )  # fmt: skip
    assert _edits(console) == []


def test_a_save_without_the_csrf_token_is_refused(console: Console, client_as) -> None:
    client = client_as("admin@example.org")
    form = _form(client)
    del form["csrf_token"]
    assert client.post(TEAM_PAGE, data=form).status_code == 400
    assert _school(console).team_edited_at is None


def test_staff_who_read_cases_cannot_edit_teams(console: Console, client_as) -> None:
    for email in ("pastoral.rowley@example.org", "dsl.rowley@example.org", "trust.dsl@example.org"):
        client = client_as(email)
        assert 'href="/console/schools"' not in client.get("/console/").get_data(as_text=True)
        assert client.get("/console/schools").status_code == 404
        assert client.get(TEAM_PAGE).status_code == 404
        token = csrf_token(client, "/console/")
        assert client.post(TEAM_PAGE, data={"csrf_token": token}).status_code == 404
    assert _school(console).team_edited_at is None


def test_another_trusts_school_is_not_there(console: Console, client_as) -> None:
    with session_scope(console.sessions) as session:
        session.add(
            SchoolRecord(
                slug="elsewhere-high", trust_slug="another-trust", name="Elsewhere High",
                postcode="B1 1AA", pastoral_hours="", widget_origins=[],
                team=[{"role": "dsl", "name": "Ms Other", "email": "other@example.org"}],
                team_hours={"times": {"mon": "08:00-16:00"}, "closed": []},
            )
        )  # fmt: skip
    client = client_as("admin@example.org")
    assert "Elsewhere High" not in client.get("/console/schools").get_data(as_text=True)
    assert client.get("/console/schools/elsewhere-high/team").status_code == 404
    token = csrf_token(client, TEAM_PAGE)
    posted = client.post("/console/schools/elsewhere-high/team", data={"csrf_token": token})
    assert posted.status_code == 404
    assert client.get("/console/schools/no-such-school/team").status_code == 404


def test_the_data_file_no_longer_overwrites_an_edited_team(console: Console, client_as) -> None:
    client = client_as("admin@example.org")
    assert client.post(TEAM_PAGE, data=_form(client)).status_code == 302
    edited = _school(console)
    with session_scope(console.sessions) as session:
        seed_schools(session, DATA_DIR)
    again = _school(console)
    assert (again.team, again.team_hours) == (edited.team, edited.team_hours)
    assert again.team[0]["name"] == "Ms Grace Adeyemi"
    # A school nobody edited still follows the data file.
    assert _school(console, "palfrey-park-primary").team[0]["name"] == "Ms Shazia Rahman"
