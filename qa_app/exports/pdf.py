"""The report as PDF: the HTML report laid out by WeasyPrint (needs Pango; see the README).

Laying out a long report takes seconds of CPU in pure Python. Done inside a request on
green threads (eventlet, gevent) it would stall every live socket of the process, so the
layout runs in a child process: the request waits on a pipe, which yields to the other
green threads, and the work goes to the other core.

The child stays up between reports: starting Python and importing WeasyPrint costs most
of a second, more than laying out a short report. It serves one page at a time over its
standard input and output (``python -m qa_app.exports.pdf --serve``), exits when the
parent's end of the pipe closes or after IDLE_SECONDS without work (so an idle worker
holds no memory for it), and is started again on the next report. This module imports
nothing of the app, so the child starts quickly.

WeasyPrint gets the page as a string and a URL fetcher that refuses everything, so
nothing in an export can make the server fetch a file or a URL.
"""

import atexit
import select
import struct
import subprocess
import sys
import threading
from pathlib import Path

# The package's parent: where ``python -m qa_app...`` finds the package.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 300
IDLE_SECONDS = 300
_LENGTH = struct.Struct(">Q")
_OK, _FAILED = b"+", b"-"


class FetchRefused(ValueError):
    pass


class PDFFailed(RuntimeError):
    pass


def refuse_fetch(url: str, *args, **kwargs):
    raise FetchRefused("the report loads no external resources: %s" % url[:80])


def layout(html: str) -> bytes:
    """The PDF of a page, in this process."""
    from weasyprint import HTML  # large: loaded only where a PDF is made

    return HTML(string=html, url_fetcher=refuse_fetch, base_url=None).write_pdf()


def _read_exactly(stream, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            raise EOFError("the layout process closed its pipe")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _send(stream, status: bytes, payload: bytes) -> None:
    stream.write(status + _LENGTH.pack(len(payload)) + payload)
    stream.flush()


class LayoutWorker:
    """The parent's side: one child at a time, one page at a time, restarted when gone."""

    def __init__(self):
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()  # green under eventlet and gevent (monkey-patched)

    def render(self, html: str) -> bytes:
        with self._lock:
            try:
                return self._exchange(self._running(), html)
            except (OSError, EOFError):
                # The idle child may have just exited: one fresh child, then give up.
                self._stop()
                try:
                    return self._exchange(self._running(), html)
                except (OSError, EOFError) as exc:
                    self._stop()
                    raise PDFFailed("the layout process failed: %s" % exc) from None

    def _running(self) -> subprocess.Popen:
        if self._process is not None and self._process.poll() is not None:
            self._close_pipes()  # it exited: idle, or killed
        if self._process is None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "qa_app.exports.pdf", "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=PACKAGE_ROOT,
            )
        return self._process

    def _exchange(self, process: subprocess.Popen, html: str) -> bytes:
        # A layout that never ends is killed, and the read below then ends with EOF.
        watchdog = threading.Timer(TIMEOUT_SECONDS, process.kill)
        watchdog.daemon = True
        watchdog.start()
        try:
            _send(process.stdin, b"?", html.encode("utf-8"))
            status = _read_exactly(process.stdout, 1)
            (size,) = _LENGTH.unpack(_read_exactly(process.stdout, _LENGTH.size))
            payload = _read_exactly(process.stdout, size)
        finally:
            watchdog.cancel()
        if status != _OK or not payload.startswith(b"%PDF-"):
            raise PDFFailed(payload.decode("utf-8", "replace")[-2000:])
        return payload

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._close_pipes()

    def close(self) -> None:
        """At exit: the child ends on the closed pipe (killed if it does not)."""
        if self._process is None:
            return
        try:
            self._process.stdin.close()
            self._process.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self._process.stdin, self._process.stdout):
            pipe.close()
        self._process = None


_worker = LayoutWorker()
atexit.register(_worker.close)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a page, laid out in the child process."""
    return _worker.render(html)


def serve(stdin, stdout, idle_seconds: float = IDLE_SECONDS) -> None:
    """The child's side: lay out each page it is sent, until its input closes or idles."""
    while select.select([stdin], [], [], idle_seconds)[0]:
        try:
            header = stdin.read(1 + _LENGTH.size)
        except OSError:
            return
        if len(header) < 1 + _LENGTH.size:
            return  # the parent is gone
        (size,) = _LENGTH.unpack(header[1:])
        html = _read_exactly(stdin, size).decode("utf-8")
        try:
            _send(stdout, _OK, layout(html))
        except Exception as exc:  # reported to the parent, which raises PDFFailed
            _send(stdout, _FAILED, ("%s: %s" % (type(exc).__name__, exc)).encode("utf-8"))


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    else:  # one page: standard input to standard output
        sys.stdout.buffer.write(layout(sys.stdin.buffer.read().decode("utf-8")))
