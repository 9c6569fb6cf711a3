"""Shared fixtures: a fresh app and database per test, factories, socket clients."""

import os
from datetime import UTC, datetime

import pytest

import tests.hypothesis_profile  # noqa: F401  (registers and loads the profile)
from qa_app import create_app
from qa_app.cli import setup as cli_setup
from qa_app.domain.access import grants
from qa_app.domain.access.passwords import hash_password
from qa_app.domain.agenda import events as agenda_events
from qa_app.domain.store import get_event
from qa_app.extensions import db, socketio
from qa_app.models import User

os.environ.setdefault("QA_ASYNC_MODE", "threading")

PASSWORD = "correct horse battery"


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % (tmp_path / "qa.db"),
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
            "WTF_CSRF_ENABLED": False,
            "VOTES_WINDOW_SECONDS": 0.02,
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_event(app):
    """Create an event; keyword arguments override the defaults."""

    def make(code="EV1", **overrides):
        fields = {
            "title": "Test event",
            "starts_at": datetime(2030, 1, 1, 14, 0, tzinfo=UTC),
            "timezone": "Europe/Zurich",
            "duration_minutes": 90,
            "languages": ["en", "fr", "es"],
            "premoderation": True,
            "topics": ["Topic A", "Topic B"],
            "panelists": [
                {"name": "Ana", "organisation": "PES", "languages_csv": "es,en"},
                {"name": "Omar", "organisation": "ATCT", "languages_csv": "fr,ar"},
            ],
        }
        fields.update(overrides)
        with app.app_context():
            event = agenda_events.new_event(code, **fields)
            return event.code

    return make


@pytest.fixture
def make_user(app):
    """Create a staff account with the shared test password; returns its e-mail.

    The role is granted on every event (a global grant) unless ``events`` lists codes;
    ``role=None`` makes an account with no grant at all.
    """

    def make(role="moderator", email=None, name="", events=(), languages=()):
        email = email or "%s@example.org" % (role or "nobody")
        with app.app_context():
            user = User(email=email, name=name or (role or "nobody").title())
            user.password_hash = hash_password(PASSWORD)
            db.session.add(user)
            if role is not None:
                for code in events or [None]:
                    grants.give(user, role, get_event(code) if code else None, languages)
            db.session.commit()
        return email

    return make


@pytest.fixture
def login(app):
    """A Flask test client signed in as ``email``."""

    def sign_in(email):
        http = app.test_client()
        response = http.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.data
        return http

    return sign_in


@pytest.fixture
def attendee(app):
    """A connected /attendee Socket.IO test client with its own identity cookie."""

    def connect(code="EV1", lang=None):
        http = app.test_client()
        assert http.get("/e/%s" % code + ("?lang=%s" % lang if lang else "")).status_code == 200
        sock = socketio.test_client(
            app, namespace="/attendee", flask_test_client=http, auth={"event": code}
        )
        assert sock.is_connected("/attendee")
        return sock

    return connect


@pytest.fixture
def staff(app, make_user, login):
    """A connected /staff Socket.IO test client for a new user with ``role``."""

    def connect(role="moderator", code="EV1", email=None):
        http = login(make_user(role, email=email))
        sock = socketio.test_client(
            app, namespace="/staff", flask_test_client=http, auth={"event": code}
        )
        assert sock.is_connected("/staff")
        sock.http = http
        return sock

    return connect


def call(sock, event, payload=None):
    """Emit on the client's namespace and return the ack."""
    namespace = "/staff" if sock.is_connected("/staff") else "/attendee"
    return sock.emit(
        event, payload if payload is not None else {}, namespace=namespace, callback=True
    )


def received(sock, name=None):
    namespace = "/staff" if sock.is_connected("/staff") else "/attendee"
    messages = sock.get_received(namespace)
    return [m["args"][0] for m in messages if name is None or m["name"] == name]


@pytest.fixture
def cli_app(tmp_path, monkeypatch):
    """An app whose database starts empty: no create_all, the migrations build it."""
    monkeypatch.setattr(cli_setup, "DEMO_LOGINS", tmp_path / "demo-logins.txt")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "cli-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % (tmp_path / "cli.db"),
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
        }
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def invoke(cli_app):
    runner = cli_app.test_cli_runner()

    def run(*args, ok=True, input=None):
        result = runner.invoke(args=list(args), input=input)
        if ok:
            assert result.exit_code == 0, (args, result.output, result.exception)
        else:
            assert result.exit_code != 0, (args, result.output)
            assert not isinstance(result.exception, AssertionError)
            assert "Traceback" not in result.output
        return result

    run("init-db")
    return run


# Under pytest-xdist (make test runs two workers), tests are handed out in collection
# order as workers free up. The long ones (a real browser, a real server) go first, so no
# worker is left with a long test while the other has finished: the run ends when the
# last short test does. Within each group the collection order stays.
SLOW_FIRST = ("browser", "live", "services")


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        for position, marker in enumerate(SLOW_FIRST):
            if item.get_closest_marker(marker) is not None:
                return position
        return len(SLOW_FIRST)

    items.sort(key=rank)
