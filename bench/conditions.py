"""The conditions of a run: what else the machine was doing, and which core measured what.

A server that shares its cores with its own load generator (or with another session's test
suite) is measured together with them. So a run says the load average before and after,
and, on two cores or more, pins the server to a core of its own and everything else (load
processes, the coordinator, the baseline's load generator) to the others.
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


def plan(pin: bool) -> dict | None:
    """Cores for the server and for the load, or None when not pinning (asked, or 1 core).

    The server gets the first core this process may use, the load every other one: at
    10,000 clients the load generator needs more than the server does.
    """
    cores = sorted(os.sched_getaffinity(0))
    if not pin or len(cores) < 2:
        return None
    return {"server_cores": cores[:1], "load_cores": cores[1:]}


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
