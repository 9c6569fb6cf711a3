"""What a scale-out run adds around the workers: a PostgreSQL database made for the run,
nginx in front (deploy/nginx.conf), and a sampler of each worker's ``/metrics``.

Everything listens on 127.0.0.1 only, and everything made here is removed after.
"""

import math
import secrets
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BY_ADDRESS_AND_BROWSER = 'hash "$binary_remote_addr$http_user_agent" consistent;'
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "database": "test"}


class PostgresDatabase:
    """A database created for one run on the local PostgreSQL, dropped afterwards."""

    def __init__(self):
        import pg8000.native

        self.name = "qa_bench_%s" % secrets.token_hex(6)
        self._admin = pg8000.native.Connection(**PG, timeout=10)
        self._admin.run("CREATE DATABASE %s" % self.name)
        self.url = "postgresql://%s@%s:%d/%s" % (PG["user"], PG["host"], PG["port"], self.name)

    def query(self, sql: str, **params) -> list:
        import pg8000.native

        conn = pg8000.native.Connection(**{**PG, "database": self.name}, timeout=30)
        try:
            return conn.run(sql, **params)
        finally:
            conn.close()

    def drop(self) -> None:
        try:
            self._admin.run("DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.name)
        finally:
            self._admin.close()


class Nginx:
    """nginx with deploy/nginx.conf, pointed at the workers, on a port of 127.0.0.1."""

    def __init__(self, folder: Path, worker_ports: list[int], port: int):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise RuntimeError("nginx is not installed: run `make bench-deps` first")
        site = (REPO / "deploy" / "nginx.conf").read_text()
        servers = "".join("    server 127.0.0.1:%d;\n" % p for p in worker_ports)
        site = site.replace("    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n", servers)
        # Every benchmark client comes from 127.0.0.1, like attendees behind one company
        # NAT: use the file's own alternative to ip_hash (address and browser), and each
        # load process sends its own User-Agent.
        site = site.replace("    ip_hash;\n", "    %s\n" % BY_ADDRESS_AND_BROWSER)
        site = site.replace("listen 80;", "listen 127.0.0.1:%d backlog=4096;" % port)
        temp = folder / "nginx"
        temp.mkdir()
        (temp / "site.conf").write_text(site)
        # Two connections per attendee (client and worker side): two nginx processes keep
        # each under this machine's limit of 20,000 open files per process.
        (temp / "nginx.conf").write_text(
            "worker_processes 2; worker_rlimit_nofile 20000; pid %(t)s/nginx.pid;\n"
            "error_log %(t)s/error.log;\n"
            "events { worker_connections 16384; }\n"
            "http { access_log off; client_body_temp_path %(t)s; proxy_temp_path %(t)s;\n"
            "fastcgi_temp_path %(t)s; uwsgi_temp_path %(t)s; scgi_temp_path %(t)s;\n"
            "include %(t)s/site.conf; }\n" % {"t": temp}
        )
        self.process = subprocess.Popen(
            [binary, "-c", str(temp / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def parse_metrics(text: str) -> dict:
    """The few figures the benchmark reads from one worker's ``/metrics``."""
    values: dict = {"lag_buckets": []}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, _, value = line.rpartition(" ")
        if name.startswith("qa_event_loop_lag_seconds_bucket"):
            bound = name.split('le="', 1)[1].split('"', 1)[0]
            values["lag_buckets"].append(
                (math.inf if bound == "+Inf" else float(bound), float(value))
            )
        elif name in (
            "qa_votes_window_seconds",
            "qa_event_loop_lag_max_seconds",
            "qa_deliveries_total",
            "qa_votes_flush_last_seconds",
            "qa_event_loop_lag_seconds_count",
        ):
            values[name] = float(value)
        elif name.startswith("qa_worker{"):
            values["pid"] = int(name.split('pid="', 1)[1].split('"', 1)[0])
    return values


def lag_quantile(before: list, after: list, q: float) -> float | None:
    """A quantile of the lag observed between two scrapes, interpolated within the
    histogram's buckets (as Prometheus' histogram_quantile does)."""
    counts = [(bound, b - a) for (bound, b), (_, a) in zip(after, before, strict=True)]
    total = counts[-1][1] if counts else 0
    if total <= 0:
        return None
    rank, lower, below = q * total, 0.0, 0.0
    for bound, cumulative in counts:
        if cumulative >= rank:
            if math.isinf(bound):
                return lower
            inside = cumulative - below
            return lower + (bound - lower) * ((rank - below) / inside if inside else 1.0)
        lower, below = bound, cumulative
    return lower


class MetricsSampler:
    """Reads every worker's ``/metrics`` once a second (bearer token) and keeps the samples."""

    def __init__(self, urls: list[str], token: str, interval: float = 1.0):
        self.urls, self.token, self.interval = urls, token, interval
        self.samples: list[tuple[float, int, dict]] = []  # (time, worker index, figures)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def scrape(self, index: int) -> dict | None:
        request = urllib.request.Request(
            self.urls[index] + "/metrics", headers={"Authorization": "Bearer " + self.token}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return parse_metrics(response.read().decode())
        except OSError:
            return None

    def _run(self) -> None:
        while not self._stop.is_set():
            for index in range(len(self.urls)):
                figures = self.scrape(index)
                if figures is not None:
                    self.samples.append((time.monotonic(), index, figures))
            self._stop.wait(self.interval)

    def summary(self, start: float, end: float) -> dict:
        """Window, lag and flush figures of the samples taken between two moments."""
        inside = [(t, i, f) for t, i, f in self.samples if start <= t <= end]
        if not inside:
            return {}
        windows = [f["qa_votes_window_seconds"] for _, _, f in inside]
        result = {
            "votes_window_s": {
                "min": min(windows),
                "max": max(windows),
                "last": [f for _, _, f in inside][-1]["qa_votes_window_seconds"],
            },
            "flush_last_s_max": round(
                max(f["qa_votes_flush_last_seconds"] for _, _, f in inside), 3
            ),
            "event_loop_lag_max_ms": round(
                1000 * max(f["qa_event_loop_lag_max_seconds"] for _, _, f in inside), 1
            ),
        }
        per_worker = {}
        for index in sorted({i for _, i, _ in inside}):
            mine = [f for _, i, f in inside if i == index]
            first, last = mine[0]["lag_buckets"], mine[-1]["lag_buckets"]
            p50, p99 = lag_quantile(first, last, 0.5), lag_quantile(first, last, 0.99)
            per_worker[index] = {
                "p50_ms": None if p50 is None else round(1000 * p50, 1),
                "p99_ms": None if p99 is None else round(1000 * p99, 1),
            }
        result["event_loop_lag_by_worker"] = per_worker
        return result

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)
