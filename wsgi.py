"""Serve qa_app: HTTP and Socket.IO from one process.

    python wsgi.py [--host 127.0.0.1] [--port 5000]

This is the only module that knows about eventlet or gevent: the async mode is
a setting (QA_ASYNC_MODE), and the library is set up here before anything else.
"""

import argparse
import collections
import gc
import logging
import socket
import time
import warnings

from qa_app.config import DEFAULT_BASE_URL, Config

ASYNC_MODE = Config.ASYNC_MODE
if ASYNC_MODE == "eventlet":
    # Known and accepted: eventlet is in maintenance mode, hence this module's confinement.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated", category=Warning)
    import eventlet

    eventlet.monkey_patch()
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

    def _green_psycopg2() -> None:
        # psycopg2 waits for PostgreSQL in C; this callback makes it wait on gevent's hub
        # (eventlet's monkey_patch() installs its own).
        import psycopg2
        from gevent.socket import wait_read, wait_write
        from psycopg2 import extensions

        def wait(conn, timeout=None):
            while True:
                state = conn.poll()
                if state == extensions.POLL_OK:
                    return
                if state == extensions.POLL_READ:
                    wait_read(conn.fileno(), timeout=timeout)
                elif state == extensions.POLL_WRITE:
                    wait_write(conn.fileno(), timeout=timeout)
                else:
                    raise psycopg2.OperationalError("bad state from poll: %r" % state)

        extensions.set_wait_callback(wait)

    _green_psycopg2()

# Imported after patching: the async library must be in place before Flask loads.
from qa_app import create_app  # noqa: E402
from qa_app.domain.questions import language  # noqa: E402
from qa_app.domain.rules import SUPPORTED_LANGUAGES  # noqa: E402
from qa_app.extensions import offload, socketio  # noqa: E402
from qa_app.live import direct, fanout, socket_closer  # noqa: E402

app = create_app()


def _use_the_async_library() -> None:
    # Password hashing and other CPU work run on OS threads, never on the event loop.
    if ASYNC_MODE == "eventlet":
        from eventlet import tpool
        from eventlet.websocket import RFC6455WebSocket

        offload.set_runner(tpool.execute)
        # Room broadcasts are framed once and written to these sockets directly.
        if app.config["DIRECT_DELIVERY"]:
            direct.use_websocket_class(RFC6455WebSocket)
    elif ASYNC_MODE == "gevent":
        import gevent

        offload.set_runner(
            lambda function, *args: gevent.get_hub().threadpool.apply(function, args)
        )


_use_the_async_library()

# eventlet's WSGI server accepts 1,024 concurrent requests by default, which
# silently caps the number of live sockets; lift it well above any event.
MAX_CONNECTIONS = 50_000


def _listener(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit TCP_NODELAY on Linux: small live messages go out at once.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(4096)
    return sock


def _tune_gc() -> None:
    # The cyclic collector pauses the whole process; with thousands of sockets a
    # full pass took hundreds of milliseconds. Everything loaded at start-up is
    # long-lived, so freeze it, and collect the young generation less often.
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


class BodyTimeout(BaseException):
    """A request body that did not arrive within QA_BODY_TIMEOUT: the connection is
    dropped. A BaseException, so that no handler on the way (Flask, Engine.IO) turns it
    into a 500 with a traceback; DeadlineProtocol.handle catches it."""


class _QuietBodyTimeouts(logging.Filter):
    """Engine.IO catches everything around its read of a polling POST, BodyTimeout too,
    and logs a traceback at ERROR: one DEBUG line instead (the connection is closed when
    eventlet then reads what is left)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not (record.exc_info and isinstance(record.exc_info[1], BodyTimeout)):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        record.msg, record.args, record.exc_info = "request body cut off", (), None
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


def _with_deadline(read, deadline: float):
    """``read`` (of eventlet's request body) cut off at ``deadline`` (monotonic)."""
    import eventlet

    def timed(*args, **kwargs):
        left = deadline - time.monotonic()
        if left <= 0:
            raise BodyTimeout()
        with eventlet.Timeout(left, BodyTimeout()):
            return read(*args, **kwargs)

    return timed


def _deadline_protocol(connections_per_address: int):
    """eventlet's HTTP protocol with deadlines: a request's headers must arrive within
    QA_HEADER_TIMEOUT seconds, its body within QA_BODY_TIMEOUT after them, and the next
    request on a kept-alive connection within KEEPALIVE_TIMEOUT, however slowly the bytes
    trickle in (eventlet itself only times single reads, and by default never). One
    address holds at most ``connections_per_address`` connections (0: any number); the
    ones over it are closed at once, before anything is read."""
    import eventlet.wsgi

    open_connections: collections.Counter = collections.Counter()
    log = logging.getLogger("qa_app.wsgi")
    logging.getLogger("engineio.server").addFilter(_QuietBodyTimeouts())

    class DeadlineProtocol(eventlet.wsgi.HttpProtocol):
        def handle(self):
            address = self.client_address[0] if connections_per_address else None
            if address is not None:
                if open_connections[address] >= connections_per_address:
                    log.debug(
                        "connection from %s refused: %d open", address, connections_per_address
                    )
                    return  # finish() closes it
                open_connections[address] += 1
            try:
                super().handle()
            except BodyTimeout:
                log.debug("request body from %s cut off after %d s", address, Config.BODY_TIMEOUT)
                self.close_connection = 1
            finally:
                if address is not None:
                    open_connections[address] -= 1
                    if not open_connections[address]:
                        del open_connections[address]

        def _read_request_line(self):
            with eventlet.Timeout(Config.KEEPALIVE_TIMEOUT, TimeoutError("idle")):
                return super()._read_request_line()

        def parse_request(self):
            with eventlet.Timeout(Config.HEADER_TIMEOUT, TimeoutError("slow headers")):
                return super().parse_request()

        def get_environ(self):
            environ = super().get_environ()
            body = environ["wsgi.input"]
            deadline = time.monotonic() + Config.BODY_TIMEOUT
            # Every read of the body (the app's, and eventlet's discarding what it left)
            # goes through these two.
            body._do_read = _with_deadline(body._do_read, deadline)
            body._chunked_read = _with_deadline(body._chunked_read, deadline)
            return environ

    return DeadlineProtocol


def serve(host: str, port: int) -> None:
    if app.config["BASE_URL"] == DEFAULT_BASE_URL:  # QA_BASE_URL unset: where we listen
        app.config["BASE_URL"] = "http://%s:%d" % ("[%s]" % host if ":" in host else host, port)
    # Load the language models now: loading them on the first question would stall
    # every live socket of this process for most of a second.
    language.warm_up(SUPPORTED_LANGUAGES)
    _tune_gc()
    # The app's own notes (the votes window, a blocked event loop) go to standard error.
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("qa_app").setLevel(logging.INFO)
    # Measure the event loop's lag, and (several workers) hear the others' votes.
    fanout.start(app)
    # Several workers: close a person's sockets here when another worker asks.
    socket_closer.start(app)
    print("qa_app on http://%s:%d (%s)" % (host, port, ASYNC_MODE), flush=True)
    if ASYNC_MODE == "eventlet":
        import eventlet.wsgi

        eventlet.wsgi.server(
            _listener(host, port),  # already green: the socket module is patched
            app,
            log_output=False,
            max_size=MAX_CONNECTIONS,
            protocol=_deadline_protocol(
                # Behind trusted proxies every connection is the proxy's: the proxy caps.
                0 if app.config["TRUSTED_PROXIES"] else app.config["CONNECTIONS_PER_ADDRESS"]
            ),
        )
    elif ASYNC_MODE == "gevent":
        from gevent.pywsgi import WSGIServer

        WSGIServer(_listener(host, port), app, log=None).serve_forever()
    else:
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve qa_app (HTTP and Socket.IO).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args()
    serve(args.host, args.port)


if __name__ == "__main__":
    main()
