"""Outages of the database or Redis: `unavailable` (never `conflict`), one retry, /healthz."""

import logging
import sqlite3

import pytest
from sqlalchemy import exc as sa

from qa_app import create_app
from qa_app.domain.questions import operations as questions
from qa_app.extensions import db, socketio
from tests.conftest import call
from tests.live import free_port

TEXT = "How do public employment services check private recruitment agencies?"


def _dropped(statement="INSERT"):
    error = sa.OperationalError(statement, {}, sqlite3.OperationalError("connection lost"))
    error.connection_invalidated = True
    return error


def test_a_database_outage_answers_unavailable_not_conflict(app, make_event, attendee, caplog):
    make_event(premoderation=False)
    alice = attendee()

    def locked(*args, **kwargs):
        raise sa.OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    original = questions.ask
    questions.ask = locked
    try:
        with caplog.at_level(logging.WARNING):
            ack = call(alice, "ask", {"text": TEXT, "language": "en"})
    finally:
        questions.ask = original
    assert (ack["ok"], ack["error"]) == (False, "unavailable")
    assert ack["message"] == "The server is having trouble right now. Please try again shortly."
    assert any("outage in ask" in r.getMessage() for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records)  # one line, no traceback
    assert call(alice, "ask", {"text": TEXT, "language": "en"})["ok"]


def test_a_dropped_connection_is_retried_once(app, make_event, attendee, monkeypatch):
    make_event(premoderation=False)
    alice = attendee()
    original, attempts = questions.ask, []

    def drops_once(*args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise _dropped()
        return original(*args, **kwargs)

    monkeypatch.setattr(questions, "ask", drops_once)
    ack = call(alice, "ask", {"text": TEXT, "language": "en"})
    assert ack["ok"] and len(attempts) == 2

    def always_drops(*args, **kwargs):
        attempts.append(1)
        raise _dropped()

    monkeypatch.setattr(questions, "ask", always_drops)
    attempts.clear()
    ack = call(alice, "ask", {"text": TEXT, "language": "en"})
    assert ack["error"] == "unavailable" and len(attempts) == 2  # once, not forever
    with app.app_context():
        assert db.session.scalar(db.text("SELECT count(*) FROM questions")) == 1


def test_a_program_error_is_still_a_conflict(app, make_event, attendee, monkeypatch):
    make_event(premoderation=False)

    def broken(*args, **kwargs):
        raise KeyError("a bug, not an outage")

    monkeypatch.setattr(questions, "ask", broken)
    ack = call(attendee(), "ask", {"text": TEXT, "language": "en"})
    assert ack["error"] == "conflict"


def test_healthz_reports_each_part(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "not used"}
    assert response.headers["Cache-Control"] == "no-store"
    app.config["MESSAGE_QUEUE"] = "redis://127.0.0.1:%d/0" % free_port()  # nobody there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "ok", "redis": "unreachable"}


@pytest.fixture
def read_only_app(app, tmp_path):
    """The same database file, opened read-only: reads work, every write fails."""
    with app.app_context():
        path = db.engine.url.database
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///file:%s?mode=ro&uri=true" % path,
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_read_only_database_is_unhealthy_and_pages_say_so(make_event, read_only_app):
    make_event()
    http = read_only_app.test_client()
    response = http.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "read-only"
    assert http.get("/e/EV1").status_code == 200  # reading still works
    sock = socketio.test_client(
        read_only_app, namespace="/attendee", flask_test_client=http, auth={"event": "EV1"}
    )
    assert call(sock, "sync")["ok"]
    ack = call(sock, "ask", {"text": TEXT, "language": "en"})
    assert (ack["ok"], ack["error"]) == (False, "unavailable")  # was "conflict"
