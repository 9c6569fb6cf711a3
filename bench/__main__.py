"""Benchmark qa_app with real Socket.IO clients over websockets; prints a JSON summary.

    python -m bench --short                       # what `make bench` runs (about 30 s)
    python -m bench --scenario join --clients 5000
    python -m bench --scenario steady --clients 5000 --vote-rate 100 --question-rate 1
    python -m bench --scenario saturation --clients 2000
    python -m bench --mode gevent ...              # eventlet (default), gevent, threading
    python -m bench --clients 5000 --baseline      # and ../shared/perfbase, same load

It starts the app itself (a temporary SQLite database, `flask init-db`, an event with
premoderation and a moderator made with the CLI, then `python wsgi.py`) on 127.0.0.1,
and always stops it. Clients and time are bounded (see LIMITS). Clients offer
permessage-deflate as Chromium does (`--no-deflate`: no extension), and with more cores
than workers the server runs on cores of its own (`--no-pin`: wherever the kernel puts it).
"""

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import baseline, conditions
from .deflate import OFFER
from .load import raise_fd_limit
from .run import Loads, open_clients, steady
from .server import Server

LIMITS = {
    "clients": 20_000,
    "duration": 600.0,
    "vote_rate": 5_000.0,
    "processes": 8,
    "workers": 4,
}
SHORT = {"clients": 200, "vote_rate": 20.0, "question_rate": 1.0, "duration": 10.0}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=("join", "steady", "saturation"), default="steady")
    parser.add_argument("--short", action="store_true", help="a small, quick run (make bench)")
    parser.add_argument("--mode", choices=("eventlet", "gevent", "threading"), default="eventlet")
    parser.add_argument("--clients", type=int, default=1000, help="attendees")
    parser.add_argument("--processes", type=int, default=2, help="load processes")
    parser.add_argument("--vote-rate", type=float, default=100.0, help="votes per second")
    parser.add_argument("--question-rate", type=float, default=1.0, help="questions per second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of steady load")
    parser.add_argument("--seed-questions", type=int, default=20, help="published before")
    parser.add_argument("--concurrency", type=int, default=256, help="joins in flight per process")
    parser.add_argument("--window", type=float, default=None, help="QA_VOTES_WINDOW seconds")
    parser.add_argument("--workers", type=int, default=1, help="server processes (Redis queue)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--nginx", action="store_true", help="deploy/nginx.conf in front")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the server, e.g. QA_VOTES_CPU_SHARE=0.6 (repeatable)",
    )
    parser.add_argument(
        "--step-duration", type=float, default=15.0, help="saturation: seconds per rate"
    )
    parser.add_argument(
        "--max-vote-rate", type=float, default=3200.0, help="saturation: highest rate tried"
    )
    parser.add_argument(
        "--vote-limit", default=None, help="server's per-attendee vote limit, e.g. 600/60"
    )
    parser.add_argument("--profile", default=None, help="py-spy raw profile of steady phases")
    parser.add_argument(
        "--no-deflate",
        dest="deflate",
        action="store_false",
        help="clients offer no permessage-deflate (browsers do, so the default offers it)",
    )
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also run ../shared/perfbase (the bare Flask-SocketIO server) with the same "
        "clients, vote rate, duration and deflate setting, and print the ratios",
    )
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="do not pin the server to a core per worker and the load to the others",
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="scheduling priority of the server and load processes (negative needs root): "
        "on a machine shared with other work, measures the app rather than its neighbours",
    )
    args = parser.parse_args(argv)
    if args.short:
        args.clients = SHORT["clients"]
        args.vote_rate = SHORT["vote_rate"]
        args.question_rate = SHORT["question_rate"]
        args.duration = SHORT["duration"]
    for name, limit in LIMITS.items():
        if getattr(args, name) > limit:
            parser.error("--%s is at most %s" % (name.replace("_", "-"), limit))
    if args.clients < 1 or args.processes < 1 or args.duration <= 0 or args.workers < 1:
        parser.error("clients, processes, workers and duration must be positive")
    if any("=" not in item or not item.startswith("QA_") for item in args.server_env):
        parser.error("--server-env takes QA_NAME=VALUE")
    if args.baseline and args.scenario != "steady":
        parser.error("--baseline compares a steady run")
    if args.baseline and args.workers > 1:
        parser.error("--baseline compares one worker with the one bare server")
    if args.baseline and not baseline.available():
        parser.error("--baseline needs %s (server_flask.py, loadgen.py)" % baseline.PERFBASE)
    return args


def saturation(server, loads, args) -> dict:
    """Double the vote rate until vote p99 passes 1 s (or something is lost)."""
    steps = []
    rate = args.vote_rate
    while rate <= args.max_vote_rate:
        step = steady(server, loads, rate, args.question_rate, args.step_duration)
        steps.append(step)
        if step["vote_latency"].get("p99_ms", 0) > 1000 or step["lost"]:
            break
        rate *= 2
    last = steps[-1]
    return {
        "steps": steps,
        "saturated": last["vote_latency"].get("p99_ms", 0) > 1000 or bool(last["lost"]),
        "vote_rate_at_saturation": last["vote_rate"],
        "deliveries_per_s_at_saturation": last["deliveries_per_s"],
    }


def raise_priority(nice: int) -> str | None:
    """Give the benchmark its share of a busy machine.

    Linux with autogroup (``/proc/sys/kernel/sched_autogroup_enabled``) first divides the
    CPU evenly between sessions and applies ``nice`` only inside one: a niced server then
    gets no more of the machine than any other session. So the benchmark starts a session
    of its own (its servers and load processes inherit it) and sets that group's nice.
    Returns the autogroup, or None when the kernel has none.
    """
    group = Path("/proc/self/autogroup")
    if not nice or not group.exists():
        return None
    with contextlib.suppress(OSError):  # already a session leader
        os.setsid()
    group.write_text(str(nice))
    return group.read_text().strip()


def websocket_report(args, join: dict) -> dict:
    """What the clients offered and what the server answered, socket by socket."""
    answers = join["extension_answers"]
    accepted = sum(n for answer, n in answers.items() if answer.startswith("permessage-deflate"))
    return {
        "permessage_deflate_offered": args.deflate,
        "offer": OFFER if args.deflate else None,
        "server_answers": answers,  # "" counts the sockets answered with no extension
        "sockets_accepted": accepted,
        "server_accepted": accepted > 0 and accepted == sum(answers.values()),
    }


def run_app(args, summary: dict, cores: dict | None) -> None:
    """The app's own run; fills ``summary`` as it goes, so a failure still shows the rest."""
    env = {}
    if args.vote_limit:
        env["QA_VOTE_RATE"] = args.vote_limit
    env.update(item.split("=", 1) for item in args.server_env)
    server = Server(
        args.mode,
        window=args.window,
        env=env,
        workers=args.workers,
        database=args.database,
        nginx=args.nginx,
        cores=cores and cores["server_cores"],
    )
    with server:
        server.profile_path = args.profile
        server.set_nice(args.nice)
        summary["votes_window_min_s"] = float(server.env.get("QA_VOTES_WINDOW", "0.15"))
        loads = Loads(server, args.processes, args.nice, args.deflate)
        try:
            summary["join"] = open_clients(server, loads, args.clients, args.concurrency)
            summary["websocket"] = websocket_report(args, summary["join"])
            if args.scenario != "join":
                seeded = loads.one(0, {"cmd": "seed", "n": args.seed_questions})
                summary["seeded_questions"] = len(seeded["published"])
                time.sleep(1.0)
            if args.scenario == "steady":
                summary["steady"] = steady(
                    server, loads, args.vote_rate, args.question_rate, args.duration
                )
            elif args.scenario == "saturation":
                summary["saturation"] = saturation(server, loads, args)
        finally:
            summary["server_peak_rss_mb"] = round(server.monitor.peak_rss / 2**20, 1)
            summary["server_sockets_peak"] = server.monitor.peak_sockets
            loads.close()
    summary["conditions"]["load_average_at_end"] = conditions.load_average()


def run_baseline(args, summary: dict, cores: dict | None) -> bool:
    """perfbase with the same load, then the ratios; False when it could not run."""
    try:
        bare = baseline.run(args, summary["votes_window_min_s"], cores)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        summary["baseline"] = {"failed": "%s: %s" % (type(exc).__name__, exc)}
        return False
    summary["baseline"] = bare
    summary["versus_baseline"] = baseline.compare(summary["join"], summary["steady"], bare)
    return bare.get("connected") == args.clients


def main(argv=None) -> int:
    args = parse_args(argv)
    autogroup = raise_priority(args.nice)
    # `timeout` and friends send SIGTERM: stop the servers and drop the database all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    raise_fd_limit()
    cores, unpinned_because = conditions.plan(args.pin, args.workers)
    summary = {
        "scenario": args.scenario,
        "mode": args.mode,
        "clients": args.clients,
        "load_processes": args.processes,
        "nice": args.nice,
        "autogroup": autogroup,
        "workers": args.workers,
        "database": args.database,
        "nginx": args.nginx,
        "server_env": args.server_env,
        "pinning": cores,
        "unpinned_because": unpinned_because,
        "conditions": conditions.describe(),
    }
    # Before any thread or child starts: they all inherit the load cores.
    had = conditions.pin_self(cores)
    try:
        run_app(args, summary, cores)
        baseline_ok = not args.baseline or run_baseline(args, summary, cores)
    finally:
        if had is not None:
            os.sched_setaffinity(0, had)
    print(json.dumps(summary, indent=2))
    failed = summary["join"]["connected"] < args.clients or not baseline_ok
    if "steady" in summary:
        failed = failed or summary["steady"]["lost"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
