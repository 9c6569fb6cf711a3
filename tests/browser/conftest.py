"""A real server (``python wsgi.py``) and Debian's Chromium, for the browser tests.

The server runs in eventlet mode, as in production, on a free port with its own SQLite
file; events and the moderator account are made through the command line, as an
organiser would. Staff actions are driven from Python: a ``requests`` session signs in
through the login form and a ``socketio.Client`` uses its cookie on ``/staff``.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import socketio

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ASYNC_MODE = "eventlet"  # the production server
MODERATOR_EMAIL = "moderator@example.org"
MODERATOR_PASSWORD = "browser-test-password"
START_TIMEOUT = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """A ``python wsgi.py`` process on 127.0.0.1 with a fresh database."""

    def __init__(self, workdir: Path):
        self.port = _free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log_path = workdir / "server.log"
        self.env = {
            **os.environ,
            "QA_ASYNC_MODE": ASYNC_MODE,
            "QA_DATABASE_URL": "sqlite:///%s" % (workdir / "qa.db"),
            "QA_SECRET_KEY": "test",
            "PYTHONWARNINGS": "ignore",
        }
        self.process = None

    def cli(self, *args: str) -> str:
        """Run ``flask --app qa_app ...`` against the server's database."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "qa_app", *args],
            cwd=REPO_ROOT,
            env={**self.env, "QA_ASYNC_MODE": "threading"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def make_event(self, code: str, *, languages="en,fr,es,ar", premoderation=False) -> str:
        args = ["events", "create", code, "--title", "Browser test %s" % code]
        args += ["--languages", languages, "--timezone", "Europe/Zurich"]
        if premoderation:
            args.append("--premoderation")
        self.cli(*args)
        return code

    def start(self) -> None:
        self.log = open(self.log_path, "w")  # noqa: SIM115 (kept open while it runs)
        self.process = subprocess.Popen(
            [sys.executable, "wsgi.py", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail("the server did not start:\n" + self.log_path.read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log.close()


@pytest.fixture(scope="session")
def chromium_path():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("%s is missing; CI must run the browser tests" % CHROMIUM)
        pytest.skip("%s is missing (never downloaded: install Debian's chromium)" % CHROMIUM)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, chromium_path):
    server = LiveServer(tmp_path_factory.mktemp("live"))
    server.cli("init-db")
    server.cli(
        "users", "create", MODERATOR_EMAIL, "--role", "moderator",
        "--password", MODERATOR_PASSWORD, "--name", "Moderator",
    )  # fmt: skip
    server.start()
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
        self.http = requests.Session()
        form = self.http.get(url + "/login", timeout=5).text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
        response = self.http.post(
            url + "/login",
            data={"email": MODERATOR_EMAIL, "password": MODERATOR_PASSWORD, "csrf_token": token},
            allow_redirects=False,
            timeout=5,
        )
        assert response.status_code in (302, 303), response.text
        cookie = "; ".join("%s=%s" % (c.name, c.value) for c in self.http.cookies)
        self.sio = socketio.Client(reconnection=False)
        self.sio.connect(
            url,
            namespaces=["/staff"],
            auth={"event": code},
            headers={"Cookie": cookie},
            transports=["websocket"],
            wait_timeout=10,
        )

    def call(self, event: str, payload: dict) -> dict:
        ack = self.sio.call(event, payload, namespace="/staff", timeout=10)
        assert ack["ok"], ack
        return ack

    def moderate(self, question_id: int, action: str, **fields) -> dict:
        return self.call("moderate", {"question_id": question_id, "action": action, **fields})

    def close(self) -> None:
        self.sio.disconnect()
        self.http.close()


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
