"""Migration 0002 on a filled 0001 database, on SQLite and on PostgreSQL.

The 0001 database holds two events with topics and a panel, staff with the old global
roles, questions with votes, translations and history. After the upgrade nothing is
lost, each old role is a grant on every event (admin: one global grant), and the app
works on it. PostgreSQL gets a database of its own, dropped after; the test skips with
the reason when PostgreSQL is unreachable, except under ``CI=true``.
"""

import os
import secrets
from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from qa_app import create_app
from qa_app.config import REPO_ROOT
from qa_app.domain.access import grants
from qa_app.domain.changes import Actor
from qa_app.domain.questions import operations as questions
from qa_app.domain.store import get_event
from qa_app.extensions import db

MIGRATIONS = str(REPO_ROOT / "migrations")
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "database": "test"}
T0 = datetime(2026, 1, 10, 9, 0)
USERS = [  # id, e-mail, old role
    (1, "admin@example.org", "admin"),
    (2, "mod@example.org", "moderator"),
    (3, "int@example.org", "interpreter"),
    (4, "pan@example.org", "panelist"),
    (5, "fac@example.org", "facilitator"),
]
COUNTED = ("events", "topics", "panelists", "questions", "votes", "translations", "state_changes")


@pytest.fixture
def sqlite_url(tmp_path):
    return "sqlite:///%s" % (tmp_path / "old.db")


@pytest.fixture
def postgresql_url():
    import pg8000.native

    try:
        admin = pg8000.native.Connection(**PG, timeout=5)
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL on 127.0.0.1:5432: %s" % exc)
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable (%s)" % exc)
    name = "qa_migration_%s" % secrets.token_hex(6)
    admin.run("CREATE DATABASE %s" % name)
    try:
        yield "postgresql+psycopg2://%s@%s:%d/%s" % (PG["user"], PG["host"], PG["port"], name)
    finally:
        admin.run("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        admin.close()


def _fill_0001(connection) -> None:
    def insert(table, **row):
        columns = ", ".join(row)
        values = ", ".join(":" + key for key in row)
        sql = "INSERT INTO %s (%s) VALUES (%s)" % (table, columns, values)  # noqa: S608 (fixed names)
        connection.execute(text(sql), row)

    for event_id, code in ((1, "OLD1"), (2, "OLD2")):
        insert(
            "events",
            id=event_id,
            code=code,
            title="Old " + code,
            starts_at=T0,
            timezone="Europe/Zurich",
            duration_minutes=90,
            languages="en,fr",
            premoderation=False,
            accepting=True,
            seq=10,
            created_at=T0,
        )
        insert("topics", id=event_id, event_id=event_id, title="Topic", position=0)
    for user_id, email, role in USERS:
        insert(
            "users",
            id=user_id,
            email=email,
            name=role.title(),
            role=role,
            password_hash="!",
            session_token="",
            created_at=T0,
        )
    insert(
        "panelists",
        id=1,
        event_id=1,
        name="Pan",
        organisation="PES",
        languages="en",
        user_id=4,
        position=0,
    )
    for qid in (1, 2, 3):
        insert(
            "questions",
            id=qid,
            event_id=1,
            attendee="a%d" % qid,
            text="Question %d" % qid,
            language="en",
            name=None,
            topic_id=1,
            panelist_id=1 if qid == 1 else None,
            state="published",
            votes=2,
            highlighted=False,
            asked_at=T0,
        )
        insert(
            "state_changes",
            question_id=qid,
            action="ask",
            from_state=None,
            to_state="published",
            actor="attendee",
            at=T0,
        )
        for voter in ("v1", "v2"):
            insert("votes", question_id=qid, attendee=voter, created_at=T0)
    insert(
        "translations",
        question_id=1,
        language="fr",
        text="Question un",
        by="Int",
        by_user_id=3,
        verified=True,
        updated_at=T0,
    )


def _counts(connection) -> dict:
    return {
        table: connection.execute(text("SELECT count(*) FROM %s" % table)).scalar()  # noqa: S608
        for table in COUNTED
    }


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_from_a_filled_0001_database(request, backend):
    url = request.getfixturevalue(backend + "_url")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "x",
            "TESTING": True,
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
        }
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0001")
        with db.engine.begin() as connection:
            _fill_0001(connection)
            if backend == "postgresql":  # explicit ids: move the sequences past them
                for table in ("events", "topics", "users", "panelists", "questions"):
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence('%s', 'id'), 100)" % table)
                    )
            before = _counts(connection)
        upgrade(directory=MIGRATIONS)

        with db.engine.connect() as connection:
            assert _counts(connection) == before
            columns = {c["name"] for c in inspect(connection).get_columns("users")}
            assert "role" not in columns and "active" in columns
            rows = connection.execute(
                text("SELECT user_id, event_id, role FROM grants ORDER BY user_id, event_id")
            ).all()
        expected = [(1, None, "admin")] + [
            (user_id, event_id, role) for user_id, _e, role in USERS[1:] for event_id in (1, 2)
        ]
        assert sorted(rows, key=lambda r: (r[0], r[1] or 0)) == expected

        # The app works on the upgraded data: rights per event, questions, panel links.
        event = get_event("OLD1")
        assert grants.grant_for(1, event).roles == {"admin"}
        assert grants.grant_for(2, event).roles == {"moderator"}
        assert grants.grant_for(3, get_event("OLD2")).roles == {"interpreter"}
        assert event.description == "" and not event.public and not event.archived
        assert event.question_cap is None and event.status() == "ended"
        assert [p.user.email for p in event.panelists] == ["pan@example.org"]
        moderator = Actor(2, "mod@example.org", "Mod", grants.grant_for(2, event))
        [change] = questions.moderate(event, moderator, 1, "answer")
        assert change.question["state"] == "answered" and change.seq > 10  # seqs keep rising
        assert change.question["translations"]["fr"]["text"] == "Question un"
        asked = questions.ask(event, "new", "A new question after the upgrade", language="en")
        assert asked.question["id"] > 3
        db.session.remove()

        # And back: one role per account again, nothing lost.
        downgrade(directory=MIGRATIONS, revision="0001")
        with db.engine.connect() as connection:
            roles = dict(connection.execute(text("SELECT email, role FROM users")).all())
            assert roles == {email: role for _id, email, role in USERS}
            assert _counts(connection)["questions"] == 4
        db.engine.dispose()
