"""The bare Flask-SocketIO server of ``../shared/perfbase``, run in the same invocation.

The app's speed means something only beside the bare framework's, measured on the same
machine in the same minutes (``../shared/perfbase/README.md``). This drives perfbase as its
``run_one.sh`` does (``server_flask.py --gc tuned --nodelay``, then ``loadgen.py``), with
the app run's clients, vote rate, duration, load processes, deflate setting and pinning;
its coalescing window is the app's minimum window. The perfbase folder is read-only, so
logs and results go to a temporary folder.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .conditions import load_average, on_cores
from .server import HOST, free_port
from .services import REPO

PERFBASE = REPO.parent / "shared" / "perfbase"
START_SECONDS = 60
DRAIN_SECONDS = 15  # loadgen.py's default: how long it waits for the last deliveries


def available() -> bool:
    return (PERFBASE / "server_flask.py").is_file() and (PERFBASE / "loadgen.py").is_file()


def _wait_ready(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("perfbase server exited: %s" % log.read_text()[-2000:])
        try:
            with urllib.request.urlopen("http://%s:%d/stats" % (HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("perfbase server did not answer /stats in %d s" % START_SECONDS)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def run(args, window_s: float, cores: dict | None) -> dict:
    """One perfbase run like the app's; returns loadgen.py's JSON line plus conditions."""
    batch_ms = max(1, round(window_s * 1000))
    label = "perfbase-%s-batch%d%s" % (args.mode, batch_ms, "-clientsdeflate" * args.deflate)
    port = free_port()
    before = load_average()
    with tempfile.TemporaryDirectory(prefix="qa-perfbase-") as folder:
        log = Path(folder) / "server.log"
        command = [sys.executable, str(PERFBASE / "server_flask.py"), "--mode", args.mode]
        command += ["--port", str(port), "--batch-ms", str(batch_ms), "--gc", "tuned"]
        command += ["--nodelay"]
        with open(log, "w") as out, on_cores(cores and cores["server_cores"]):
            server = subprocess.Popen(command, cwd=folder, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_ready(server, port, log)
            load = [sys.executable, str(PERFBASE / "loadgen.py"), "--host", HOST]
            load += ["--port", str(port), "--clients", str(args.clients)]
            load += ["--rate", str(args.vote_rate), "--duration", str(args.duration)]
            load += ["--procs", str(args.processes), "--server-pid", str(server.pid)]
            load += ["--label", label, "--out", str(Path(folder) / "results.jsonl")]
            # loadgen.py reads DEFLATE=1 to offer permessage-deflate as Chromium does.
            env = {"DEFLATE": "1" if args.deflate else "0"}
            done = subprocess.run(
                load,
                cwd=folder,
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                timeout=START_SECONDS + args.duration + DRAIN_SECONDS + 120 + args.clients / 50,
            )
        finally:
            _stop(server)
    if done.returncode:
        raise RuntimeError("perfbase loadgen.py failed: %s" % done.stderr[-2000:])
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1])
    result.update(
        perfbase=str(PERFBASE),
        batch_ms=batch_ms,
        clients_offer_deflate=args.deflate,
        load_average_at_start=before,
        load_average_at_end=load_average(),
    )
    return result


def _ratio(app: float | None, bare: float | None) -> float | None:
    return round(app / bare, 2) if app is not None and bare else None


def compare(join: dict, steady: dict, bare: dict) -> dict:
    """The app against the bare server. Vote p99 is to the last client on both sides
    (the app's from the vote's ack, the bare server's from its send: ``fanout_p99_ms``).
    CPU per delivery is left out: loadgen.py counts each vote in a batch as a delivery,
    the app each message, so their quotient would mislead; CPU shares compare as they are."""
    app_p99 = steady["vote_latency"].get("p99_ms")
    return {
        "server_rss_per_socket_kb": {
            "app": join["server_rss_per_socket_kb"],
            "bare": bare.get("srv_rss_per_conn_kb"),
        },
        "vote_p99_ms": {"app": app_p99, "bare": bare.get("fanout_p99_ms")},
        "vote_p99_ratio": _ratio(app_p99, bare.get("fanout_p99_ms")),
        "server_cpu_percent": {
            "app": steady["server_cpu_percent"],
            "bare": bare.get("srv_cpu_pct"),
        },
        "cpu_ratio": _ratio(steady["server_cpu_percent"], bare.get("srv_cpu_pct")),
    }
