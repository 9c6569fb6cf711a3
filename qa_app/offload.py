"""Run blocking CPU work (password hashing) off the event loop.

Under eventlet or gevent, CPU work in a request stalls every live socket of the
process. The serving process (wsgi.py, the only module that knows the async library)
installs a runner that executes the work on a real OS thread and lets the event loop
go on meanwhile: ``eventlet.tpool.execute`` or gevent's thread pool. Without one, the
work runs in place: right under the threading mode, where every request already has its
own thread, and on the command line.
"""

from collections.abc import Callable


def _in_place(function: Callable, *args):
    return function(*args)


_runner: Callable = _in_place


def set_runner(runner: Callable | None) -> None:
    """Install ``runner(function, *args)``; None runs work in place again."""
    global _runner
    _runner = runner or _in_place


def run(function: Callable, *args):
    """``function(*args)``, computed off the event loop when a runner is installed."""
    return _runner(function, *args)
