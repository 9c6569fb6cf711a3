"""The management commands (events, topics, panelists, staff, series, users) through the
CLI runner, on a database built by the migrations."""

import re

import pytest
from sqlalchemy import func, select

from qa_app.domain.access import grants
from qa_app.domain.access.accounts import find_user
from qa_app.domain.access.passwords import verify_password
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Event, Question

LINK = re.compile(r"^http://127\.0\.0\.1:5000/invite/(\S+)$", re.M)


@pytest.fixture
def event(invoke):
    invoke(
        "events",
        "create",
        "KE1",
        "--title",
        "Knowledge exchange 1",
        "--languages",
        "en,fr",
        "--starts-at",
        "2030-01-10T15:30",
        "--timezone",
        "Europe/Zurich",
        "--duration",
        "90",
    )
    return "KE1"


def test_events_list_show_update_close_and_archive(cli_app, invoke, event):
    assert "KE1" in invoke("events", "list").output
    assert "KE1" in invoke("events", "list", "--when", "upcoming", "--search", "exchange").output
    assert "KE1" not in invoke("events", "list", "--when", "past").output
    invoke("series", "create", "KE", "--title", "Knowledge exchanges")
    invoke(
        "events",
        "update",
        "KE1",
        "--title",
        "Renamed",
        "--question-cap",
        "3",
        "--public",
        "--series",
        "KE",
        "--languages",
        "en,fr,es",
    )
    shown = invoke("events", "show", "KE1").output
    assert re.search(r"title:\s+Renamed", shown) and re.search(r"question_cap:\s+3", shown)
    assert re.search(r"series:\s+KE", shown) and re.search(r"public:\s+True", shown)
    refused = invoke(
        "events", "update", "KE1", "--timezone", "Mars/Base", "--languages", "de", ok=False
    )
    assert "timezone: Unknown time zone." in refused.output and "languages:" in refused.output
    assert "KE1" in invoke("series", "list").output
    invoke("events", "close", "KE1")
    with cli_app.app_context():
        assert get_event("KE1").status() == "ended"
    invoke("events", "archive", "KE1")
    refused = invoke("topics", "add", "KE1", "Too late", ok=False)
    assert "archived" in refused.output
    invoke("events", "archive", "KE1", "--undo")
    invoke("topics", "add", "KE1", "In time")


def test_topics_and_panelists(cli_app, invoke, event):
    invoke(
        "users",
        "create",
        "sara@example.org",
        "--role",
        "moderator",
        "--password",
        "amber falcon ledger",
        "--event",
        "KE1",
        "--name",
        "Sara",
    )
    out = invoke("topics", "add", "KE1", "Fair mobility").output
    topic_id = int(re.search(r"Added topic (\d+)", out).group(1))
    invoke("topics", "add", "KE1", "Outreach")
    assert invoke("topics", "list", "KE1").output.splitlines()[0] == "%d\tFair mobility" % topic_id
    with cli_app.app_context():
        from qa_app.domain.questions import operations as questions

        questions.ask(
            get_event("KE1"), "a", "About fair mobility?", language="en", topic_id=topic_id
        )
    refused = invoke("topics", "remove", "KE1", str(topic_id), input="n\n", ok=False)
    assert "1 questions use this topic" in refused.output
    out = invoke("topics", "remove", "KE1", str(topic_id), "--yes").output
    assert "1 questions now have no topic" in out
    with cli_app.app_context():
        assert db.session.scalar(select(Question.topic_id)) is None

    out = invoke(
        "panelists",
        "add",
        "KE1",
        "Sara",
        "--organisation",
        "EURES Sweden",
        "--languages",
        "en,fr",
        "--account",
        "sara@example.org",
    ).output
    panelist_id = int(re.search(r"Added panelist (\d+)", out).group(1))
    listed = invoke("panelists", "list", "KE1").output
    assert "Sara\tEURES Sweden\ten,fr\tsara@example.org" in listed
    with cli_app.app_context():
        user = find_user("sara@example.org")
        assert grants.grant_for(user.id, get_event("KE1")).roles == {"moderator", "panelist"}
    assert "nobody@example.org" not in invoke("panelists", "list", "KE1").output
    invoke("panelists", "add", "KE1", "X", "--account", "nobody@example.org", ok=False)
    invoke("panelists", "remove", "KE1", str(panelist_id))
    assert invoke("panelists", "list", "KE1").output == ""


def test_staff_invite_list_and_revoke(cli_app, invoke, event):
    out = invoke(
        "staff", "invite", "KE1", "Int@Example.org", "--role", "interpreter", "--languages", "fr"
    ).output
    token = LINK.search(out).group(1)
    assert "int@example.org\t(invited)\tinterpreter" in invoke("staff", "list", "KE1").output
    with cli_app.app_context():
        from qa_app.domain.access import invitations

        user = invitations.accept_with_new_account(token, "a long password", "Ines")
        assert grants.grant_for(user.id, get_event("KE1")).languages == {"fr"}
    listed = invoke("staff", "list", "KE1").output
    assert "int@example.org\tInes\tinterpreter" in listed and "(invited)" not in listed
    assert "Revoked interpreter" in invoke("staff", "revoke", "KE1", "int@example.org").output
    assert "int@example.org" not in invoke("staff", "list", "KE1").output
    assert "no such role" in invoke("staff", "revoke", "KE1", "int@example.org", ok=False).output
    invoke("staff", "invite", "KE1", "x@example.org", "--role", "admin", ok=False)
    invoke("staff", "invite", "NOPE", "x@example.org", "--role", "moderator", ok=False)


def test_duplicate_as_next_in_the_series(cli_app, invoke, event):
    invoke("topics", "add", "KE1", "Fair mobility")
    invoke("panelists", "add", "KE1", "Sara", "--organisation", "EURES")
    invoke(
        "users",
        "create",
        "mod@example.org",
        "--role",
        "moderator",
        "--password",
        "amber falcon ledger",
        "--event",
        "KE1",
        "--name",
        "Mod",
    )
    out = invoke("events", "duplicate", "KE1", "KE2", "--starts-at", "2030-02-14T15:30").output
    assert "Created event KE2" in out
    with cli_app.app_context():
        copy, original = get_event("KE2"), get_event("KE1")
        assert [t.title for t in copy.topics] == ["Fair mobility"]
        assert [p.name for p in copy.panelists] == ["Sara"]
        assert copy.starts_at.isoformat() == "2030-02-14T14:30:00+00:00"
        assert copy.duration_minutes == original.duration_minutes == 90
        user = find_user("mod@example.org")
        assert grants.grant_for(user.id, copy).roles == {"moderator"}
    invoke("events", "duplicate", "KE1", "KE2", ok=False)
    invoke("events", "duplicate", "KE1", "bad code", ok=False)
    with cli_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 2


def test_users_deactivate_and_reset_link(cli_app, invoke):
    invoke(
        "users",
        "create",
        "m@example.org",
        "--role",
        "moderator",
        "--password",
        "amber falcon ledger",
        "--name",
        "M",
    )
    assert "Deactivated" in invoke("users", "deactivate", "m@example.org").output
    with cli_app.app_context():
        assert not find_user("m@example.org").active
    invoke("users", "deactivate", "m@example.org", "--undo")
    out = invoke("users", "reset-link", "m@example.org").output
    token = re.search(r"/reset/(\S+)", out).group(1)
    with cli_app.app_context():
        from qa_app.domain.access import accounts

        accounts.reset_password(token, "a new long password")
        assert verify_password(find_user("m@example.org").password_hash, "a new long password")
    invoke("users", "reset-link", "nobody@example.org", ok=False)
