"""The report as PDF: the HTML report laid out by WeasyPrint (needs Pango; see the README).

Laying out a long report takes seconds of CPU in pure Python. Done inside a request on
green threads (eventlet, gevent) it would stall every live socket of the process, so the
layout runs in a child process: the request waits on a pipe, which yields to the other
green threads, and the work goes to the other core. Run as ``python -m
qa_app.exports.pdf`` it reads the page on standard input and writes the PDF to standard
output. This module imports nothing of the app, so the child starts quickly.

WeasyPrint gets the page as a string and a URL fetcher that refuses everything, so
nothing in an export can make the server fetch a file or a URL.
"""

import subprocess
import sys
from pathlib import Path

# The package's parent: where ``python -m qa_app...`` finds the package.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 300


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


def html_to_pdf(html: str) -> bytes:
    """The PDF of a page, laid out in a child process."""
    result = subprocess.run(
        [sys.executable, "-m", "qa_app.exports.pdf"],
        input=html.encode("utf-8"),
        capture_output=True,
        cwd=PACKAGE_ROOT,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.startswith(b"%PDF-"):
        raise PDFFailed(result.stderr.decode("utf-8", "replace")[-2000:])
    return result.stdout


if __name__ == "__main__":
    sys.stdout.buffer.write(layout(sys.stdin.buffer.read().decode("utf-8")))
