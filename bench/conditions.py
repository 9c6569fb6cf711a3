"""The conditions of a run: what else the machine was doing, and which core measured what.

A server that shares its cores with its own load generator (or with another session's test
suite) is measured together with them. So a run says the load average before and after,
and, when there are more cores than workers, pins the server to cores of its own and
everything else (load processes, the coordinator, the baseline's load generator) to the
others.
"""

import contextlib
import os
import platform
import time

import psutil

BUSY = 1.0  # a 1-minute load average above this at the start: something else is running


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def describe() -> dict:
    """The machine as a run starts."""
    before = load_average()
    return {
        "cpus": psutil.cpu_count(),
        "load_average_at_start": before,
        "busy_at_start": before[0] > BUSY,
        "python": platform.python_version(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def plan(pin: bool, workers: int = 1) -> tuple[dict | None, str | None]:
    """Cores for the server and for the load, or None and the reason for not pinning.

    The server gets a core per worker, the first this process may use, and the load every
    other core (at 10,000 clients the load generator needs more than the server does).
    Workers squeezed onto fewer cores than they are would measure the squeeze, not the
    app: then nothing is pinned.
    """
    cores = sorted(os.sched_getaffinity(0))
    if not pin:
        return None, "--no-pin"
    if len(cores) <= workers:
        return None, "%d worker(s) and the load need more than %d core(s)" % (workers, len(cores))
    return {"server_cores": cores[:workers], "load_cores": cores[workers:]}, None


def pin_self(cores: dict | None) -> set[int] | None:
    """Put this process on the load cores; returns the cores it had, to restore after.

    Called before any thread starts, so every thread and child started later inherits it.
    """
    if cores is None:
        return None
    had = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores["load_cores"])
    return had


@contextlib.contextmanager
def on_cores(cores: list[int] | None):
    """Processes started inside run on ``cores`` (they inherit the calling thread's
    affinity at fork), while the calling thread returns to its own cores after."""
    if not cores:
        yield
        return
    had = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores)
    try:
        yield
    finally:
        os.sched_setaffinity(0, had)
