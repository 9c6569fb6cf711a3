"""A real server (``python wsgi.py``) and Debian's Chromium, for the browser tests.

The server is ``tests.live.LiveServer`` in eventlet mode, as in production, on a free
port with its own SQLite file; events and the moderator account are made through the
command line, as an organiser would. Staff actions are driven from Python: a ``requests``
session signs in through the login form and a ``socketio.Client`` uses its cookie on
``/staff``.
"""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qa_app import create_app
from qa_app.domain.access import grants
from qa_app.domain.access.passwords import hash_password
from qa_app.domain.agenda import events as agenda_events
from qa_app.extensions import db
from qa_app.models import Panelist, User
from tests.live import Client, LiveServer, app_env, flask_cli, free_port, staff_login
from tests.live import attendee as connect_attendee

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MODERATOR_EMAIL = "moderator@example.org"
MODERATOR_PASSWORD = "browser-test-password"
PASSWORD = "staff-browser-password"


class BrowserServer(LiveServer):
    """The live server, with events made through the command line for each test."""

    def make_event(self, code: str, *, languages="en,fr,es,ar", premoderation=False) -> str:
        args = ["events", "create", code, "--title", "Browser test %s" % code]
        args += ["--languages", languages, "--timezone", "Europe/Zurich"]
        if premoderation:
            args.append("--premoderation")
        flask_cli(self.env, *args)
        return code


@pytest.fixture(scope="session")
def chromium_path():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("%s is missing; CI must run the browser tests" % CHROMIUM)
        pytest.skip("%s is missing (never downloaded: install Debian's chromium)" % CHROMIUM)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def framing_port():
    """The port of a second local origin allowed to frame the attendee page (test_embed):
    on 127.0.0.1 it is the same site as the app, on localhost another site."""
    return free_port()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, chromium_path, framing_port):
    workdir = tmp_path_factory.mktemp("live")
    env = app_env(
        workdir / "qa.db",
        QA_ASYNC_MODE="eventlet",
        PYTHONWARNINGS="ignore",
        # The second local origin, as the same site and as another site (test_embed).
        QA_FRAME_ANCESTORS="'self' http://127.0.0.1:%d http://localhost:%d"
        % (framing_port, framing_port),
    )
    flask_cli(env, "init-db")
    flask_cli(
        env, "users", "create", MODERATOR_EMAIL, "--role", "moderator",
        "--password", MODERATOR_PASSWORD, "--name", "Moderator",
    )  # fmt: skip
    server = BrowserServer(env, workdir / "server.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context (a separate attendee with its own cookies)."""
    contexts = []

    def open_page(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.js_errors = errors
        return page

    yield open_page
    errors = [error for context in contexts for page in context.pages for error in page.js_errors]
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors: %s" % errors


class Staff:
    """A moderator signed in through the login form, connected to ``/staff``."""

    def __init__(self, url: str, code: str):
        cookie = staff_login(url, MODERATOR_EMAIL, MODERATOR_PASSWORD)
        self.client = Client("/staff").connect(url, code, cookie)

    def call(self, event: str, payload: dict) -> dict:
        ack = self.client.call(event, payload)
        assert ack["ok"], ack
        return ack

    def moderate(self, question_id: int, action: str, **fields) -> dict:
        return self.call("moderate", {"question_id": question_id, "action": action, **fields})

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def staff(live_server):
    """``staff(code)`` gives a connected moderator for that event."""
    opened = []

    def connect(code: str) -> Staff:
        member = Staff(live_server.url, code)
        opened.append(member)
        return member

    yield connect
    for member in opened:
        member.close()


@pytest.fixture(scope="session")
def server_db(live_server):
    """The app, bound to the live server's database, to set up panels and accounts."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": live_server.env["QA_DATABASE_URL"],
            "SECRET_KEY": "test",
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def panel_event(server_db):
    """``panel_event(code)``: an event in en/fr/es with two panelists; returns their ids."""

    def make(code, premoderation=True):
        with server_db.app_context():
            event = agenda_events.new_event(
                code,
                "Staff dashboard %s" % code,
                datetime(2030, 6, 15, 13, 30, tzinfo=UTC),
                timezone="Europe/Zurich",
                languages=["en", "fr", "es"],
                premoderation=premoderation,
                topics=["Fair mobility"],
                panelists=[
                    {"name": "Ana Ruiz", "organisation": "SEPE", "languages_csv": "es,en"},
                    {"name": "Omar Haddad", "organisation": "ATCT", "languages_csv": "fr,ar"},
                ],
            )
            return {p.name.split()[0].lower(): p.id for p in event.panelists}

    return make


@pytest.fixture
def account(server_db):
    """``account(role, email, seat=None)``: a staff account, optionally on a panel seat."""

    def make(role, email, name, seat=None):
        with server_db.app_context():
            user = User(email=email, name=name)
            grants.give(user, role)
            user.password_hash = hash_password(PASSWORD)
            db.session.add(user)
            db.session.flush()
            if seat is not None:
                db.session.get(Panelist, seat).user_id = user.id
            db.session.commit()
        return email

    return make


class Attendee:
    """An attendee's browser identity (cookie from the event page) on ``/attendee``."""

    def __init__(self, url, code):
        self.client = connect_attendee(url, code)

    def ask(self, text, language, name=None):
        payload = {"text": text, "language": language, "name": name, "confirm_language": True}
        ack = self.client.call("ask", payload)
        assert ack["ok"], ack
        return ack["question"]["id"]

    def vote(self, qid):
        ack = self.client.call("vote", {"question_id": qid, "on": True})
        assert ack["ok"], ack

    def close(self):
        self.client.close()


@pytest.fixture
def attendee(live_server):
    opened = []

    def connect(code):
        opened.append(Attendee(live_server.url, code))
        return opened[-1]

    yield connect
    for member in opened:
        member.close()
