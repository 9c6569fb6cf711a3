"""Flask commands through the CLI runner, on a database built by the migrations."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, inspect, select

from qa_app.cli import demo
from qa_app.domain.access.accounts import find_user
from qa_app.domain.access.passwords import verify_password
from qa_app.extensions import db
from qa_app.models import Event, Grant, Panelist, Role, User


def test_init_db_builds_the_schema_and_is_idempotent(cli_app, invoke):
    with cli_app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    expected = {"events", "topics", "panelists", "questions", "translations", "votes"}
    assert expected | {"state_changes", "users", "alembic_version"} <= tables
    result = invoke("init-db")
    assert "Database ready" in result.output
    invoke("init-db")
    with cli_app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"


def test_the_migrated_schema_matches_the_models(cli_app, invoke):
    with cli_app.app_context():
        inspector = inspect(db.engine)
        for table in db.metadata.sorted_tables:
            migrated = {c["name"] for c in inspector.get_columns(table.name)}
            assert migrated == {c.name for c in table.columns}, table.name
        uniques = inspector.get_unique_constraints("votes")
        assert any(set(u["column_names"]) == {"question_id", "attendee"} for u in uniques)


def test_users_create(cli_app, invoke):
    result = invoke(
        "users",
        "create",
        " Ana@Example.org ",
        "--role",
        "moderator",
        "--password",
        "plum orchard lantern",
        "--name",
        "Ana",
    )
    assert "Created ana@example.org (moderator on every event)" in result.output
    with cli_app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ana@example.org"))
        assert user.name == "Ana" and user.active
        assert [(g.role, g.event_id) for g in user.grants] == [("moderator", None)]
        assert user.password_hash != "plum orchard lantern" and verify_password(
            user.password_hash, "plum orchard lantern"
        )


def test_users_create_on_some_events_only(cli_app, invoke):
    for code in ("ONE", "TWO", "THREE"):
        invoke("events", "create", code, "--title", code)
    args = [
        "--password",
        "copper tundra whistle",
        "--name",
        "Ines",
        "--event",
        "ONE",
        "--event",
        "THREE",
    ]
    result = invoke("users", "create", "i@example.org", "--role", "interpreter", *args)
    assert "interpreter on ONE, THREE" in result.output
    # admin is always global, whatever --event says.
    result = invoke("users", "create", "a@example.org", "--role", "admin", *args)
    assert "admin on every event" in result.output
    with cli_app.app_context():
        user = db.session.scalar(select(User).where(User.email == "i@example.org"))
        codes = {e.code: e.id for e in db.session.scalars(select(Event))}
        assert {g.event_id for g in user.grants} == {codes["ONE"], codes["THREE"]}
        admin = db.session.scalar(select(User).where(User.email == "a@example.org"))
        assert [(g.role, g.event_id) for g in admin.grants] == [("admin", None)]
    refused = invoke(
        "users",
        "create",
        "x@example.org",
        "--role",
        "moderator",
        *args[:4],
        "--event",
        "NOPE",
        ok=False,
    )
    assert "There is no event with that code." in refused.output
    with cli_app.app_context():
        assert find_user("x@example.org") is None


def test_users_create_prompts_for_the_password(cli_app, invoke):
    invoke(
        "users",
        "create",
        "p@example.org",
        "--role",
        "panelist",
        "--name",
        "Pat",
        input="quiet harbour violin\nquiet harbour violin\n",
    )
    with cli_app.app_context():
        user = db.session.scalar(select(User).where(User.email == "p@example.org"))
        assert verify_password(user.password_hash, "quiet harbour violin")


def test_users_create_reads_the_password_from_standard_input(cli_app, invoke):
    # The way to script it without putting the password on the command line (ps, history).
    invoke(
        "users",
        "create",
        "s@example.org",
        "--role",
        "admin",
        "--password-stdin",
        "--name",
        "Sam",
        input="tidal copper meadow\n",
    )
    with cli_app.app_context():
        user = db.session.scalar(select(User).where(User.email == "s@example.org"))
        assert verify_password(user.password_hash, "tidal copper meadow")
        assert not verify_password(user.password_hash, "tidal copper meadow\n")


def test_users_create_prompt_applies_the_policy(cli_app, invoke):
    result = invoke(
        "users",
        "create",
        "w@example.org",
        "--role",
        "admin",
        "--name",
        "Wes",
        input="password\npassword\n",
        ok=False,
    )
    assert "at least 10 characters" in result.output


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (
            ["dup@example.org", "--role", "admin", "--password", "another pass phrase 7"],
            "already exists",
        ),
        (
            ["DUP@example.org", "--role", "admin", "--password", "another pass phrase 7"],
            "already exists",
        ),
        (["new@example.org", "--role", "owner", "--password", "long enough phrase 7"], "owner"),
        (["new@example.org", "--password", "long enough phrase 7"], "--role"),
        (["not-an-email", "--role", "admin", "--password", "long enough phrase 7"], "e-mail"),
        (["new@example.org", "--role", "admin", "--password", "short"], "at least 10 characters"),
        (["new@example.org", "--role", "admin", "--password", " " * 12], "at least 10 characters"),
        (["new@example.org", "--role", "admin", "--password", "1234567890"], "most common"),
        (["new@example.org", "--role", "admin", "--password", "password123"], "most common"),
        (["new@example.org", "--role", "admin", "--password", "new@example.org"], "e-mail"),
        (["new@example.org", "--role", "admin", "--password", "x", "--password-stdin"], "either"),
        # Attendees see staff names (an interpreter's, on translations): never an e-mail.
        (["new@example.org", "--role", "admin", "--password", "x" * 12, "--name", " "], "name"),
        (
            [
                "new@example.org",
                "--role",
                "admin",
                "--password",
                "long enough phrase 7",
                "--name",
                "a@b.org",
            ],
            "not an e-mail",
        ),
    ],
)
def test_users_create_refusals(cli_app, invoke, args, complaint):
    invoke(
        "users",
        "create",
        "dup@example.org",
        "--role",
        "moderator",
        "--password",
        "first pass phrase 7",
        "--name",
        "First",
    )
    if "--name" not in args:
        args = [*args, "--name", "Dana"]
    result = invoke("users", "create", *args, ok=False)
    assert complaint in result.output
    with cli_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert db.session.scalar(select(Grant.role)) == "moderator"


def test_events_create(cli_app, invoke):
    result = invoke(
        "events",
        "create",
        "WEB-1",
        "--title",
        "Webinar",
        "--languages",
        "en,fr",
        "--premoderation",
        "--starts-at",
        "2030-03-01T10:00",
        "--timezone",
        "Europe/Zurich",
        "--duration",
        "45",
    )
    assert "/e/WEB-1" in result.output
    with cli_app.app_context():
        event = db.session.scalar(select(Event).where(Event.code == "WEB-1")).to_dict()
    assert event["title"] == "Webinar" and event["languages"] == ["en", "fr"]
    assert event["premoderation"] is True and event["accepting"] is True
    assert event["starts_at"] == "2030-03-01T09:00:00Z" and event["timezone"] == "Europe/Zurich"
    assert event["duration_minutes"] == 45
    invoke("events", "create", "WEB-2", "--title", "Plain")
    with cli_app.app_context():
        plain = db.session.scalar(select(Event).where(Event.code == "WEB-2"))
        assert (plain.languages, plain.premoderation) == (["en"], False)


@pytest.mark.parametrize(
    "args",
    [
        ["WEB-1", "--title", "Again"],
        ["bad code", "--title", "T"],
        ["X" * 33, "--title", "T"],
        ["NEW", "--title", "   "],
        ["NEW"],
        ["NEW", "--title", "T", "--languages", "en,klingon"],
        ["NEW", "--title", "T", "--timezone", "Mars/Base"],
        ["NEW", "--title", "T", "--starts-at", "tomorrow"],
        ["NEW", "--title", "T", "--duration", "0"],
    ],
)
def test_events_create_refusals(cli_app, invoke, args):
    invoke("events", "create", "WEB-1", "--title", "Webinar")
    invoke("events", "create", *args, ok=False)
    with cli_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 1


def test_demo_loads_the_reference_event(cli_app, invoke, tmp_path):
    result = invoke("demo")
    logins = re.findall(r"^(\S+@\S+)\s+(\w+)\s+(\S+)$", result.output, re.M)
    assert {role for _email, role, _password in logins} == {r.value for r in Role}
    assert (tmp_path / "demo-logins.txt").stat().st_mode & 0o077 == 0
    with cli_app.app_context():
        event = db.session.scalar(select(Event).where(Event.code == "FRI-PES"))
        data = event.to_dict()
        assert data["title"] == (
            "ILO Fair Recruitment Initiative knowledge exchange series: The role of Public "
            "Employment Services in fair recruitment promotion"
        )
        # 15 June 2023, 15:30 to 17:00 Geneva time (CEST, UTC+2).
        assert event.starts_at == datetime(2023, 6, 15, 13, 30, tzinfo=UTC)
        assert data["timezone"] == "Europe/Zurich" and data["duration_minutes"] == 90
        assert data["languages"] == ["en", "fr", "es"]
        assert len(data["topics"]) == 4
        for word, topic in zip(["EURES", "ATCT", "Morocco", "WAPES"], data["topics"], strict=True):
            assert word in topic["title"]
        organisations = " | ".join(p["organisation"] for p in data["panelists"])
        assert len(data["panelists"]) == 4
        for word in ["EURES Sweden", "ATCT", "Morocco", "WAPES"]:
            assert word in organisations
        users = {u.email: u for u in db.session.scalars(select(User))}
        roles = {u.email: {g.role for g in u.grants} for u in users.values()}
        assert set().union(*roles.values()) == {r.value for r in Role}
        global_grants = {u.email for u in users.values() for g in u.grants if g.event_id is None}
        assert global_grants == {"admin@fri-pes.example"}  # the others: on FRI-PES only
        names = " | ".join(u.name for u in users.values())
        for person in ["Anna-Karin Palm-Olsson", "Miriam Boudraa", "Gaëla Roudy Fraser"]:
            assert person in names
        for email, role, password in logins:
            assert roles[email] == {role} and verify_password(users[email].password_hash, password)
        seat = db.session.scalar(select(Panelist).where(Panelist.user_id.is_not(None)))
        assert roles[seat.user.email] == {"panelist"}

    again = invoke("demo")
    assert "already loaded" in again.output
    with cli_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 1


def test_demo_if_empty_leaves_a_used_database_alone(cli_app, invoke):
    invoke("events", "create", "MINE", "--title", "Mine")
    result = invoke("demo", "--if-empty")
    assert "not loaded" in result.output
    with cli_app.app_context():
        assert not demo.demo_exists()
