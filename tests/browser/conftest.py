"""A real server (``python wsgi.py``) and Debian's Chromium, for the browser tests.

The server is ``tests.live.LiveServer`` in eventlet mode, as in production, on a free
port with its own SQLite file; events and the moderator account are made through the
command line, as an organiser would. Staff actions are driven from Python: a ``requests``
session signs in through the login form and a ``socketio.Client`` uses its cookie on
``/staff``.
"""

import os
from pathlib import Path

import pytest

from tests.live import Client, LiveServer, app_env, flask_cli, staff_login

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
def live_server(tmp_path_factory, chromium_path):
    workdir = tmp_path_factory.mktemp("live")
    env = app_env(workdir / "qa.db", QA_ASYNC_MODE="eventlet", PYTHONWARNINGS="ignore")
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
