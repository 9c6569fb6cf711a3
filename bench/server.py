"""The app under test, run as a user runs it: ``flask init-db``, the CLI, ``python wsgi.py``.

Only ever on 127.0.0.1, with a database that is removed after: a SQLite file in a
temporary folder, or (``database="postgresql"``) a PostgreSQL database made for the run.
Several workers share Redis as message queue, optionally behind nginx.
"""

import json
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

from .conditions import on_cores
from .services import REPO, MetricsSampler, Nginx, PostgresDatabase

HOST = "127.0.0.1"
MODERATOR = "moderator@bench.invalid"
REDIS_URL = "redis://127.0.0.1:6379/0"
# Runs each command given (a JSON list of argument lists) as ``flask --app qa_app`` would;
# the first that fails stops the rest with its traceback and a non-zero exit status.
FLASK_COMMANDS = """
import json, sys
from flask.cli import cli
for args in json.loads(sys.argv[1]):
    code = cli.main(args=["--app", "qa_app", *args], prog_name="flask", standalone_mode=False)
    if type(code) is int and code:  # a command that ended with ctx.exit(code)
        sys.exit(code)
"""
START_SECONDS = 90  # loading the language models takes long on a busy machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Monitor:
    """Samples the workers' RSS and open sockets; CPU is read as deltas around phases."""

    def __init__(self, pids: list[int], interval: float = 0.25):
        self.processes = [psutil.Process(pid) for pid in pids]
        self.interval = interval
        self.peak_rss_by_worker = [0] * len(pids)
        self.peak_sockets = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def peak_rss(self) -> int:
        return sum(self.peak_rss_by_worker)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                sockets = 0
                for index, process in enumerate(self.processes):
                    rss = process.memory_info().rss
                    self.peak_rss_by_worker[index] = max(self.peak_rss_by_worker[index], rss)
                    sockets += process.num_fds()
                self.peak_sockets = max(self.peak_sockets, sockets)
            except psutil.Error:
                return
            self._stop.wait(self.interval)

    def rss_now(self) -> int:
        """Resident memory of every worker together, now (bytes)."""
        return sum(process.memory_info().rss for process in self.processes)

    def cpu_seconds(self) -> float:
        """CPU time of every worker together."""
        total = 0.0
        for process in self.processes:
            times = process.cpu_times()
            total += times.user + times.system
        return total

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class Server:
    """A fresh database, an event with premoderation, a moderator, and the workers."""

    def __init__(
        self,
        mode: str = "eventlet",
        window: float | None = None,
        env=None,
        workers: int = 1,
        database: str = "sqlite",
        nginx: bool = False,
        cores: list[int] | None = None,
    ):
        self.mode, self.workers, self.database, self.use_nginx = mode, workers, database, nginx
        self.cores = cores  # where the workers (and nginx) run; None: wherever the kernel likes
        self.ports = [free_port() for _ in range(workers)]
        self.worker_urls = ["http://%s:%d" % (HOST, port) for port in self.ports]
        self.front_port = free_port() if nginx else None
        self.base = "http://%s:%d" % (HOST, self.front_port) if nginx else self.worker_urls[0]
        self.password = secrets.token_urlsafe(12)
        self.metrics_token = secrets.token_urlsafe(16)
        # Redis is shared with other work on this machine: an event code of our own.
        self.code = "BENCH" if workers == 1 else "BENCH%s" % secrets.token_hex(3).upper()
        self._tmp = tempfile.TemporaryDirectory(prefix="qa-bench-")
        self.folder = Path(self._tmp.name)
        self.db_path = self.folder / "qa.db"
        self.pg: PostgresDatabase | None = None
        self.env = {
            **os.environ,
            "QA_DATABASE_URL": "sqlite:///%s" % self.db_path,
            "QA_SECRET_KEY": secrets.token_hex(32),
            "QA_ASYNC_MODE": mode,
            "QA_MESSAGE_QUEUE": REDIS_URL if workers > 1 else "",
            "QA_METRICS_TOKEN": self.metrics_token,
            # Thousands of attendees from one address: the per-address and per-process
            # limits would (rightly) hold them back, so the benchmark turns them off.
            "QA_JOIN_RATE": "off",
            "QA_IP_IDENTITY_RATE": "off",
            "QA_IP_ASK_RATE": "off",
            "QA_IP_VOTE_RATE": "off",
            "QA_IP_QUESTION_VOTE_RATE": "off",
            "QA_SYNC_RATE": "off",
            "QA_SOCKETS_PER_IDENTITY": "0",
            # Every load client comes from 127.0.0.1: no cap on connections per address.
            "QA_CONNECTIONS_PER_ADDRESS": "0",
            **(env or {}),
        }
        if window is not None:
            self.env["QA_VOTES_WINDOW"] = str(window)
        self.processes: list[subprocess.Popen] = []
        self.monitor: Monitor | None = None
        self.sampler: MetricsSampler | None = None
        self.nginx: Nginx | None = None
        self.profile_path: str | None = None
        self._logs: list = []

    @property
    def process(self) -> subprocess.Popen:
        return self.processes[0]

    def base_for(self, load_index: int) -> str:
        """Where a load process connects: nginx, or the workers in turn."""
        if self.use_nginx:
            return self.base
        return self.worker_urls[load_index % self.workers]

    def profile(self, seconds: float) -> subprocess.Popen:
        """Sample the first worker with py-spy (a dev requirement) while a phase runs."""
        spy = Path(sys.executable).with_name("py-spy")
        command = [str(spy), "record", "-p", str(self.process.pid), "-d", str(int(seconds))]
        command += ["-r", "100", "-f", "raw", "--nonblocking", "-o", self.profile_path]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def flask(self, *commands: list[str]) -> None:
        """``flask --app qa_app ARGS`` for each command, in one process: Flask's own command
        line, called once a command (a new interpreter each would cost ~2 s of CPU)."""
        done = subprocess.run(
            [sys.executable, "-c", FLASK_COMMANDS, json.dumps(commands)],
            cwd=REPO,
            env={**self.env, "QA_ASYNC_MODE": "threading"},  # commands that do not serve
            capture_output=True,
            text=True,
        )
        if done.returncode:
            names = "; ".join(" ".join(args) for args in commands)
            raise RuntimeError("flask %s failed: %s" % (names, done.stderr[-2000:]))

    def prepare(self) -> None:
        if self.database == "postgresql":
            self.pg = PostgresDatabase()
            self.env["QA_DATABASE_URL"] = self.pg.url
        self.flask(
            ["init-db"],
            ["events", "create", self.code, "--title", "Benchmark webinar", "--premoderation"],
            ["users", "create", MODERATOR, "--role", "moderator", "--password", self.password,
             "--name", "Benchmark moderator"],
        )  # fmt: skip

    def start(self) -> None:
        for index, port in enumerate(self.ports):
            log = open(self.folder / ("server-%d.log" % index), "w")  # noqa: SIM115
            self._logs.append(log)
            with on_cores(self.cores):
                self.processes.append(
                    subprocess.Popen(
                        [sys.executable, "wsgi.py", "--host", HOST, "--port", str(port)],
                        cwd=REPO,
                        env=self.env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        for url in self.worker_urls:
            self._wait_healthy(url)
        if self.use_nginx:
            with on_cores(self.cores):
                self.nginx = Nginx(self.folder, self.ports, self.front_port)
            self._wait_healthy(self.base)
        self.monitor = Monitor([p.pid for p in self.processes])
        self.sampler = MetricsSampler(self.worker_urls, self.metrics_token)

    def _wait_healthy(self, url: str) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                raise RuntimeError("server exited: %s" % self.log_tail())
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("%s did not answer /healthz in %d s" % (url, START_SECONDS))

    def set_nice(self, value: int) -> None:
        if value:
            for process in self.processes:
                psutil.Process(process.pid).nice(value)
            if self.nginx is not None:
                master = psutil.Process(self.nginx.process.pid)
                for process in (master, *master.children()):
                    process.nice(value)

    def log_tail(self, chars: int = 3000) -> str:
        for log in self._logs:
            log.flush()
        return "\n".join(
            (self.folder / ("server-%d.log" % i)).read_text()[-chars:]
            for i in range(len(self._logs))
        )

    def _rows(self, sql: str) -> list:
        if self.pg is not None:
            return self.pg.query(sql)
        with sqlite3.connect("file:%s?mode=ro" % self.db_path, uri=True) as conn:
            return conn.execute(sql).fetchall()

    def public_counts(self) -> dict[str, int]:
        """Vote counts of public questions, straight from the database."""
        rows = self._rows(
            "SELECT id, votes FROM questions WHERE state IN ('published', 'answered')"
        )
        return {str(qid): votes for qid, votes in rows}

    def counts_agree(self) -> bool:
        """Every question's counter equals its number of vote rows."""
        bad = self._rows(
            "SELECT COUNT(*) FROM questions q WHERE q.votes != "
            "(SELECT COUNT(*) FROM votes v WHERE v.question_id = q.id)"
        )[0][0]
        return bad == 0

    def stop(self) -> None:
        for helper in (self.sampler, self.monitor, self.nginx):
            if helper is not None:
                helper.stop()
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self._logs:
            log.close()
        if self.pg is not None:
            self.pg.drop()
        self._tmp.cleanup()

    def __enter__(self):
        try:
            self.prepare()
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
