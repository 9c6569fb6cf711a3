"""The app under test, run as a user runs it: ``flask init-db``, the CLI, ``python wsgi.py``.

Only ever on 127.0.0.1, with a database in a temporary folder that is removed after.
"""

import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CODE = "BENCH"
MODERATOR = "moderator@bench.invalid"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Monitor:
    """Samples a process's RSS and open sockets; CPU is read as deltas around phases."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak_rss = 0
        self.peak_sockets = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak_rss = max(self.peak_rss, self.process.memory_info().rss)
                self.peak_sockets = max(self.peak_sockets, self.process.num_fds())
            except psutil.Error:
                return
            self._stop.wait(self.interval)

    def cpu_seconds(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class Server:
    """A fresh database, an event with premoderation, a moderator, and the server."""

    def __init__(self, mode: str = "eventlet", window: float | None = None, env=None):
        self.mode = mode
        self.port = free_port()
        self.base = "http://%s:%d" % (HOST, self.port)
        self.password = secrets.token_urlsafe(12)
        self._tmp = tempfile.TemporaryDirectory(prefix="qa-bench-")
        self.db_path = Path(self._tmp.name) / "qa.db"
        self.env = {
            **os.environ,
            "QA_DATABASE_URL": "sqlite:///%s" % self.db_path,
            "QA_SECRET_KEY": secrets.token_hex(32),
            "QA_ASYNC_MODE": mode,
            "QA_MESSAGE_QUEUE": "",
            # Thousands of attendees from one address: the per-address and per-process
            # limits would (rightly) hold them back, so the benchmark turns them off.
            "QA_JOIN_RATE": "off",
            "QA_IP_IDENTITY_RATE": "off",
            "QA_IP_ASK_RATE": "off",
            "QA_IP_VOTE_RATE": "off",
            **(env or {}),
        }
        if window is not None:
            self.env["QA_VOTES_WINDOW"] = str(window)
        self.process: subprocess.Popen | None = None
        self.monitor: Monitor | None = None
        self.profile_path: str | None = None

    def profile(self, seconds: float) -> subprocess.Popen:
        """Sample the server with py-spy (a dev requirement) while a phase runs."""
        spy = Path(sys.executable).with_name("py-spy")
        command = [str(spy), "record", "-p", str(self.process.pid), "-d", str(int(seconds))]
        command += ["-r", "100", "-f", "raw", "--nonblocking", "-o", self.profile_path]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def flask(self, *args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "qa_app", *args],
            cwd=REPO,
            env={**self.env, "QA_ASYNC_MODE": "threading"},  # commands that do not serve
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError("flask %s failed: %s" % (" ".join(args), done.stderr[-2000:]))

    def prepare(self) -> None:
        self.flask("init-db")
        self.flask("events", "create", CODE, "--title", "Benchmark webinar", "--premoderation")
        self.flask(
            "users", "create", MODERATOR, "--role", "moderator", "--password", self.password,
            "--name", "Benchmark moderator",
        )  # fmt: skip

    def start(self) -> None:
        self.log = open(Path(self._tmp.name) / "server.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "wsgi.py", "--host", HOST, "--port", str(self.port)],
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited: %s" % self.log_tail())
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not answer /healthz in 30 s")
        self.monitor = Monitor(self.process.pid)

    def set_nice(self, value: int) -> None:
        if value:
            psutil.Process(self.process.pid).nice(value)

    def log_tail(self, chars: int = 3000) -> str:
        self.log.flush()
        return (Path(self._tmp.name) / "server.log").read_text()[-chars:]

    def public_counts(self) -> dict[str, int]:
        """Vote counts of public questions, straight from the database."""
        with sqlite3.connect("file:%s?mode=ro" % self.db_path, uri=True) as conn:
            rows = conn.execute(
                "SELECT id, votes FROM questions WHERE state IN ('published', 'answered')"
            ).fetchall()
        return {str(qid): votes for qid, votes in rows}

    def counts_agree(self) -> bool:
        """Every question's counter equals its number of vote rows."""
        with sqlite3.connect("file:%s?mode=ro" % self.db_path, uri=True) as conn:
            bad = conn.execute(
                "SELECT COUNT(*) FROM questions q WHERE q.votes != "
                "(SELECT COUNT(*) FROM votes v WHERE v.question_id = q.id)"
            ).fetchone()[0]
        return bad == 0

    def stop(self) -> None:
        if self.monitor is not None:
            self.monitor.stop()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()
        self._tmp.cleanup()

    def __enter__(self):
        self.prepare()
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
