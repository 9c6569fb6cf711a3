"""A real server for live tests: ``python wsgi.py`` on a free port of 127.0.0.1.

The database is a SQLite file in a temporary folder, prepared the way a user does it
(``flask --app qa_app init-db`` and the other commands, in a subprocess). Clients are
the real ``python-socketio`` client over WebSocket and ``requests``.
"""

import atexit
import contextlib
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import socketio
from requests.adapters import HTTPAdapter

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
START_TIMEOUT = 90.0  # workers load language models at start; 2 cores may be busy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def app_env(db_path: Path, **extra) -> dict:
    """The environment for the server and the CLI: a private database and secret key."""
    env = {
        **os.environ,
        "QA_DATABASE_URL": "sqlite:///%s" % db_path,
        "QA_SECRET_KEY": "live-test-secret-key",
        "QA_MESSAGE_QUEUE": "",
        "QA_ASYNC_MODE": "eventlet",
        "PYTHONUNBUFFERED": "1",
        # Every test client comes from 127.0.0.1: the per-address and per-process limits
        # are off unless a test is about them (tests/test_abuse_live.py turns them on).
        "QA_JOIN_RATE": "off",
        "QA_IP_IDENTITY_RATE": "off",
        "QA_IP_ASK_RATE": "off",
        "QA_IP_VOTE_RATE": "off",
        "QA_IP_QUESTION_VOTE_RATE": "off",
        # Load loops in one socket, many sockets on one cookie: on where a test is about it.
        "QA_SYNC_RATE": "off",
        "QA_SOCKETS_PER_IDENTITY": "0",
    }
    env.pop("FLASK_APP", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def flask_cli(env: dict, *args: str, input: str | None = None) -> str:
    """Run ``flask --app qa_app ARGS`` in a new process (threading mode, as the Makefile does).

    The process is forked from tests/cli_zygote.py, which has the libraries imported
    already; ``QA_TEST_CLI=subprocess`` starts ``python -m flask`` instead, each time.
    """
    env = {**env, "QA_ASYNC_MODE": "threading"}
    if os.environ.get("QA_TEST_CLI") == "subprocess" or not _ZYGOTE.usable():
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "qa_app", *args],
            cwd=REPO,
            env=env,
            input=input,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
        )
        returncode, stdout, stderr = result.returncode, result.stdout, result.stderr
    else:
        reply = _ZYGOTE.run(env, list(args), input)
        returncode, stdout, stderr = reply["rc"], reply["stdout"], reply["stderr"]
    if returncode != 0:
        raise RuntimeError("flask %s failed:\n%s\n%s" % (" ".join(args), stdout, stderr))
    return stdout


CLI_TIMEOUT = 60


class _Zygote:
    """The ``python -m tests.cli_zygote`` of this test process, started on first use."""

    def __init__(self):
        self.process = None
        self.failed = False
        self._lock = threading.Lock()

    def usable(self) -> bool:
        with self._lock:
            if self.process is None and not self.failed:
                self._start()
            return not self.failed

    def _start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.cli_zygote"],
            cwd=REPO,
            env={**os.environ, "QA_ASYNC_MODE": "threading"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        try:
            ready = json.loads(self._read_line(CLI_TIMEOUT))["ready"]
        except (ValueError, KeyError, RuntimeError):
            ready = False
        if not ready:
            self._stop()
            self.failed = True

    def _read_line(self, timeout: float) -> str:
        if not select.select([self.process.stdout], [], [], timeout)[0]:
            raise RuntimeError("the CLI zygote did not answer within %.0f s" % timeout)
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the CLI zygote exited")
        return line

    def run(self, env: dict, args: list[str], input: str | None) -> dict:
        with self._lock:
            self.process.stdin.write(json.dumps({"env": env, "args": args, "input": input}))
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            try:
                return json.loads(self._read_line(CLI_TIMEOUT))
            except RuntimeError:
                self._stop()
                self.process = None
                raise

    def _stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        self.process.stdout.close()

    def close(self) -> None:
        """At exit: the zygote ends when its standard input does."""
        with self._lock:
            if self.process is not None:
                self.process.stdin.close()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self._stop()
                self.process.stdout.close()
                self.process = None


_ZYGOTE = _Zygote()
atexit.register(_ZYGOTE.close)


class LiveServer:
    """``python wsgi.py`` as a child process; ``start``, ``stop`` (graceful) or ``kill``."""

    def __init__(self, env: dict, log_path: Path):
        self.env = env
        self.log_path = log_path
        self.port = None
        self.process = None
        self._log = None

    @property
    def url(self) -> str:
        return "http://%s:%d" % (HOST, self.port)

    def start(self, port: int | None = None) -> "LiveServer":
        self.port = port or free_port()
        self._log = open(self.log_path, "a")  # noqa: SIM115 (closed in stop/kill)
        self.process = subprocess.Popen(
            [sys.executable, "wsgi.py", "--host", HOST, "--port", str(self.port)],
            cwd=REPO,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited at start:\n" + self.log())
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("server did not answer /healthz:\n" + self.log())

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        self._close_log()

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine's OOM killer strikes."""
        if self.alive():
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


# --- clients -----------------------------------------------------------------------


class Client:
    """A python-socketio client on one namespace that keeps what it receives."""

    def __init__(self, namespace: str):
        self.namespace = namespace
        self.sio = socketio.Client(reconnection=False, request_timeout=10)
        self.messages: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self.sio.on("*", self._keep, namespace=namespace)

    def _keep(self, name, data=None):
        with self._lock:
            self.messages.append((name, data))

    def connect(self, base: str, code: str, cookie: str | None, headers: dict | None = None):
        headers = dict(headers or {})
        if cookie:
            headers["Cookie"] = cookie
        try:
            self.sio.connect(
                base,
                headers=headers,
                auth={"event": code},
                namespaces=[self.namespace],
                transports=["websocket"],
                wait_timeout=10,
            )
        except socketio.exceptions.ConnectionError:
            self.close()  # a refused namespace leaves the WebSocket itself open
            raise
        return self

    def call(self, event: str, payload=None, timeout: float = 10):
        return self.sio.call(
            event, payload if payload is not None else {}, namespace=self.namespace, timeout=timeout
        )

    def received(self, name: str) -> list[dict]:
        with self._lock:
            return [data for event, data in self.messages if event == name]

    def wait_for(self, name: str, predicate=lambda data: True, timeout: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for data in self.received(name):
                if predicate(data):
                    return data
            time.sleep(0.02)
        raise AssertionError(
            "no %r message matched within %.1f s: %r" % (name, timeout, self.messages)
        )

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already gone (server killed): no goodbye
            self.sio.disconnect()
        # After the server died, engineio leaves its socket for the garbage collector.
        ws = getattr(self.sio.eio, "ws", None)
        if ws is not None:
            ws.close()


class FromAddress(HTTPAdapter):
    """Connections from one loopback address (Linux routes all of 127.0.0.0/8 locally)."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def csrf_token(page: str, prefix: str = "") -> str:
    """The csrf_token of the first form on ``page`` (of a form with that ``prefix``)."""
    name = prefix + "csrf_token"
    match = re.search(r'name="%s"[^>]*value="([^"]+)"' % name, page) or re.search(
        r'value="([^"]+)"[^>]*name="%s"' % name, page
    )
    assert match, "no %s on the page" % name
    return match.group(1)


def cookie_header(session: requests.Session) -> str:
    return "; ".join("%s=%s" % (c.name, c.value) for c in session.cookies)


def attendee_cookie(base: str, code: str) -> str:
    """GET /e/<code> the way a browser does, and return the identity cookie it set."""
    with requests.Session() as http:
        response = http.get("%s/e/%s" % (base, code), timeout=10)
        response.raise_for_status()
        return cookie_header(http)


def attendee(base: str, code: str, cookie: str | None = None) -> Client:
    return Client("/attendee").connect(base, code, cookie or attendee_cookie(base, code))


def staff_login(base: str, email: str, password: str) -> str:
    """Sign in with the form (csrf_token read from the page); return the session cookie."""
    with requests.Session() as http:
        page = http.get(base + "/login", timeout=10).text
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', page
        )
        assert match, "no csrf_token on the sign-in page"
        response = http.post(
            base + "/login",
            data={"email": email, "password": password, "csrf_token": match.group(1)},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, (response.status_code, response.text[:500])
        return cookie_header(http)


def staff(base: str, code: str, cookie: str) -> Client:
    return Client("/staff").connect(base, code, cookie)
